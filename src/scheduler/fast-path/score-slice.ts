/**
 * The fused score loop (FusedScore) over a slice [from, to) of the feasible list: the one
 * definition of the hot loop, run over the whole list by the sequential scheduler and per
 * chunk by the parallel scheduler's threads (parallel/cycle-kernels.ts). Every slice scores
 * with the same helpers on the same operands, into `totals` (the memoized NodeResourcesFit +
 * BalancedAllocation sum) and `raw` (TaintToleration's raw score), and keeps its own top: the
 * highest sum and the positions of the nodes tied at it, so that selecting the host needs no
 * further pass over the list (select-host.ts `selectHostFromSlices`).
 *
 * What needs the whole feasible list is done once every slice is in (`finishFusedScore`):
 * TaintToleration's NormalizeScore (it needs the maximum raw score) and the out-of-range
 * fallback to Framework.runScore.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { balancedPair, leastRequestedScore, pairMean } from "../plugins/resource-allocation.js";
import { taintToleration } from "../plugins/taint-toleration.js";
import { selectHost, selectHostFromSlices, type IntSource } from "../select-host.js";
import { EPOCH_SCALE, MEMO_STRIDE } from "./score-memo.js";

/** Offsets of the score plan (FusedScore.writePlan) in a Float64 parameter block. */
export const PLAN_TAINT_WEIGHT = 0;
export const PLAN_FIT_WEIGHT = 1;
export const PLAN_BALANCED_WEIGHT = 2;
export const PLAN_FIT_CPU = 3;
export const PLAN_FIT_MEMORY = 4;
export const PLAN_FIT_CPU_WEIGHT = 5;
export const PLAN_FIT_MEMORY_WEIGHT = 6;
export const PLAN_BALANCED_CPU = 7;
export const PLAN_BALANCED_MEMORY = 8;
export const SCORE_PLAN_LENGTH = 9;

/** `scoreSlice` result bits. */
export const SLICE_ANY_TAINT = 1;
export const SLICE_OUT_OF_RANGE = 2;

/** Per-slice tops, indexed by chunk (a slice's tie positions start at its own `from`). */
export interface SliceTops {
  /** Highest `totals` value of the slice (−Infinity for an empty slice). */
  max: Float64Array;
  /** How many of the slice's nodes have that value. */
  ties: Int32Array;
  /** The slice's first index. */
  from: Int32Array;
  /** By feasible-list index: `tiePos[from + k]`, k < ties, are the tied positions in list order. */
  tiePos: Int32Array;
}

/** The memo entries (score-memo.ts), shared by every thread. */
export interface SharedMemo {
  entries: Float64Array;
}

/**
 * Scores `feasible[from..to)` as slice `chunk`; returns SLICE_* bits: a non-zero TaintToleration
 * raw score was seen, or a Fit / BalancedAllocation score fell outside [0, MaxNodeScore] (the
 * slice then stops; the caller falls back to the generic path). `raw` is written from the
 * slice's first non-zero raw score on: a slice without SLICE_ANY_TAINT leaves it unwritten
 * (all its raw scores are 0), which saves a store per node in the common untainted case.
 */
export function scoreSlice(
  c: ClusterState,
  pod: CompiledPod,
  state: CycleState,
  plan: Float64Array,
  at: number,
  feasible: Int32Array,
  from: number,
  to: number,
  totals: Float64Array,
  raw: Float64Array,
  memo: SharedMemo,
  epoch: number,
  tops: SliceTops,
  chunk: number,
): number {
  const wt = plan[at + PLAN_TAINT_WEIGHT]!;
  const wf = plan[at + PLAN_FIT_WEIGHT]!;
  const wb = plan[at + PLAN_BALANCED_WEIGHT]!;
  const fitCpu = plan[at + PLAN_FIT_CPU]!;
  const fitMemory = plan[at + PLAN_FIT_MEMORY]!;
  const w0 = plan[at + PLAN_FIT_CPU_WEIGHT]!;
  const w1 = plan[at + PLAN_FIT_MEMORY_WEIGHT]!;
  const balancedCpu = plan[at + PLAN_BALANCED_CPU]!;
  const balancedMemory = plan[at + PLAN_BALANCED_MEMORY]!;
  const t = c.nodes;
  const allocCpu = t.allocCpu;
  const allocMemory = t.allocMemory;
  const nonZeroCpu = t.nonZeroCpu;
  const nonZeroMemory = t.nonZeroMemory;
  const reqCpu = t.reqCpu;
  const reqMemory = t.reqMemory;
  const taintCount = t.taintCount;
  const resourceVersion = t.resourceVersion;
  const entries = memo.entries;
  const tagBase = epoch * EPOCH_SCALE;
  const tiePos = tops.tiePos;
  let max = -Infinity;
  let ties = 0;
  let flags = 0;
  tops.from[chunk] = from;
  tops.ties[chunk] = 0;
  for (let j = from; j < to; j++) {
    const node = feasible[j]!;
    const tag = tagBase + (resourceVersion[node]! >>> 0);
    const at = node * MEMO_STRIDE;
    let sum = 0;
    if (entries[at] === tag) sum = entries[at + 1]!;
    else {
      const a0 = allocCpu[node]!;
      const a1 = allocMemory[node]!;
      if (wf !== 0) {
        const s0 = leastRequestedScore(nonZeroCpu[node]! + fitCpu, a0);
        const s1 = leastRequestedScore(nonZeroMemory[node]! + fitMemory, a1);
        const v = pairMean(s0, w0, a0, s1, w1, a1);
        if (!(v >= 0 && v <= MAX_NODE_SCORE)) return flags | SLICE_OUT_OF_RANGE;
        sum += wf * v;
      }
      if (wb !== 0) {
        const v = balancedPair(reqCpu[node]! + balancedCpu, a0, reqMemory[node]! + balancedMemory, a1);
        if (!(v >= 0 && v <= MAX_NODE_SCORE)) return flags | SLICE_OUT_OF_RANGE;
        sum += wb * v;
      }
      entries[at] = tag;
      entries[at + 1] = sum;
    }
    totals[j] = sum;
    if (sum > max) {
      max = sum;
      tiePos[from] = j;
      ties = 1;
    } else if (sum === max) tiePos[from + ties++] = j;
    if (wt !== 0) {
      // A node without taints scores 0 (the plugin's loop over its taints is empty).
      const r = taintCount[node] === 0 ? 0 : taintToleration.score(c, pod, state, node);
      if (flags !== 0) raw[j] = r;
      else if (r !== 0) {
        raw.fill(0, from, j);
        raw[j] = r;
        flags = SLICE_ANY_TAINT;
      }
    }
  }
  tops.max[chunk] = max;
  tops.ties[chunk] = ties;
  return flags;
}

