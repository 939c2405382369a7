/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go).
 *
 * Filter (`fitsRequest`), reasons in this order: pod count ("Too many pods", checked even for a
 * pod requesting nothing), then cpu, memory, ephemeral storage and each requested scalar
 * resource ("Insufficient <name>") whose request exceeds allocatable − requested on the node.
 * Extended resources named in `ignoredResources`, or whose prefix before "/" is in
 * `ignoredResourceGroups`, are not checked. The status is UnschedulableAndUnresolvable when
 * some failing request exceeds the node's whole allocatable (preemption cannot help), else
 * Unschedulable.
 *
 * Score: the profile's `scoringStrategy` (LeastAllocated by default, MostAllocated,
 * RequestedToCapacityRatio) over its weighted resources; see resource-allocation.ts.
 */
import type { CompiledPod } from "../compiled-pod.js";
import { allocateStateSlot, type CycleState } from "../framework/cycle-state.js";
import type { FilterPlugin, ScorePlugin } from "../framework/interfaces.js";
import { CODE_UNSCHEDULABLE, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { NodeResourcesFitArgs } from "../profile.js";
import {
  leastAllocatedScore,
  leastRequestedScore,
  mostAllocatedScore,
  pairMean,
  requestedToCapacityRatioScore,
  ResourceVector,
  scaleShape,
  type ScaledShape,
} from "./resource-allocation.js";

export const ERR_REASON_TOO_MANY_PODS = "Too many pods";
/** fit.go: "Insufficient " + resource name. */
export const INSUFFICIENT_PREFIX = "Insufficient ";

/** Bits of the failure detail: fixed resources, then bit 4 + k for the pod's k-th scalar request. */
const BIT_PODS = 1;
const BIT_CPU = 2;
const BIT_MEMORY = 4;
const BIT_EPHEMERAL = 8;
const SCALAR_SHIFT = 4;
/** Scalar requests beyond this many are still checked but reported under the last bit. */
const MAX_SCALAR_BITS = 25;

/** Set by `scalarFailures` beside the mask bits when a request exceeds the whole allocatable. */
const UNRESOLVABLE_FLAG = 1 << 30;

const STRATEGY_LEAST = 0;
const STRATEGY_MOST = 1;
const STRATEGY_RTCR = 2;

class FitState {
  /** By the pod's scalar index: 1 when ignored (ignoredResources / ignoredResourceGroups). */
  ignored = new Uint8Array(4);
  readonly vector = new ResourceVector();
  strategy = STRATEGY_LEAST;
  args: NodeResourcesFitArgs | null = null;
  shape: ScaledShape | null = null;
}

const SLOT = allocateStateSlot();
/** The state slot, for the parallel scheduler, which ships this state to worker threads (parallel/pod-mailbox.ts). */
export const NODE_RESOURCES_FIT_STATE_SLOT = SLOT;

function fitState(state: CycleState): FitState {
  let s = state.slots[SLOT] as FitState | undefined;
  if (!s) state.slots[SLOT] = s = new FitState();
  return s;
}

/** v1helper.IsExtendedResourceName: outside the kubernetes.io namespace, not "requests.*". */
export function isExtendedResourceName(name: string): boolean {
  const native = !name.includes("/") || name.includes("kubernetes.io/");
  return !native && !name.startsWith("requests.");
}

function isIgnored(name: string, args: NodeResourcesFitArgs): boolean {
  if (!isExtendedResourceName(name)) return false;
  return args.ignoredResources.includes(name) || args.ignoredResourceGroups.includes(name.split("/")[0]!);
}

export const nodeResourcesFit = {
  name: "NodeResourcesFit",
  preFilter(c, pod, state) {
    const s = fitState(state);
    const args = state.config.NodeResourcesFit;
    if (s.ignored.length < pod.scalarIds.length) s.ignored = new Uint8Array(pod.scalarIds.length);
    for (let k = 0; k < pod.scalarIds.length; k++) {
      s.ignored[k] = isIgnored(c.interners.scalarResources.name(pod.scalarIds[k]!), args) ? 1 : 0;
    }
    return SUCCESS;
  },
  filter(c, pod, state, node) {
    const t = c.nodes;
    let mask = 0;
    let unresolvable = false;
    // fit.go: "Too many pods" never sets Unresolvable (evicting pods frees slots).
    if (t.podCount[node]! + 1 > t.allocPods[node]!) mask |= BIT_PODS;
    const ns = pod.scalarIds.length;
    if (pod.cpu === 0 && pod.memory === 0 && pod.ephemeralStorage === 0 && ns === 0) {
      return mask === 0 ? SUCCESS : status(CODE_UNSCHEDULABLE, mask);
    }
    if (pod.cpu > 0 && pod.cpu > t.allocCpu[node]! - t.reqCpu[node]!) {
      mask |= BIT_CPU;
      if (pod.cpu > t.allocCpu[node]!) unresolvable = true;
    }
    if (pod.memory > 0 && pod.memory > t.allocMemory[node]! - t.reqMemory[node]!) {
      mask |= BIT_MEMORY;
      if (pod.memory > t.allocMemory[node]!) unresolvable = true;
    }
    if (pod.ephemeralStorage > 0 && pod.ephemeralStorage > t.allocEphemeral[node]! - t.reqEphemeral[node]!) {
      mask |= BIT_EPHEMERAL;
      if (pod.ephemeralStorage > t.allocEphemeral[node]!) unresolvable = true;
    }
    if (ns > 0) {
      const r = scalarFailures(c, pod, state.slots[SLOT] as FitState, node);
      mask |= r & ~UNRESOLVABLE_FLAG;
      if (r & UNRESOLVABLE_FLAG) unresolvable = true;
    }
    if (mask === 0) return SUCCESS;
    return status(unresolvable ? CODE_UNSCHEDULABLE_AND_UNRESOLVABLE : CODE_UNSCHEDULABLE, mask);
  },
  describe(c, pod, mask) {
    const out: string[] = [];
    if (mask & BIT_PODS) out.push(ERR_REASON_TOO_MANY_PODS);
    if (mask & BIT_CPU) out.push(INSUFFICIENT_PREFIX + "cpu");
    if (mask & BIT_MEMORY) out.push(INSUFFICIENT_PREFIX + "memory");
    if (mask & BIT_EPHEMERAL) out.push(INSUFFICIENT_PREFIX + "ephemeral-storage");
    for (let k = 0; k <= MAX_SCALAR_BITS && k < pod.scalarIds.length; k++) {
      if (mask & (1 << (SCALAR_SHIFT + k))) out.push(INSUFFICIENT_PREFIX + c.interners.scalarResources.name(pod.scalarIds[k]!));
    }
    return out;
  },
  preScore(c, pod, state) {
    const s = fitState(state);
    const args = state.config.NodeResourcesFit;
    const strategy = args.scoringStrategy;
    if (s.args !== args) {
      s.args = args;
      s.strategy = strategy.type === "MostAllocated" ? STRATEGY_MOST : strategy.type === "RequestedToCapacityRatio" ? STRATEGY_RTCR : STRATEGY_LEAST;
      if (s.strategy === STRATEGY_RTCR) {
        const shape = strategy.requestedToCapacityRatio?.shape;
        if (!shape || shape.length === 0) throw new Error("NodeResourcesFit RequestedToCapacityRatio needs a shape");
        s.shape = scaleShape(shape);
      }
    }
    s.vector.prepare(c, pod, strategy.resources, false);
    return true;
  },
  score(c, _pod, state, node) {
    const s = state.slots[SLOT] as FitState;
    const v = s.vector;
    if (v.cpuMemory && s.strategy === STRATEGY_LEAST) {
      // The default profile's case, kept small so the framework's loop can inline it.
      const t = c.nodes;
      const a0 = t.allocCpu[node]!;
      const a1 = t.allocMemory[node]!;
      const s0 = leastRequestedScore(t.nonZeroCpu[node]! + v.podRequest[0]!, a0);
      const s1 = leastRequestedScore(t.nonZeroMemory[node]! + v.podRequest[1]!, a1);
      return pairMean(s0, v.weight[0]!, a0, s1, v.weight[1]!, a1);
    }
    return strategyScore(s, c, node);
  },
  /** `filter` over a chunk; a copy in this module so the call is monomorphic (framework/batch-loops.ts). */
  filterNodes(c, pod, state, nodes, alive, n, statuses, plugin, pluginIndex) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const j = alive[i]!;
      const st = this.filter(c, pod, state, nodes[j]!);
      if (st === SUCCESS) alive[k++] = j;
      else {
        statuses[j] = st;
        plugin[j] = pluginIndex;
      }
    }
    return k;
  },
  /** `score` over the feasible list; a copy in this module so the call is monomorphic. */
  scoreNodes(c, pod, state, feasible, count, out) {
    for (let j = 0; j < count; j++) out[j] = this.score(c, pod, state, feasible[j]!);
  },
} satisfies FilterPlugin & ScorePlugin;

