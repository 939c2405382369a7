/**
 * The shared buffers a scheduling cycle hands to the helper threads, under the names
 * cycle-kernels.ts `setup` reads them by: the cycle's scratch arrays and every node-table
 * column. Every array must be backed by a SharedArrayBuffer (helpers read them in place);
 * one that is not is a programming error, reported by name.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { FilterSlices } from "../fast-path/fused-filter.js";
import type { SliceTops } from "../fast-path/score-slice.js";
import { NODE_PREFIX } from "./cycle-kernels.js";

/** The main thread's arrays of a cycle that the helpers see. */
export interface CycleArrays {
  order: Int32Array;
  slices: FilterSlices;
  raw: Float64Array;
  flags: Int32Array;
  tops: SliceTops;
  feasible: Int32Array;
  totals: Float64Array;
  memoEntries: Float64Array;
  mailbox: Uint8Array;
}

/** The buffers for RangeExecutor.reshare: the cycle's arrays and `c`'s node columns. */
export function cycleBuffers(c: ClusterState, a: CycleArrays): Record<string, SharedArrayBuffer> {
  const out: Record<string, SharedArrayBuffer> = {
    order: sharedBuffer(a.order, "order"),
    sliceFailNode: sharedBuffer(a.slices.failNode, "slices.failNode"),
    sliceFailStatus: sharedBuffer(a.slices.failStatus, "slices.failStatus"),
    sliceFailPlugin: sharedBuffer(a.slices.failPlugin, "slices.failPlugin"),
    sliceFailPos: sharedBuffer(a.slices.failPos, "slices.failPos"),
    sliceFeasibleCount: sharedBuffer(a.slices.feasibleCount, "slices.feasibleCount"),
    sliceFailCount: sharedBuffer(a.slices.failCount, "slices.failCount"),
    raw: sharedBuffer(a.raw, "raw"),
    flags: sharedBuffer(a.flags, "flags"),
    topMax: sharedBuffer(a.tops.max, "tops.max"),
    topTies: sharedBuffer(a.tops.ties, "tops.ties"),
    topFrom: sharedBuffer(a.tops.from, "tops.from"),
    tiePos: sharedBuffer(a.tops.tiePos, "tops.tiePos"),
    feasible: sharedBuffer(a.feasible, "feasible"),
    totals: sharedBuffer(a.totals, "totals"),
    memoEntries: sharedBuffer(a.memoEntries, "memo.entries"),
    mailbox: sharedBuffer(a.mailbox, "mailbox.bytes"),
  };
  for (const [name, col] of Object.entries(c.nodes)) {
    if (!(col instanceof Int32Array || col instanceof Float64Array || col instanceof Uint8Array)) continue;
    const kind = col instanceof Int32Array ? "i32" : col instanceof Float64Array ? "f64" : "u8";
    out[`${NODE_PREFIX}${kind}.${name}`] = sharedBuffer(col, `node column ${name}`);
  }
  return out;
}

/** Buffers for the helpers' first `setup`, before the first cycle reshares the real ones. */
export function placeholderBuffers(flags: Int32Array): Record<string, SharedArrayBuffer> {
  const empty = () => new SharedArrayBuffer(8);
  return {
    order: empty(),
    sliceFailNode: empty(),
    sliceFailStatus: empty(),
    sliceFailPlugin: empty(),
    sliceFailPos: empty(),
    sliceFeasibleCount: empty(),
    sliceFailCount: empty(),
    raw: empty(),
    flags: sharedBuffer(flags, "flags"),
    topMax: empty(),
    topTies: empty(),
    topFrom: empty(),
    tiePos: empty(),
    feasible: empty(),
    totals: empty(),
    memoEntries: empty(),
    mailbox: empty(),
  };
}

function sharedBuffer(a: Int32Array | Int16Array | Float64Array | Uint8Array, what: string): SharedArrayBuffer {
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error(`parallel scheduler: ${what} is not backed by a SharedArrayBuffer`);
  return a.buffer;
}
