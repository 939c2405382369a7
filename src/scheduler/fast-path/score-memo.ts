/**
 * Per-node memo of the weighted NodeResourcesFit + NodeResourcesBalancedAllocation part of a
 * node's total, for fast-path/fused-score.ts.
 *
 * That part is a pure function of the node's allocatable and requested cpu / memory and of the
 * pod-side operands (the pod's requests and the weights). Consecutive pods usually have the same
 * requests (replicas of one workload), and a bind changes one node, so most nodes' parts repeat
 * from one cycle to the next. An entry is valid when it was stored in the current epoch (the
 * pod-side operands have not changed since) and the node's `resourceVersion` is the one it was
 * stored under (node-table.ts bumps it on every write to those columns). A hit returns the very
 * number the formula returned for the same operands, so decisions cannot change.
 */
import { sharedArray } from "../../cluster/shared-columns.js";

/** Pod-side operands: Fit [cpu, memory] request and weights, Balanced [cpu, memory] request, plugin weights. */
export const KEY_LENGTH = 8;

/** Row width of `ResourceScoreMemo.entries`: `[tag, sum]`, one cache line for both. */
export const MEMO_STRIDE = 2;

/** 2^32: a tag is `epoch · 2^32 + resourceVersion` (the version read as unsigned). */
export const EPOCH_SCALE = 4294967296;

/** Epochs stay below 2^21 so that every tag is an exact double (< 2^53). */
const EPOCH_LIMIT = 1 << 21;

export class ResourceScoreMemo {
  /** Current epoch, ≥ 1; entries tagged with another epoch are stale. */
  epoch = 0;
  /**
   * By node slot, MEMO_STRIDE apart: the entry's tag (`epoch · EPOCH_SCALE + (resourceVersion
   * >>> 0)` when stored, 0 = never) and the memoized weighted sum.
   */
  entries = new Float64Array(0);
  /** The pod-side operands of the current epoch. */
  private readonly key = new Float64Array(KEY_LENGTH);

  /** Makes every entry stale (another node table: its slots and versions mean other nodes). */
  invalidate(): void {
    this.key.fill(NaN); // equal to no operand, so the next `begin` opens a new epoch
  }

  /**
   * Starts a cycle over a node table of `capacity` slots: keeps the epoch when the pod-side
   * operands equal the previous cycle's, else opens a new one (every entry becomes stale).
   */
  begin(capacity: number, operands: Float64Array): void {
    if (this.entries.length < capacity * MEMO_STRIDE) {
      // Shared, so the parallel scheduler's score kernel (parallel/cycle-kernels.ts) can read
      // and fill the same memo from every thread (each node is scored by one thread per cycle).
      this.entries = sharedArray(Float64Array, capacity * MEMO_STRIDE);
      this.epoch = 0;
    }
    let same = this.epoch !== 0;
    for (let i = 0; i < KEY_LENGTH && same; i++) same = operands[i] === this.key[i];
    if (same) return;
    this.key.set(operands.subarray(0, KEY_LENGTH));
    this.epoch++;
    if (this.epoch >= EPOCH_LIMIT) {
      // Out of exact tags: forget everything rather than risk an old tag matching.
      this.entries.fill(0);
      this.epoch = 1;
    }
  }
}
