/**
 * The HPA replica calculator (pkg/controller/podautoscaler/replica_calculator.go
 * `GetResourceReplicas`, `calcPlainMetricReplicas`, `groupPods`; metrics/utilization.go),
 * pure functions over one sample per pod:
 *
 * - `groupPods`: deleting and Failed pods are ignored; Pending pods are unready; a pod without
 *   a metric is missing; for cpu, a pod in its `cpu-initialization-period` (5 min from
 *   `startTime`) is unready when not Ready or when its sample predates the Ready transition
 *   plus one metric window; after that period it is unready only when not Ready and its Ready
 *   condition last changed within `initial-readiness-delay` (30 s) of its start (never ready).
 * - Utilization = ⌊100 · Σ usage / Σ requests⌋ (integer percent) over pods with metrics;
 *   ratio = utilization / target. AverageValue: ratio = ⌊Σ usage / n⌋ / target (milli-units).
 * - No unready (on a scale-up) and no missing pods: within tolerance → current replicas,
 *   else ⌈ratio · readyPodCount⌉.
 * - Otherwise missing pods count as 100 % of their request (or the target, if above 100 %)
 *   on a scale-down and 0 on a scale-up; on a scale-up unready pods count as 0; the ratio is
 *   recomputed; within tolerance or a flipped direction → current; else ⌈newRatio · n⌉ where n
 *   counts every pod now in the metrics, unless that count flips the direction.
 *
 * Values are milli-units as upstream (`MilliValue()`): millicores for cpu, milli-bytes for
 * memory; sums use BigInt, since milli-bytes of a large Deployment pass 2^53.
 */

/** One pod of the target, as the controller sees it at a sync. */
export interface PodSample {
  /** `deletionTimestamp` set, or phase Failed: ignored. */
  ignored: boolean;
  /** Phase Pending: unready. */
  pending: boolean;
  /** The metric in milli-units; NaN when metrics-server has none for the pod. */
  usage: number;
  metricTimestampUs: number;
  metricWindowUs: number;
  /** The Ready condition: null when the pod has none or no `startTime`. */
  ready: boolean | null;
  startTimeUs: number;
  /** `LastTransitionTime` of the Ready condition. */
  readyTransitionUs: number;
  /** The pod's request of the resource in milli-units; NaN when a container has none. */
  request: number;
}

export interface CalcOptions {
  resource: "cpu" | "memory";
  nowUs: number;
  /** Tolerances below and above 1 (`Tolerances{scaleDown, scaleUp}`). */
  toleranceDown: number;
  toleranceUp: number;
  cpuInitializationPeriodUs: number;
  initialReadinessDelayUs: number;
}

export interface Proposal {
  replicas: number;
  /** Current utilization in percent (Utilization targets) or average usage in milli-units. */
  current: number;
  /** Non-empty when no proposal could be made (the controller's FailedGetResourceMetric). */
  error: string;
}

export const POD_READY = 0;
export const POD_UNREADY = 1;
export const POD_MISSING = 2;
export const POD_IGNORED = 3;

/** `groupPods`: one of POD_READY / POD_UNREADY / POD_MISSING / POD_IGNORED per pod. */
export function groupPods(pods: readonly PodSample[], o: CalcOptions): Uint8Array {
  const g = new Uint8Array(pods.length);
  pods.forEach((p, i) => {
    if (p.ignored) g[i] = POD_IGNORED;
    else if (p.pending) g[i] = POD_UNREADY;
    else if (Number.isNaN(p.usage)) g[i] = POD_MISSING;
    else if (o.resource === "cpu" && cpuUnready(p, o)) g[i] = POD_UNREADY;
    else g[i] = POD_READY;
  });
  return g;
}

function cpuUnready(p: PodSample, o: CalcOptions): boolean {
  if (p.ready === null || Number.isNaN(p.startTimeUs)) return true;
  // time.Time.After / Before are strict.
  if (p.startTimeUs + o.cpuInitializationPeriodUs > o.nowUs) {
    return p.ready === false || p.metricTimestampUs < p.readyTransitionUs + p.metricWindowUs;
  }
  return p.ready === false && p.startTimeUs + o.initialReadinessDelayUs > p.readyTransitionUs;
}

