/**
 * NodeResourcesBalancedAllocation
 * (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go): favours nodes whose
 * resource fractions after placement are even — `(1 − std of the fractions) · 100`, using
 * actual requests on both sides. PreScore skips best-effort pods (no request for any
 * configured resource; kubernetes/kubernetes#129138, v1.33).
 */
import { allocateStateSlot, type CycleState } from "../framework/cycle-state.js";
import type { ScorePlugin } from "../framework/interfaces.js";
import { balancedAllocationScore, balancedPair, ResourceVector } from "./resource-allocation.js";

const SLOT = allocateStateSlot();

function vector(state: CycleState): ResourceVector {
  let v = state.slots[SLOT] as ResourceVector | undefined;
  if (!v) state.slots[SLOT] = v = new ResourceVector();
  return v;
}

export const nodeResourcesBalancedAllocation = {
  name: "NodeResourcesBalancedAllocation",
  preScore(c, pod, state) {
    const v = vector(state);
    v.prepare(c, pod, state.config.NodeResourcesBalancedAllocation.resources, true);
    for (let i = 0; i < v.count; i++) if (v.podRequest[i] !== 0) return true;
    return false;
  },
  score(c, _pod, state, node) {
    const v = state.slots[SLOT] as ResourceVector;
    if (v.cpuMemory) {
      const t = c.nodes;
      return balancedPair(t.reqCpu[node]! + v.podRequest[0]!, t.allocCpu[node]!, t.reqMemory[node]! + v.podRequest[1]!, t.allocMemory[node]!);
    }
    v.fill(c, node);
    return balancedAllocationScore(v);
  },
  /** `score` over the feasible list; a copy in this module so the call is monomorphic. */
  scoreNodes(c, pod, state, feasible, count, out) {
    for (let j = 0; j < count; j++) out[j] = this.score(c, pod, state, feasible[j]!);
  },
} satisfies ScorePlugin;

/**
 * This cycle's request vector when the configured resources are exactly [cpu, memory] (the
 * default), else null. Valid after a `preScore` that returned true this cycle; lets
 * fast-path/fused-score.ts evaluate `score`'s default branch with the vector's values hoisted.
 */
export function balancedCpuMemory(state: CycleState): ResourceVector | null {
  const v = state.slots[SLOT] as ResourceVector | undefined;
  return v !== undefined && v.cpuMemory ? v : null;
}
