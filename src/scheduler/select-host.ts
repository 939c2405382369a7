/**
 * Host selection among the scored feasible nodes (pkg/scheduler/schedule_one.go `selectHost`):
 * the highest total wins, and among the nodes tied at the top the choice is uniform.
 *
 * Upstream (v1.27–v1.34) pops the tied nodes off a max-heap and replaces its choice with
 * probability 1/c for the c-th of them (reservoir sampling, `rand.Intn(c) == 0`): T − 1 draws
 * for T tied nodes, giving each probability 1/T. kubesim draws once, r uniform in [0, T), and
 * takes the r-th tied node in list order: the same distribution with one draw instead of one
 * per tied node (on an empty cluster every node ties, and the draws were a quarter of a
 * cycle). Which node a given draw picks cannot match Go's anyway: kubesim's stream is its own.
 * The draw comes from the caller's stream, so a seed fixes every tie-break.
 */

import type { SliceTops } from "./fast-path/score-slice.js";

/** A source of uniform integers in [0, n): the scheduler's own RNG stream. */
export interface IntSource {
  int(n: number): number;
}

/** Index into `totals[0..count)` of the chosen node; count ≥ 1. No draw when the top is unique. */
export function selectHost(totals: Float64Array, count: number, rng: IntSource): number {
  let first = 0;
  let max = totals[0]!;
  let tied = 1;
  for (let j = 1; j < count; j++) {
    const s = totals[j]!;
    if (s > max) {
      max = s;
      first = j;
      tied = 1;
    } else if (s === max) tied++;
  }
  return pickTied(totals, first, max, tied, rng);
}

/**
 * The end of `selectHost` for a caller that found the top itself while writing the totals:
 * `first` is the first index at `max`, `tied` how many entries equal it. Same draw, same node.
 */
export function pickTied(totals: Float64Array, first: number, max: number, tied: number, rng: IntSource): number {
  return tied === 1 ? first : nthTied(totals, first, max, rng.int(tied));
}

/** Index of the r-th (from 0) entry equal to `max`, scanning from its first occurrence. */
function nthTied(totals: Float64Array, first: number, max: number, r: number): number {
  let j = first;
  for (;;) {
    if (totals[j] === max && r-- === 0) return j;
    j++;
  }
}

/**
 * `selectHost` over totals scored in slices (fast-path/score-slice.ts), from the slices' tops
 * alone: the same T tied nodes in the same list order, the same single draw, so the same node
 * as `selectHost` over the whole list, for any number of slices.
 */
export function selectHostFromSlices(tops: SliceTops, chunks: number, rng: IntSource): number {
  let top = -Infinity;
  let tied = 0;
  for (let k = 0; k < chunks; k++) {
    const ties = tops.ties[k]!;
    if (ties === 0) continue;
    const m = tops.max[k]!;
    if (m > top) {
      top = m;
      tied = ties;
    } else if (m === top) tied += ties;
  }
  let r = tied === 1 ? 0 : rng.int(tied);
  for (let k = 0; ; k++) {
    const ties = tops.ties[k]!;
    if (ties === 0 || tops.max[k] !== top) continue;
    if (r < ties) return tops.tiePos[tops.from[k]! + r]!;
    r -= ties;
  }
}
