/**
 * The run summary: the `--json` document of `ux.md` A5 (also written as `summary.json`) and
 * the rows of `summary.csv`, built from a `RunOutcome`. Metric names in the JSON are the SLO
 * metric names (`podStartupLatency`); CSV names carry the unit (`pod_startup_latency_ms`).
 * Latencies are in ms; gauges are summarised over their samples (nearest-rank percentiles).
 *
 * The SLO engineer fills `slos` and the exit code through `SloVerdict` (empty until then).
 */
import type { RunOutcome } from "../runtime/cluster-runtime.js";
import type { LatencyHistogram } from "../metrics/latency-histogram.js";
import { US_PER_MS } from "../metrics/latency-histogram.js";
import { dnsMetrics } from "./dns-outputs.js";
import { KUBESIM_VERSION } from "../version.js";
import { apiServerMetrics } from "./api-server-summary.js";
import { traceSummary, type TraceSummary } from "./trace-report.js";

export interface Stats {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p99_9: number;
  max: number;
}

export interface MetricSummary extends Stats {
  unit: string;
}

/**
 * `pass`/`fail`: evaluated. `not_measured`: no model in this build produces the metric (never
 * fails a run). `no_data`: the metric exists but had no observation (no pod started, say);
 * nothing to judge, so it holds.
 */
export type SloStatus = "pass" | "fail" | "not_measured" | "no_data";

/** One SLO's verdict (slo.csv row, junit.xml testcase, the SLOS block). */
export interface SloResult {
  name: string;
  metric: string;
  stat: string;
  /** Human text of the objective: `p99 <= 5s`, `max <= 0 for 2m`. */
  objective: string;
  /** Bounds in `unit`; null when absent. */
  max: number | null;
  min: number | null;
  /** `for`, in seconds: a gauge's sampled value outside the bound that long fails. */
  forS: number | null;
  /** `from`, in seconds: only what happened from then on was judged; absent without `from`. */
  fromS?: number;
  /** The statistic's value in `unit`; null when not measured or without data. */
  observed: number | null;
  unit: string;
  /** Distance to the nearest bound in % of that bound (negative = violated); null for a 0 bound. */
  marginPct: number | null;
  ok: boolean;
  status: SloStatus;
  /** Simulated time the (sustained, with `for`) violation began; null when none or unknown. */
  firstViolationS: number | null;
  /** With `for`: the longest time the samples stayed outside the bound, in seconds. */
  longestViolationS: number | null;
  /** `preset:kubernetes-scalability` or `scenario.yaml:31:7`. */
  source: string;
  /** Why not measured, or other context; "" when none. */
  note: string;
}

export interface CapacitySummary {
  nodesStart: number;
  nodesEnd: number;
  nodesReadyMin: number;
  nodeHours: number;
  cost: number;
  cpuRequestedPeakPct: number;
  cpuRequestedPeakAtS: number;
  memoryRequestedPeakPct: number;
}

export interface RunSummary {
  apiVersion: "kubesim.io/v1alpha1";
  kind: "RunSummary";
  kubesimVersion: string;
  scenario: string;
  seed: number;
  runId: string;
  resultsDir: string;
  durationSimulatedS: number;
  slos: SloResult[];
  metrics: Record<string, MetricSummary | { unit: string; count: number }>;
  capacity: CapacitySummary;
  events: Record<string, number>;
  /** The most frequent FailedScheduling message, "" when none. */
  topFailedScheduling: string;
  /** `spec.workloads[].trace` replay figures (report/trace-report.ts); absent without traces. */
  trace?: TraceSummary;
  warnings: string[];
  exitCode: number;
}

/** Latency metrics: JSON name, CSV name, histogram. */
export function latencyMetrics(o: RunOutcome): [string, string, LatencyHistogram][] {
  const r = o.recorder;
  return [
    ["schedulingLatency", "scheduling_latency_ms", r.schedulingLatency],
    ["podStartupLatency", "pod_startup_latency_ms", r.podStartupLatency],
    ["podStartupLatencyE2E", "pod_startup_latency_e2e_ms", r.podStartupLatencyE2E],
    // Only with spec.traffic, so that runs without traffic keep their summary unchanged.
    ...(o.resources.workloads.length > 0 ? [["requestLatency", "request_latency_ms", o.resources.requestLatency] as [string, string, LatencyHistogram]] : []),
    ...(o.dns ? [["dnsLookupLatency", "dns_lookup_latency_ms", o.dns.lookupLatency] as [string, string, LatencyHistogram]] : []),
  ];
}

/** Gauge CSV names → JSON (SLO metric) names and units. */
export const GAUGE_NAMES: Record<string, [string, string]> = {
  pending_pods: ["pendingPods", "pods"],
  running_pods: ["runningPods", "pods"],
  nodes_ready: ["nodesReady", "nodes"],
  cpu_requested_pct: ["cpuRequestedPct", "%"],
  memory_requested_pct: ["memoryRequestedPct", "%"],
  cpu_throttled_periods_ratio: ["cpuThrottledPeriodsRatio", "ratio"],
  cost_per_hour: ["costPerHour", "$/h"],
  coredns_utilization: ["corednsUtilization", "ratio"],
  coredns_requests_per_second: ["corednsRequestsPerSecond", "queries/s"],
  dns_amplification: ["dnsAmplification", "queries/lookup"],
};

