/**
 * SLO verdicts rendered for people and tools: `slo.csv` (one row per SLO, `ux.md` A5 columns
 * plus `status`, `for_s`, `source` and `note`) and the SLOS block that opens the terminal
 * summary (k6's THRESHOLDS block: ✓/✗ with the objective beside the observed value).
 */
import { formatCsv, type CsvCell } from "./csv.js";
import type { SloResult } from "./run-summary.js";
import { fmtQuantity } from "./slo-check.js";
import { fmtClock, fmtLatency } from "./terminal-summary.js";

export const SLO_COLUMNS = [
  "slo", "metric", "stat", "objective", "threshold", "unit", "observed", "margin_pct", "ok", "status",
  "first_violation_s", "for_s", "source", "note",
] as const;

/** The bound that decides: the one violated, else the one with the smaller margin (max first). */
export function decidingThreshold(r: Pick<SloResult, "max" | "min" | "observed">): number | null {
  if (r.max === null) return r.min;
  if (r.min === null || r.observed === null) return r.max;
  if (r.observed > r.max) return r.max;
  if (r.observed < r.min) return r.min;
  return r.max - r.observed <= r.observed - r.min ? r.max : r.min;
}

export function sloCsv(results: readonly SloResult[]): string {
  const rows: CsvCell[][] = results.map((r) => [
    r.name, r.metric, r.stat, r.objective, decidingThreshold(r), r.unit, r.observed, r.marginPct, r.ok, r.status,
    r.firstViolationS, r.forS, r.source, r.note,
  ]);
  return formatCsv(SLO_COLUMNS, rows);
}

/** An observed value the way the summary shows it: latencies as `2.31s`, others as quantities. */
export function fmtObserved(v: number, unit: string): string {
  if (unit === "ms") return fmtLatency(v);
  return fmtQuantity(Number.isInteger(v) ? v : Number(v.toFixed(2)), unit);
}

/**
 * The SLOS block rows (≤ 80 columns for names up to 27 characters), then one line per reason
 * some SLOs were not measured:
 *   ✓ podStartupLatency-p99       p99 <= 5s         p99=1.00s   margin 80%
 *   ✗ pendingPods-max             max <= 0 for 2m   max=37      first at 00:01:10
 *   - apiMutatingLatency-p99      p99 <= 1s         not measured
 *     not measured: needs the API server cost model
 */
export function sloLines(results: readonly SloResult[]): string[] {
  const lines = results.map((r) => {
    const mark = r.status === "fail" ? "✗" : r.status === "pass" ? "✓" : "-";
    const name = r.name.length > 27 ? r.name.slice(0, 26) + "…" : r.name;
    const head = `  ${mark} ${name.padEnd(27)} ${r.objective.padEnd(17)} `;
    if (r.status === "not_measured") return `${head}not measured`;
    if (r.status === "no_data") return `${head}${r.note}`;
    const obs = `${r.stat}=${fmtObserved(r.observed!, r.unit)}`.padEnd(11);
    let tail = "";
    if (r.status === "fail" && r.firstViolationS !== null) tail = `first at ${fmtClock(r.firstViolationS)}`;
    else if (r.longestViolationS !== null && r.longestViolationS > 0) tail = `outside ${r.longestViolationS}s at most`;
    else if (r.marginPct !== null) tail = `margin ${Math.round(r.marginPct)}%`;
    return `${head}${obs} ${tail}`.trimEnd();
  });
  const reasons = [...new Set(results.filter((r) => r.status === "not_measured").map((r) => r.note))];
  return [...lines, ...reasons.map((n) => `    ${n}`)];
}

/** `all 3 SLOs held`, `1 of 3 SLOs failed`, with the not-measured ones counted apart. */
export function sloVerdict(results: readonly SloResult[]): string {
  const judged = results.filter((r) => r.status !== "not_measured");
  const unmeasured = results.length - judged.length;
  const failed = judged.filter((r) => !r.ok).length;
  const extra = unmeasured > 0 ? ` (${unmeasured} not measured)` : "";
  if (results.length === 0) return "no SLOs declared";
  if (judged.length === 0) return `no SLO measured${extra}`;
  return (failed === 0 ? `all ${judged.length} SLOs held` : `${failed} of ${judged.length} SLOs failed`) + extra;
}
