/**
 * Shared by the NodeResourcesFit scoring strategies and NodeResourcesBalancedAllocation
 * (pkg/scheduler/framework/plugins/noderesources/resource_allocation.go): the per-node
 * (allocatable, requested-after-placement) vector of the configured resources, and the three
 * scorers of least_allocated.go, most_allocated.go and requested_to_capacity_ratio.go.
 *
 * Per resource i: cpu and memory read the node's non-zero sums and the pod's non-zero request
 * when scoring with defaults (Fit), or actual requests (`useRequested`, BalancedAllocation);
 * ephemeral storage and scalar resources always use actual requests; a scalar resource the pod
 * does not request is "not scored" (allocatable 0). Entries with allocatable 0 are skipped.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import { RESOURCE_CPU, RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY } from "../../cluster/pod-requests.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { ResourceSpec, UtilizationShapePoint } from "../profile.js";

const KIND_CPU = 0;
const KIND_MEMORY = 1;
const KIND_EPHEMERAL = 2;
const KIND_SCALAR = 3;

/** Per-cycle resource vector state: one entry per configured resource. */
export class ResourceVector {
  count = 0;
  kind = new Int32Array(8);
  scalarId = new Int32Array(8);
  weight = new Float64Array(8);
  podRequest = new Float64Array(8);
  /** Scratch filled per node by `fill`. */
  alloc = new Float64Array(8);
  req = new Float64Array(8);

  /** Resolves the configured resources and the pod's request of each for this cycle. */
  prepare(c: ClusterState, pod: CompiledPod, resources: readonly ResourceSpec[], useRequested: boolean): void {
    if (resources.length > this.kind.length) {
      const n = resources.length;
      this.kind = new Int32Array(n);
      this.scalarId = new Int32Array(n);
      this.weight = new Float64Array(n);
      this.podRequest = new Float64Array(n);
      this.alloc = new Float64Array(n);
      this.req = new Float64Array(n);
    }
    this.count = resources.length;
    resources.forEach((r, i) => {
      this.weight[i] = r.weight;
      if (r.name === RESOURCE_CPU) {
        this.kind[i] = KIND_CPU;
        this.podRequest[i] = useRequested ? pod.cpu : pod.nonZeroCpu;
      } else if (r.name === RESOURCE_MEMORY) {
        this.kind[i] = KIND_MEMORY;
        this.podRequest[i] = useRequested ? pod.memory : pod.nonZeroMemory;
      } else if (r.name === RESOURCE_EPHEMERAL_STORAGE) {
        this.kind[i] = KIND_EPHEMERAL;
        this.podRequest[i] = pod.ephemeralStorage;
      } else {
        this.kind[i] = KIND_SCALAR;
        const id = c.interners.scalarResources.id(r.name);
        this.scalarId[i] = id;
        let amount = 0;
        for (let k = 0; k < pod.scalarIds.length; k++) if (pod.scalarIds[k] === id) amount = pod.scalarAmounts[k]!;
        this.podRequest[i] = amount;
      }
    });
    this.useRequested = useRequested;
    this.cpuMemory = resources.length === 2 && this.kind[0] === KIND_CPU && this.kind[1] === KIND_MEMORY;
  }

  useRequested = false;
  /** The configured resources are exactly [cpu, memory] (the default): `fill` takes a short path. */
  cpuMemory = false;

  /** Fills `alloc` / `req` for one node (resource_allocation.go calculateResourceAllocatableRequest). */
  fill(c: ClusterState, node: number): void {
    const t = c.nodes;
    if (this.cpuMemory) {
      const used = this.useRequested;
      this.alloc[0] = t.allocCpu[node]!;
      this.req[0] = (used ? t.reqCpu[node]! : t.nonZeroCpu[node]!) + this.podRequest[0]!;
      this.alloc[1] = t.allocMemory[node]!;
      this.req[1] = (used ? t.reqMemory[node]! : t.nonZeroMemory[node]!) + this.podRequest[1]!;
      return;
    }
    for (let i = 0; i < this.count; i++) {
      const p = this.podRequest[i]!;
      switch (this.kind[i]) {
        case KIND_CPU:
          this.alloc[i] = t.allocCpu[node]!;
          this.req[i] = (this.useRequested ? t.reqCpu[node]! : t.nonZeroCpu[node]!) + p;
          break;
        case KIND_MEMORY:
          this.alloc[i] = t.allocMemory[node]!;
          this.req[i] = (this.useRequested ? t.reqMemory[node]! : t.nonZeroMemory[node]!) + p;
          break;
        case KIND_EPHEMERAL:
          this.alloc[i] = t.allocEphemeral[node]!;
          this.req[i] = t.reqEphemeral[node]! + p;
          break;
        default: {
          const id = this.scalarId[i]!;
          if (p === 0 || id >= t.scalarStride) {
            this.alloc[i] = 0;
            this.req[i] = 0;
          } else {
            this.alloc[i] = t.allocScalar[node * t.scalarStride + id]!;
            this.req[i] = t.reqScalar[node * t.scalarStride + id]! + p;
          }
        }
      }
    }
  }
}

