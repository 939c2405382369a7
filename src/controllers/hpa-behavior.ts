/**
 * What the HPA controller does with a metric's recommendation before writing the scale
 * (pkg/controller/podautoscaler/horizontal.go), per HPA:
 *
 * - `behavior` nil (the legacy path, `normalizeDesiredReplicas`): the recommendation is
 *   stabilised to the maximum of the recommendations of the last
 *   `--horizontal-pod-autoscaler-downscale-stabilization` (300 s; a recommendation exactly
 *   300 s old is still in: `Before(cutoff)` is strict), then clamped to
 *   [minReplicas, min(maxReplicas, max(2 · current, 4))] (`calculateScaleUpLimit`).
 * - `behavior` set (`normalizeDesiredReplicasWithBehaviors`): the recommendation is brought
 *   within [min of the scale-up window, max of the scale-down window] around the current count
 *   (windows hold recommendations strictly newer than now − window: one exactly 300 s old is
 *   out), then rate-limited by the policies: per policy, the replicas at the start of its
 *   period (current − added + removed in the last `periodSeconds`, events strictly newer) plus
 *   `value` pods or × (1 + value %) rounded up for scale-up, minus `value` pods or
 *   × (1 − value %) truncated for scale-down; `selectPolicy` Max takes the largest change,
 *   Min the smallest, Disabled none; then clamped to [minReplicas, maxReplicas].
 * - Every scale is recorded as an event (behavior path only) for the rate limits.
 *
 * `recordInitialRecommendation`: the first sync records the current replica count as a
 * recommendation, so a fresh HPA cannot scale down before a full window has passed.
 */
import type { HpaScalingRules, HpaSpec } from "./hpa-spec.js";

interface Stamped {
  value: number;
  tUs: number;
}

