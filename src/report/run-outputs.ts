/**
 * The results folder of a run (`ux.md` A5): `results/<scenario>/<run-id>/` with summary.csv,
 * timeseries.csv, pods.csv, nodes.csv, events.csv, summary.json and run.json, written through
 * `ResultsFolder` so that it appears complete or not at all. pod-status.csv and node-status.csv
 * hold what `kubectl get` would show, as transitions (`kubesim get ... --at` replays them). Nothing here carries wall-clock
 * time: the same scenario and seed give byte-identical folders.
 *
 * Later files (slo.csv, junit.xml) are added by passing `extraFiles`. report.html is built last,
 * inside the same atomic write, from the files just written (html/run-report.ts), which is
 * exactly what `kubesim report <dir>` reads later: both give the same bytes.
 */
import { join } from "node:path";
import type { RunOutcome } from "../runtime/cluster-runtime.js";
import { US_PER_MS } from "../metrics/latency-histogram.js";
import { TIME_SERIES_COLUMNS } from "../metrics/time-series.js";
import { NODE_STATUS_COLUMNS, POD_STATUS_COLUMNS } from "../runtime/status-history.js";
import { csvChunks, formatCsv, type CsvCell } from "./csv.js";
import { dnsSummaryRows } from "./dns-outputs.js";
import { withResultsFolder } from "./results-folder.js";
import { REPORT_FILE, renderRunReportFromFolder } from "./html/run-report.js";
import { buildRunManifest, renderRunManifest, RUN_MANIFEST_FILE } from "./run-manifest.js";
import { apiServerSummaryRows } from "./api-server-summary.js";
import { buildRunSummary, gaugeStats, latencyMetrics, type RunSummary } from "./run-summary.js";
import { stableStringify } from "./stable-json.js";
import { traceSummaryRows } from "./trace-report.js";

export const SUMMARY_COLUMNS = ["metric", "scope", "count", "mean", "min", "p50", "p90", "p95", "p99", "p99_9", "max"] as const;
/**
 * pods.csv. `startup_latency_ms` is the SIG-scalability SLI (created → all containers started,
 * image pull excluded; empty for pods outside it: stateful, preempting, or never started);
 * `startup_latency_e2e_ms` is created → Ready with everything included. `phase` and `status`
 * are the last ones seen (kubectl's STATUS text); `labels` is `k=v,...` sorted by key.
 */
export const POD_COLUMNS = [
  "namespace", "pod", "workload", "node", "qos_class", "created_s", "scheduled_s", "started_s", "ready_s", "terminating_s", "deleted_s",
  "scheduling_latency_ms", "startup_latency_ms", "startup_latency_e2e_ms", "image_pull_ms", "restarts", "oom_kills", "last_exit_code", "eviction_reason",
  "phase", "status", "labels", "cpu_throttled_periods_ratio",
] as const;
export const NODE_COLUMNS = [
  "node", "pool", "zone", "created_s", "deleted_s", "cpu_allocatable_millicores", "memory_allocatable_bytes",
  "peak_cpu_requested_pct", "peak_memory_requested_pct", "version", "labels",
] as const;
export const EVENT_COLUMNS = ["time_s", "type", "reason", "object", "message"] as const;

const s = (us: number): number => us / 1e6;
const ms = (us: number): number => us / US_PER_MS;

