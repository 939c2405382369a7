/**
 * SLO `from` windows: what a run keeps apart so that an objective can be judged only on what
 * happens from a simulated instant on (the warm-up, or initial-transient, deletion of
 * simulation output analysis; SIG-scalability judges pod startup "over last 5 minutes" of a
 * steady cluster, kubernetes/community sig-scalability/slos/pod_startup_latency.md).
 *
 * - latency metrics: a `since(from)` window on the metric's histogram holds the observations
 *   that *started* at or after `from` (a pod's creation for the startup SLIs, its first entry
 *   to the scheduling queue for scheduling latency, a request's or lookup's sample period,
 *   an API call's arrival at the server). They must exist before anything is recorded, so
 *   `openSloWindows` runs when the runtime is built;
 * - counters: their reading at `from` (taken before any other event of that instant, so that
 *   what happens at `from` counts), which the final value minus gives the increase after it;
 * - gauges need nothing here: their samples carry their times (slo-check.ts filters them).
 *
 *   openSloWindows(rt, scenario.slos);            // in buildRuntime
 *   latencyHistogramOf(o, "podStartupLatency")!.window(600e6).summary(1000).p99;
 */
import type { ApiServerModel } from "../apiserver/api-server-model.js";
import { SCOPE_CLUSTER, SCOPE_NAMESPACE, SCOPE_RESOURCE } from "../apiserver/api-metrics.js";
import type { NodeLifecycleController } from "../controllers/node-lifecycle.js";
import { Band, type Simulation } from "../engine/index.js";
import type { LatencyHistogram } from "../metrics/latency-histogram.js";
import type { ResolvedScenario } from "../scenario/scenario-types.js";
import { SLO_METRICS, isSloMetric } from "../scenario/slo-catalog.js";
import type { DnsDynamics } from "./dns-dynamics.js";
import type { ResourceDynamics } from "./resource-dynamics.js";
import type { RunRecorder } from "./run-recorder.js";

/** The parts of a runtime (or a finished `RunOutcome`) that hold SLO metrics. */
export interface SloMetricOwners {
  recorder: RunRecorder;
  nodeLifecycle: NodeLifecycleController;
  resources: ResourceDynamics;
  apiServer: ApiServerModel | null;
  dns: DnsDynamics | null;
}

/**
 * The histogram of a latency metric, the one `summary.json` summarises; undefined when no
 * model of this run produces it. `apiMutatingLatency` is the worst of many (verb, resource)
 * histograms: `ApiMetrics.worstMutating(from)` reads its windows.
 */
export function latencyHistogramOf(rt: SloMetricOwners, metric: string): LatencyHistogram | undefined {
  switch (metric) {
    case "podStartupLatency":
      return rt.recorder.podStartupLatency;
    case "podStartupLatencyE2E":
      return rt.recorder.podStartupLatencyE2E;
    case "schedulingLatency":
      return rt.recorder.schedulingLatency;
    case "requestLatency":
      // Measured only with spec.traffic, as summary.json has it (run-summary.ts latencyMetrics).
      return rt.resources.workloads.length > 0 ? rt.resources.requestLatency : undefined;
    case "dnsLookupLatency":
      return rt.dns?.lookupLatency;
    case "apiReadResourceLatency":
      return rt.apiServer?.metrics.readByScope[SCOPE_RESOURCE];
    case "apiReadNamespaceLatency":
      return rt.apiServer?.metrics.readByScope[SCOPE_NAMESPACE];
    case "apiReadClusterLatency":
      return rt.apiServer?.metrics.readByScope[SCOPE_CLUSTER];
    default:
      return undefined;
  }
}

/**
 * A counter's value now, as `summary.json` states it at the end of the run (the same sums and
 * the same rounding); undefined for a metric that is not a counter of this run.
 */
export function counterReading(rt: SloMetricOwners, metric: string, scenario: ResolvedScenario, nowUs: number): number | undefined {
  switch (metric) {
    case "failedScheduling":
      return rt.recorder.eventsByReason.get("FailedScheduling") ?? 0;
    case "evictions":
      return rt.nodeLifecycle.evictions + rt.resources.evictions;
    case "oomKills":
      return rt.resources.oomKills;
    case "failedRequests":
      return Math.round(rt.resources.failedRequests);
    case "dnsTimeouts":
      return rt.dns ? Math.round(rt.dns.timeouts) : undefined;
    case "dnsFailedLookups":
      return rt.dns ? Math.round(rt.dns.failedLookups) : undefined;
    case "cost": {
      // Node-hours × pricePerHour so far, as run-summary.ts's capacity() sums them at the end.
      const price = new Map(scenario.nodePools.map((p) => [p.name, p.pricePerHour]));
      let cost = 0;
      for (const n of rt.recorder.nodes.values()) {
        const until = Number.isNaN(n.deletedUs) ? nowUs : Math.min(n.deletedUs, nowUs);
        cost += ((until - n.createdUs) / 3.6e9) * (price.get(n.pool) ?? 0);
      }
      return cost;
    }
    default:
      return undefined;
  }
}

/**
 * Opens the windows the scenario's `from` objectives need: latency windows on their histograms
 * (API call latencies only when the API server model runs), and one reading of every counter
 * SLO at each distinct counter `from`, kept in `recorder.countersFrom`. Nothing is added for a
 * scenario without `from`, so its run is event for event what it was.
 */
export function openSloWindows(rt: SloMetricOwners, scenario: ResolvedScenario, sim: Simulation): void {
  const counterFroms = new Map<number, string[]>();
  for (const s of scenario.slos) {
    const fromUs = s.fromUs ?? null;
    if (fromUs === null) continue;
    const kind = isSloMetric(s.metric) ? SLO_METRICS[s.metric].kind : "latency";
    if (kind === "latency") {
      // The API call latencies (a preset's): every (verb, resource) pair and read scope at once.
      if (s.metric.startsWith("api")) rt.apiServer?.metrics.addWindow(fromUs);
      // requestLatency's workloads are only known once the run starts: open its window anyway.
      else if (s.metric === "requestLatency") rt.resources.requestLatency.since(fromUs);
      else latencyHistogramOf(rt, s.metric)?.since(fromUs);
    } else if (kind === "counter") {
      const list = counterFroms.get(fromUs) ?? [];
      if (!list.includes(s.metric)) list.push(s.metric);
      counterFroms.set(fromUs, list);
    }
  }
  if (counterFroms.size === 0) return;
  const instants = [...counterFroms.keys()].sort((a, b) => a - b);
  // Band.NODE_FAILURE is the first band of an instant: the reading precedes everything at `from`.
  const kRead = sim.handler((i) => {
    const at = instants[i]!;
    const readings = new Map<string, number>();
    for (const m of counterFroms.get(at)!) {
      const v = counterReading(rt, m, scenario, sim.nowUs);
      if (v !== undefined) readings.set(m, v);
    }
    rt.recorder.countersFrom.set(at, readings);
  });
  instants.forEach((at, i) => sim.at(at, Band.NODE_FAILURE, kRead, i));
}

