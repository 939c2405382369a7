/**
 * sweep.csv: one `run` row per point × replication and one `point` row per point, each point's
 * runs followed by its point row, points in ascending order (docs/sweeps.md lists the columns).
 *
 * Point rows are computed from the run rows *as written* (numbers already formatted to the
 * CSV's 6 decimals), never from the in-memory doubles, so `kubesim merge` reading shards' run
 * rows back produces exactly the bytes a single-machine sweep writes.
 */
import { formatCsv, formatNumber } from "../report/csv.js";
import { replicationsNeeded, pointValues, type SweepPlan } from "./sweep-plan.js";
import { columnName, type RangeValue } from "./sweep-range.js";
import { RUN_METRICS, type SweepRunResult } from "./sweep-run.js";

/** Columns before the parameters, then after them, then three per measured value. */
const LEAD = ["row", "point"];
const TAIL = ["replication", "seed", "passed", "slo_pass_rate", "replications_passed", "failed_slos", "stopped_at_s"];

/** The measured values: RUN_METRICS, then one `slo_<name>` per SLO (its observed value). */
export function valueColumns(plan: Pick<SweepPlan, "slos">): string[] {
  const seen = new Set<string>(RUN_METRICS);
  const slo = plan.slos.map((name) => {
    let c = `slo_${columnName(name)}`;
    for (let k = 2; seen.has(c); k++) c = `slo_${columnName(name)}_${k}`;
    seen.add(c);
    return c;
  });
  return [...RUN_METRICS, ...slo];
}

export function parameterColumns(plan: Pick<SweepPlan, "ranges">): string[] {
  const seen = new Set<string>([...LEAD, ...TAIL]);
  return plan.ranges.map((r) => {
    let c = columnName(r.path) || "parameter";
    for (let k = 2; seen.has(c); k++) c = `${columnName(r.path)}_${k}`;
    seen.add(c);
    return c;
  });
}

export function sweepHeader(plan: Pick<SweepPlan, "ranges" | "slos">): string[] {
  const values = valueColumns(plan);
  return [...LEAD, ...parameterColumns(plan), ...TAIL, ...values.flatMap((v) => [v, `${v}_min`, `${v}_max`])];
}

function valueCell(v: RangeValue): string {
  return typeof v === "number" ? formatNumber(v) : String(v);
}

/** A run's row, every cell already text. */
export function runRowCells(plan: SweepPlan, point: number, replication: number, seed: number, r: SweepRunResult): string[] {
  const values = [...r.metrics, ...r.sloObserved];
  return [
    "run",
    String(point),
    ...pointValues(plan, point).map(valueCell),
    String(replication),
    String(seed),
    r.passed ? "true" : "false",
    r.passed ? "1" : "0",
    "",
    r.failedSlos.join(";"),
    r.stoppedAtS === null ? "" : formatNumber(r.stoppedAtS),
    ...values.flatMap((v) => [formatNumber(v), "", ""]),
  ];
}

/** A run row read back: what point rows and answers are computed from. */
export interface RunRow {
  readonly point: number;
  readonly replication: number;
  readonly passed: boolean;
  readonly failedSlos: readonly string[];
  /** The run stopped at this simulated second because an SLO had failed for good (sweep-run.ts). */
  readonly stoppedAtS: number | null;
  /** Measured values in `valueColumns` order; NaN for an empty cell. */
  readonly values: readonly number[];
  /** The row's cells as written. */
  readonly cells: readonly string[];
}

export function readRunRow(plan: SweepPlan, cells: readonly string[]): RunRow {
  const p = plan.ranges.length;
  const at = LEAD.length + p;
  const values: number[] = [];
  for (let i = at + TAIL.length; i < cells.length; i += 3) values.push(cells[i] === "" ? NaN : Number(cells[i]));
  return {
    point: Number(cells[1]),
    replication: Number(cells[at]),
    passed: cells[at + 2] === "true",
    failedSlos: cells[at + 5] === "" ? [] : cells[at + 5]!.split(";"),
    stoppedAtS: cells[at + 6] === "" ? null : Number(cells[at + 6]),
    values,
    cells,
  };
}

