/**
 * Host selection among the scored feasible nodes (pkg/scheduler/schedule_one.go `selectHost`):
 * the highest total wins; among nodes tied at the top, each later one replaces the current
 * choice with probability 1/c, where c counts the tied nodes seen so far (reservoir sampling,
 * `rand.Intn(c) == 0`), which makes the choice uniform among all tied nodes. Draws come from
 * the caller's stream, so a seed fixes every tie-break.
 */

/** A source of uniform integers in [0, n): the scheduler's own RNG stream. */
export interface IntSource {
  int(n: number): number;
}

/** Index into `totals[0..count)` of the chosen node; count ≥ 1. */
export function selectHost(totals: Float64Array, count: number, rng: IntSource): number {
  let best = 0;
  let max = totals[0]!;
  let tied = 1;
  for (let j = 1; j < count; j++) {
    const s = totals[j]!;
    if (s > max) {
      max = s;
      best = j;
      tied = 1;
    } else if (s === max) {
      tied++;
      if (rng.int(tied) === 0) best = j;
    }
  }
  return best;
}