/** The score-memo key (the KEY_LENGTH pod-side operands, score-memo.ts) of a plan at `plan[at ..]`. */
export function memoKey(plan: Float64Array, at: number, key: Float64Array): Float64Array {
  key[0] = plan[at + PLAN_FIT_CPU]!;
  key[1] = plan[at + PLAN_FIT_MEMORY]!;
  key[2] = plan[at + PLAN_FIT_CPU_WEIGHT]!;
  key[3] = plan[at + PLAN_FIT_MEMORY_WEIGHT]!;
  key[4] = plan[at + PLAN_BALANCED_CPU]!;
  key[5] = plan[at + PLAN_BALANCED_MEMORY]!;
  key[6] = plan[at + PLAN_FIT_WEIGHT]!;
  key[7] = plan[at + PLAN_BALANCED_WEIGHT]!;
  return key;
}

/**
 * Completes a fused Score once all `chunks` slices of `feasible[0..count)` are in, and selects
 * the host: returns the chosen index into the feasible list, or −1 when a slice reported an
 * out-of-range score (the caller then runs Framework.runScore and selectHost; no draw made).
 * With TaintToleration's term uniform (addTaintToleration) the slices' tops decide, else
 * `selectHost` scans the totals; either way the choice is the r-th node tied at the top in
 * list order, r drawn once.
 */
export function finishFusedScore(
  flags: Int32Array,
  chunks: number,
  taintWeight: number,
  raw: Float64Array,
  totals: Float64Array,
  count: number,
  tops: SliceTops,
  rng: IntSource,
): number {
  const taint = addTaintToleration(flags, chunks, taintWeight, raw, totals, count, tops);
  if (taint === TAINT_OUT_OF_RANGE) return -1;
  return taint === TAINT_UNIFORM ? selectHostFromSlices(tops, chunks, rng) : selectHost(totals, count, rng);
}

/** `addTaintToleration` results. */
const TAINT_UNIFORM = 0;
const TAINT_ADDED = 1;
export const TAINT_OUT_OF_RANGE = -1;

/**
 * The whole-list part of a fused Score: checks the slices' out-of-range bits, then adds
 * TaintToleration's weighted normalized scores into `totals`. Its NormalizeScore (reverse) maps
 * all-zero raw scores to MaxNodeScore on every node: a uniform term that changes no comparison,
 * so it is left out of `totals` (TAINT_UNIFORM: the slices' tops still hold). Otherwise the
 * normalized scores are added (TAINT_ADDED: the tops are stale). TAINT_OUT_OF_RANGE when a
 * slice or a normalized score was outside [0, MaxNodeScore].
 */
export function addTaintToleration(
  flags: Int32Array,
  chunks: number,
  taintWeight: number,
  raw: Float64Array,
  totals: Float64Array,
  count: number,
  tops: SliceTops,
): number {
  let any = 0;
  for (let k = 0; k < chunks; k++) {
    if ((flags[k]! & SLICE_OUT_OF_RANGE) !== 0) return TAINT_OUT_OF_RANGE;
    any |= flags[k]!;
  }
  if (taintWeight === 0 || (any & SLICE_ANY_TAINT) === 0) return TAINT_UNIFORM;
  for (let k = 0; k < chunks; k++) {
    if ((flags[k]! & SLICE_ANY_TAINT) === 0) raw.fill(0, tops.from[k]!, k + 1 < chunks ? tops.from[k + 1]! : count);
  }
  defaultNormalizeScore(MAX_NODE_SCORE, true, raw, count);
  for (let j = 0; j < count; j++) {
    const v = raw[j]!;
    if (!(v >= 0 && v <= MAX_NODE_SCORE)) return TAINT_OUT_OF_RANGE;
    totals[j]! += taintWeight * v;
  }
  return TAINT_ADDED;
}
