/**
 * Container memory and the node's defences (shared/reference/models.md §2):
 *
 * - a container's working set: base + memory per in-flight request + a leak growing since the
 *   container started + periodic spikes; at or above its memory limit the memcg OOM killer
 *   kills it: exit code 137 (128 + SIGKILL), reason `OOMKilled`;
 * - node-pressure eviction by the kubelet's eviction manager (pkg/kubelet/eviction):
 *   `memory.available = capacity − workingSet` checked every housekeeping interval (10 s)
 *   against the hard threshold `memory.available<100Mi`; one pod evicted per interval, ranked
 *   by `rankMemoryPressure`; the `MemoryPressure` condition holds until the threshold has not
 *   been met for `evictionPressureTransitionPeriod` (5 min);
 * - the kernel's global OOM killer when usage outruns the 10 s loop: the largest
 *   `oom_badness` ≈ `1000 · rss / RAM + oom_score_adj`, with oom_score_adj from the QoS class
 *   (pkg/kubelet/qos/policy.go).
 *
 * Pure functions and one small state machine; the runtime decides when to call them.
 */

/** Exit code of a container killed by SIGKILL (128 + 9), and the reason the kubelet reports. */
export const OOM_EXIT_CODE = 137;
export const OOM_KILLED_REASON = "OOMKilled";

/** pkg/kubelet/apis/config/v1beta1/defaults_linux.go DefaultEvictionHard: memory.available<100Mi. */
export const EVICTION_HARD_MEMORY_AVAILABLE_BYTES = 100 * 1024 * 1024;
/** Eviction monitoring interval (kubelet housekeeping): 10 s (node-pressure-eviction.md). */
export const HOUSEKEEPING_INTERVAL_US = 10_000_000;
/** defaults.go `evictionPressureTransitionPeriod`: 5 min. */
export const EVICTION_PRESSURE_TRANSITION_US = 300_000_000;
/** The taint the node lifecycle controller adds for MemoryPressure (TaintNodesByCondition). */
export const MEMORY_PRESSURE_TAINT = "node.kubernetes.io/memory-pressure";
/** Reason and message of an evicted pod (pkg/kubelet/eviction/helpers.go `Reason`, `nodeLowMessageFmt`). */
export const EVICTED_REASON = "Evicted";

/** pkg/kubelet/qos/policy.go. */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BESTEFFORT_OOM_SCORE_ADJ = 1000;
/** kubelet and kube-proxy: never the victim before a pod. */
export const KUBELET_OOM_SCORE_ADJ = -999;

export type QosName = "Guaranteed" | "Burstable" | "BestEffort";

/**
 * oom_score_adj of a container (policy.go `GetContainerOOMScoreAdjust`). Node-critical pods get
 * −997 whatever their class; Burstable gets `1000 − 1000 · memRequest / capacity` (integer
 * division), at least 3 (= 1000 − 997) and never 1000 (→ 999).
 */
export function oomScoreAdj(qos: QosName, memoryRequestBytes: number, memoryCapacityBytes: number, nodeCritical = false): number {
  if (nodeCritical || qos === "Guaranteed") return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === "BestEffort") return BESTEFFORT_OOM_SCORE_ADJ;
  // Go int64 arithmetic; BigInt keeps 1000 × request exact for any node size.
  const adj = 1000 - Number((1000n * BigInt(Math.floor(memoryRequestBytes))) / BigInt(Math.floor(memoryCapacityBytes)));
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BESTEFFORT_OOM_SCORE_ADJ) return adj - 1;
  return adj;
}

/** What a container's working set is made of (bytes; leak in bytes per second). */
export interface MemoryProfile {
  baseBytes: number;
  perInFlightBytes: number;
  leakBytesPerSec: number;
  /** Every `spikeEveryUs` from the container's start (+ `spikeEveryUs`), `spikeBytes` for `spikeDurationUs`; 0 = none. */
  spikeEveryUs: number;
  spikeBytes: number;
  spikeDurationUs: number;
}

/** Whether a spike is on `sinceStartUs` after the container started. */
export function spikeOn(m: MemoryProfile, sinceStartUs: number): boolean {
  if (m.spikeEveryUs <= 0 || sinceStartUs < m.spikeEveryUs) return false;
  return sinceStartUs % m.spikeEveryUs < m.spikeDurationUs;
}

/** Working set `sinceStartUs` after the container started with `inFlight` requests in progress. */
export function workingSetBytes(m: MemoryProfile, sinceStartUs: number, inFlight: number): number {
  return m.baseBytes + m.perInFlightBytes * inFlight + (m.leakBytesPerSec * sinceStartUs) / 1e6 + (spikeOn(m, sinceStartUs) ? m.spikeBytes : 0);
}

