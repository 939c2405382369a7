/**
 * The main thread's part of a parallel filter window (parallel-cycle.ts): the chunks have
 * classified the window's positions into compact per-chunk lists (FusedFilter.classify), the
 * feasible nodes already in the feasible list at `shift + from`; this concatenates them in
 * visiting order, as FusedFilter.run's node-by-node scan builds its lists, and stops right after
 * the K-th feasible node, where that scan stops. The examined count, and so the scheduler's
 * `nextStartNodeIndex`, the feasible list and the failure list (FitError's reasons) are the
 * sequential ones. Positions classified past the stop are wasted work, never a different answer:
 * filters are pure.
 */
import type { FilterSlices } from "../fast-path/fused-filter.js";
import { chunkStart } from "./chunks.js";

/** The scan across windows: feasible nodes found, failures recorded, window positions examined. */
export interface FilterScan {
  found: number;
  failed: number;
  examined: number;
}

/**
 * Appends the window's `chunks` chunk lists (a window of `size` positions, its feasible nodes
 * written from `shift` = `scan.found` at the window's start) to the feasible list (`sl.feasible`)
 * and the failure lists, stopping once `toFind` nodes are feasible, and advances `scan`.
 * `listStart[k]` is where chunk k's first feasible node ends up in the feasible list.
 */
export function mergeFilterWindow(
  sl: FilterSlices,
  size: number,
  chunks: number,
  toFind: number,
  failNode: Int32Array,
  failStatus: Int32Array,
  failPlugin: Int16Array,
  listStart: Int32Array,
  scan: FilterScan,
): void {
  const feasible = sl.feasible;
  const shift = scan.found;
  let found = scan.found;
  let failed = scan.failed;
  let examined = scan.examined;
  for (let k = 0; k < chunks && found < toFind; k++) {
    listStart[k] = found;
    const from = chunkStart(size, chunks, k);
    const fails = sl.failCount[k]!;
    let take = sl.feasibleCount[k]!;
    let takeFails = fails;
    let used = chunkStart(size, chunks, k + 1) - from;
    if (found + take >= toFind) {
      // The K-th feasible node is in this chunk: the scan stops right after it. Its window
      // position is from + (take − 1) plus the failures before it.
      take = toFind - found;
      let cut = from + take - 1;
      takeFails = 0;
      while (takeFails < fails && sl.failPos[from + takeFails]! <= cut) {
        cut++;
        takeFails++;
      }
      used = cut - from + 1;
    }
    // Chunk k's feasible nodes sit at shift + from, at or after where they belong.
    if (take > 0 && shift + from !== found) feasible.copyWithin(found, shift + from, shift + from + take);
    if (takeFails > 0) {
      failNode.set(sl.failNode.subarray(from, from + takeFails), failed);
      failStatus.set(sl.failStatus.subarray(from, from + takeFails), failed);
      failPlugin.set(sl.failPlugin.subarray(from, from + takeFails), failed);
    }
    found += take;
    failed += takeFails;
    examined += used;
  }
  scan.found = found;
  scan.failed = failed;
  scan.examined = examined;
}
