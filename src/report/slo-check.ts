/**
 * SLO evaluation: every `SloSpec` of the scenario (presets already expanded by the loader)
 * judged against what the run measured.
 *
 * - A **latency** SLO takes its statistic from the metric's histogram (ms, `summary.json`'s
 *   numbers); `count` is the number of observations.
 * - A **gauge** SLO takes its statistic over the samples (`max`, `min`, `mean`, `final` = the
 *   last sample). With `for`, the verdict is Prometheus' `for` clause instead
 *   (rules/alerting.go: an alert fires once its expression has held at consecutive evaluations
 *   spanning at least `for`): the SLO fails when consecutive samples stay outside the bound
 *   from t_i to t_j with t_j - t_i >= for. The statistic is still shown; a transient excursion
 *   shorter than `for` holds. A sample without a reading (NaN) ends a run of violations.
 * - A **counter** SLO judges its final value.
 * - With **`from`** only what happens from that instant on is judged: a latency's statistic is
 *   over the observations that started at or after it (runtime/slo-windows.ts keeps them
 *   apart), a gauge's over the samples at or after it (and a `for` violation must lie within
 *   them), a counter's value is its increase after it (final value − reading at `from`).
 * - A metric no model in this build produces (a preset's API call latency, or a catalog metric
 *   whose model has not landed) is `not_measured`: listed, never failing the run. A metric
 *   with no observation (no pod ever started) is `no_data` and holds.
 *
 * The evaluation reads a `MetricSources` so that tests can hand it series worked out by hand;
 * `runMetricSources` builds one from a finished run.
 */
import type { RunOutcome } from "../runtime/cluster-runtime.js";
import type { SloSpec } from "../scenario/scenario-types.js";
import { SLO_METRICS, UNMODELLED_METRICS, isSloMetric } from "../scenario/slo-catalog.js";
import { latencyHistogramOf } from "../runtime/slo-windows.js";
import { US_PER_MS } from "../metrics/latency-histogram.js";
import { GAUGE_NAMES, sampleStats, type MetricSummary, type RunSummary, type SloResult, type Stats } from "./run-summary.js";

/** What a run measured, by SLO metric name; `undefined` = not measured in this build. */
export interface MetricSources {
  /** A latency distribution's statistics, in ms; with `fromUs`, of the observations that started at or after it. */
  latency(metric: string, fromUs: number | null): Stats | undefined;
  /** A gauge's samples: times in µs, values in the metric's unit (evaluateSlo applies `from`). */
  gauge(metric: string): { timesUs: ArrayLike<number>; values: ArrayLike<number> } | undefined;
  /** A counter's final value; with `fromUs`, its increase after it (0 before the run gets there). */
  counter(metric: string, fromUs: number | null): number | undefined;
}

/** The sources of a finished run: the summary's latency and counter entries, the recorder's gauge series. */
export function runMetricSources(o: RunOutcome, summary: Pick<RunSummary, "metrics">): MetricSources {
  const seriesByName = new Map<string, number>();
  for (const g of o.recorder.gauges) {
    const json = GAUGE_NAMES[g.metric]?.[0];
    if (json !== undefined && g.scope === "cluster") seriesByName.set(json, g.id);
  }
  return {
    latency: (m, fromUs) => {
      if (fromUs !== null) {
        // The `from` windows (runtime/slo-windows.ts); the mutating API SLO is its worst pair's.
        if (m === "apiMutatingLatency") return o.apiServer ? (o.apiServer.metrics.worstMutating(fromUs) ?? EMPTY) : undefined;
        return latencyHistogramOf(o, m)?.window(fromUs).summary(US_PER_MS);
      }
      const x = summary.metrics[m];
      return x && "p99" in x ? (x as MetricSummary) : undefined;
    },
    gauge: (m) => {
      const id = seriesByName.get(m);
      return id === undefined ? undefined : o.recorder.sampler.series(id);
    },
    counter: (m, fromUs) => {
      const final = summary.metrics[m]?.count;
      if (final === undefined || fromUs === null) return final;
      // Not yet read: the run (a find-min probe so far) has not reached `from`, nothing counts yet.
      const atFrom = o.recorder.countersFrom.get(fromUs)?.get(m);
      return atFrom === undefined ? 0 : final - atFrom;
    },
  };
}

