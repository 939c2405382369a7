/**
 * The loop body of FusedScore.run over a slice [from, to) of the feasible list, for the
 * parallel scheduler (parallel/cycle-kernels.ts): every thread scores its slice with the same
 * helpers on the same operands, into shared `totals` (the memoized NodeResourcesFit +
 * BalancedAllocation sum) and `raw` (TaintToleration's raw score, 0 on untainted nodes).
 *
 * What needs the whole feasible list stays on the main thread (parallel-cycle.ts):
 * TaintToleration's NormalizeScore (it needs the maximum raw score) and the out-of-range
 * fallback to Framework.runScore, exactly as FusedScore.run decides them.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import { MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { balancedPair, leastRequestedScore, pairMean } from "../plugins/resource-allocation.js";
import { taintToleration } from "../plugins/taint-toleration.js";

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

/** The memo columns (score-memo.ts), shared by every thread. */
export interface SharedMemo {
  stamp: Int32Array;
  version: Int32Array;
  sum: Float64Array;
}

/**
 * Scores `feasible[from..to)`; returns SLICE_* bits: a non-zero TaintToleration raw score was
 * seen, or a Fit / BalancedAllocation score fell outside [0, MaxNodeScore] (the slice then
 * stops; the caller falls back to the generic path as FusedScore.run's `false` does).
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
  const stamp = memo.stamp;
  const memoVersion = memo.version;
  const memoSum = memo.sum;
  let flags = 0;
  for (let j = from; j < to; j++) {
    const node = feasible[j]!;
    const version = resourceVersion[node]!;
    let sum = 0;
    if (stamp[node] === epoch && memoVersion[node] === version) sum = memoSum[node]!;
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
      stamp[node] = epoch;
      memoVersion[node] = version;
      memoSum[node] = sum;
    }
    totals[j] = sum;
    if (wt !== 0) {
      // A node without taints scores 0 (the plugin's loop over its taints is empty).
      const r = taintCount[node] === 0 ? 0 : taintToleration.score(c, pod, state, node);
      raw[j] = r;
      if (r !== 0) flags |= SLICE_ANY_TAINT;
    }
  }
  return flags;
}
