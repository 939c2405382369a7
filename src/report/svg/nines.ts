/**
 * The "nines" axis of a latency-by-percentile chart (the standard view of HdrHistogram data,
 * `ux.md` A4): percentile p sits at x = log10(1 / (1 − p/100)), so 90 % is at 1, 99 % at 2
 * and 99.9 % at 3, and the tail gets as much room as the body. The minimum (p = 0) sits at 0;
 * the maximum, which has no finite position, is drawn one step past 99.9 % and labelled "max".
 */

/** Position of the maximum on the axis, one decade past p99.9. */
export const NINES_MAX_X = 4;

/** x position of percentile `p` (0 ≤ p < 100); 100 means the maximum. */
export function ninesX(p: number): number {
  if (p >= 100) return NINES_MAX_X;
  return Math.log10(100 / (100 - p));
}

/** Ticks of the axis: min, 50 %, 90 %, 99 %, 99.9 %, max. */
export const NINES_TICKS: { value: number; label: string }[] = [
  { value: 0, label: "min" },
  { value: ninesX(50), label: "p50" },
  { value: 1, label: "p90" },
  { value: 2, label: "p99" },
  { value: 3, label: "p99.9" },
  { value: NINES_MAX_X, label: "max" },
];

/** The ladder summary.csv holds for every latency metric: column name and percentile. */
export const LADDER: readonly (readonly [column: "min" | "p50" | "p90" | "p95" | "p99" | "p99_9" | "max", percentile: number])[] = [
  ["min", 0], ["p50", 50], ["p90", 90], ["p95", 95], ["p99", 99], ["p99_9", 99.9], ["max", 100],
];
