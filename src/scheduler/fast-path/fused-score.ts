/**
 * A one-pass Score for the common case: the score plugins not skipped by their PreScore this
 * cycle are among TaintToleration, NodeResourcesFit (LeastAllocated over [cpu, memory]),
 * NodeResourcesBalancedAllocation ([cpu, memory]) and PodTopologySpread, with positive integer
 * weights — the default profile for a pod without preferred node affinity, pod affinity or
 * images present on the nodes, whether or not a workload or Service gives it the system default
 * spread constraints (or it has ScheduleAnyway constraints of its own). Any other active scorer
 * sends the cycle to Framework.runScore.
 *
 * Why: runScore runs plugin by plugin, each over the feasible list into a scratch array that
 * is range-checked and added into the totals (four passes for the default profile, plus a
 * NormalizeScore pass), and each plugin re-reads its state and the columns per node. Here one
 * pass (score-slice.ts) evaluates Fit's and BalancedAllocation's [cpu, memory] branches with
 * the same helpers on the same operands, memoizes their weighted sum per node (score-memo.ts),
 * calls TaintToleration's own `score` on tainted nodes only (an untainted node scores 0), and
 * keeps the top so that selecting the host needs no second pass. Totals are sums of
 * integer-valued doubles far below 2^53, so the order of the additions cannot change them.
 * TaintToleration's NormalizeScore needs the maximum raw score first: when every raw score is 0
 * it is 100 everywhere, a uniform term that is left out; else it is normalized with the
 * plugin's helper and added in a second pass. PodTopologySpread, when it scores, is added after
 * the slice by spread-score.ts (its NormalizeScore needs the min and max over the list) and the
 * host is then selected over the totals; the parallel score kernel does not take such cycles.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import type { ScorePlugin } from "../framework/interfaces.js";
import { balancedCpuMemory, nodeResourcesBalancedAllocation } from "../plugins/node-resources-balanced-allocation.js";
import { leastAllocatedCpuMemory, nodeResourcesFit } from "../plugins/node-resources-fit.js";
import type { ResourceVector } from "../plugins/resource-allocation.js";
import { podTopologySpread } from "../plugins/pod-topology-spread.js";
import { taintToleration } from "../plugins/taint-toleration.js";
import type { IntSource } from "../select-host.js";
import { KEY_LENGTH, ResourceScoreMemo } from "./score-memo.js";
import {
  addTaintToleration,
  finishFusedScore,
  memoKey,
  scoreSlice,
  SCORE_PLAN_LENGTH,
  type SliceTops,
  PLAN_BALANCED_CPU,
  PLAN_BALANCED_MEMORY,
  PLAN_BALANCED_WEIGHT,
  PLAN_FIT_CPU,
  PLAN_FIT_CPU_WEIGHT,
  PLAN_FIT_MEMORY,
  PLAN_FIT_MEMORY_WEIGHT,
  PLAN_FIT_WEIGHT,
  PLAN_TAINT_WEIGHT,
  TAINT_OUT_OF_RANGE,
} from "./score-slice.js";
import { SpreadScore } from "./spread-score.js";

export class FusedScore {
  /** Weight of each plugin this cycle, 0 when it is absent or skipped. */
  private taintWeight = 0;
  private fitWeight = 0;
  private balancedWeight = 0;
  /** PodTopologySpread's weight this cycle, 0 when it is absent or skipped. */
  private spreadWeight = 0;
  private readonly spread = new SpreadScore();
  /** The plugins' per-cycle request vectors (null when the plugin is not scoring). */
  private fit: ResourceVector | null = null;
  private balanced: ResourceVector | null = null;
  /** TaintToleration raw scores, aligned with the feasible list. */
  private taintRaw = new Float64Array(64);
  private readonly memo = new ResourceScoreMemo();
  private readonly operands = new Float64Array(KEY_LENGTH);
  /** This cycle's plan in the parallel kernel's layout, so both run the same slice loop. */
  private readonly planBlock = new Float64Array(SCORE_PLAN_LENGTH);
  /** The one slice's flags and top. */
  private readonly flags = new Int32Array(1);
  private readonly tops: SliceTops = { max: new Float64Array(1), ties: new Int32Array(1), from: new Int32Array(1), tiePos: new Int32Array(64) };

  /**
   * Whether the fused score applies: every scorer with `skipped[i] === 0` is one of the four
   * plugins, at most once, with a positive integer weight, and NodeResourcesFit and
   * NodeResourcesBalancedAllocation score [cpu, memory] (Fit with LeastAllocated). Call after
   * Framework.runPreScore, whose `state` holds the plugins' vectors.
   */
  plan(scorers: readonly ScorePlugin[], weights: readonly number[], skipped: Uint8Array, state: CycleState): boolean {
    this.taintWeight = this.fitWeight = this.balancedWeight = this.spreadWeight = 0;
    this.fit = this.balanced = null;
    let seen = 0;
    for (let i = 0; i < scorers.length; i++) {
      if (skipped[i] === 1) continue;
      const p = scorers[i]!;
      const w = weights[i]!;
      const bit = p === taintToleration ? 1 : p === nodeResourcesFit ? 2 : p === nodeResourcesBalancedAllocation ? 4 : p === podTopologySpread ? 8 : 0;
      if (bit === 0 || (seen & bit) !== 0 || !(Number.isInteger(w) && w > 0)) return false;
      seen |= bit;
      if (bit === 1) this.taintWeight = w;
      else if (bit === 8) this.spreadWeight = w;
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

  /** Whether PodTopologySpread scores this cycle: the parallel score kernel does not run it. */
  get spreads(): boolean {
    return this.spreadWeight !== 0;
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
   * Scores `feasible[0..count)` for the planned plugins as one slice (score-slice.ts, the loop
   * the parallel scheduler runs per chunk) and selects the host: returns the chosen index into
   * the feasible list, or −1 when a score falls outside [0, MaxNodeScore] (the caller then runs
   * Framework.runScore, which reports it). `totals` hold the weighted sums, without
   * TaintToleration's term when it is uniform (addTaintToleration).
   */
  run(c: ClusterState, pod: CompiledPod, state: CycleState, feasible: Int32Array, count: number, totals: Float64Array, rng: IntSource): number {
    const plan = this.planBlock;
    this.writePlan(plan, 0);
    const memo = this.memo;
    memo.begin(c.nodes.capacity, memoKey(plan, 0, this.operands));
    if (this.taintRaw.length < count) {
      const size = Math.max(count, this.taintRaw.length * 2);
      this.taintRaw = new Float64Array(size);
      this.tops.tiePos = new Int32Array(size);
    }
    const flags = this.flags;
    flags[0] = scoreSlice(c, pod, state, plan, 0, feasible, 0, count, totals, this.taintRaw, memo, memo.epoch, this.tops, 0);
    if (this.spreadWeight === 0) return finishFusedScore(flags, 1, this.taintWeight, this.taintRaw, totals, count, this.tops, rng);
    if (addTaintToleration(flags, 1, this.taintWeight, this.taintRaw, totals, count, this.tops) === TAINT_OUT_OF_RANGE) return -1;
    return this.spread.addAndSelect(c, state, this.spreadWeight, feasible, count, totals, rng);
  }
}
