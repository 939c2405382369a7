/**
 * The requests of one workload with traffic, as the resource-dynamics model accounts them: how
 * many were issued and how many failed, and their latencies. The model serves requests in
 * fractions (rate × interval, split over pods and the response curve's quantile points); they
 * become integer histogram counts here by error diffusion, so that the counts add up to the
 * requests served, with the DNS time of their lookups added when the DNS model runs.
 */
import { LatencyHistogram } from "../metrics/latency-histogram.js";
import type { RequestDelay } from "../models/dns/request-delay.js";
import { CURVE_QUANTILE_WEIGHTS } from "../models/response-curve.js";
import type { WorkloadTraffic } from "../scenario/scenario-types.js";

/** Per workload with traffic. */
export interface WorkloadState {
  spec: WorkloadTraffic;
  /** `Deployment/web`, the scope of its metrics (as pods.csv's workload column). */
  scope: string;
  pods: Set<number>;
  latency: LatencyHistogram;
  /** Error-diffusion carry per quantile point, so that integer counts add up to the requests. */
  carry: Float64Array;
  requests: number;
  failed: number;
  // Last interval, for the gauges.
  rateRps: number;
  throttledRatio: number;
  cpuMillicores: number;
  maxWorkingSet: number;
  p99Ms: number;
  /** DNS time added to each request this interval, and the share failing on DNS (dns-dynamics.ts); null = none. */
  dnsDelay: RequestDelay | null;
  /** Carry per (quantile point, DNS delay component). */
  dnsCarry: Float64Array | null;
}

/** A workload's state at the start of the run. */
export function newWorkloadState(spec: WorkloadTraffic): WorkloadState {
  return {
    spec, scope: `${spec.target.kind}/${spec.target.namespace}/${spec.target.name}`, pods: new Set(), latency: new LatencyHistogram(), carry: new Float64Array(CURVE_QUANTILE_WEIGHTS.length),
    requests: 0, failed: 0, rateRps: 0, throttledRatio: 0, cpuMillicores: 0, maxWorkingSet: 0, p99Ms: 0, dnsDelay: null, dnsCarry: null,
  };
}

/**
 * Adds `requests` at the quantiles `q` (the current curve point's) to the workload's histogram
 * and to `all`, the histogram of every workload (integer counts, carried). They were issued
 * during the period that starts now: an SLO's `from` counts them by that start.
 */
export function recordRequests(w: WorkloadState, q: Float64Array, requests: number, all: LatencyHistogram, nowUs: number): void {
  if (w.dnsDelay) return recordRequestsWithDns(w, q, requests, w.dnsDelay, all, nowUs);
  for (let j = 0; j < q.length; j++) {
    const c = w.carry[j]! + requests * CURVE_QUANTILE_WEIGHTS[j]!;
    const k = Math.floor(c);
    w.carry[j] = c - k;
    if (k > 0) {
      const v = Math.round(q[j]!);
      w.latency.recordCount(v, k);
      all.recordCount(v, k, nowUs);
    }
  }
}

/**
 * As `recordRequests`, with the DNS time of the requests' lookups added to every quantile point
 * (one component of the delay mixture at a time); requests whose lookups failed fail.
 */
function recordRequestsWithDns(w: WorkloadState, q: Float64Array, requests: number, d: RequestDelay, all: LatencyHistogram, nowUs: number): void {
  w.failed += requests * d.failShare;
  const ok = requests * (1 - d.failShare);
  const stride = d.valueUs.length;
  if (!w.dnsCarry) w.dnsCarry = new Float64Array(q.length * stride);
  for (let j = 0; j < q.length; j++) {
    for (let m = 0; m < d.n; m++) {
      const i = j * stride + m;
      const c = w.dnsCarry[i]! + ok * CURVE_QUANTILE_WEIGHTS[j]! * d.weight[m]!;
      const k = Math.floor(c);
      w.dnsCarry[i] = c - k;
      if (k > 0) {
        const v = Math.round(q[j]! + d.valueUs[m]!);
        w.latency.recordCount(v, k);
        all.recordCount(v, k, nowUs);
      }
    }
  }
}
