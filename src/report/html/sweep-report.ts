/**
 * report.html of a sweep (`kubesim sweep`, `kubesim merge`), from its sweep.json (the answer,
 * per-point medians, min and max) and sweep.csv (every replication's own values): the answer
 * first, as the terminal prints it (hyperfine's "Summary"), then the capacity curve — each
 * measured value against the searched parameter, the median with a min–max error bar over the
 * replications and each replication as a faint dot — and the table of points.
 *
 * Sweeps over several ranges draw one series per combination of the other ranges (one
 * instance type, say); a searched parameter whose values are not numbers is drawn at even
 * spacing with its values as tick labels.
 */
import { inputError } from "../../errors.js";
import { folderSource, openCsv, type ResultsSource } from "../csv-stream.js";
import { escapeXml } from "../svg/escape.js";
import { PALETTE, type Series } from "../svg/plot.js";
import { figure, fmtMoney, fmtMs, fmtNum, fmtPct, htmlPage, section, table, type Cell } from "./page.js";
import { IdMaker } from "./time-figures.js";

export const SWEEP_REPORT_INPUT = "sweep.csv";

type Value = number | string | boolean;

interface PointDoc {
  point: number;
  values: Record<string, Value>;
  passed: boolean;
  passRate: number;
  replicationsPassed: number;
  failedSlos: string[];
  stats: Record<string, { median: number | null; min: number | null; max: number | null }>;
}

interface SweepDoc {
  scenario: string;
  sweepId: string;
  seed: number;
  mode: string;
  search: string;
  kubesimVersion: string;
  parameters: { path: string; values: number; from: Value; to: Value }[];
  replications: number;
  replicationsNeeded: number;
  confidence: number;
  pointsTotal: number;
  pointsEvaluated: number;
  runs: number;
  answer: null | { values: Record<string, Value>; costPerHour: number | null; replicationsPassed: number; nonMonotone: boolean };
  points: PointDoc[];
  reproduce: string;
  exitCode: number;
}

/** One replication's measured values, keyed by point. */
interface RunValues {
  point: number;
  values: Record<string, number>;
}

/** The measured columns of sweep.csv in file order (each followed by `_min`, `_max`), and the run rows. */
function readRuns(src: ResultsSource): { columns: string[]; runs: RunValues[] } {
  const t = openCsv(src, "sweep.csv", ["row", "point", "replication", "passed", "failed_slos"]);
  const header = Object.keys(t.col).sort((a, b) => t.col[a]! - t.col[b]!);
  // Measured columns follow the last fixed one: stopped_at_s (find-min probes), failed_slos in older folders.
  const columns = header.slice((t.col.stopped_at_s ?? t.col.failed_slos!) + 1).filter((_, i) => i % 3 === 0);
  const runs: RunValues[] = [];
  for (const r of t.rows) {
    if (r[t.col.row!] !== "run") continue;
    const values: Record<string, number> = {};
    for (const c of columns) values[c] = r[t.col[c]!] === "" ? NaN : Number(r[t.col[c]!]);
    runs.push({ point: Number(r[t.col.point!]), values });
  }
  return { columns, runs };
}

function readDoc(src: ResultsSource): SweepDoc {
  const text = src.text("sweep.json");
  let doc: SweepDoc | null = null;
  try {
    doc = text === undefined ? null : (JSON.parse(text) as SweepDoc);
  } catch {
    doc = null;
  }
  if (doc === null || typeof doc !== "object" || !Array.isArray(doc.points) || !Array.isArray(doc.parameters)) {
    throw inputError("FILE_UNREADABLE", "", "missing or not the SweepSummary document of kubesim sweep", { file: "sweep.json" });
  }
  return doc;
}

const TITLES: Record<string, [string, (v: number) => string]> = {
  cost_per_hour: ["Cost per hour", (v) => fmtMoney(v)],
  cost: ["Cost of the run", (v) => fmtMoney(v)],
  nodes_ready_min: ["Fewest Ready nodes", (v) => fmtNum(v, 1)],
  pending_pods_max: ["Most pending pods", (v) => fmtNum(v, 1)],
  pod_startup_latency_p99_ms: ["Pod startup latency p99", fmtMs],
  scheduling_latency_p99_ms: ["Scheduling latency p99", fmtMs],
  cpu_requested_peak_pct: ["Peak CPU requested", (v) => fmtPct(v)],
  memory_requested_peak_pct: ["Peak memory requested", (v) => fmtPct(v)],
  failed_scheduling: ["FailedScheduling events", (v) => fmtNum(v, 1)],
  evictions: ["Evictions", (v) => fmtNum(v, 1)],
};

function titleOf(column: string): [string, (v: number) => string] {
  if (TITLES[column]) return TITLES[column]!;
  const slo = /^slo_(.+)$/.exec(column);
  const fmt = /latency|_ms$/i.test(column) ? fmtMs : (v: number) => fmtNum(v, 2);
  return [slo ? `SLO ${slo[1]} (observed)` : column, fmt];
}

