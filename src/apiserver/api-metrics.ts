/**
 * What the API server model measures (apiserver_request_duration_seconds and friends):
 * - request latency (µs) by `VERB resource` (`POST pods`, `PATCH pods/status`, `LIST pods`) and
 *   by priority level: from arrival at the server (after the client's rate limiter) to the
 *   response, queue wait included, as the API call latency SLI measures it
 *   (kubernetes/community sig-scalability/slos/api_call_latency.md);
 * - queue wait by priority level; 429s by level; etcd write latency; watch delay (commit →
 *   delivered to watchers) by resource;
 * - the SLO categories: mutating calls, read-only calls of one object, of a namespace, of the
 *   cluster. The SLO is per (resource, verb): its value here is the worst pair's.
 * Histograms are created on first use in a fixed order of keys, so outputs are deterministic.
 */
import { LatencyHistogram, US_PER_MS, type LatencySummary } from "../metrics/latency-histogram.js";

export const SCOPE_RESOURCE = 0;
export const SCOPE_NAMESPACE = 1;
export const SCOPE_CLUSTER = 2;

export class ApiMetrics {
  /** `VERB resource` → histogram. */
  readonly byVerbResource = new Map<string, LatencyHistogram>();
  /** Histogram ids by `verb * resources + resource` (−1 = none yet). */
  private verbResource: Int32Array = new Int32Array(64).fill(-1);
  private readonly verbResourceList: LatencyHistogram[] = [];
  private readonly mutatingKeys: string[] = [];
  readonly byLevel: LatencyHistogram[];
  readonly queueWaitByLevel: LatencyHistogram[];
  readonly rejectedByLevel: Float64Array;
  readonly rejectedQueueFull: Float64Array;
  readonly rejectedTimeout: Float64Array;
  /** Read-only calls by scope: resource (GET), namespace (LIST in one namespace), cluster (LIST of all). */
  readonly readByScope = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
  readonly etcdWriteLatency = new LatencyHistogram();
  readonly watchDelay = new Map<string, LatencyHistogram>();
  /** Requests that reached the server (every attempt), and responses (completed). */
  requests = 0;
  completed = 0;
  /** Updates folded into an earlier update of the same object still waiting for its client's token. */
  coalesced = 0;
  /** Creates rejected by an admission webhook. */
  webhookRejections = 0;
  /** Instants of the SLO `from` windows (`addWindow`), kept for pair histograms created later. */
  private readonly windowsFromUs: number[] = [];

  constructor(readonly levelNames: readonly string[]) {
    this.byLevel = levelNames.map(() => new LatencyHistogram());
    this.queueWaitByLevel = levelNames.map(() => new LatencyHistogram());
    this.rejectedByLevel = new Float64Array(levelNames.length);
    this.rejectedQueueFull = new Float64Array(levelNames.length);
    this.rejectedTimeout = new Float64Array(levelNames.length);
  }

  /** The histogram of `verbName resourceName` (index `key` = verb * resources + resource). */
  histogram(key: number, verbName: string, resourceName: string, mutating: boolean): LatencyHistogram {
    if (key >= this.verbResource.length) {
      const next = new Int32Array(Math.max(key + 1, this.verbResource.length * 2)).fill(-1);
      next.set(this.verbResource);
      this.verbResource = next;
    }
    const id = this.verbResource[key]!;
    if (id >= 0) return this.verbResourceList[id]!;
    const label = `${verbName} ${resourceName}`;
    let h = this.byVerbResource.get(label);
    if (!h) {
      h = new LatencyHistogram();
      for (const f of this.windowsFromUs) h.since(f);
    }
    this.byVerbResource.set(label, h);
    this.verbResource[key] = this.verbResourceList.length;
    this.verbResourceList.push(h);
    if (mutating && !this.mutatingKeys.includes(label)) this.mutatingKeys.push(label);
    return h;
  }

  watchDelayOf(resource: string): LatencyHistogram {
    let h = this.watchDelay.get(resource);
    if (!h) this.watchDelay.set(resource, (h = new LatencyHistogram()));
    return h;
  }

  /**
   * Keeps, from now on, the calls that arrive at or after `fromUs` apart (an SLO's `from`) in
   * every SLO histogram: the (verb, resource) pairs, also those created later, and the read scopes.
   */
  addWindow(fromUs: number): void {
    if (this.windowsFromUs.includes(fromUs)) return;
    this.windowsFromUs.push(fromUs);
    for (const h of this.byVerbResource.values()) h.since(fromUs);
    for (const h of this.readByScope) h.since(fromUs);
  }

  /**
   * The mutating (verb, resource) pair with the highest p99, in ms (the mutating SLO's value);
   * with `fromUs` (a window of `addWindow`), over the calls that arrived at or after it.
   */
  worstMutating(fromUs?: number): LatencySummary | null {
    let worst: LatencySummary | null = null;
    for (const k of [...this.mutatingKeys].sort()) {
      const h = this.byVerbResource.get(k)!;
      const s = (fromUs === undefined ? h : h.since(fromUs)).summary(US_PER_MS);
      if (s.count > 0 && (worst === null || s.p99 > worst.p99)) worst = s;
    }
    return worst;
  }

  /** summary.csv rows: `[metric, scope, LatencySummary in ms]`, in a stable order. */
  rows(): [string, string, LatencySummary][] {
    const out: [string, string, LatencySummary][] = [];
    for (const k of [...this.byVerbResource.keys()].sort()) out.push(["api_request_latency_ms", k, this.byVerbResource.get(k)!.summary(US_PER_MS)]);
    this.levelNames.forEach((name, i) => {
      if (this.byLevel[i]!.count > 0) out.push(["api_request_latency_ms", `priorityLevel/${name}`, this.byLevel[i]!.summary(US_PER_MS)]);
      if (this.queueWaitByLevel[i]!.count > 0) out.push(["api_queue_wait_ms", `priorityLevel/${name}`, this.queueWaitByLevel[i]!.summary(US_PER_MS)]);
    });
    out.push(["etcd_write_latency_ms", "cluster", this.etcdWriteLatency.summary(US_PER_MS)]);
    for (const k of [...this.watchDelay.keys()].sort()) out.push(["watch_delay_ms", k, this.watchDelay.get(k)!.summary(US_PER_MS)]);
    return out;
  }

  /** Count rows (429s by level and reason, webhook rejections): `[metric, scope, count]`. */
  countRows(): [string, string, number][] {
    const out: [string, string, number][] = [];
    this.levelNames.forEach((name, i) => {
      if (this.rejectedByLevel[i]! > 0) {
        out.push(["api_rejected_requests", `priorityLevel/${name}`, this.rejectedByLevel[i]!]);
        if (this.rejectedQueueFull[i]! > 0) out.push(["api_rejected_requests", `priorityLevel/${name}/queue-full`, this.rejectedQueueFull[i]!]);
        if (this.rejectedTimeout[i]! > 0) out.push(["api_rejected_requests", `priorityLevel/${name}/time-out`, this.rejectedTimeout[i]!]);
      }
    });
    out.push(["api_requests", "cluster", this.requests]);
    out.push(["api_updates_coalesced", "cluster", this.coalesced]);
    out.push(["admission_webhook_rejections", "cluster", this.webhookRejections]);
    return out;
  }

  get rejectedTotal(): number {
    let s = 0;
    for (const x of this.rejectedByLevel) s += x;
    return s;
  }
}