const EMPTY: Stats = { count: 0, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0 };

export function evaluateSlos(specs: readonly SloSpec[], src: MetricSources): SloResult[] {
  return specs.map((s) => evaluateSlo(s, src));
}

export function evaluateSlo(spec: SloSpec, src: MetricSources): SloResult {
  // A spec read back from an older run.json has no `fromUs`: the whole run, as before.
  const fromUs = spec.fromUs ?? null;
  const base: SloResult = {
    name: spec.name,
    metric: spec.metric,
    stat: spec.stat,
    objective: objectiveText(spec),
    max: spec.max,
    min: spec.min,
    forS: spec.forUs === null ? null : spec.forUs / 1e6,
    // Only with `from`, so that summary.json of scenarios without it keeps its bytes.
    ...(fromUs === null ? {} : { fromS: fromUs / 1e6 }),
    observed: null,
    unit: spec.unit,
    marginPct: null,
    ok: true,
    status: "not_measured",
    firstViolationS: null,
    longestViolationS: null,
    source: spec.preset !== null ? `preset:${spec.preset}` : `${spec.source.file}:${spec.source.line}:${spec.source.column}`,
    note: "",
  };
  const unmodelled = UNMODELLED_METRICS[spec.metric];
  if (unmodelled || !isSloMetric(spec.metric)) {
    // The API call latencies exist when the scenario runs the API server model (spec.apiServer).
    const st = unmodelled ? src.latency(spec.metric, fromUs) : undefined;
    if (st) {
      if (st.count === 0 && spec.stat !== "count") return { ...base, status: "no_data", note: "no observations" };
      return judge(base, spec, spec.stat === "count" ? st.count : st[spec.stat as keyof Stats]);
    }
    base.note = `not measured: needs ${unmodelled?.needs ?? "a model not in this build"}`;
    return base;
  }
  const kind = SLO_METRICS[spec.metric].kind;
  if (kind === "latency") {
    const st = src.latency(spec.metric, fromUs);
    if (!st) return notMeasured(base);
    if (st.count === 0 && spec.stat !== "count") return { ...base, status: "no_data", note: "no observations" };
    return judge(base, spec, spec.stat === "count" ? st.count : st[spec.stat as keyof Stats]);
  }
  if (kind === "counter") {
    const v = src.counter(spec.metric, fromUs);
    return v === undefined ? notMeasured(base) : judge(base, spec, v);
  }
  const series = src.gauge(spec.metric);
  if (!series) return notMeasured(base);
  if (fromUs === null) return judgeGauge(base, spec, series.timesUs, series.values);
  // `from`: the samples at or after it; a `for` run of violations then starts there at the earliest.
  let i0 = 0;
  while (i0 < series.timesUs.length && series.timesUs[i0]! < fromUs) i0++;
  const cut = (a: ArrayLike<number>): number[] => Array.prototype.slice.call(a, i0) as number[];
  return judgeGauge(base, spec, cut(series.timesUs), cut(series.values));
}

function notMeasured(r: SloResult): SloResult {
  return { ...r, note: "not measured: no model in this build produces it" };
}

/** Whether `v` is outside the objective's bounds. */
function violates(spec: SloSpec, v: number): boolean {
  return (spec.max !== null && v > spec.max) || (spec.min !== null && v < spec.min);
}

/** Margin to the nearest bound in % of the bound; null when that bound is 0. */
export function marginPct(spec: Pick<SloSpec, "max" | "min">, observed: number): number | null {
  const m: number[] = [];
  if (spec.max !== null) m.push(spec.max === 0 ? NaN : (100 * (spec.max - observed)) / spec.max);
  if (spec.min !== null) m.push(spec.min === 0 ? NaN : (100 * (observed - spec.min)) / spec.min);
  const finite = m.filter((x) => !Number.isNaN(x));
  return finite.length === 0 ? null : Math.min(...finite);
}

