/**
 * A one-pass Score for the common case: the score plugins not skipped by their PreScore this
 * cycle are among TaintToleration, NodeResourcesFit and NodeResourcesBalancedAllocation, with
 * integer weights — the default profile for a pod without preferred node affinity, spread
 * constraints, pod affinity or images present on the nodes. Any other active scorer sends the
 * cycle to Framework.runScore.
 *
 * Why: runScore runs plugin by plugin, each over the feasible list into a scratch array that
 * is range-checked and added into the totals (four passes for the default profile, plus a
 * NormalizeScore pass); here one pass over the feasible nodes calls each plugin's own `score`
 * at a monomorphic call site and sums. Totals are sums of integer-valued doubles far below
 * 2^53, so the order of the additions cannot change them. TaintToleration's NormalizeScore
 * needs the maximum raw score first: when every raw score is 0 (no PreferNoSchedule taint on
 * any feasible node) it is 100 everywhere and is added as a constant, else it is normalized
 * with the same helper as the plugin and added in a second pass.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import type { ScorePlugin } from "../framework/interfaces.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { nodeResourcesBalancedAllocation } from "../plugins/node-resources-balanced-allocation.js";
import { nodeResourcesFit } from "../plugins/node-resources-fit.js";
import { taintToleration } from "../plugins/taint-toleration.js";

export class FusedScore {
  /** Weight of each plugin this cycle, 0 when it is absent or skipped. */
  private taintWeight = 0;
  private fitWeight = 0;
  private balancedWeight = 0;
  /** TaintToleration raw scores, aligned with the feasible list. */
  private taintRaw = new Float64Array(64);

  /**
   * Whether the fused score applies: every scorer with `skipped[i] === 0` is one of the three
   * plugins, at most once, with an integer weight. Call after Framework.runPreScore.
   */
  plan(scorers: readonly ScorePlugin[], weights: readonly number[], skipped: Uint8Array): boolean {
    this.taintWeight = this.fitWeight = this.balancedWeight = 0;
    let seen = 0;
    for (let i = 0; i < scorers.length; i++) {
      if (skipped[i] === 1) continue;
      const p = scorers[i]!;
      const w = weights[i]!;
      const bit = p === taintToleration ? 1 : p === nodeResourcesFit ? 2 : p === nodeResourcesBalancedAllocation ? 4 : 0;
      if (bit === 0 || (seen & bit) !== 0 || !Number.isInteger(w)) return false;
      seen |= bit;
      if (bit === 1) this.taintWeight = w;
      else if (bit === 2) this.fitWeight = w;
      else this.balancedWeight = w;
    }
    return true;
  }

  /**
   * Weighted totals `Σ weight · normalized score` into `totals[0..count)` for the planned
   * plugins. Returns false, leaving `totals` unspecified, when a score falls outside
   * [0, MaxNodeScore]: the caller then runs Framework.runScore, which reports it.
   */
  run(c: ClusterState, pod: CompiledPod, state: CycleState, feasible: Int32Array, count: number, totals: Float64Array): boolean {
    const wt = this.taintWeight;
    const wf = this.fitWeight;
    const wb = this.balancedWeight;
    if (this.taintRaw.length < count) this.taintRaw = new Float64Array(Math.max(count, this.taintRaw.length * 2));
    const raw = this.taintRaw;
    let anyTaint = false;
    for (let j = 0; j < count; j++) {
      const node = feasible[j]!;
      let sum = 0;
      if (wf !== 0) {
        const v = nodeResourcesFit.score(c, pod, state, node);
        if (!(v >= 0 && v <= MAX_NODE_SCORE)) return false;
        sum += wf * v;
      }
      if (wb !== 0) {
        const v = nodeResourcesBalancedAllocation.score(c, pod, state, node);
        if (!(v >= 0 && v <= MAX_NODE_SCORE)) return false;
        sum += wb * v;
      }
      totals[j] = sum;
      if (wt !== 0) {
        const r = taintToleration.score(c, pod, state, node);
        raw[j] = r;
        if (r !== 0) anyTaint = true;
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