/** What one point did over its replications. */
export interface PointSummary {
  readonly point: number;
  readonly values: RangeValue[];
  readonly runs: number;
  readonly replicationsPassed: number;
  /** replicationsPassed ≥ ⌈confidence × R⌉. */
  readonly passed: boolean;
  readonly passRate: number;
  /** SLOs that failed in at least one replication, in the scenario's order. */
  readonly failedSlos: string[];
  /** Replications stopped early, their SLO failed for good: their values cover part of the run. */
  readonly stoppedEarly: number;
  /** Median, min and max of each measured value over the replications (NaN when none). */
  readonly median: number[];
  readonly min: number[];
  readonly max: number[];
}

/** Median of the finite values: the middle one, or the mean of the middle two. */
export function median(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? v[(n - 1) / 2]! : (v[n / 2 - 1]! + v[n / 2]!) / 2;
}

/** Point summaries from run rows sorted by (point, replication). */
export function summarisePoints(plan: SweepPlan, rows: readonly RunRow[]): PointSummary[] {
  const out: PointSummary[] = [];
  const need = replicationsNeeded(plan);
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.point === rows[i]!.point) j++;
    const runs = rows.slice(i, j);
    const passedCount = runs.filter((r) => r.passed).length;
    const failed = new Set(runs.flatMap((r) => r.failedSlos));
    const k = runs[0]!.values.length;
    const med: number[] = [];
    const min: number[] = [];
    const max: number[] = [];
    for (let c = 0; c < k; c++) {
      const xs = runs.map((r) => r.values[c]!).filter((x) => Number.isFinite(x));
      med.push(median(xs));
      min.push(xs.length ? Math.min(...xs) : NaN);
      max.push(xs.length ? Math.max(...xs) : NaN);
    }
    out.push({
      point: runs[0]!.point,
      values: pointValues(plan, runs[0]!.point),
      runs: runs.length,
      replicationsPassed: passedCount,
      passed: passedCount >= need,
      passRate: passedCount / runs.length,
      failedSlos: plan.slos.filter((s) => failed.has(s)),
      stoppedEarly: runs.filter((r) => r.stoppedAtS !== null).length,
      median: med,
      min,
      max,
    });
    i = j;
  }
  return out;
}

function pointRowCells(plan: SweepPlan, s: PointSummary): string[] {
  return [
    "point",
    String(s.point),
    ...s.values.map(valueCell),
    "",
    "",
    s.passed ? "true" : "false",
    formatNumber(s.passRate),
    String(s.replicationsPassed),
    s.failedSlos.join(";"),
    "",
    ...s.median.flatMap((m, c) => [formatNumber(m), formatNumber(s.min[c]!), formatNumber(s.max[c]!)]),
  ];
}

/** The whole sweep.csv from run rows sorted by (point, replication) and their summaries. */
export function renderSweepCsv(plan: SweepPlan, rows: readonly RunRow[], points: readonly PointSummary[]): string {
  const out: string[][] = [];
  let i = 0;
  for (const s of points) {
    while (i < rows.length && rows[i]!.point === s.point) out.push(rows[i++]!.cells.slice());
    out.push(pointRowCells(plan, s));
  }
  return formatCsv(sweepHeader(plan), out);
}

/** A shard's runs.csv: the header of sweep.csv and the run rows only. */
export function renderRunsCsv(plan: SweepPlan, rows: readonly RunRow[]): string {
  return formatCsv(sweepHeader(plan), rows.map((r) => r.cells.slice()));
}

/** Sorts run rows by point, then replication. */
export function sortRunRows(rows: RunRow[]): RunRow[] {
  return rows.sort((a, b) => a.point - b.point || a.replication - b.replication);
}
