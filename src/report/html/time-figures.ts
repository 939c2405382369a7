/**
 * Charts of report.html over simulated time: one or more timeseries.csv series (converted to
 * display units), the run's SLO bounds as threshold lines, the scenario's timeline actions as
 * markers, and the numbers behind it as a table of at most `TABLE_ROWS` evenly spaced samples
 * (timeseries.csv holds them all).
 */
import { escapeXml, slug } from "../svg/escape.js";
import type { Threshold } from "../svg/plot.js";
import { figure, fmtClock, fmtNum, prettyObjective, table } from "./page.js";
import type { RunReportData, TimeSeries } from "./run-report-data.js";

/** Rows in a chart's data table: enough to read the shape, small enough to scan. */
export const TABLE_ROWS = 40;
/** Series drawn on one chart; the rest are named in a note (timeseries.csv has them all). */
export const MAX_LINES = 7;

export interface Line {
  ts: TimeSeries;
  name: string;
  kind?: "line" | "step";
  fill?: boolean;
  color?: string;
  dashed?: boolean;
  /** Multiply each value (millicores → cores: 0.001, ratio → %: 100). */
  scale?: number;
}

export interface TimeFigure {
  id: string;
  title: string;
  yLabel: string;
  lines: Line[];
  /** Tick and table format of a display value. */
  format?: (v: number) => string;
  thresholds?: Threshold[];
  note?: string;
}

/** The SLO → timeseries.csv gauge whose samples it judges (run-summary.ts GAUGE_NAMES, inverted). */
export const SLO_GAUGES: Record<string, string> = {
  pendingPods: "pending_pods",
  runningPods: "running_pods",
  nodesReady: "nodes_ready",
  cpuRequestedPct: "cpu_requested_pct",
  memoryRequestedPct: "memory_requested_pct",
  cpuThrottledPeriodsRatio: "cpu_throttled_periods_ratio",
  costPerHour: "cost_per_hour",
};

/** Threshold lines for the SLOs judged on `gauge` (bounds scaled like the chart's values). */
export function gaugeThresholds(d: RunReportData, gauge: string, scale = 1): Threshold[] {
  return d.slos
    .filter((s) => SLO_GAUGES[s.metric] === gauge && s.status !== "not_measured" && Number.isFinite(s.threshold))
    .map((s) => ({ value: s.threshold * scale, label: `SLO ${prettyObjective(s.objective)}` }));
}

function scaled(l: Line): number[] {
  const k = l.scale ?? 1;
  return k === 1 ? l.ts.v : l.ts.v.map((v) => v * k);
}

/** "pending pods: max 3 at 1m10s, last 0" for each line: the chart in words (SVG desc). */
function describe(lines: Line[], fmt: (v: number) => string): string {
  return lines
    .map((l) => {
      const v = scaled(l);
      let at = -1;
      for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!) && (at < 0 || v[i]! > v[at]!)) at = i;
      if (at < 0) return `${l.name}: no samples`;
      const last = v[v.length - 1]!;
      return `${l.name}: max ${fmt(v[at]!)} at ${fmtClock(l.ts.t[at]!)}, last ${fmt(last)}`;
    })
    .join("; ");
}

function dataTable(lines: Line[], fmt: (v: number) => string): string {
  const times = lines[0]?.ts.t ?? [];
  const stride = Math.max(1, Math.ceil(times.length / TABLE_ROWS));
  const lookups = lines.map((l) => {
    const v = scaled(l);
    return new Map(l.ts.t.map((t, i) => [t, v[i]!]));
  });
  const rows: string[][] = [];
  for (let i = 0; i < times.length; i += stride) {
    const t = times[i]!;
    rows.push([fmtClock(t), ...lookups.map((m) => (m.has(t) ? fmt(m.get(t)!) : "–"))]);
  }
  const last = times.length - 1;
  if (last > 0 && last % stride !== 0) rows.push([fmtClock(times[last]!), ...lookups.map((m) => (m.has(times[last]!) ? fmt(m.get(times[last]!)!) : "–"))]);
  return table(["time", ...lines.map((l) => l.name)], rows, { numeric: lines.map((_, i) => i + 1) });
}

/** A figure of series over the run, with the scenario's timeline actions marked. */
export function timeFigure(d: RunReportData, f: TimeFigure): string {
  const fmt = f.format ?? ((v: number) => fmtNum(v, 2));
  const drawn = f.lines.slice(0, MAX_LINES);
  const left = f.lines.slice(MAX_LINES).map((l) => l.name);
  const spec = {
    id: f.id,
    title: f.title,
    description: describe(drawn, fmt),
    x: { label: "simulated time", scale: "time" as const, min: 0, max: d.durationS },
    y: { label: f.yLabel, format: (v: number) => fmt(v) },
    series: drawn.map((l) => ({ name: l.name, xs: l.ts.t, ys: scaled(l), kind: l.kind ?? "step", fill: l.fill, color: l.color, dashed: l.dashed })),
    thresholds: f.thresholds,
    markers: d.timeline.map((a) => ({ x: a.atS, label: a.label })),
  };
  let note = f.note ?? "";
  if (left.length > 0) note += `${note ? " " : ""}Not drawn (${left.length} more, in timeseries.csv): ${escapeXml(left.join(", "))}.`;
  return figure(spec, dataTable(drawn, fmt), note);
}

/** Unique element ids within one page. */
export class IdMaker {
  private readonly used = new Set<string>();
  id(text: string): string {
    const base = slug(text);
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}-${k}`;
    this.used.add(id);
    return id;
  }
}
