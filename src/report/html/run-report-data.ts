/**
 * What report.html shows about a run, read back from the files of its results folder
 * (run.json, summary.json, slo.csv, summary.csv, timeseries.csv, nodes.csv, pods.csv,
 * events.csv) — never from the simulation's memory. `kubesim run` hands this module the file
 * folder it has just written (before the folder is committed) and `kubesim report <dir>` a
 * finished folder, so both build the page from the same bytes and write the same report.html.
 * pods.csv and events.csv are summarised row by row as they are read (per workload, per
 * reason and message), never held whole: they grow with the pods of the run.
 *
 * Columns are selected by name (models may append columns); a file that is missing or is not
 * kubesim's CSV is an InputError naming the file (exit 2). slo.csv may be absent (a run
 * written without SLO verdicts): the page then says no SLOs were declared.
 */
import type { LatencySummary } from "../../metrics/latency-histogram.js";
import { inputError } from "../../errors.js";
import { openCsv, type ResultsSource } from "../csv-stream.js";


export interface SloRow {
  slo: string;
  metric: string;
  stat: string;
  objective: string;
  threshold: number;
  unit: string;
  observed: number;
  marginPct: number;
  status: string;
  firstViolationS: number;
  note: string;
}

/** One summary.csv row: the metric, its scope and the statistics of latency-histogram.ts. */
export interface SummaryRow extends LatencySummary {
  metric: string;
  scope: string;
}

export interface TimeSeries {
  metric: string;
  scope: string;
  t: number[];
  v: number[];
}

export interface NodeRow {
  name: string;
  pool: string;
  zone: string;
  createdS: number;
  deletedS: number;
  cpuMillicores: number;
  memoryBytes: number;
  /** node-status.csv: when the node's STATUS changed and whether it then began with `Ready`. */
  readyChanges: { timeS: number; ready: boolean }[];
}

/** Whether the node existed and was Ready at `t` (Ready throughout when node-status.csv has no row for it). */
export function readyAt(n: NodeRow, t: number): boolean {
  if (!(n.createdS <= t) || n.deletedS <= t) return false;
  let ready = true;
  for (const c of n.readyChanges) if (c.timeS <= t) ready = c.ready;
  return ready;
}

/** pods.csv summed per workload (`Deployment/web`; bare pods under their namespace). */
export interface WorkloadDynamics {
  workload: string;
  pods: number;
  restarts: number;
  oomKills: number;
  evictions: number;
  /** Highest `cpu_throttled_periods_ratio` of its pods; NaN without the column or a value. */
  maxThrottledRatio: number;
}

/** events.csv, summarised. */
export interface EventSummary {
  /** By `type\0reason`, in order of first occurrence. */
  byReason: Map<string, { type: string; reason: string; count: number; firstS: number; firstObject: string; firstMessage: string }>;
  /** FailedScheduling by message (the scheduler's wording), in order of first occurrence. */
  failedScheduling: Map<string, { message: string; count: number; objects: Set<string>; firstS: number; lastS: number }>;
  /** Times of the Warning events of each reason. */
  warningTimes: Map<string, number[]>;
}

export interface RunReportData {
  scenario: string;
  runId: string;
  seed: number;
  durationS: number;
  kubesimVersion: string;
  kubernetesVersion: string;
  /** Arguments after `kubesim` that reproduce the run (run.json). */
  args: string[];
  exitCode: number;
  capacity: Record<string, number>;
  warnings: string[];
  slos: SloRow[];
  summary: SummaryRow[];
  /** timeseries.csv by metric then scope, in the file's order of first appearance. */
  series: TimeSeries[];
  nodes: NodeRow[];
  workloads: WorkloadDynamics[];
  events: EventSummary;
  /** Timeline actions of the scenario (run.json inputs), for markers on the time charts. */
  timeline: { atS: number; label: string }[];
  /** Node pools: name → instance type and price per hour. */
  pools: { name: string; instanceType: string; pricePerHour: number }[];
}

const num = (v: string | undefined): number => (v === undefined || v === "" ? NaN : Number(v));

function json(src: ResultsSource, file: string): Record<string, unknown> {
  const text = src.text(file);
  if (text === undefined) throw inputError("FILE_UNREADABLE", "", `${file} not found; is this a kubesim results folder (kubesim run)?`, { file });
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw inputError("FILE_UNREADABLE", "", "not a JSON object written by kubesim", { file });
}