function judge(base: SloResult, spec: SloSpec, observed: number): SloResult {
  const ok = !violates(spec, observed);
  return { ...base, observed, marginPct: marginPct(spec, observed), ok, status: ok ? "pass" : "fail" };
}

function judgeGauge(base: SloResult, spec: SloSpec, timesUs: ArrayLike<number>, values: ArrayLike<number>): SloResult {
  const readings: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) readings.push(values[i]!);
  if (readings.length === 0) return { ...base, status: "no_data", note: "no samples" };
  const st = sampleStats(readings);
  const stat = spec.stat;
  const observed = stat === "final" ? readings[readings.length - 1]! : stat === "mean" ? st.mean : stat === "min" ? st.min : st.max;
  if (spec.forUs === null) {
    const r = judge(base, spec, observed);
    if (!r.ok) r.firstViolationS = firstOutside(spec, timesUs, values, stat);
    return r;
  }
  // `for`: runs of consecutive samples outside the bound.
  let runStart = -1;
  let longest = 0;
  let firstSustained: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && violates(spec, v)) {
      if (runStart < 0) runStart = timesUs[i]!;
      const span = timesUs[i]! - runStart;
      longest = Math.max(longest, span);
      if (firstSustained === null && span >= spec.forUs) firstSustained = runStart;
    } else runStart = -1;
  }
  const ok = firstSustained === null;
  return {
    ...base,
    observed,
    marginPct: marginPct(spec, observed),
    ok,
    status: ok ? "pass" : "fail",
    firstViolationS: firstSustained === null ? null : firstSustained / 1e6,
    longestViolationS: anyOutside(spec, values) ? longest / 1e6 : null,
  };
}

function anyOutside(spec: SloSpec, values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!) && violates(spec, values[i]!)) return true;
  return false;
}

/** First sample outside the bound (max/min stats), the last sample (final); null for a mean. */
function firstOutside(spec: SloSpec, timesUs: ArrayLike<number>, values: ArrayLike<number>, stat: string): number | null {
  if (stat === "mean") return null;
  if (stat === "final") return values.length > 0 ? timesUs[values.length - 1]! / 1e6 : null;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!) && violates(spec, values[i]!)) return timesUs[i]! / 1e6;
  return null;
}

/** A threshold in its unit for people: `5s`, `300ms`, `80%`, `$12.5/h`, `0`. */
export function fmtQuantity(v: number, unit: string): string {
  const n = (x: number): string => String(Number(x.toFixed(3)));
  switch (unit) {
    case "ms":
      if (v >= 60_000 && v % 60_000 === 0) return `${v / 60_000}m`;
      return v >= 1000 ? `${n(v / 1000)}s` : `${n(v)}ms`;
    case "%":
      return `${n(v)}%`;
    case "$/h":
      return `$${n(v)}/h`;
    case "$":
      return `$${n(v)}`;
    default:
      return n(v);
  }
}

/** `2m`, `90s`, `1h`. */
export function fmtFor(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${Number(seconds.toFixed(3))}s`;
}

/** `p99 <= 5s`, `max <= 0 for 2m`, `20% <= mean <= 85%`, `p99 <= 5s from 10m`. */
export function objectiveText(spec: Pick<SloSpec, "stat" | "max" | "min" | "unit" | "forUs"> & { fromUs?: number | null }): string {
  const q = (v: number): string => fmtQuantity(v, spec.unit);
  let t: string;
  if (spec.max !== null && spec.min !== null) t = `${q(spec.min)} <= ${spec.stat} <= ${q(spec.max)}`;
  else if (spec.max !== null) t = `${spec.stat} <= ${q(spec.max)}`;
  else t = `${spec.stat} >= ${q(spec.min ?? 0)}`;
  if (spec.forUs !== null) t = `${t} for ${fmtFor(spec.forUs / 1e6)}`;
  return spec.fromUs === undefined || spec.fromUs === null ? t : `${t} from ${fmtFor(spec.fromUs / 1e6)}`;
}
