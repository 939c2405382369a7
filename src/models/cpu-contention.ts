/**
 * Node CPU contention: how a node's cores are shared when its containers want more than it has
 * (models.md §1.3 item 6). The kernel's CFS gives runnable groups CPU in proportion to their
 * `cpu.shares` (v1) / `cpu.weight` (v2), recursively through the cgroup tree the kubelet builds
 * (pkg/kubelet/cm/qos_container_manager_linux.go):
 *
 *   kubepods ─┬─ pod<uid> (each Guaranteed pod; shares = its requests)
 *             ├─ burstable  (shares = sum of its pods' CPU requests) ─ pod<uid> ...
 *             └─ besteffort (shares = MinShares 2)                   ─ pod<uid> ...
 *
 * A group never gets more than it demands (nor more than its CFS limit, which the caller folds
 * into the demand), and what it leaves is shared among the others: weighted max-min fairness,
 * computed by water-filling. All functions work in place on caller-owned typed arrays.
 */
import { milliCpuToShares, MIN_SHARES } from "./cfs.js";

/**
 * Weighted max-min water-filling: `out[i] = min(demand[i], weight[i] · λ)` with λ such that
 * `Σ out = capacity` (or every demand met). Indices `from..to` of the arrays; `order` is a
 * scratch array of at least `to − from` entries. Returns the capacity left over.
 */
export function waterFill(
  demand: ArrayLike<number>,
  weight: ArrayLike<number>,
  capacity: number,
  out: Float64Array,
  from: number,
  to: number,
  order: Int32Array,
): number {
  const m = to - from;
  let total = 0;
  for (let i = from; i < to; i++) total += demand[i]!;
  if (total <= capacity) {
    for (let i = from; i < to; i++) out[i] = demand[i]!;
    return capacity - total;
  }
  // Sort by demand/weight: groups saturate in that order as λ rises.
  for (let j = 0; j < m; j++) order[j] = from + j;
  const key = (i: number): number => (weight[i]! > 0 ? demand[i]! / weight[i]! : Infinity);
  const sorted = Array.prototype.slice.call(order, 0, m) as number[];
  sorted.sort((a, b) => key(a) - key(b) || a - b);
  let left = capacity;
  let wLeft = 0;
  for (const i of sorted) wLeft += weight[i]!;
  for (let j = 0; j < m; j++) {
    const i = sorted[j]!;
    const w = weight[i]!;
    const share = wLeft > 0 ? (left * w) / wLeft : 0;
    if (demand[i]! <= share) {
      out[i] = demand[i]!;
      left -= demand[i]!;
      wLeft -= w;
    } else {
      // Every remaining group is limited by λ = left / wLeft.
      const lambda = wLeft > 0 ? left / wLeft : 0;
      for (let r = j; r < m; r++) out[sorted[r]!] = weight[sorted[r]!]! * lambda;
      return 0;
    }
  }
  return left;
}

/** QoS class codes for the hierarchy (the same order as the kubelet's cgroup tree). */
export const QOS_GUARANTEED = 0;
export const QOS_BURSTABLE = 1;
export const QOS_BESTEFFORT = 2;

/**
 * Shares the node's `cores` among pods `0..n−1` through the QoS hierarchy. `demand[i]` is the
 * CPU (cores) pod i would use unconstrained (already capped at its limit), `requestMilli[i]` its
 * CPU request, `qos[i]` its class. Writes each pod's allotment to `out`. `scratch` holds ≥ n+3
 * doubles ×3 and `order` ≥ n+3 ints (callers reuse them across nodes).
 */
export function shareNodeCpu(
  n: number,
  demand: Float64Array,
  requestMilli: Float64Array,
  qos: Uint8Array,
  cores: number,
  out: Float64Array,
  scratch: { demand: Float64Array; weight: Float64Array; out: Float64Array; order: Int32Array },
): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += demand[i]!;
  if (total <= cores) {
    for (let i = 0; i < n; i++) out[i] = demand[i]!;
    return;
  }
  // Top level: each Guaranteed pod, then the burstable slice, then the besteffort slice.
  const d = scratch.demand;
  const w = scratch.weight;
  const o = scratch.out;
  let m = 0;
  let burstDemand = 0;
  let burstMilli = 0;
  let beDemand = 0;
  for (let i = 0; i < n; i++) {
    if (qos[i] === QOS_GUARANTEED) {
      d[m] = demand[i]!;
      w[m] = milliCpuToShares(requestMilli[i]!);
      m++;
    } else if (qos[i] === QOS_BURSTABLE) {
      burstDemand += demand[i]!;
      burstMilli += requestMilli[i]!;
    } else beDemand += demand[i]!;
  }
  const iBurst = m;
  d[m] = burstDemand;
  w[m] = milliCpuToShares(burstMilli);
  const iBe = m + 1;
  d[iBe] = beDemand;
  w[iBe] = MIN_SHARES;
  waterFill(d, w, cores, o, 0, m + 2, scratch.order);
  const burstCores = o[iBurst]!;
  const beCores = o[iBe]!;
  // Write the Guaranteed pods' allotments, then share each slice among its pods by their shares.
  let g = 0;
  for (let i = 0; i < n; i++) if (qos[i] === QOS_GUARANTEED) out[i] = o[g++]!;
  shareSlice(QOS_BURSTABLE, burstCores);
  shareSlice(QOS_BESTEFFORT, beCores);

  function shareSlice(cls: number, sliceCores: number): void {
    let k = 0;
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      if (qos[i] !== cls) continue;
      d[k] = demand[i]!;
      w[k] = milliCpuToShares(requestMilli[i]!);
      idx.push(i);
      k++;
    }
    if (k === 0) return;
    waterFill(d, w, sliceCores, o, 0, k, scratch.order);
    for (let j = 0; j < k; j++) out[idx[j]!] = o[j]!;
  }
}

/** Scratch arrays for `shareNodeCpu` on nodes of up to `maxPods` pods. */
export function contentionScratch(maxPods: number): { demand: Float64Array; weight: Float64Array; out: Float64Array; order: Int32Array } {
  const n = maxPods + 3;
  return { demand: new Float64Array(n), weight: new Float64Array(n), out: new Float64Array(n), order: new Int32Array(n) };
}
