/**
 * timeseries.csv gauges of the API server model (spec.apiServer), registered only when it runs
 * so that other scenarios' outputs do not change:
 * - per priority level: `api_inflight_seats` (seats held, background lease renewals included),
 *   `api_queued_requests`, `api_concurrency_limit` (current seats after borrowing), and
 *   `api_rejected_requests` (429s so far); with APF off, `api_inflight_requests` per semaphore;
 * - cluster: `api_requests_per_second` and `etcd_writes_per_second` over the last sample
 *   period (etcd: requests plus closed-form leases and Events), `etcd_write_latency_ms`
 *   (mean over the period) and `etcd_background_writes_per_second`;
 * - per replica: `api_cpu_slowdown`, the factor handling times are stretched by this period.
 */
import type { ApiServerModel } from "../apiserver/api-server-model.js";
import type { RunRecorder } from "./run-recorder.js";

/** Sum over the replicas of one column at one level (no allocation per sample). */
function sum(cols: readonly Int32Array[], i: number): number {
  let s = 0;
  for (const c of cols) s += c[i]!;
  return s;
}

export function registerApiServerGauges(recorder: RunRecorder, api: ApiServerModel, nowUs: () => number): void {
  if (api.apf.length > 0) {
    const inUse = api.apf.map((d) => d.seatsInUse);
    const reserved = api.apf.map((d) => d.reservedSeats);
    const waiting = api.apf.map((d) => d.waiting);
    const limit = api.apf.map((d) => d.currentCL);
    api.levels.forEach((l, i) => {
      if (l.exempt) return;
      const scope = `priorityLevel/${l.name}`;
      recorder.gauge("api_inflight_seats", () => sum(inUse, i) + sum(reserved, i), scope);
      recorder.gauge("api_queued_requests", () => sum(waiting, i), scope);
      recorder.gauge("api_concurrency_limit", () => sum(limit, i), scope);
      recorder.gauge("api_rejected_requests", () => api.metrics.rejectedByLevel[i]!, scope);
    });
  } else {
    recorder.gauge("api_inflight_requests", () => api.inflight.reduce((s, l) => s + l.readOnlyInUse, 0), "readOnly");
    recorder.gauge("api_inflight_requests", () => api.inflight.reduce((s, l) => s + l.mutatingInUse, 0), "mutating");
    recorder.gauge("api_rejected_requests", () => api.metrics.rejectedTotal, "cluster");
  }
  let lastUs = 0;
  let lastRequests = 0;
  recorder.gauge("api_requests_per_second", () => {
    const now = nowUs();
    const v = now > lastUs ? ((api.metrics.requests - lastRequests) * 1e6) / (now - lastUs) : 0;
    lastRequests = api.metrics.requests;
    lastUs = now;
    return v;
  });
  let eLastUs = 0;
  let eWrites = 0;
  let eSum = 0;
  recorder.gauge("etcd_writes_per_second", () => {
    const now = nowUs();
    const v = now > eLastUs ? ((api.etcd.writes - eWrites) * 1e6) / (now - eLastUs) + api.etcd.backgroundWritesPerSecond : 0;
    eLastUs = now;
    return v;
  });
  recorder.gauge("etcd_write_latency_ms", () => {
    const n = api.etcd.writes - eWrites;
    const v = n > 0 ? (api.etcd.latencySumUs - eSum) / n / 1000 : api.etcd.settings.commitLatencyUs / 1000;
    eWrites = api.etcd.writes;
    eSum = api.etcd.latencySumUs;
    return v;
  });
  recorder.gauge("etcd_background_writes_per_second", () => api.etcd.backgroundWritesPerSecond);
  for (let r = 0; r < api.settings.replicas; r++) recorder.gauge("api_cpu_slowdown", () => api.cpu.slowdown[r]!, `replica/${r}`);
}