/**
 * The first instant in `[fromUs, toUs)` (times since the container started) at which the working
 * set reaches `limitBytes` with `inFlight` held constant, or −1. Exact for the leak (a line) and
 * the spikes (steps): the memcg OOM kill happens at the first such instant.
 */
export function oomInstantUs(m: MemoryProfile, limitBytes: number, inFlight: number, fromUs: number, toUs: number): number {
  if (limitBytes <= 0) return -1;
  if (workingSetBytes(m, fromUs, inFlight) >= limitBytes) return fromUs;
  const steady = m.baseBytes + m.perInFlightBytes * inFlight;
  let best = -1;
  if (m.leakBytesPerSec > 0) {
    // First µs at which the leak alone reaches the limit.
    const t = Math.ceil(((limitBytes - steady) * 1e6) / m.leakBytesPerSec);
    if (t < toUs) best = Math.max(t, fromUs);
  }
  if (m.spikeEveryUs > 0 && m.spikeBytes > 0) {
    // Spike starts in the window: at k · every for k ≥ 1.
    for (let k = Math.max(1, Math.ceil(fromUs / m.spikeEveryUs)); k * m.spikeEveryUs < toUs && (best < 0 || k * m.spikeEveryUs < best); k++) {
      const t = k * m.spikeEveryUs;
      if (steady + (m.leakBytesPerSec * t) / 1e6 + m.spikeBytes >= limitBytes) {
        best = t;
        break;
      }
    }
  }
  return best;
}

/** `memory.available` as the eviction manager computes it: capacity − working set. */
export function memoryAvailableBytes(capacityBytes: number, workingSetBytes: number): number {
  return capacityBytes - workingSetBytes;
}

/** The first housekeeping tick at or after `tUs` (ticks on multiples of the interval). */
export function nextHousekeepingUs(tUs: number, intervalUs: number = HOUSEKEEPING_INTERVAL_US): number {
  return Math.ceil(tUs / intervalUs) * intervalUs;
}

/**
 * Memory-pressure eviction order (pkg/kubelet/eviction/helpers.go `rankMemoryPressure`):
 * pods whose usage exceeds their request first, then lower priority first, then larger
 * `usage − request` first. QoS is not in the key: BestEffort pods come first only because their
 * request is 0. Ties keep the input order. Sorts `order` (indices into the arrays) in place.
 */
export function rankMemoryPressure(order: number[], usage: ArrayLike<number>, request: ArrayLike<number>, priority: ArrayLike<number>): number[] {
  return order.sort((a, b) => {
    const ea = usage[a]! > request[a]! ? 0 : 1;
    const eb = usage[b]! > request[b]! ? 0 : 1;
    if (ea !== eb) return ea - eb;
    if (priority[a] !== priority[b]) return priority[a]! - priority[b]!;
    const da = usage[a]! - request[a]!;
    const db = usage[b]! - request[b]!;
    if (da !== db) return db - da;
    return a - b;
  });
}

/**
 * The eviction manager's view of one node's memory signal, updated at each housekeeping tick
 * (eviction_manager.go `synchronize`): `evict` when the hard threshold is met now (grace 0);
 * `pressure` (the MemoryPressure condition) while the threshold was met within the last
 * `evictionPressureTransitionPeriod`.
 */
export class MemoryPressureState {
  lastMetUs = -Infinity;
  pressure = false;

  constructor(
    readonly thresholdBytes: number = EVICTION_HARD_MEMORY_AVAILABLE_BYTES,
    readonly transitionUs: number = EVICTION_PRESSURE_TRANSITION_US,
  ) {}

  /** Observes `available` at tick `nowUs`; returns true when a pod must be evicted now. */
  observe(nowUs: number, availableBytes: number): boolean {
    const met = availableBytes < this.thresholdBytes;
    if (met) this.lastMetUs = nowUs;
    this.pressure = nowUs - this.lastMetUs < this.transitionUs;
    return met;
  }
}

/**
 * The global OOM killer's victim (kernel `oom_badness`, M): the largest
 * `1000 · rss / totalBytes + oom_score_adj`; −1000 exempts; ties → the first. Returns −1 when none.
 */
export function globalOomVictim(n: number, rssBytes: ArrayLike<number>, adj: ArrayLike<number>, totalBytes: number): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < n; i++) {
    if (adj[i]! <= -1000) continue;
    const score = (1000 * rssBytes[i]!) / totalBytes + adj[i]!;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