const within = (ratio: number, o: CalcOptions): boolean => 1 - o.toleranceDown <= ratio && ratio <= 1 + o.toleranceUp;

/**
 * `GetResourceReplicas` (`averageUtilization` percent) or `calcPlainMetricReplicas`
 * (`averageValueMilli`) for one Resource metric.
 */
export function calcReplicas(pods: readonly PodSample[], currentReplicas: number, target: { utilization: number | null; averageValueMilli: number | null }, o: CalcOptions): Proposal {
  if (pods.length === 0) return { replicas: 0, current: 0, error: "no pods returned by selector while calculating replica count" };
  const group = groupPods(pods, o);
  let readyPodCount = 0;
  let unready = 0;
  let missing = 0;
  // Pods whose value enters the ratio, and that value.
  const used: number[] = [];
  const value = new Float64Array(pods.length);
  for (let i = 0; i < pods.length; i++) {
    if (group[i] === POD_READY) {
      readyPodCount++;
      used.push(i);
      value[i] = pods[i]!.usage;
    } else if (group[i] === POD_UNREADY) unready++;
    else if (group[i] === POD_MISSING) missing++;
  }
  if (used.length === 0) return { replicas: 0, current: 0, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const utilizationTarget = target.utilization;
  if (utilizationTarget !== null) {
    // calculateRequests fails on any pod of the target (all pods are listed) lacking a request.
    for (const p of pods) if (Number.isNaN(p.request)) return { replicas: 0, current: 0, error: `missing request for ${o.resource}` };
  }
  const ratioOf = (idx: readonly number[]): { ratio: number; current: number } => {
    if (utilizationTarget !== null) {
      let m = 0n;
      let r = 0n;
      for (const i of idx) {
        m += BigInt(value[i]!);
        r += BigInt(pods[i]!.request);
      }
      if (r === 0n) return { ratio: NaN, current: 0 };
      const util = Number((m * 100n) / r);
      return { ratio: util / utilizationTarget, current: util };
    }
    let m = 0n;
    for (const i of idx) m += BigInt(value[i]!);
    const avg = Number(m / BigInt(idx.length));
    return { ratio: avg / target.averageValueMilli!, current: avg };
  };
  const first = ratioOf(used);
  if (Number.isNaN(first.ratio)) return { replicas: 0, current: 0, error: "no metrics returned matched known pods" };
  const usageRatio = first.ratio;
  const scaleUpWithUnready = unready > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missing === 0) {
    if (within(usageRatio, o)) return { replicas: currentReplicas, current: first.current, error: "" };
    return { replicas: Math.ceil(usageRatio * readyPodCount), current: first.current, error: "" };
  }
  const all = [...used];
  if (missing > 0 && usageRatio !== 1.0) {
    for (let i = 0; i < pods.length; i++) {
      if (group[i] !== POD_MISSING) continue;
      if (usageRatio < 1.0) {
        // Scale-down: 100 % of the request, or the target when it is above 100 %; plain
        // metrics (AverageValue) use exactly the target.
        value[i] = utilizationTarget !== null ? Math.trunc((pods[i]!.request * Math.max(100, utilizationTarget)) / 100) : target.averageValueMilli!;
      } else value[i] = 0;
      all.push(i);
    }
  }
  if (scaleUpWithUnready) {
    for (let i = 0; i < pods.length; i++) {
      if (group[i] !== POD_UNREADY) continue;
      value[i] = 0;
      all.push(i);
    }
  }
  const newUsageRatio = ratioOf(all).ratio;
  if (within(newUsageRatio, o) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return { replicas: currentReplicas, current: first.current, error: "" };
  }
  const newReplicas = Math.ceil(newUsageRatio * all.length);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicas: currentReplicas, current: first.current, error: "" };
  }
  return { replicas: newReplicas, current: first.current, error: "" };
}
