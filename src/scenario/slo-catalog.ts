/**
 * The metrics an SLO may name (`spec.slos[].metric`), what each one measures, its unit and
 * which statistics make sense for it. The catalog is the one in docs/design/scenario-runs.md
 * ("Metrics"); an SLO naming anything else is a validation error, never a silent pass
 * (the lesson of k6 issue #1526, where a threshold on a misspelled metric always passed).
 *
 *     const m = SLO_METRICS.podStartupLatency;   // { kind: "latency", unit: "ms", ... }
 *     m.stats.includes("p99");                    // true
 *     SLO_PRESETS["kubernetes-scalability"];      // [{ metric: "podStartupLatency", stat: "p99", max: 5000, min: null }]
 */
import type { SloStat } from "./scenario-types.js";

/**
 * - `latency`: one observation per pod, summarised by a histogram (percentiles, mean, count).
 * - `gauge`: a level sampled every `sampleInterval` (pending pods, requested CPU %).
 * - `counter`: a running total; only its value at the end of the run is an objective.
 */
export type MetricKind = "latency" | "gauge" | "counter";

export interface SloMetric {
  readonly kind: MetricKind;
  /** Unit of the observed value and of the threshold (`ms` for every latency). */
  readonly unit: string;
  /** Statistics an SLO may ask of this metric. */
  readonly stats: readonly SloStat[];
  /** Shown by editors on hover (through the JSON Schema) and in docs/scenarios.md. */
  readonly description: string;
}

const LATENCY_STATS: readonly SloStat[] = ["p50", "p90", "p95", "p99", "p99_9", "max", "min", "mean", "count"];
/** Over the samples of the run; `final` is the last sample. `for` applies to gauges only. */
const GAUGE_STATS: readonly SloStat[] = ["max", "min", "mean", "final"];
/** A counter only grows, so its final value is also its maximum and its sum. */
const COUNTER_STATS: readonly SloStat[] = ["final"];

export const SLO_METRICS = {
  podStartupLatency: {
    kind: "latency",
    unit: "ms",
    stats: LATENCY_STATS,
    // kubernetes/community sig-scalability/slos/pod_startup_latency.md
    description: "Pod created → Ready, excluding image pull (the SIG-scalability pod startup SLI).",
  },
  podStartupLatencyE2E: {
    kind: "latency",
    unit: "ms",
    stats: LATENCY_STATS,
    description: "Pod created → Ready, image pulls and init containers included.",
  },
  schedulingLatency: {
    kind: "latency",
    unit: "ms",
    stats: LATENCY_STATS,
    description: "First entry to the scheduling queue → bound to a node.",
  },
  pendingPods: { kind: "gauge", unit: "pods", stats: GAUGE_STATS, description: "Pods not yet bound to a node." },
  runningPods: { kind: "gauge", unit: "pods", stats: GAUGE_STATS, description: "Pods in phase Running." },
  nodesReady: { kind: "gauge", unit: "nodes", stats: GAUGE_STATS, description: "Nodes whose Ready condition is True." },
  cpuRequestedPct: {
    kind: "gauge",
    unit: "%",
    stats: GAUGE_STATS,
    description: "CPU requested by bound pods / CPU allocatable, over Ready nodes, in percent.",
  },
  memoryRequestedPct: {
    kind: "gauge",
    unit: "%",
    stats: GAUGE_STATS,
    description: "Memory requested by bound pods / memory allocatable, over Ready nodes, in percent.",
  },
  failedScheduling: { kind: "counter", unit: "events", stats: COUNTER_STATS, description: "FailedScheduling events." },
  evictions: { kind: "counter", unit: "pods", stats: COUNTER_STATS, description: "Pods evicted (node-pressure, taint-based, drain)." },
  costPerHour: { kind: "gauge", unit: "$/h", stats: GAUGE_STATS, description: "Sum of the node pools' pricePerHour over existing nodes." },
  cost: { kind: "counter", unit: "$", stats: COUNTER_STATS, description: "Node price × hours, accumulated over the run." },
} as const satisfies Record<string, SloMetric>;

export type SloMetricName = keyof typeof SLO_METRICS;

export const SLO_METRIC_NAMES = Object.keys(SLO_METRICS) as SloMetricName[];

/** Every statistic, in the order the schema lists them. */
export const SLO_STATS: readonly SloStat[] = ["p50", "p90", "p95", "p99", "p99_9", "max", "min", "mean", "count", "final", "sum"];

export function isSloMetric(name: string): name is SloMetricName {
  return Object.prototype.hasOwnProperty.call(SLO_METRICS, name);
}

/** One objective of a preset, thresholds already in the metric's unit. */
export interface PresetObjective {
  readonly metric: SloMetricName;
  readonly stat: SloStat;
  readonly max: number | null;
  readonly min: number | null;
}

/**
 * `kubernetes-scalability`: the official SIG-scalability SLOs that apply to metrics kubesim has.
 * Pod startup latency p99 ≤ 5 s (sig-scalability/slos/pod_startup_latency.md). The API call
 * latency SLOs (mutating p99 ≤ 1 s, read-only ≤ 1/5/30 s) join once the API server cost model
 * produces those metrics.
 */
export const SLO_PRESETS: Readonly<Record<string, readonly PresetObjective[]>> = {
  "kubernetes-scalability": [{ metric: "podStartupLatency", stat: "p99", max: 5000, min: null }],
};

export const SLO_PRESET_NAMES = Object.keys(SLO_PRESETS);
