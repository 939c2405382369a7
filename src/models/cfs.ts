/**
 * CFS bandwidth control of one container cgroup (Linux `Documentation/scheduler/sched-bwc.rst`)
 * and the kubelet's conversions from a container's CPU limit and request
 * (pkg/kubelet/cm/helpers_linux.go `MilliCPUToQuota`, `MilliCPUToShares`).
 *
 * The cgroup is a fluid budget (shared/reference/models.md §1.3): at each period boundary the
 * runtime is refilled to `min(left + Q, Q + B)`; while `k` threads are runnable on `cores`
 * CPUs the group burns `min(k, cores)` CPU-µs per µs; when the runtime is gone before the
 * boundary every thread stalls until the boundary (throttled). Counters follow cpu.stat:
 * `nr_periods` counts periods with runnable threads, `nr_throttled` once per throttled period,
 * `throttled_time` sums the per-CPU run-queue stalls (so it can exceed wall time).
 *
 * `simulateCgroup` runs a worker pool of `threads` over a list of requests (arrival, CPU cost),
 * FIFO, each request on one thread: it is exact for the validation cases of models.md §7 and
 * is what `response-curve.ts` samples to build a workload's latency/throttling curve.
 *
 * Simplifications (documented in docs/resource-dynamics.md): the 5 ms per-CPU slice and the
 * 1 ms `min_cfs_rq_runtime` are ignored (they shift exhaustion by at most a slice per CPU); the
 * kernel's trailing idle period is not counted in `nr_periods`.
 */

/** Kernel default `cfs_period_us` and the kubelet's `cpuCFSQuotaPeriod` default: 100 ms. */
export const CFS_PERIOD_US = 100_000;
/** helpers_linux.go `MinQuotaPeriod`: the kernel refuses a quota below 1 ms. */
export const MIN_QUOTA_US = 1000;
/** helpers_linux.go: `MinShares`, `MaxShares`, `SharesPerCPU`, `MilliCPUToCPU`. */
export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;
export const SHARES_PER_CPU = 1024;
const MILLI_CPU_TO_CPU = 1000;

/**
 * CFS quota of a CPU limit (helpers_linux.go `MilliCPUToQuota`): `milliCPU × period / 1000`
 * with integer division, floored at 1 ms; a limit of 0 (unset) means no quota, −1.
 */
export function milliCpuToQuota(milliCpu: number, periodUs: number = CFS_PERIOD_US): number {
  if (milliCpu <= 0) return -1;
  const quota = Math.floor((milliCpu * periodUs) / MILLI_CPU_TO_CPU);
  return quota < MIN_QUOTA_US ? MIN_QUOTA_US : quota;
}

/** cgroup v1 `cpu.shares` of a CPU request (helpers_linux.go `MilliCPUToShares`): ×1024/1000, clamped to [2, 262144]. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu <= 0) return MIN_SHARES;
  const shares = Math.floor((milliCpu * SHARES_PER_CPU) / MILLI_CPU_TO_CPU);
  if (shares < MIN_SHARES) return MIN_SHARES;
  return shares > MAX_SHARES ? MAX_SHARES : shares;
}

/**
 * cgroup v2 `cpu.weight` from shares, as runc/crun mapped it until 2025:
 * `1 + ((shares − 2) × 9999) / 262142` (integer division). Only ratios matter for sharing,
 * and the ratio of weights tracks the ratio of shares, so contention uses shares.
 */
export function sharesToWeight(shares: number): number {
  return 1 + Math.floor(((shares - MIN_SHARES) * 9999) / 262_142);
}

/**
 * Latency of one request needing `costUs` of CPU on a single thread that starts at a period
 * boundary with a full budget (models.md §1.3 item 7): `⌊(c−ε)/Q⌋·P + (c − ⌊(c−ε)/Q⌋·Q)`.
 * A quota ≥ the period (a limit ≥ 1 CPU) cannot throttle one thread.
 */
export function singleThreadLatencyUs(costUs: number, quotaUs: number, periodUs: number = CFS_PERIOD_US): number {
  if (quotaUs < 0 || quotaUs >= periodUs || costUs <= 0) return Math.max(0, costUs);
  const full = Math.ceil(costUs / quotaUs) - 1; // ⌊(c − ε)/Q⌋
  return full * periodUs + (costUs - full * quotaUs);
}

/** The cpu.stat counters of one cgroup (cAdvisor's container_cpu_cfs_*). */
export interface CfsCounters {
  /** `nr_periods`: periods in which the group had runnable threads. */
  periods: number;
  /** `nr_throttled`: periods that ended with the group throttled. */
  throttledPeriods: number;
  /** `throttled_time` in µs, summed over the throttled per-CPU run queues. */
  throttledUs: number;
  /** `nr_bursts`, `burst_time` (µs): periods that used more than the quota, and by how much. */
  bursts: number;
  burstUs: number;
  /** CPU time consumed (µs). */
  usedUs: number;
}

export interface CgroupParams {
  /** `cfs_quota_us`; −1 = unlimited. */
  quotaUs: number;
  periodUs?: number;
  /** `cpu.cfs_burst_us` (≤ quota); 0 = off. */
  burstUs?: number;
  /** CPUs the group can run on at once (node cores, or its fair share under contention). */
  cores: number;
  /** Worker threads: requests beyond this many wait in the FIFO queue. */
  threads: number;
  /** Start with a full burst bucket (the group was idle for at least a period). */
  burstBucketFull?: boolean;
  /** Time of the first period boundary (the period timer's phase); default 0. */
  phaseUs?: number;
}

export interface CgroupRun {
  counters: CfsCounters;
  /** Per request, in input order: completion − arrival (µs). */
  latencyUs: Float64Array;
  /** When the last request completed. */
  endUs: number;
}

