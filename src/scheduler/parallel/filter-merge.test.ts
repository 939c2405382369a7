import fc from "fast-check";
import { expect, test } from "vitest";
import type { FilterSlices } from "../fast-path/fused-filter.js";
import { chunkStart } from "./chunks.js";
import { mergeFilterWindow, type FilterScan } from "./filter-merge.js";

const node = (w: number) => 1000 + w;
const plugin = (w: number) => w % 5;

/**
 * The lists as FusedFilter.classify leaves them for a window whose position w passes when
 * `passes[w]`: chunk k's feasible nodes from `shift + from`, its failures from `from`.
 */
function classified(passes: boolean[], chunks: number, shift: number): FilterSlices {
  const size = passes.length;
  const sl: FilterSlices = {
    feasible: new Int32Array(shift + size).fill(-1),
    failNode: new Int32Array(size),
    failStatus: new Int32Array(size),
    failPlugin: new Int16Array(size),
    failPos: new Int32Array(size),
    feasibleCount: new Int32Array(chunks),
    failCount: new Int32Array(chunks),
  };
  for (let i = 0; i < shift; i++) sl.feasible[i] = -2 - i; // found by earlier windows
  for (let k = 0; k < chunks; k++) {
    const from = chunkStart(size, chunks, k);
    let ok = 0;
    let bad = 0;
    for (let w = from; w < chunkStart(size, chunks, k + 1); w++) {
      if (passes[w]) sl.feasible[shift + from + ok++] = node(w);
      else {
        sl.failNode[from + bad] = node(w);
        sl.failStatus[from + bad] = 2;
        sl.failPlugin[from + bad] = plugin(w);
        sl.failPos[from + bad] = w;
        bad++;
      }
    }
    sl.feasibleCount[k] = ok;
    sl.failCount[k] = bad;
  }
  return sl;
}

test("a merged window holds what a node-by-node scan finds, stopping right after the K-th feasible node", () => {
  fc.assert(
    fc.property(
      fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 1, max: 64 }),
      (passes, chunks, shift, failedBefore, wanted) => {
        const toFind = shift + wanted;
        const sl = classified(passes, chunks, shift);
        const failNode = new Int32Array(failedBefore + passes.length).fill(-1);
        const failStatus = new Int32Array(failNode.length);
        const failPlugin = new Int16Array(failNode.length);
        const listStart = new Int32Array(chunks).fill(-1);
        const scan: FilterScan = { found: shift, failed: failedBefore, examined: 7 };
        mergeFilterWindow(sl, passes.length, chunks, toFind, failNode, failStatus, failPlugin, listStart, scan);

        // FusedFilter.run's scan over the same positions.
        const feasible: number[] = [];
        const failures: number[] = [];
        const chunkFirst: number[] = [];
        let examined = 0;
        for (let w = 0; w < passes.length && shift + feasible.length < toFind; w++) {
          for (let k = 0; k < chunks; k++) if (chunkStart(passes.length, chunks, k) === w && chunkFirst[k] === undefined) chunkFirst[k] = shift + feasible.length;
          examined++;
          (passes[w] ? feasible : failures).push(w);
        }
        expect(scan).toEqual({ found: shift + feasible.length, failed: failedBefore + failures.length, examined: 7 + examined });
        expect(Array.from(sl.feasible.subarray(shift, scan.found))).toEqual(feasible.map(node));
        expect(Array.from(sl.feasible.subarray(0, shift))).toEqual(Array.from({ length: shift }, (_, i) => -2 - i));
        expect(Array.from(failNode.subarray(failedBefore, scan.failed))).toEqual(failures.map(node));
        expect(Array.from(failPlugin.subarray(failedBefore, scan.failed))).toEqual(failures.map(plugin));
        expect(failStatus.subarray(failedBefore, scan.failed).every((s) => s === 2)).toBe(true);
        chunkFirst.forEach((at, k) => {
          // Empty chunks before the stop share their start with the next chunk.
          if (at !== undefined) expect(listStart[k]).toBe(at);
        });
      },
    ),
    { numRuns: 400, seed: 7 },
  );
});