/** horizontal.go: scaleUpLimitFactor, scaleUpLimitMinimum. */
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export class HpaRecommendations {
  readonly recommendations: Stamped[] = [];
  readonly scaleUpEvents: (Stamped & { outdated: boolean })[] = [];
  readonly scaleDownEvents: (Stamped & { outdated: boolean })[] = [];
  /** The last limiting condition (ScalingLimited reason), for status and tests. */
  limitReason = "";

  /** `recordInitialRecommendation`. */
  recordInitial(currentReplicas: number, nowUs: number): void {
    if (this.recommendations.length === 0) this.recommendations.push({ value: currentReplicas, tUs: nowUs });
  }

  /** The replica count to write, from the metrics' recommendation (`desired`). */
  normalize(spec: HpaSpec, current: number, desired: number, nowUs: number, downscaleStabilizationUs: number): number {
    if (spec.behavior === null) return this.normalizeLegacy(spec, current, desired, nowUs, downscaleStabilizationUs);
    const up = spec.behavior.scaleUp;
    const down = spec.behavior.scaleDown;
    const downWindowUs = (down.stabilizationWindowSeconds ?? downscaleStabilizationUs / 1e6) * 1e6;
    const stabilized = this.stabilizeWithBehaviors(current, desired, nowUs, (up.stabilizationWindowSeconds ?? 0) * 1e6, downWindowUs);
    return this.rateLimit(spec, up, down, current, stabilized, nowUs);
  }

  /** `storeScaleEvent`: only HPAs with a behavior keep events (nothing reads them otherwise). */
  recordScale(spec: HpaSpec, prev: number, next: number, nowUs: number): void {
    if (spec.behavior === null) return;
    const upward = next > prev;
    const list = upward ? this.scaleUpEvents : this.scaleDownEvents;
    const rules = upward ? spec.behavior.scaleUp : spec.behavior.scaleDown;
    let longest = 0;
    for (const p of rules.policies) longest = Math.max(longest, p.periodSeconds);
    const cutoff = nowUs - longest * 1e6;
    let reuse = -1;
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.tUs < cutoff) list[i]!.outdated = true;
      if (list[i]!.outdated) reuse = i;
    }
    const e = { value: Math.abs(next - prev), tUs: nowUs, outdated: false };
    if (reuse >= 0) list[reuse] = e;
    else list.push(e);
  }

  private normalizeLegacy(spec: HpaSpec, current: number, desired: number, nowUs: number, windowUs: number): number {
    // stabilizeRecommendation.
    const cutoff = nowUs - windowUs;
    let max = desired;
    let old = -1;
    this.recommendations.forEach((r, i) => {
      if (r.tUs < cutoff) old = i;
      else if (r.value > max) max = r.value;
    });
    if (old >= 0) this.recommendations[old] = { value: desired, tUs: nowUs };
    else this.recommendations.push({ value: desired, tUs: nowUs });
    // convertDesiredReplicasWithRules.
    const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
    const maximum = Math.min(spec.maxReplicas, scaleUpLimit);
    if (max < spec.minReplicas) return this.limited("TooFewReplicas", spec.minReplicas);
    if (max > maximum) return this.limited(spec.maxReplicas > scaleUpLimit ? "ScaleUpLimit" : "TooManyReplicas", maximum);
    return this.limited("DesiredWithinRange", max);
  }

  /** `stabilizeRecommendationWithBehaviors`. */
  private stabilizeWithBehaviors(current: number, desired: number, nowUs: number, upWindowUs: number, downWindowUs: number): number {
    const upCutoff = nowUs - upWindowUs;
    const downCutoff = nowUs - downWindowUs;
    let upRec = desired;
    let downRec = desired;
    let old = -1;
    this.recommendations.forEach((r, i) => {
      if (r.tUs > upCutoff) upRec = Math.min(r.value, upRec);
      if (r.tUs > downCutoff) downRec = Math.max(r.value, downRec);
      if (r.tUs < upCutoff && r.tUs < downCutoff) old = i;
    });
    let rec = current;
    if (rec < upRec) rec = upRec;
    if (rec > downRec) rec = downRec;
    if (old >= 0) this.recommendations[old] = { value: desired, tUs: nowUs };
    else this.recommendations.push({ value: desired, tUs: nowUs });
    return rec;
  }

  /** `convertDesiredReplicasWithBehaviorRate`. */
  private rateLimit(spec: HpaSpec, up: HpaScalingRules, down: HpaScalingRules, current: number, desired: number, nowUs: number): number {
    if (desired > current) {
      let limit = this.scaleUpLimit(up, current, nowUs);
      if (limit < current) limit = current;
      const maximum = Math.min(spec.maxReplicas, limit);
      if (desired > maximum) return this.limited(spec.maxReplicas > limit ? "ScaleUpLimit" : "TooManyReplicas", maximum);
    } else if (desired < current) {
      let limit = this.scaleDownLimit(down, current, nowUs);
      if (limit > current) limit = current;
      const minimum = Math.max(spec.minReplicas, limit);
      if (desired < minimum) return this.limited(spec.minReplicas < limit ? "ScaleDownLimit" : "TooFewReplicas", minimum);
    }
    return this.limited("DesiredWithinRange", desired);
  }

  private limited(reason: string, n: number): number {
    this.limitReason = reason;
    return n;
  }

  /** `calculateScaleUpLimitWithScalingRules`. */
  scaleUpLimit(rules: HpaScalingRules, current: number, nowUs: number): number {
    if (rules.selectPolicy === "Disabled") return current;
    const useMin = rules.selectPolicy === "Min";
    let result = useMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    for (const p of rules.policies) {
      const start = current - changeInPeriod(p.periodSeconds, this.scaleUpEvents, nowUs) + changeInPeriod(p.periodSeconds, this.scaleDownEvents, nowUs);
      const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  /** `calculateScaleDownLimitWithBehaviors`. */
  scaleDownLimit(rules: HpaScalingRules, current: number, nowUs: number): number {
    if (rules.selectPolicy === "Disabled") return current;
    const useMin = rules.selectPolicy === "Min";
    let result = useMin ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    for (const p of rules.policies) {
      const start = current - changeInPeriod(p.periodSeconds, this.scaleUpEvents, nowUs) + changeInPeriod(p.periodSeconds, this.scaleDownEvents, nowUs);
      const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }
}

/** `getReplicasChangePerPeriod`: replicas changed by events strictly newer than now − period. */
function changeInPeriod(periodSeconds: number, events: readonly Stamped[], nowUs: number): number {
  const cutoff = nowUs - periodSeconds * 1e6;
  let n = 0;
  for (const e of events) if (e.tUs > cutoff) n += e.value;
  return n;
}