/** Nearest-rank statistics of a sample (empty → zeros). */
export function sampleStats(values: ArrayLike<number>): Stats {
  const v = Array.from(values).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { count: 0, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0 };
  const at = (p: number): number => v[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  let sum = 0;
  for (const x of v) sum += x;
  return { count: n, mean: sum / n, min: v[0]!, p50: at(50), p90: at(90), p95: at(95), p99: at(99), p99_9: at(99.9), max: v[n - 1]! };
}

/** Every gauge's sample statistics, by CSV name. */
export function gaugeStats(o: RunOutcome): { metric: string; scope: string; stats: Stats; timesUs: Float64Array; values: Float64Array }[] {
  return o.recorder.gauges.map((g) => {
    const s = o.recorder.sampler.series(g.id);
    return { metric: g.metric, scope: g.scope, stats: sampleStats(s.values), ...s };
  });
}

export function buildRunSummary(o: RunOutcome, runId: string, resultsDir: string, slos: SloResult[] = [], exitCode = 0): RunSummary {
  const metrics: RunSummary["metrics"] = {};
  for (const [name, , h] of latencyMetrics(o)) metrics[name] = { unit: "ms", ...h.summary(US_PER_MS) };
  const gauges = gaugeStats(o);
  for (const g of gauges) {
    const n = GAUGE_NAMES[g.metric];
    if (n) metrics[n[0]] = { unit: n[1], ...g.stats };
  }
  metrics["failedScheduling"] = { unit: "events", count: o.recorder.eventsByReason.get("FailedScheduling") ?? 0 };
  metrics["evictions"] = { unit: "pods", count: o.nodeLifecycle.evictions + o.resources.evictions };
  // Node-hours × pricePerHour over the run (runtime/cluster-cost.ts); the `cost` SLO counter.
  metrics["cost"] = { unit: "$", count: capacity(o, gauges).cost };
  if (o.resources.workloads.length > 0) {
    metrics["oomKills"] = { unit: "kills", count: o.resources.oomKills };
    metrics["failedRequests"] = { unit: "requests", count: Math.round(o.resources.failedRequests) };
  }
  // spec.apiServer: the API call latency SLIs (worst (verb, resource) pair) and 429s.
  if (o.apiServer) Object.assign(metrics, apiServerMetrics(o.apiServer));
  if (o.dns) Object.assign(metrics, dnsMetrics(o.dns));
  const events: Record<string, number> = {};
  for (const [k, v] of [...o.recorder.eventsByReason].sort((a, b) => (a[0] < b[0] ? -1 : 1))) events[k] = v;
  let top = "";
  let topN = 0;
  for (const [m, n] of o.recorder.failedSchedulingMessages) if (n > topN) [top, topN] = [m, n];
  return {
    apiVersion: "kubesim.io/v1alpha1",
    kind: "RunSummary",
    kubesimVersion: KUBESIM_VERSION,
    scenario: o.scenario.name,
    seed: o.scenario.seed,
    runId,
    resultsDir,
    durationSimulatedS: o.simulatedUs / 1e6,
    slos,
    metrics,
    capacity: capacity(o, gauges),
    events,
    topFailedScheduling: top,
    ...(o.traceReplay ? { trace: traceSummary(o)! } : {}),
    warnings: o.warnings,
    exitCode,
  };
}

function capacity(o: RunOutcome, gauges: ReturnType<typeof gaugeStats>): CapacitySummary {
  const price = new Map(o.scenario.nodePools.map((p) => [p.name, p.pricePerHour]));
  let nodeHours = 0;
  let cost = 0;
  let start = 0;
  let end = 0;
  for (const n of o.recorder.nodes.values()) {
    const until = Number.isNaN(n.deletedUs) ? o.simulatedUs : n.deletedUs;
    const h = (until - n.createdUs) / 3.6e9;
    nodeHours += h;
    cost += h * (price.get(n.pool) ?? 0);
    if (n.createdUs === 0) start++;
    if (Number.isNaN(n.deletedUs)) end++;
  }
  const ready = gauges.find((g) => g.metric === "nodes_ready");
  const cpu = gauges.find((g) => g.metric === "cpu_requested_pct");
  const mem = gauges.find((g) => g.metric === "memory_requested_pct");
  let peakAt = 0;
  if (cpu) for (let i = 0; i < cpu.values.length; i++) if (cpu.values[i] === cpu.stats.max) { peakAt = cpu.timesUs[i]! / 1e6; break; }
  return {
    nodesStart: start,
    nodesEnd: end,
    nodesReadyMin: ready?.stats.min ?? 0,
    nodeHours,
    cost,
    cpuRequestedPeakPct: cpu?.stats.max ?? 0,
    cpuRequestedPeakAtS: peakAt,
    memoryRequestedPeakPct: mem?.stats.max ?? 0,
  };
}
