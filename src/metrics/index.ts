/**
 * metrics: what the simulation measures while it runs.
 *
 * Three kinds of instrument, one file each: `LatencyHistogram` (HDR percentiles of a
 * latency, exact count/mean/min/max), `CounterSet` (scoped counters such as
 * `oom_kills{deployment/checkout}`) and `TimeSeriesSampler` (gauges read at a fixed
 * interval of simulated time). Each returns plain rows for `report/` to write; none knows
 * about files, the engine or Kubernetes objects.
 *
 * May import: the `hdr-histogram-js` package and Node built-ins. Nothing from other layers:
 * callers drive the instruments (the sampler is told the time, it never schedules itself).
 *
 * Usage:
 *   const startup = new LatencyHistogram();            // values in µs
 *   startup.record(readyUs - createdUs);
 *   const oom = new CounterSet().counter("oom_kills", "deployment/checkout"); oom.inc();
 *   const ts = new TimeSeriesSampler(DEFAULT_SAMPLE_INTERVAL_US);
 *   ts.gauge("pending_pods", "cluster", () => queue.length); ts.sample(sim.nowUs); // then at ts.nextSampleUs
 *   formatCsv(TIME_SERIES_COLUMNS, ts.rows()); startup.summary(US_PER_MS).p99;
 */
export {
  DEFAULT_HIGHEST_TRACKABLE_VALUE,
  DEFAULT_SIGNIFICANT_DIGITS,
  LATENCY_SUMMARY_COLUMNS,
  LatencyHistogram,
  US_PER_MS,
  latencySummaryCells,
  scaleLatencySummary,
  type LatencyHistogramOptions,
  type LatencySummary,
} from "./latency-histogram.js";
export { COUNTER_COLUMNS, Counter, CounterSet, assertMetricName, type CounterRow } from "./counter.js";
export {
  DEFAULT_SAMPLE_INTERVAL_US,
  TIME_SERIES_COLUMNS,
  TimeSeriesSampler,
  type GaugeReader,
  type TimeSeriesRow,
} from "./time-series.js";