const EPS = 1e-6;

/**
 * Runs a FIFO worker pool under CFS bandwidth control over requests given by `arrivalUs`
 * (non-decreasing) and `costUs` (CPU time each, on one thread). Runnable threads share the
 * cores equally (each runs at `min(1, cores / k)`), burning the budget at `min(k, cores)`.
 * Ties at one instant: completions, then the period boundary, then arrivals.
 */
export function simulateCgroup(p: CgroupParams, arrivalUs: ArrayLike<number>, costUs: ArrayLike<number>): CgroupRun {
  const n = arrivalUs.length;
  const P = p.periodUs ?? CFS_PERIOD_US;
  const Q = p.quotaUs;
  const B = p.burstUs ?? 0;
  const limited = Q >= 0;
  const threads = Math.max(1, p.threads);
  const cores = p.cores;
  if (!(cores > 0)) throw new RangeError(`simulateCgroup: cores must be > 0, got ${cores}`);
  const latency = new Float64Array(n);
  const c: CfsCounters = { periods: 0, throttledPeriods: 0, throttledUs: 0, bursts: 0, burstUs: 0, usedUs: 0 };
  // In-service requests: index and the value of `served` at which each finishes.
  const slotReq = new Int32Array(threads);
  const slotMark = new Float64Array(threads);
  let k = 0;
  let served = 0; // work done per running thread since the start (all running threads progress alike)
  let queueHead = 0; // next request not yet in service (FIFO, arrivals in order)
  let arrived = 0; // requests with arrival ≤ t
  let done = 0;
  let t = n > 0 ? Math.min(arrivalUs[0]!, p.phaseUs ?? 0) : 0;
  const phase = p.phaseUs ?? 0;
  let boundary = phase + Math.floor((t - phase) / P + 1) * P;
  if (boundary <= t) boundary += P;
  let runtime = limited ? Q + (p.burstBucketFull ? B : 0) : Infinity;
  let usedInPeriod = 0;
  let active = false;
  let throttled = false;
  let endUs = t;

  const startQueued = (): void => {
    while (k < threads && queueHead < arrived) {
      slotReq[k] = queueHead;
      slotMark[k] = served + costUs[queueHead]!;
      k++;
      queueHead++;
    }
    if (k > 0) active = true;
  };

  while (done < n) {
    const nextArrival = arrived < n ? arrivalUs[arrived]! : Infinity;
    if (k === 0 && queueHead === arrived) {
      // Idle: jump to the next arrival, refilling across the idle boundaries.
      if (limited && nextArrival >= boundary) {
        closePeriod();
        const skipped = Math.floor((nextArrival - boundary) / P);
        boundary += (skipped + 1) * P;
        // Each boundary crossed while idle (the first one included) refills Q, capped at Q + B.
        runtime = Math.min(Math.max(runtime, 0) + (skipped + 1) * Q, Q + B);
      }
      t = Math.max(t, nextArrival);
      while (arrived < n && arrivalUs[arrived]! <= t) arrived++;
      startQueued();
      continue;
    }
    const rate = k > 0 ? Math.min(1, cores / k) : 0;
    const burn = k * rate;
    let next = nextArrival;
    if (limited) next = Math.min(next, boundary);
    if (!throttled && k > 0) {
      let minMark = Infinity;
      for (let i = 0; i < k; i++) if (slotMark[i]! < minMark) minMark = slotMark[i]!;
      next = Math.min(next, t + (minMark - served) / rate);
      if (limited) next = Math.min(next, t + runtime / burn);
    }
    const dt = next - t;
    if (throttled) c.throttledUs += Math.min(k, cores) * dt;
    else if (k > 0) {
      served += rate * dt;
      c.usedUs += burn * dt;
      usedInPeriod += burn * dt;
      if (limited) runtime -= burn * dt;
    }
    t = next;
    // Completions.
    for (let i = 0; i < k; ) {
      if (slotMark[i]! <= served + EPS) {
        const r = slotReq[i]!;
        latency[r] = t - arrivalUs[r]!;
        done++;
        endUs = t;
        k--;
        slotReq[i] = slotReq[k]!;
        slotMark[i] = slotMark[k]!;
      } else i++;
    }
    startQueued();
    if (limited && t >= boundary - EPS) {
      closePeriod();
      boundary += P;
      runtime = Math.min(Math.max(runtime, 0) + Q, Q + B);
    } else if (limited && !throttled && k > 0 && runtime <= EPS) {
      throttled = true;
      runtime = 0;
    }
    while (arrived < n && arrivalUs[arrived]! <= t + EPS) arrived++;
    startQueued();
  }
  // The period in progress at the end had activity: count it as the kernel would at its boundary.
  if (limited && active) closePeriod();
  c.throttledUs = round6(c.throttledUs);
  c.burstUs = round6(c.burstUs);
  c.usedUs = round6(c.usedUs);
  for (let i = 0; i < n; i++) latency[i] = round6(latency[i]!);
  return { counters: c, latencyUs: latency, endUs: round6(endUs) };

  function closePeriod(): void {
    if (active) c.periods++;
    if (throttled) c.throttledPeriods++;
    if (usedInPeriod > Q + EPS) {
      c.bursts++;
      c.burstUs += usedInPeriod - Q;
    }
    throttled = false;
    usedInPeriod = 0;
    active = k > 0 || queueHead < arrived;
  }
}

/** Float noise of the fluid arithmetic, removed from reported values (sub-picosecond). */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** `nr_throttled / nr_periods` (cAdvisor: throttled_periods_total / periods_total); 0 with no periods. */
export function throttledRatio(c: Pick<CfsCounters, "periods" | "throttledPeriods">): number {
  return c.periods > 0 ? c.throttledPeriods / c.periods : 0;
}
