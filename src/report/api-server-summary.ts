/**
 * The API server model's part of summary.csv and summary.json (only when spec.apiServer runs):
 * - summary.csv: `api_request_latency_ms` per `VERB resource` and per `priorityLevel/<name>`,
 *   `api_queue_wait_ms` per level, `etcd_write_latency_ms`, `watch_delay_ms` per resource, and
 *   counts: `api_rejected_requests` (429s) per level and reason, `api_requests`,
 *   `admission_webhook_rejections`;
 * - summary.json: the SLO metrics of the `kubernetes-scalability` preset. `apiMutatingLatency`
 *   is the (verb, resource) pair with the highest p99 (the SLO is per pair, so the worst pair
 *   decides); the read-only ones are by scope: one object (GET), a namespace, the cluster (LIST).
 */
import type { ApiServerModel } from "../apiserver/api-server-model.js";
import { SCOPE_CLUSTER, SCOPE_NAMESPACE, SCOPE_RESOURCE } from "../apiserver/api-metrics.js";
import { US_PER_MS, type LatencySummary } from "../metrics/latency-histogram.js";
import type { CsvCell } from "./csv.js";
import type { MetricSummary } from "./run-summary.js";

export function apiServerSummaryRows(api: ApiServerModel): CsvCell[][] {
  const rows: CsvCell[][] = [];
  for (const [metric, scope, x] of api.metrics.rows()) rows.push([metric, scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  for (const [metric, scope, n] of api.metrics.countRows()) rows.push([metric, scope, n, null, null, null, null, null, null, null, null]);
  return rows;
}

export function apiServerMetrics(api: ApiServerModel): Record<string, MetricSummary | { unit: string; count: number }> {
  const m = api.metrics;
  const ms = (s: LatencySummary | null): MetricSummary => ({ unit: "ms", ...(s ?? { count: 0, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0 }) });
  return {
    apiMutatingLatency: ms(m.worstMutating()),
    apiReadResourceLatency: ms(m.readByScope[SCOPE_RESOURCE]!.summary(US_PER_MS)),
    apiReadNamespaceLatency: ms(m.readByScope[SCOPE_NAMESPACE]!.summary(US_PER_MS)),
    apiReadClusterLatency: ms(m.readByScope[SCOPE_CLUSTER]!.summary(US_PER_MS)),
    apiRejectedRequests: { unit: "requests", count: m.rejectedTotal },
    admissionWebhookRejections: { unit: "requests", count: m.webhookRejections },
  };
}
