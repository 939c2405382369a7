/**
 * Whether an SLO judged on the first part of a run has failed for good: no later observation
 * can turn its verdict back to a pass, so a run that only needs its verdict (a find-min probe)
 * may stop there. Decided from how each statistic can move as the run goes on (slo-check.ts
 * defines the statistics):
 *
 * - growing statistics (a gauge's or latency's `max`, a latency's `count`, a counter's value:
 *   every counter of slo-catalog.ts counts events and never goes down) are final once above
 *   a `max` bound;
 * - shrinking ones (a gauge's or latency's `min`) once below a `min` bound;
 * - a gauge with `for` once a sustained violation has been found (Prometheus' `for`: the alert
 *   has fired; later samples cannot unfire it);
 * - percentiles, means and `final` values can move either way (a p99 falls again as fast pods
 *   follow slow ones), so they are never final before the end.
 *
 * With `from`, nothing before it is in the judged statistic (slo-check.ts): a latency's
 * window holds no observation that started earlier, a gauge's samples and `for` runs begin at
 * `from`, a counter's increase is 0 until the run reaches it. So no SLO fails for good before
 * `from`, however bad the warm-up, and the rules above apply unchanged after it.
 *
 *   failedForGood(spec, evaluateSlo(spec, sourcesSoFar))   // true: the run fails whatever follows
 */
import type { SloSpec } from "../scenario/scenario-types.js";
import { SLO_METRICS, isSloMetric } from "../scenario/slo-catalog.js";
import type { SloResult } from "./run-summary.js";

/** Statistics that only grow, and only shrink, as observations are added. */
const GROWING = new Set(["max", "count"]);
const SHRINKING = new Set(["min"]);

/** Whether the SLO can fail for good before the run ends at all (one bound a one-way statistic can cross). */
export function canFailForGood(spec: SloSpec): boolean {
  const kind = isSloMetric(spec.metric) ? SLO_METRICS[spec.metric].kind : "latency";
  if (kind === "gauge" && spec.forUs !== null) return true;
  const grows = kind === "counter" || GROWING.has(spec.stat);
  const shrinks = kind !== "counter" && SHRINKING.has(spec.stat);
  return (grows && spec.max !== null) || (shrinks && spec.min !== null);
}

export function failedForGood(spec: SloSpec, partial: SloResult): boolean {
  if (partial.status !== "fail" || partial.observed === null) return false;
  const kind = isSloMetric(spec.metric) ? SLO_METRICS[spec.metric].kind : "latency"; // unmodelled ones are API call latencies
  if (kind === "gauge" && spec.forUs !== null) return true;
  const v = partial.observed;
  const grows = kind === "counter" || GROWING.has(spec.stat);
  const shrinks = kind !== "counter" && SHRINKING.has(spec.stat);
  return (grows && spec.max !== null && v > spec.max) || (shrinks && spec.min !== null && v < spec.min);
}