const str = (v: unknown, d = ""): string => (typeof v === "string" ? v : d);
const n = (v: unknown, d = NaN): number => (typeof v === "number" ? v : d);

/** `failNode general-1`, `rollout Deployment/shop/web`: a timeline action in a few words. */
function actionLabel(a: Record<string, unknown>): string {
  const action = str(a["action"], "action");
  const t = a["target"];
  if (t && typeof t === "object") {
    const o = t as Record<string, unknown>;
    return `${action} ${str(o["kind"]) ? `${str(o["kind"])}/` : ""}${str(o["name"])}`.trim();
  }
  for (const k of ["node", "pool", "zone", "name"]) if (typeof a[k] === "string") return `${action} ${a[k] as string}`;
  return action;
}

/** Every row of a small CSV as column → cell records. */
function recordsOf(src: ResultsSource, file: string, need: readonly string[]): Record<string, string>[] {
  const t = openCsv(src, file, need);
  const names = Object.keys(t.col);
  const out: Record<string, string>[] = [];
  for (const r of t.rows) out.push(Object.fromEntries(names.map((h) => [h, r[t.col[h]!]!])));
  return out;
}

/** pods.csv summed per workload, row by row. */
function readWorkloads(src: ResultsSource): WorkloadDynamics[] {
  const t = openCsv(src, "pods.csv", ["namespace", "workload", "restarts", "oom_kills", "eviction_reason"]);
  const c = t.col;
  const th = c["cpu_throttled_periods_ratio"];
  const workloads = new Map<string, WorkloadDynamics>();
  for (const r of t.rows) {
    const name = r[c.workload!] || `(bare pods in ${r[c.namespace!]})`;
    let w = workloads.get(name);
    if (!w) workloads.set(name, (w = { workload: name, pods: 0, restarts: 0, oomKills: 0, evictions: 0, maxThrottledRatio: NaN }));
    w.pods++;
    w.restarts += num(r[c.restarts!]) || 0;
    w.oomKills += num(r[c.oom_kills!]) || 0;
    if (r[c.eviction_reason!]) w.evictions++;
    const ratio = th === undefined ? NaN : num(r[th]);
    if (Number.isFinite(ratio) && !(ratio <= w.maxThrottledRatio)) w.maxThrottledRatio = ratio;
  }
  return [...workloads.values()];
}

/** events.csv counted by reason and by FailedScheduling message, row by row. */
function readEvents(src: ResultsSource): EventSummary {
  const t = openCsv(src, "events.csv", ["time_s", "type", "reason", "object", "message"]);
  const c = t.col;
  const summary: EventSummary = { byReason: new Map(), failedScheduling: new Map(), warningTimes: new Map() };
  for (const r of t.rows) {
    const [timeS, type, reason, object, message] = [num(r[c.time_s!]), r[c.type!]!, r[c.reason!]!, r[c.object!]!, r[c.message!]!];
    const key = `${type}\u0000${reason}`;
    const g = summary.byReason.get(key);
    if (g) g.count++;
    else summary.byReason.set(key, { type, reason, count: 1, firstS: timeS, firstObject: object, firstMessage: message });
    if (type === "Warning") {
      const times = summary.warningTimes.get(reason);
      if (times) times.push(timeS);
      else summary.warningTimes.set(reason, [timeS]);
    }
    if (reason === "FailedScheduling") {
      const m = summary.failedScheduling.get(message);
      if (m) {
        m.count++;
        m.objects.add(object);
        m.lastS = timeS;
      } else summary.failedScheduling.set(message, { message, count: 1, objects: new Set([object]), firstS: timeS, lastS: timeS });
    }
  }
  return summary;
}

