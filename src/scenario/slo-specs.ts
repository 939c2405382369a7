/**
 * `spec.slos[]` resolved into `SloSpec`s: presets expanded, thresholds converted to the metric's
 * unit (latencies in ms: `max: 5s` → 5000), and every combination that cannot be evaluated
 * refused up front: a stat the metric does not have (`pendingPods p99`), a latency threshold
 * without a unit, a percentage on a metric that is not one, `for` on anything but a gauge,
 * a `from` at or after the end of the run.
 *
 * `from` (on an objective or a preset entry) judges only what happens from that simulated
 * instant on: the warm-up deletion, as SIG-scalability judges pod startup on a cluster already
 * at its size, not on the burst that filled it (kubernetes/community
 * sig-scalability/slos/pod_startup_latency.md: "99th percentile over last 5 minutes").
 */
import { DurationError, parseDuration } from "../cluster/duration.js";
import type { RawScalar, RawSlo } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { SloSpec, SloStat } from "./scenario-types.js";
import { SLO_METRICS, SLO_PRESETS, isSloMetric, metricUnit, type SloMetric } from "./slo-catalog.js";

const US_PER_MS = 1000;

export function resolveSlos(raw: readonly RawSlo[], ck: ScenarioChecker, durationUs: number): SloSpec[] {
  const out: SloSpec[] = [];
  const named = new Set<string>();
  const uniqueName = (base: string): string => {
    let name = base;
    for (let k = 2; named.has(name); k++) name = `${base}-${k}`;
    return name;
  };
  raw.forEach((s, i) => {
    const path = ["spec", "slos", i] as const;
    const source = ck.positionOf(path);
    if (s.name !== undefined && named.has(s.name)) ck.fail([...path, "name"], "INVALID_VALUE", `another SLO is already named ${JSON.stringify(s.name)}`);

    if (s.preset !== undefined) {
      const extra = (["metric", "stat", "max", "min", "for"] as const).find((k) => s[k] !== undefined);
      if (extra !== undefined) ck.fail([...path, extra], "INVALID_VALUE", "a preset entry takes no metric, stat or threshold; write them as a separate entry", "key");
      const fromUs = fromInstant(path, s.from, durationUs, ck);
      for (const p of SLO_PRESETS[s.preset] ?? []) {
        const name = uniqueName(`${p.metric}-${p.stat}`);
        named.add(name);
        out.push({ name, metric: p.metric, stat: p.stat, max: p.max, min: p.min, unit: metricUnit(p.metric), forUs: null, ...fromKey(fromUs), preset: s.preset, source });
      }
      return;
    }
    if (s.metric === undefined) {
      ck.fail([...path, "metric"], "MISSING_FIELD", "an SLO needs a preset, or a metric with a stat and a max or min", "key");
      return;
    }
    if (!isSloMetric(s.metric)) return; // already reported by the schema's enum
    const metric: SloMetric = SLO_METRICS[s.metric];
    if (s.stat === undefined) {
      ck.fail([...path, "stat"], "MISSING_FIELD", `which statistic of ${s.metric}? one of ${metric.stats.join(", ")}`, "key");
      return;
    }
    const stat = s.stat as SloStat;
    if (!metric.stats.includes(stat)) {
      ck.fail([...path, "stat"], "INVALID_VALUE", `${s.metric} is a ${metric.kind}: ${stat} does not apply; use one of ${metric.stats.join(", ")}`);
    }
    if (s.max === undefined && s.min === undefined) ck.fail([...path, "max"], "MISSING_FIELD", "an SLO needs a max or a min", "key");
    // A count of observations is a plain number, whatever the metric measures.
    const unit = stat === "count" ? "count" : metric.unit;
    const isLatency = metric.kind === "latency" && stat !== "count";
    const max = s.max === undefined ? null : threshold([...path, "max"], s.max, isLatency, unit, ck);
    const min = s.min === undefined ? null : threshold([...path, "min"], s.min, isLatency, unit, ck);
    if (max !== null && min !== null && min > max) ck.fail([...path, "min"], "INVALID_VALUE", `min ${min} is above max ${max}: the objective can never hold`);
    const fromUs = fromInstant(path, s.from, durationUs, ck);
    let forUs: number | null = null;
    if (s.for !== undefined) {
      if (metric.kind !== "gauge") ck.fail([...path, "for"], "INVALID_VALUE", `"for" applies to gauges (sampled levels); ${s.metric} is a ${metric.kind}`, "key");
      forUs = ck.duration([...path, "for"], s.for, 0, 1);
      if (forUs > durationUs) ck.fail([...path, "for"], "INVALID_VALUE", `${JSON.stringify(s.for)} is longer than the run (spec.duration)`);
      // A violation must fit in the judged part, or the objective could never fail.
      else if (fromUs !== null && forUs > durationUs - fromUs) ck.fail([...path, "for"], "INVALID_VALUE", `${JSON.stringify(s.for)} is longer than what is judged after "from" ${JSON.stringify(s.from)} (spec.duration − from)`);
    }
    const name = s.name ?? uniqueName(`${s.metric}-${stat}`);
    named.add(name);
    out.push({ name, metric: s.metric, stat, max, min, unit, forUs, ...fromKey(fromUs), preset: null, source });
  });
  return out;
}

/** `{fromUs}` only with `from`: a spec without it has no such key (run.json keeps its bytes). */
function fromKey(fromUs: number | null): { fromUs?: number } {
  return fromUs === null ? {} : { fromUs };
}

/** `from` in µs (null when absent): a duration strictly inside the run, since a later one would judge nothing. */
function fromInstant(path: readonly (string | number)[], v: RawScalar | undefined, durationUs: number, ck: ScenarioChecker): number | null {
  if (v === undefined) return null;
  const us = ck.duration([...path, "from"], v, NaN, 0);
  if (Number.isNaN(us)) return null; // reported by ck.duration
  if (us >= durationUs) {
    ck.fail([...path, "from"], "INVALID_VALUE", `${JSON.stringify(v)} is not before the end of the run (spec.duration): nothing would be judged`);
    return null;
  }
  return us;
}

/** A threshold in the metric's unit: a duration for latencies (→ ms), else a number or `NN%` for percentages. */
function threshold(path: readonly (string | number)[], v: RawScalar, isLatency: boolean, unit: string, ck: ScenarioChecker): number | null {
  if (isLatency) {
    if (typeof v === "number" && v !== 0) {
      ck.fail(path, "INVALID_VALUE", `a latency threshold needs a unit: write ${v}s or ${v}ms`);
      return null;
    }
    try {
      return parseDuration(v) / US_PER_MS;
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      ck.fail(path, "INVALID_VALUE", e.message);
      return null;
    }
  }
  let text = String(v).trim();
  if (text.endsWith("%")) {
    if (unit !== "%") {
      ck.fail(path, "INVALID_VALUE", `a percentage does not apply to a metric in ${unit}`);
      return null;
    }
    text = text.slice(0, -1);
  }
  const n = text === "" ? NaN : Number(text);
  if (!Number.isFinite(n) || n < 0) {
    ck.fail(path, "INVALID_VALUE", `expected a non-negative number${unit === "%" ? " or a percentage like 80%" : ""} (in ${unit}), got ${JSON.stringify(v)}`);
    return null;
  }
  return n;
}