const show = (v: Value | undefined): string => (v === undefined ? "–" : String(v));

export function renderSweepReport(src: ResultsSource): string {
  const doc = readDoc(src);
  const { columns, runs } = readRuns(src);
  const ids = new IdMaker();
  const search = doc.search;
  const others = doc.parameters.map((p) => p.path).filter((p) => p !== search);
  const points = [...doc.points].sort((a, b) => a.point - b.point);
  const numeric = points.every((p) => typeof p.values[search] === "number");
  // x positions: the value itself, or its rank among the distinct values (categorical).
  const distinct = [...new Set(points.map((p) => show(p.values[search])))];
  const xOf = (p: PointDoc) => (numeric ? (p.values[search] as number) : distinct.indexOf(show(p.values[search])));
  // Groups are named as the terminal names them: the last key of each other range (instanceType=c6i.2xlarge).
  const shortKey = (path: string) => path.replace(/^.*\./, "");
  const groupKey = (p: PointDoc) => others.map((o) => `${shortKey(o)}=${show(p.values[o])}`).join(", ");
  const groups = [...new Set(points.map(groupKey))];
  const byPoint = new Map(points.map((p) => [p.point, p]));
  const answerX = doc.answer ? doc.answer.values[search] : undefined;
  const xAxis = {
    label: search,
    pad: true,
    ...(numeric ? {} : { ticks: distinct.map((v, i) => ({ value: i, label: v })), min: -0.5, max: distinct.length - 0.5 }),
  };
  const markers = answerX === undefined ? [] : [{ x: numeric ? (answerX as number) : distinct.indexOf(String(answerX)), label: `answer ${String(answerX)}` }];

  const figs: string[] = [];
  // Replications meeting every SLO, against the number needed.
  const passSeries: Series[] = groups.map((g, i) => {
    const ps = points.filter((p) => groupKey(p) === g);
    return {
      name: g || "replications passed", xs: ps.map(xOf), ys: ps.map((p) => p.replicationsPassed), kind: "points", color: PALETTE[i % PALETTE.length],
      tips: ps.map((p) => `${show(p.values[search])}: ${p.replicationsPassed}/${doc.replications} replications met every SLO`),
    };
  });
  figs.push(figure({
    id: ids.id("sweep-passed"), title: "Replications meeting every SLO",
    description: points.map((p) => `${show(p.values[search])}${groupKey(p) ? ` (${groupKey(p)})` : ""}: ${p.replicationsPassed} of ${doc.replications}`).join("; "),
    x: xAxis, y: { label: "replications", max: doc.replications, format: (v) => fmtNum(v, 1) },
    series: [...passSeries.map((s): Series => ({ ...s, kind: "line", tips: undefined })), ...passSeries],
    thresholds: [{ value: doc.replicationsNeeded, label: `needed ${doc.replicationsNeeded} of ${doc.replications}` }], markers,
  }, ""));
  for (const c of columns) {
    const anyValue = points.some((p) => Number.isFinite(p.stats[c]?.median ?? NaN) && p.stats[c]!.median !== 0) || runs.some((r) => Number.isFinite(r.values[c]!) && r.values[c] !== 0);
    if (!anyValue) continue;
    const [title, fmt] = titleOf(c);
    const series: Series[] = [];
    groups.forEach((g, i) => {
      const ps = points.filter((p) => groupKey(p) === g);
      const color = PALETTE[i % PALETTE.length];
      const med = ps.map((p) => p.stats[c]?.median ?? NaN);
      const rs = runs.filter((r) => byPoint.has(r.point) && groupKey(byPoint.get(r.point)!) === g);
      // Legend: one entry per group (its median line and error bars share it) and one for the grey dots.
      series.push({ name: "each replication", xs: rs.map((r) => xOf(byPoint.get(r.point)!)), ys: rs.map((r) => r.values[c]!), kind: "points", color: "#9ca3af" });
      series.push({ name: g ? `${g}: median, min–max` : "median, min–max", xs: ps.map(xOf), ys: med, kind: "line", color });
      series.push({
        name: g ? `${g}: median, min–max` : "median, min–max", xs: ps.map(xOf), ys: med, lo: ps.map((p) => p.stats[c]?.min ?? NaN), hi: ps.map((p) => p.stats[c]?.max ?? NaN), kind: "points", color,
        tips: ps.map((p) => `${show(p.values[search])}: median ${fmt(p.stats[c]?.median ?? NaN)} (${fmt(p.stats[c]?.min ?? NaN)}–${fmt(p.stats[c]?.max ?? NaN)})`),
      });
    });
    const rows = points.map((p) => [show(p.values[search]), ...(others.length ? [groupKey(p)] : []), fmt(p.stats[c]?.median ?? NaN), fmt(p.stats[c]?.min ?? NaN), fmt(p.stats[c]?.max ?? NaN)]);
    const head = [search, ...(others.length ? ["other parameters"] : []), "median", "min", "max"];
    figs.push(figure({
      id: ids.id(`sweep-${c}`), title,
      description: points.map((p) => `${show(p.values[search])}: median ${fmt(p.stats[c]?.median ?? NaN)}`).join("; "),
      x: xAxis, y: { label: title, format: (v) => fmt(v) }, series, markers,
    }, table(head, rows, { numeric: [head.length - 3, head.length - 2, head.length - 1] }), `<code>${escapeXml(c)}</code> from sweep.csv.`));
  }

  const curve: Cell[][] = points.map((p) => {
    const isAnswer = doc.answer !== null && Object.entries(doc.answer.values).every(([k, v]) => p.values[k] === v);
    const st = (c: string, f: (v: number) => string) => (p.stats[c] ? `${f(p.stats[c]!.median ?? NaN)} (${f(p.stats[c]!.min ?? NaN)}–${f(p.stats[c]!.max ?? NaN)})` : "–");
    return [
      { html: `${isAnswer ? "<b>▸ " : ""}${escapeXml(doc.parameters.map((q) => show(p.values[q.path])).join(" · "))}${isAnswer ? "</b>" : ""}` },
      { html: p.passed ? `<span class="ok">${p.replicationsPassed}/${doc.replications} ✓</span>` : `<span class="bad">${p.replicationsPassed}/${doc.replications} ✗</span>` },
      fmtMoney(p.stats["cost_per_hour"]?.median ?? NaN), st("pending_pods_max", (v) => fmtNum(v, 1)), st("pod_startup_latency_p99_ms", fmtMs),
      p.failedSlos.join(", ") || "–",
    ];
  });
  const curveTable = table([doc.parameters.map((q) => q.path).join(" · "), "SLOs met", "cost/h", "max pending (median, min–max)", "startup p99 (median, min–max)", "failed SLOs"], curve, { numeric: [2] });

  const need = `${doc.replicationsNeeded}/${doc.replications}`;
  const verdict = doc.answer
    ? `✓ Smallest ${escapeXml(search)} meeting every SLO in ${need} replications: <b>${escapeXml(String(answerX))}</b>` +
      `${others.length ? ` with ${escapeXml(others.map((o) => `${shortKey(o)}=${show(doc.answer!.values[o])}`).join(", "))}` : ""} (${fmtMoney(doc.answer.costPerHour ?? NaN)}/h)`
    : `✗ No point met every SLO in ${need} replications`;
  const caveat = doc.answer?.nonMonotone ? `<div class="answer bad">A larger value failed again: the parameter did not behave monotonically; read the curve.</div>` : "";
  const ranking = `<div class="answer">${escapeXml(`${doc.pointsEvaluated} of ${doc.pointsTotal} points evaluated (${doc.mode}), ${doc.runs} runs`)}</div>`;
  const banner = [
    `<div class="banner ${doc.answer ? "pass" : "fail"}" role="status">`,
    `<div class="verdict">${verdict}</div>`,
    caveat,
    ranking,
    `<div class="meta">scenario <b>${escapeXml(doc.scenario)}</b> · seed ${escapeXml(String(doc.seed))} · sweep ${escapeXml(doc.sweepId)} · ${doc.replications} replications, confidence ${escapeXml(String(doc.confidence))} · kubesim ${escapeXml(doc.kubesimVersion)} · exit ${doc.exitCode}</div>`,
    `<pre class="cmd" aria-label="command that reproduces this sweep">$ ${escapeXml(doc.reproduce)}</pre>`,
    `</div>`,
  ].join("\n");
  const notes = `<ul><li>Each point ran ${doc.replications} replications with seeds derived from the scenario seed; a point passes when every SLO held in at least ${doc.replicationsNeeded} of them.</li><li>Error bars span the lowest and highest value over the replications; grey dots are the replications themselves (sweep.csv run rows).</li></ul><ul class="files"><li><a href="sweep.csv">sweep.csv</a></li><li><a href="sweep.json">sweep.json</a></li></ul>`;
  const body = [
    `<header><h1>kubesim sweep report · ${escapeXml(doc.scenario)}</h1><nav aria-label="sections"><a href="#curve">Capacity curve</a><a href="#points">Points</a><a href="#notes">Notes</a></nav></header>`,
    banner,
    section("curve", "Capacity curve", `<div class="grid">\n${figs.join("\n")}\n</div>`, `Each value against ${escapeXml(search)}: the median over the replications, with its spread.`),
    section("points", "Points", curveTable),
    section("notes", "Notes", notes),
  ].join("\n");
  return htmlPage(`${doc.scenario} sweep · kubesim report`, body);
}

/** report.html of the sweep whose results folder is `dir`. */
export function renderSweepReportFromFolder(dir: string): string {
  return renderSweepReport(folderSource(dir));
}
