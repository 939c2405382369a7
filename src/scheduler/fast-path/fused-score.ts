/**
 * A one-pass Score for the common case: the score plugins not skipped by their PreScore this
 * cycle are among TaintToleration, NodeResourcesFit (LeastAllocated over [cpu, memory]) and
 * NodeResourcesBalancedAllocation ([cpu, memory]), with positive integer weights — the default
 * profile for a pod without preferred node affinity, spread constraints, pod affinity or images
 * present on the nodes. Any other active scorer sends the cycle to Framework.runScore.
 *
 * Why: runScore runs plugin by plugin, each over the feasible list into a scratch array that
 * is range-checked and added into the totals (four passes for the default profile, plus a
 * NormalizeScore pass), and each plugin re-reads its state and the columns per node. Here one
 * pass evaluates Fit's and BalancedAllocation's [cpu, memory] branches with the same helpers on
 * the same operands, memoizes their weighted sum per node (score-memo.ts), and calls
 * TaintToleration's own `score` on tainted nodes only (an untainted node scores 0).
 * Totals are sums of integer-valued doubles far below 2^53, so the order of the additions
 * cannot change them. TaintToleration's NormalizeScore needs the maximum raw score first: when
 * every raw score is 0 it is 100 everywhere and is added as a constant, else it is normalized
 * with the plugin's helper and added in a second pass.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import type { ScorePlugin } from "../framework/interfaces.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { balancedCpuMemory, nodeResourcesBalancedAllocation } from "../plugins/node-resources-balanced-allocation.js";
import { leastAllocatedCpuMemory, nodeResourcesFit } from "../plugins/node-resources-fit.js";
import { balancedPair, leastRequestedScore, pairMean, type ResourceVector } from "../plugins/resource-allocation.js";
import { taintToleration } from "../plugins/taint-toleration.js";
import { KEY_LENGTH, ResourceScoreMemo } from "./score-memo.js";
import {
  PLAN_BALANCED_CPU,
  PLAN_BALANCED_MEMORY,
  PLAN_BALANCED_WEIGHT,
  PLAN_FIT_CPU,
  PLAN_FIT_CPU_WEIGHT,
  PLAN_FIT_MEMORY,
  PLAN_FIT_MEMORY_WEIGHT,
  PLAN_FIT_WEIGHT,
  PLAN_TAINT_WEIGHT,
} from "./score-slice.js";

export class FusedScore {
  /** Weight of each plugin this cycle, 0 when it is absent or skipped. */
  private taintWeight = 0;
  private fitWeight = 0;
  private balancedWeight = 0;
  /** The plugins' per-cycle request vectors (null when the plugin is not scoring). */
  private fit: ResourceVector | null = null;
  private balanced: ResourceVector | null = null;
  /** TaintToleration raw scores, aligned with the feasible list. */
  private taintRaw = new Float64Array(64);
  private readonly memo = new ResourceScoreMemo();
  private readonly operands = new Float64Array(KEY_LENGTH);

  /**
   * Whether the fused score applies: every scorer with `skipped[i] === 0` is one of the three
   * plugins, at most once, with a positive integer weight, and NodeResourcesFit and
   * NodeResourcesBalancedAllocation score [cpu, memory] (Fit with LeastAllocated). Call after
   * Framework.runPreScore, whose `state` holds the plugins' vectors.
   */
  plan(scorers: readonly ScorePlugin[], weights: readonly number[], skipped: Uint8Array, state: CycleState): boolean {
    this.taintWeight = this.fitWeight = this.balancedWeight = 0;
    this.fit = this.balanced = null;
    let seen = 0;
    for (let i = 0; i < scorers.length; i++) {
      if (skipped[i] === 1) continue;
      const p = scorers[i]!;
      const w = weights[i]!;
      const bit = p === taintToleration ? 1 : p === nodeResourcesFit ? 2 : p === nodeResourcesBalancedAllocation ? 4 : 0;
      if (bit === 0 || (seen & bit) !== 0 || !(Number.isInteger(w) && w > 0)) return false;
      seen |= bit;
      if (bit === 1) this.taintWeight = w;
      else if (bit === 2) {
        this.fitWeight = w;
        if ((this.fit = leastAllocatedCpuMemory(state)) === null) return false;
      } else {
        this.balancedWeight = w;
        if ((this.balanced = balancedCpuMemory(state)) === null) return false;
      }
    }
    return true;
  }

  /**
   * The planned operands into `out[at .. at + SCORE_PLAN_LENGTH)` (score-slice.ts layout), for
   * the parallel score kernel. Call after a successful `plan`.
   */
  writePlan(out: Float64Array, at: number): void {
    const fv = this.fit;
    const bv = this.balanced;
    out[at + PLAN_TAINT_WEIGHT] = this.taintWeight;
    out[at + PLAN_FIT_WEIGHT] = this.fitWeight;
    out[at + PLAN_BALANCED_WEIGHT] = this.balancedWeight;
    out[at + PLAN_FIT_CPU] = fv === null ? 0 : fv.podRequest[0]!;
    out[at + PLAN_FIT_MEMORY] = fv === null ? 0 : fv.podRequest[1]!;
    out[at + PLAN_FIT_CPU_WEIGHT] = fv === null ? 0 : fv.weight[0]!;
    out[at + PLAN_FIT_MEMORY_WEIGHT] = fv === null ? 0 : fv.weight[1]!;
    out[at + PLAN_BALANCED_CPU] = bv === null ? 0 : bv.podRequest[0]!;
    out[at + PLAN_BALANCED_MEMORY] = bv === null ? 0 : bv.podRequest[1]!;
  }

  /**
   * Weighted totals `Σ weight · normalized score` into `totals[0..count)` for the planned
   * plugins. Returns false, leaving `totals` unspecified, when a score falls outside
   * [0, MaxNodeScore]: the caller then runs Framework.runScore, which reports it.
   *
   * Fit and BalancedAllocation are the plugins' [cpu, memory] branches verbatim (the same
   * resource-allocation.ts helpers on the same operands), with the columns and the pod's
   * vectors read once per cycle instead of once per node.
   */
  run(c: ClusterState, pod: CompiledPod, state: CycleState, feasible: Int32Array, count: number, totals: Float64Array): boolean {
    const wt = this.taintWeight;
    const wf = this.fitWeight;
    const wb = this.balancedWeight;
    if (this.taintRaw.length < count) this.taintRaw = new Float64Array(Math.max(count, this.taintRaw.length * 2));
    const raw = this.taintRaw;
    const t = c.nodes;
    const allocCpu = t.allocCpu;
    const allocMemory = t.allocMemory;
    const nonZeroCpu = t.nonZeroCpu;
    const nonZeroMemory = t.nonZeroMemory;
    const reqCpu = t.reqCpu;
    const reqMemory = t.reqMemory;
    const taintCount = t.taintCount;
    const fv = this.fit;
    const fitCpu = fv === null ? 0 : fv.podRequest[0]!;
    const fitMemory = fv === null ? 0 : fv.podRequest[1]!;
    const w0 = fv === null ? 0 : fv.weight[0]!;
    const w1 = fv === null ? 0 : fv.weight[1]!;
    const bv = this.balanced;
    const balancedCpu = bv === null ? 0 : bv.podRequest[0]!;
    const balancedMemory = bv === null ? 0 : bv.podRequest[1]!;
    const key = this.operands;
    key[0] = fitCpu;
    key[1] = fitMemory;
    key[2] = w0;
    key[3] = w1;
    key[4] = balancedCpu;
    key[5] = balancedMemory;
    key[6] = wf;
    key[7] = wb;
    const memo = this.memo;
    memo.begin(t.capacity, key);
    const epoch = memo.epoch;
    const stamp = memo.stamp;
    const memoVersion = memo.version;
    const memoSum = memo.sum;
    const resourceVersion = t.resourceVersion;
    let anyTaint = false;
    for (let j = 0; j < count; j++) {
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
          if (!(v >= 0 && v <= MAX_NODE_SCORE)) return false;
          sum += wf * v;
        }
        if (wb !== 0) {
          const v = balancedPair(reqCpu[node]! + balancedCpu, a0, reqMemory[node]! + balancedMemory, a1);
          if (!(v >= 0 && v <= MAX_NODE_SCORE)) return false;
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
        // Raw scores are kept only from the first non-zero one on (the earlier ones are 0).
        if (anyTaint) raw[j] = r;
        else if (r !== 0) {
          raw.fill(0, 0, j);
          raw[j] = r;
          anyTaint = true;
        }
      }
    }
    if (wt === 0) return true;
    if (!anyTaint) {
      // defaultNormalizeScore(reverse) of all-zero raw scores: MaxNodeScore everywhere.
      const add = wt * MAX_NODE_SCORE;
      for (let j = 0; j < count; j++) totals[j]! += add;
      return true;
    }
    defaultNormalizeScore(MAX_NODE_SCORE, true, raw, count);
    for (let j = 0; j < count; j++) {
      const v = raw[j]!;
      if (!(v >= 0 && v <= MAX_NODE_SCORE)) return false;
      totals[j]! += wt * v;
    }
    return true;
  }
}