/** One resource's LeastAllocated score (least_allocated.go leastRequestedScore). */
export function leastRequestedScore(req: number, alloc: number): number {
  if (alloc === 0 || req > alloc) return 0;
  return Math.trunc(((alloc - req) * 100) / alloc);
}

/**
 * The weighted mean of two per-resource scores (the default [cpu, memory] case) on scalars:
 * the hot path of every default-profile cycle, kept free of array traffic.
 */
export function pairMean(s0: number, w0: number, a0: number, s1: number, w1: number, a1: number): number {
  let score = 0;
  let weights = 0;
  if (a0 !== 0) {
    score += s0 * w0;
    weights += w0;
  }
  if (a1 !== 0) {
    score += s1 * w1;
    weights += w1;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/** balancedResourceScorer for two resources: (1 − |f0 − f1| / 2) · 100, fractions capped at 1. */
export function balancedPair(r0: number, a0: number, r1: number, a1: number): number {
  if (a0 === 0 || a1 === 0) return 100; // fewer than two fractions: std 0
  const f0 = Math.min(r0 / a0, 1);
  const f1 = Math.min(r1 / a1, 1);
  return Math.trunc((1 - Math.abs((f0 - f1) / 2)) * 100);
}

/** least_allocated.go: mean over resources of (free after placement / allocatable) · 100, weighted. */
export function leastAllocatedScore(v: ResourceVector): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < v.count; i++) {
    const alloc = v.alloc[i]!;
    if (alloc === 0) continue;
    const req = v.req[i]!;
    const s = req > alloc ? 0 : Math.trunc(((alloc - req) * 100) / alloc);
    score += s * v.weight[i]!;
    weights += v.weight[i]!;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/** most_allocated.go: mean of (requested / allocatable) · 100, requested clamped to allocatable. */
export function mostAllocatedScore(v: ResourceVector): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < v.count; i++) {
    const alloc = v.alloc[i]!;
    if (alloc === 0) continue;
    const req = Math.min(v.req[i]!, alloc);
    score += Math.trunc((req * 100) / alloc) * v.weight[i]!;
    weights += v.weight[i]!;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/** helper/shape_score.go: a shape with scores already scaled to 0…100. */
export interface ScaledShape {
  utilization: Float64Array;
  score: Float64Array;
}

/** requested_to_capacity_ratio.go: config scores are 0…10 (MaxCustomPriorityScore), scaled by 10. */
export function scaleShape(shape: readonly UtilizationShapePoint[]): ScaledShape {
  return {
    utilization: Float64Array.from(shape.map((p) => p.utilization)),
    score: Float64Array.from(shape.map((p) => p.score * (100 / 10))),
  };
}

/** helper/shape_score.go BuildBrokenLinearFunction, with Go's truncating int64 division. */
export function brokenLinear(shape: ScaledShape, p: number): number {
  const u = shape.utilization;
  const s = shape.score;
  for (let i = 0; i < u.length; i++) {
    if (p <= u[i]!) {
      if (i === 0) return s[0]!;
      return s[i - 1]! + Math.trunc(((s[i]! - s[i - 1]!) * (p - u[i - 1]!)) / (u[i]! - u[i - 1]!));
    }
  }
  return s[s.length - 1]!;
}

/**
 * requested_to_capacity_ratio.go: per resource f(utilization) (100 when over capacity); only
 * resources scoring above 0 enter the weighted mean, rounded half away from zero.
 */
export function requestedToCapacityRatioScore(v: ResourceVector, shape: ScaledShape): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < v.count; i++) {
    const alloc = v.alloc[i]!;
    if (alloc === 0) continue;
    const req = v.req[i]!;
    const s = req > alloc ? brokenLinear(shape, 100) : brokenLinear(shape, Math.trunc((req * 100) / alloc));
    if (s > 0) {
      score += s * v.weight[i]!;
      weights += v.weight[i]!;
    }
  }
  if (weights === 0) return 0;
  const x = score / weights;
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** balanced_allocation.go balancedResourceScorer: (1 − std of the capped fractions) · 100, truncated. */
export function balancedAllocationScore(v: ResourceVector): number {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < v.count; i++) {
    const alloc = v.alloc[i]!;
    if (alloc === 0) continue;
    const f = Math.min(v.req[i]! / alloc, 1);
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < v.count; i++) {
      const alloc = v.alloc[i]!;
      if (alloc === 0) continue;
      const d = Math.min(v.req[i]! / alloc, 1) - mean;
      sum += d * d;
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * 100);
}
