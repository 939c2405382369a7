/**
 * The DNS model's rows of summary.csv and metrics of summary.json (spec.dns, docs/dns.md):
 * lookup latency per workload (the cluster-wide histogram is in `latencyMetrics`), and the run's
 * counters. Its gauges (CoreDNS queries by type and rcode, cache hits, utilization,
 * amplification, ...) reach timeseries.csv and summary.csv through the recorder like any other.
 */
import { US_PER_MS } from "../metrics/latency-histogram.js";
import type { DnsDynamics } from "../runtime/dns-dynamics.js";
import type { CsvCell } from "./csv.js";

export function dnsSummaryRows(d: DnsDynamics): CsvCell[][] {
  const rows: CsvCell[][] = [];
  for (const w of d.workloads) {
    const x = w.latency.summary(US_PER_MS);
    rows.push(["dns_lookup_latency_ms", w.scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  const counter = (name: string, v: number): CsvCell[] => [name, "cluster", Math.round(v), null, null, null, null, null, null, null, null];
  rows.push(counter("dns_lookups", d.lookups));
  rows.push(counter("dns_queries_coredns", d.corednsQueries));
  rows.push(counter("dns_timeouts", d.timeouts));
  rows.push(counter("dns_failed_lookups", d.failedLookups));
  return rows;
}

export function dnsMetrics(d: DnsDynamics): Record<string, { unit: string; count: number }> {
  return {
    dnsTimeouts: { unit: "timeouts", count: Math.round(d.timeouts) },
    dnsFailedLookups: { unit: "lookups", count: Math.round(d.failedLookups) },
    dnsLookups: { unit: "lookups", count: Math.round(d.lookups) },
  };
}