/**
 * This cycle's [cpu, memory] request vector when the scoring strategy is LeastAllocated over
 * exactly cpu and memory (the default), else null. Valid after this cycle's `preScore`; lets
 * fast-path/fused-score.ts evaluate `score`'s default branch with the vector's values hoisted.
 */
export function leastAllocatedCpuMemory(state: CycleState): ResourceVector | null {
  const s = state.slots[SLOT] as FitState | undefined;
  return s !== undefined && s.strategy === STRATEGY_LEAST && s.vector.cpuMemory ? s.vector : null;
}

/** Failure bits of the pod's scalar requests on a node (kept out of `filter` so it stays inlinable). */
function scalarFailures(c: ClusterState, pod: CompiledPod, s: FitState, node: number): number {
  const t = c.nodes;
  const stride = t.scalarStride;
  let out = 0;
  for (let k = 0; k < pod.scalarIds.length; k++) {
    if (s.ignored[k] === 1) continue;
    const id = pod.scalarIds[k]!;
    const amount = pod.scalarAmounts[k]!;
    const alloc = id < stride ? t.allocScalar[node * stride + id]! : 0;
    const used = id < stride ? t.reqScalar[node * stride + id]! : 0;
    if (amount > alloc - used) {
      out |= 1 << (SCALAR_SHIFT + Math.min(k, MAX_SCALAR_BITS));
      if (amount > alloc) out |= UNRESOLVABLE_FLAG;
    }
  }
  return out;
}

/**
 * The scalar part of `filter` with the node's used amounts given instead of read from the table
 * (`used[k]` for the pod's k-th scalar request): true when every request not ignored fits. For the
 * preemption dry run on resources (preemption/resource-simulation.ts).
 */
export function scalarsFit(c: ClusterState, pod: CompiledPod, state: CycleState, node: number, used: Float64Array): boolean {
  const s = state.slots[SLOT] as FitState;
  const t = c.nodes;
  const stride = t.scalarStride;
  for (let k = 0; k < pod.scalarIds.length; k++) {
    if (s.ignored[k] === 1) continue;
    const id = pod.scalarIds[k]!;
    const alloc = id < stride ? t.allocScalar[node * stride + id]! : 0;
    if (pod.scalarAmounts[k]! > alloc - used[k]!) return false;
  }
  return true;
}

/** Every other strategy / resource list (resource_allocation.go score). */
function strategyScore(s: FitState, c: ClusterState, node: number): number {
  const v = s.vector;
  v.fill(c, node);
  if (s.strategy === STRATEGY_LEAST) return leastAllocatedScore(v);
  if (s.strategy === STRATEGY_MOST) return mostAllocatedScore(v);
  return requestedToCapacityRatioScore(v, s.shape!);
}