export function readRunReportData(src: ResultsSource): RunReportData {
  const run = json(src, "run.json");
  const summary = json(src, "summary.json");
  const inputs = (run["inputs"] ?? {}) as Record<string, unknown>;
  const sloRecords = src.pieces("slo.csv") ? recordsOf(src, "slo.csv", ["slo", "metric", "stat", "objective", "threshold", "unit", "observed", "status"]) : [];
  const slos: SloRow[] = sloRecords.map((r) => ({
    slo: r.slo!, metric: r.metric!, stat: r.stat!, objective: r.objective!, threshold: num(r.threshold), unit: r.unit!, observed: num(r.observed),
    marginPct: num(r.margin_pct), status: r.status!, firstViolationS: num(r.first_violation_s), note: r.note ?? "",
  }));
  const summaryRows: SummaryRow[] = recordsOf(src, "summary.csv", ["metric", "scope", "count", "mean", "min", "p50", "p90", "p95", "p99", "p99_9", "max"]).map((r) => ({
    metric: r.metric!, scope: r.scope!, count: num(r.count), mean: num(r.mean), min: num(r.min), p50: num(r.p50), p90: num(r.p90), p95: num(r.p95),
    p99: num(r.p99), p99_9: num(r.p99_9), max: num(r.max),
  }));
  const byKey = new Map<string, TimeSeries>();
  const ts = openCsv(src, "timeseries.csv", ["time_s", "metric", "scope", "value"]);
  for (const r of ts.rows) {
    const [metric, scope] = [r[ts.col.metric!]!, r[ts.col.scope!]!];
    const key = `${metric}\u0000${scope}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { metric, scope, t: [], v: [] }));
    s.t.push(num(r[ts.col.time_s!]));
    s.v.push(num(r[ts.col.value!]));
  }
  const nodes: NodeRow[] = recordsOf(src, "nodes.csv", ["node", "pool", "zone", "created_s", "deleted_s", "cpu_allocatable_millicores", "memory_allocatable_bytes"]).map((r) => ({
    name: r.node!, pool: r.pool!, zone: r.zone!, createdS: num(r.created_s), deletedS: num(r.deleted_s),
    cpuMillicores: num(r.cpu_allocatable_millicores), memoryBytes: num(r.memory_allocatable_bytes), readyChanges: [],
  }));
  if (src.pieces("node-status.csv")) {
    const byName = new Map(nodes.map((x) => [x.name, x]));
    const t = openCsv(src, "node-status.csv", ["time_s", "node", "status"]);
    for (const r of t.rows) byName.get(r[t.col.node!]!)?.readyChanges.push({ timeS: num(r[t.col.time_s!]), ready: /^Ready(,|$)/.test(r[t.col.status!]!) });
  }
  const timeline = (Array.isArray(inputs["timeline"]) ? (inputs["timeline"] as unknown[]) : [])
    .filter((a): a is Record<string, unknown> => a !== null && typeof a === "object" && typeof (a as Record<string, unknown>)["at"] === "number")
    .map((a) => ({ atS: (a["at"] as number) / 1e6, label: actionLabel(a) }));
  const pools = (Array.isArray(inputs["nodePools"]) ? (inputs["nodePools"] as Record<string, unknown>[]) : []).map((p) => ({
    name: str(p["name"]), instanceType: str(p["instanceType"]), pricePerHour: n(p["pricePerHour"], 0),
  }));
  const capacity: Record<string, number> = {};
  const cap = summary["capacity"];
  if (cap && typeof cap === "object") for (const [k, v] of Object.entries(cap)) if (typeof v === "number") capacity[k] = v;
  return {
    scenario: str(summary["scenario"], str(inputs["name"])),
    runId: str(summary["runId"], str(run["runId"])),
    seed: n(run["seed"], n(summary["seed"], 0)),
    durationS: n(summary["durationSimulatedS"], 0),
    kubesimVersion: str(run["kubesimVersion"], str(summary["kubesimVersion"])),
    kubernetesVersion: str(run["kubernetesVersionModelled"]),
    args: Array.isArray(run["args"]) ? (run["args"] as unknown[]).map((a) => String(a)) : [],
    exitCode: n(summary["exitCode"], 0),
    capacity,
    warnings: Array.isArray(summary["warnings"]) ? (summary["warnings"] as unknown[]).map((w) => String(w)) : [],
    slos,
    summary: summaryRows,
    series: [...byKey.values()],
    nodes,
    workloads: readWorkloads(src),
    events: readEvents(src),
    timeline,
    pools,
  };
}

/** The series of `metric` (scope `cluster` unless given), or undefined. */
export function seriesOf(d: RunReportData, metric: string, scope = "cluster"): TimeSeries | undefined {
  return d.series.find((s) => s.metric === metric && s.scope === scope);
}
