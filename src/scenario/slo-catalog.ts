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
 * - `counter`: a running total; only its value at the end of the run is an objective (with
 *   `from`, its increase after that instant).
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
  requestLatency: {
    kind: "latency",
    unit: "ms",
    stats: LATENCY_STATS,
    description: "Request latency of every workload with spec.traffic (CPU time, queueing for a worker thread, CFS throttling).",
  },
  cpuThrottledPeriodsRatio: {
    kind: "gauge",
    unit: "ratio",
    stats: GAUGE_STATS,
    description: "Throttled CFS periods / CFS periods over all traffic pods in each sample (cAdvisor container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total).",
  },
  oomKills: { kind: "counter", unit: "kills", stats: COUNTER_STATS, description: "Containers OOM-killed (exit code 137): at their memory limit, or by the node's global OOM killer." },
  failedRequests: { kind: "counter", unit: "requests", stats: COUNTER_STATS, description: "Requests that failed: no Ready endpoint, or more load than the pods could serve." },
  costPerHour: { kind: "gauge", unit: "$/h", stats: GAUGE_STATS, description: "Sum of the node pools' pricePerHour over existing nodes." },
  cost: { kind: "counter", unit: "$", stats: COUNTER_STATS, description: "Node price × hours, accumulated over the run." },
  // spec.dns (docs/dns.md).
  dnsLookupLatency: { kind: "latency", unit: "ms", stats: LATENCY_STATS, description: "getaddrinfo time of every DNS lookup of spec.traffic[].dns: all names tried, queueing at CoreDNS, upstream misses, resolver timeouts (failed lookups at the time they gave up)." },
  corednsUtilization: { kind: "gauge", unit: "ratio", stats: GAUGE_STATS, description: "Queries offered to CoreDNS / the Ready replicas' capacity in each sample (above 1: overloaded, the excess dropped)." },
  corednsRequestsPerSecond: { kind: "gauge", unit: "queries/s", stats: GAUGE_STATS, description: "Queries per second reaching CoreDNS (coredns_dns_requests_total rate)." },
  dnsAmplification: { kind: "gauge", unit: "queries/lookup", stats: GAUGE_STATS, description: "DNS queries the pods send per application lookup (ndots and search-path amplification)." },
  dnsTimeouts: { kind: "counter", unit: "timeouts", stats: COUNTER_STATS, description: "Resolver timeouts: a query or answer lost (CoreDNS overload, conntrack race, no CoreDNS endpoint), resent after the timeout." },
  dnsFailedLookups: { kind: "counter", unit: "lookups", stats: COUNTER_STATS, description: "Lookups that failed after all attempts (EAI_AGAIN) or found no name (EAI_NONAME)." },
} as const satisfies Record<string, SloMetric>;

export type SloMetricName = keyof typeof SLO_METRICS;

export const SLO_METRIC_NAMES = Object.keys(SLO_METRICS) as SloMetricName[];

/** Every statistic, in the order the schema lists them. */
export const SLO_STATS: readonly SloStat[] = ["p50", "p90", "p95", "p99", "p99_9", "max", "min", "mean", "count", "final", "sum"];

export function isSloMetric(name: string): name is SloMetricName {
  return Object.prototype.hasOwnProperty.call(SLO_METRICS, name);
}

/**
 * Metrics an official preset names but no model in this build produces yet. They are not SLO
 * metrics a scenario may name (the schema's enum leaves them out, so a typo still fails
 * validation); a preset objective over one is reported as "not measured" and never fails a
 * run. Each moves into `SLO_METRICS` when its model lands.
 */
export const UNMODELLED_METRICS: Readonly<Record<string, { readonly unit: string; readonly needs: string }>> = {
  apiMutatingLatency: { unit: "ms", needs: "the API server cost model" },
  apiReadResourceLatency: { unit: "ms", needs: "the API server cost model" },
  apiReadNamespaceLatency: { unit: "ms", needs: "the API server cost model" },
  apiReadClusterLatency: { unit: "ms", needs: "the API server cost model" },
};

/** Unit of a catalog or unmodelled metric ("" when unknown). */
export function metricUnit(metric: string): string {
  return isSloMetric(metric) ? SLO_METRICS[metric].unit : (UNMODELLED_METRICS[metric]?.unit ?? "");
}

/** One objective of a preset, thresholds already in the metric's unit. */
export interface PresetObjective {
  /** A catalog metric, or one of `UNMODELLED_METRICS` (reported as not measured). */
  readonly metric: SloMetricName | keyof typeof UNMODELLED_METRICS;
  readonly stat: SloStat;
  readonly max: number | null;
  readonly min: number | null;
}

/**
 * `kubernetes-scalability`: the official SIG-scalability SLOs (kubernetes/community
 * sig-scalability/slos/slos.md). Pod startup latency p99 ≤ 5 s (pod_startup_latency.md: pull
 * and init containers excluded). API call latency p99 ≤ 1 s for mutating calls and for
 * read-only calls of one resource, ≤ 5 s namespace scope, ≤ 30 s cluster scope
 * (api_call_latency.md): listed so the user sees them, reported "not measured" until the API
 * server cost model produces them.
 */
export const SLO_PRESETS: Readonly<Record<string, readonly PresetObjective[]>> = {
  "kubernetes-scalability": [
    { metric: "podStartupLatency", stat: "p99", max: 5000, min: null },
    { metric: "apiMutatingLatency", stat: "p99", max: 1000, min: null },
    { metric: "apiReadResourceLatency", stat: "p99", max: 1000, min: null },
    { metric: "apiReadNamespaceLatency", stat: "p99", max: 5000, min: null },
    { metric: "apiReadClusterLatency", stat: "p99", max: 30000, min: null },
  ],
};

export const SLO_PRESET_NAMES = Object.keys(SLO_PRESETS);