export function summaryCsv(o: RunOutcome): string {
  const rows: CsvCell[][] = [];
  for (const [, csvName, h] of latencyMetrics(o)) {
    const x = h.summary(US_PER_MS);
    rows.push([csvName, "cluster", x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  const workloads = [...o.recorder.podStartupByWorkload].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [scope, h] of workloads) {
    const x = h.summary(US_PER_MS);
    rows.push(["pod_startup_latency_ms", scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  for (const g of gaugeStats(o)) {
    const x = g.stats;
    rows.push([g.metric, g.scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  const counter = (name: string, v: number): CsvCell[] => [name, "cluster", v, null, null, null, null, null, null, null, null];
  rows.push(counter("failed_scheduling_events", o.recorder.eventsByReason.get("FailedScheduling") ?? 0));
  rows.push(counter("evicted_pods", o.nodeLifecycle.evictions + o.resources.evictions));
  if (o.resources.workloads.length > 0) {
    // Resource dynamics (spec.traffic): request latency per workload, OOM kills, failed requests.
    for (const w of o.resources.workloads) {
      const x = w.latency.summary(US_PER_MS);
      rows.push(["request_latency_ms", w.scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
    }
    rows.push(counter("oom_kills", o.resources.oomKills));
    rows.push(counter("evicted_pods_memory_pressure", o.resources.evictions));
    rows.push(counter("failed_requests", Math.round(o.resources.failedRequests)));
  }
  rows.push(...traceSummaryRows(o));
  if (o.apiServer) rows.push(...apiServerSummaryRows(o.apiServer));
  if (o.dns) rows.push(...dnsSummaryRows(o.dns));
  return formatCsv(SUMMARY_COLUMNS, rows);
}

export function timeseriesCsv(o: RunOutcome): string {
  return formatCsv(TIME_SERIES_COLUMNS, o.recorder.sampler.rows());
}

/** One row per pod ever created, in creation order (columns: `POD_COLUMNS`). */
export function podsCsv(o: RunOutcome): string {
  return formatCsv(POD_COLUMNS, podsRows(o));
}

function* podsRows(o: RunOutcome): Generator<CsvCell[]> {
  const L = o.ledger;
  const H = o.recorder.status;
  for (const id of L.ids) {
    const created = L.createdUs[id]!;
    const started = L.startedUs[id]!;
    const ready = L.readyUs[id]!;
    yield [
      L.namespace[id], L.name[id], L.workload[id], L.node[id], L.qosClass[id],
      s(created), s(L.scheduledUs[id]!), s(started), s(ready), s(L.terminatingUs[id]!), s(L.deletedUs[id]!),
      ms(L.scheduledUs[id]! - L.queuedUs[id]!),
      o.recorder.inStartupSli(id) ? ms(Math.max(0, started - created - L.pullUs[id]!)) : NaN,
      ms(ready - created), ms(L.pullUs[id]!),
      L.restarts[id], L.oomKills[id], L.lastExitCode[id]! < 0 ? null : L.lastExitCode[id], L.evictionReason[id],
      H.podPhase[id] ?? "", H.podStatus[id] ?? "", H.podLabels[id] ?? "",
      o.resources.throttledRatioOf(id),
    ];
  }
}

/** pod-status.csv: one row each time what `kubectl get pods` shows for a pod changed. */
export function podStatusCsv(o: RunOutcome): string {
  const L = o.ledger;
  return formatCsv(POD_STATUS_COLUMNS, o.recorder.status.podRows((id) => [L.namespace[id]!, L.name[id]!]));
}

/** node-status.csv: one row each time a node's kubectl STATUS changed. */
export function nodeStatusCsv(o: RunOutcome): string {
  return formatCsv(NODE_STATUS_COLUMNS, o.recorder.status.nodeRowsCsv());
}

export function nodesCsv(o: RunOutcome): string {
  const rows: CsvCell[][] = [...o.recorder.nodes.values()].map((n) => [
    n.name, n.pool, n.zone, s(n.createdUs), s(n.deletedUs), n.cpuAllocatable, n.memoryAllocatable, n.peakCpuPct, n.peakMemoryPct,
    o.recorder.status.nodeVersion.get(n.name) ?? "", o.recorder.status.nodeLabels.get(n.name) ?? "",
  ]);
  return formatCsv(NODE_COLUMNS, rows);
}

/** Events in time order (recording order within an instant). */
export function eventsCsv(o: RunOutcome): string {
  return formatCsv(EVENT_COLUMNS, eventsRows(o));
}

function* eventsRows(o: RunOutcome): Generator<CsvCell[]> {
  for (const e of o.store.events) yield [s(e.timeUs), e.type, e.reason, e.object, e.message];
}

/**
 * The resolved scenario as plain JSON (run.json `inputs`, the run id hash): loaded objects carry
 * helper functions (source lookups) that have no JSON form and are dropped.
 */
export function resolvedInputs(scenario: RunOutcome["scenario"]): unknown {
  return JSON.parse(JSON.stringify(scenario));
}

export interface WriteRunOptions {
  /** `-o/--output-dir`: the folder holding `<scenario>/<run-id>/`. */
  outputDir: string;
  runId: string;
  /** Arguments after `kubesim` that reproduce the run (run.json). */
  args: readonly string[];
  /** Extra files (slo.csv, junit.xml) by name. */
  extraFiles?: Record<string, string>;
  /** Write report.html (default true; `kubesim run --no-report`). */
  report?: boolean;
  summary?: RunSummary;
  cwd?: string;
}

/** Writes the results folder atomically; returns its final path and the summary written. */
export function writeRunOutputs(o: RunOutcome, opts: WriteRunOptions): { dir: string; summary: RunSummary; files: string[] } {
  const dir = join(opts.outputDir, o.scenario.name, opts.runId);
  const summary = opts.summary ?? buildRunSummary(o, opts.runId, dir);
  // The per-pod and per-event files are written in pieces as they are rendered: at 150,000
  // pods they would otherwise hold ~1 GB of text and row arrays at once.
  const L = o.ledger;
  const files: Record<string, string | Iterable<string>> = {
    "summary.csv": summaryCsv(o),
    "timeseries.csv": timeseriesCsv(o),
    "pods.csv": lazyCsv(POD_COLUMNS, () => podsRows(o)),
    "nodes.csv": nodesCsv(o),
    "events.csv": lazyCsv(EVENT_COLUMNS, () => eventsRows(o)),
    "pod-status.csv": lazyCsv(POD_STATUS_COLUMNS, () => o.recorder.status.podRows((id) => [L.namespace[id]!, L.name[id]!])),
    "node-status.csv": nodeStatusCsv(o),
    "summary.json": stableStringify(summary),
    [RUN_MANIFEST_FILE]: renderRunManifest(
      buildRunManifest({ seed: o.scenario.seed, runId: opts.runId, args: opts.args, inputFiles: o.scenario.inputFiles, inputs: resolvedInputs(o.scenario), cwd: opts.cwd }),
    ),
    ...opts.extraFiles,
  };
  withResultsFolder(dir, (folder) => {
    for (const [name, content] of Object.entries(files)) folder.write(name, content);
    if (opts.report !== false) folder.write(REPORT_FILE, renderRunReportFromFolder(folder.tempDir));
  });
  return { dir, summary, files: [...Object.keys(files), ...(opts.report !== false ? [REPORT_FILE] : [])] };
}

/** A CSV file rendered only when written, chunk by chunk (`csvChunks`). */
function lazyCsv(header: readonly string[], rows: () => Iterable<readonly CsvCell[]>): Iterable<string> {
  return { [Symbol.iterator]: () => csvChunks(header, rows()) };
}
