/**
 * The chart sections of a run's report.html (`ux.md` A5 items 3–5): capacity over time
 * (nodes, requested vs allocatable CPU and memory, pending pods, cost, and the headroom left
 * after losing a node or a zone), latency by percentile with the SLO bounds, and the dynamics
 * the run modelled. A chart appears only when its series is in timeseries.csv, so a run
 * without spec.traffic has no throttling chart, and series added by later models (DNS, the
 * API server) appear under their own heading, or under "Other series", without changes here.
 */
import { escapeXml } from "../svg/escape.js";
import { LADDER, NINES_MAX_X, NINES_TICKS, ninesX } from "../svg/nines.js";
import { PALETTE } from "../svg/plot.js";
import { figure, fmtBytes, fmtClock, fmtInt, fmtMoney, fmtMs, fmtNum, fmtPct, prettyObjective, section, table } from "./page.js";
import { readyAt, seriesOf, type RunReportData, type SummaryRow, type TimeSeries } from "./run-report-data.js";
import { gaugeThresholds, IdMaker, timeFigure, type Line } from "./time-figures.js";

const GIB = 1024 ** 3;
const grid = (figs: string[]) => (figs.length ? `<div class="grid">\n${figs.join("\n")}\n</div>` : "");

/** Node count at each sample time from nodes.csv: created at or before t and not yet deleted. */
function existingNodes(d: RunReportData, times: number[]): TimeSeries {
  const v = times.map((t) => d.nodes.filter((n) => n.createdS <= t && !(n.deletedS <= t)).length);
  return { metric: "nodes", scope: "cluster", t: times, v };
}

export interface Headroom {
  resource: "cpu" | "memory";
  atS: number;
  requested: number;
  allocatable: number;
  largestNode: number;
  largestZone: string;
  largestZoneAllocatable: number;
}

/**
 * At the sample where requests peaked (as a share of allocatable): what is requested, what
 * Ready nodes offer, and what the largest Ready node and the largest zone (its Ready nodes) hold. Sums only: a pod
 * that fits in the sum may still not fit on any one node (fragmentation), which the model
 * notes say.
 */
export function headroomAtPeak(d: RunReportData, resource: "cpu" | "memory"): Headroom | null {
  const unit = resource === "cpu" ? "millicores" : "bytes";
  const req = seriesOf(d, `${resource}_requested_${unit}`);
  const alloc = seriesOf(d, `${resource}_allocatable_${unit}`);
  if (!req || !alloc || req.t.length === 0) return null;
  let at = 0;
  for (let i = 0; i < req.t.length; i++) {
    const share = req.v[i]! / alloc.v[i]!;
    if (share > req.v[at]! / alloc.v[at]! || !Number.isFinite(req.v[at]! / alloc.v[at]!)) at = i;
  }
  const t = req.t[at]!;
  const alive = d.nodes.filter((n) => readyAt(n, t));
  const size = (n: (typeof alive)[number]) => (resource === "cpu" ? n.cpuMillicores : n.memoryBytes);
  const zones = new Map<string, number>();
  for (const n of alive) zones.set(n.zone, (zones.get(n.zone) ?? 0) + size(n));
  let largestZone = "";
  let largestZoneAllocatable = 0;
  for (const [z, a] of [...zones].sort((x, y) => (x[0] < y[0] ? -1 : 1))) if (a > largestZoneAllocatable) [largestZone, largestZoneAllocatable] = [z, a];
  return {
    resource, atS: t, requested: req.v[at]!, allocatable: alloc.v[at]!,
    largestNode: alive.reduce((m, n) => Math.max(m, size(n)), 0), largestZone, largestZoneAllocatable,
  };
}

/** Spare capacity in nodes of the largest size: (allocatable − requested) / largest node. */
export function headroomNodes(h: Headroom): number {
  return h.largestNode > 0 ? (h.allocatable - h.requested) / h.largestNode : 0;
}

function headroomTable(d: RunReportData): string {
  const rows: (string | { html: string })[][] = [];
  for (const r of ["cpu", "memory"] as const) {
    const h = headroomAtPeak(d, r);
    if (!h) continue;
    const show = (v: number) => (r === "cpu" ? `${fmtNum(v / 1000, 2)} cores` : fmtBytes(v));
    const after = (lost: number) => {
      const left = h.allocatable - lost;
      const share = left > 0 ? (100 * h.requested) / left : Infinity;
      const ok = share <= 100;
      return { html: `${ok ? '<span class="ok">✓ fits</span>' : '<span class="bad">✗ does not fit</span>'} (${Number.isFinite(share) ? fmtPct(share) : "no capacity left"})` };
    };
    rows.push([
      r, fmtClock(h.atS), `${show(h.requested)} of ${show(h.allocatable)} (${fmtPct((100 * h.requested) / h.allocatable)})`,
      `${fmtNum(headroomNodes(h), 1)} nodes`, after(h.largestNode),
      h.largestZone ? after(h.largestZoneAllocatable) : "–",
    ]);
  }
  if (rows.length === 0) return "";
  const zoneHead = "lose the largest zone";
  return table(["resource", "peak at", "requested of allocatable", "headroom", "lose the largest node", zoneHead], rows, {
    caption: "Requests at their peak share, against what is left after losing capacity (sums of requests over Ready nodes).",
  });
}

export function capacitySection(d: RunReportData, ids: IdMaker): string {
  const figs: string[] = [];
  const ready = seriesOf(d, "nodes_ready");
  if (ready) {
    const lines: Line[] = [{ ts: existingNodes(d, ready.t), name: "nodes", color: PALETTE[0] }, { ts: ready, name: "Ready", color: PALETTE[2], dashed: true }];
    const upcoming = seriesOf(d, "cluster_autoscaler_upcoming_nodes");
    if (upcoming) lines.push({ ts: upcoming, name: "upcoming (cluster-autoscaler)", color: PALETTE[1] });
    figs.push(timeFigure(d, { id: ids.id("nodes"), title: "Nodes", yLabel: "nodes", lines, format: (v) => fmtNum(v, 1), thresholds: gaugeThresholds(d, "nodes_ready") }));
  }
  const pending = seriesOf(d, "pending_pods");
  if (pending) {
    const lines: Line[] = [{ ts: pending, name: "pending", color: PALETTE[5], fill: true }];
    const running = seriesOf(d, "running_pods");
    if (running) lines.push({ ts: running, name: "running", color: PALETTE[0] });
    figs.push(timeFigure(d, { id: ids.id("pending-pods"), title: "Pending and running pods", yLabel: "pods", lines, format: (v) => fmtNum(v, 1), thresholds: [...gaugeThresholds(d, "pending_pods"), ...gaugeThresholds(d, "running_pods")] }));
  }
  for (const [r, unit, scale, label, fmt] of [
    ["cpu", "millicores", 0.001, "cores", (v: number) => fmtNum(v, 2)],
    ["memory", "bytes", 1 / GIB, "GiB", (v: number) => fmtNum(v, 2)],
  ] as const) {
    const alloc = seriesOf(d, `${r}_allocatable_${unit}`);
    const req = seriesOf(d, `${r}_requested_${unit}`);
    if (!alloc || !req) continue;
    const pct = seriesOf(d, `${r}_requested_pct`);
    const peak = pct ? Math.max(...pct.v.filter(Number.isFinite)) : NaN;
    figs.push(timeFigure(d, {
      id: ids.id(`${r}-requested`), title: `${r === "cpu" ? "CPU" : "Memory"} requested vs allocatable`, yLabel: label, format: fmt,
      lines: [{ ts: alloc, name: "allocatable (Ready nodes)", scale, fill: true, color: PALETTE[4] }, { ts: req, name: "requested", scale, fill: true, color: PALETTE[1] }],
      note: Number.isFinite(peak) ? `Peak requested share ${fmtPct(peak)} of allocatable.` : "",
    }));
  }
  const perHour = seriesOf(d, "cost_per_hour");
  if (perHour) figs.push(timeFigure(d, { id: ids.id("cost-per-hour"), title: "Cost per hour", yLabel: "$/h", lines: [{ ts: perHour, name: "cost per hour", color: PALETTE[3] }], format: (v) => fmtMoney(v), thresholds: gaugeThresholds(d, "cost_per_hour") }));
  const total = seriesOf(d, "total_cost");
  if (total) figs.push(timeFigure(d, { id: ids.id("total-cost"), title: "Cost so far", yLabel: "$", lines: [{ ts: total, name: "node-hours × price", kind: "line", color: PALETTE[3] }], format: (v) => fmtMoney(v) }));
  const c = d.capacity;
  const intro = [
    Number.isFinite(c["nodesStart"]) ? `Nodes ${c["nodesStart"]} → ${c["nodesEnd"]} (Ready at least ${c["nodesReadyMin"]})` : "",
    Number.isFinite(c["nodeHours"]) ? `${fmtNum(c["nodeHours"]!, 1)} node-hours` : "",
    Number.isFinite(c["cost"]) ? `cost ${fmtMoney(c["cost"]!)}` : "",
  ].filter(Boolean).join(" · ");
  return section("capacity", "Capacity", `${headroomTable(d)}\n${grid(figs)}`, escapeXml(intro));
}

/** Latency metrics of summary.csv and the SLO metric that judges each (slo-catalog.ts names). */
const LATENCY_SLO: Record<string, [string, string]> = {
  pod_startup_latency_ms: ["podStartupLatency", "Pod startup latency (SLI: created → containers started, image pulls excluded)"],
  pod_startup_latency_e2e_ms: ["podStartupLatencyE2E", "Pod startup latency end to end (created → Ready)"],
  scheduling_latency_ms: ["schedulingLatency", "Scheduling latency (queued → bound)"],
  request_latency_ms: ["requestLatency", "Request latency"],
  dns_lookup_latency_ms: ["dnsLookupLatency", "DNS lookup latency (getaddrinfo, every name tried)"],
  // The mutating-call SLO is per (verb, resource): its bound applies to each mutating scope drawn here.
  api_request_latency_ms: ["apiMutatingLatency", "API request latency (per verb and resource, per priority level)"],
  api_queue_wait_ms: ["", "API Priority and Fairness queue wait"],
  watch_delay_ms: ["", "Watch delay (write → seen by the watcher)"],
  etcd_write_latency_ms: ["", "etcd write latency"],
};

function percentileFigure(d: RunReportData, ids: IdMaker, metric: string, rows: SummaryRow[]): string {
  const [sloMetric, title] = LATENCY_SLO[metric] ?? ["", metric];
  const xs = LADDER.map(([, p]) => ninesX(p));
  const thresholds = d.slos
    .filter((s) => s.metric === sloMetric && s.status !== "not_measured" && Number.isFinite(s.threshold))
    .map((s) => ({ value: s.threshold, label: `SLO ${prettyObjective(s.objective)}` }));
  // A scope whose ladder is the cluster's (the only workload) would hide under it: drawn once.
  const cluster = rows.find((r) => r.scope === "cluster");
  const same = (r: SummaryRow) => cluster !== undefined && r !== cluster && LADDER.every(([c]) => r[c] === cluster[c]);
  const drawn = rows.filter((r) => !same(r)).slice(0, 6);
  const everything = metric.startsWith("request_") ? "all requests" : "all pods";
  const spec = {
    id: ids.id(metric),
    title,
    description: drawn.map((r) => `${r.scope}: p50 ${fmtMs(r.p50)}, p99 ${fmtMs(r.p99)}, max ${fmtMs(r.max)} over ${fmtInt(r.count)} observations`).join("; "),
    x: { label: "percentile (log scale of 1 / (1 − p))", ticks: NINES_TICKS, min: 0, max: NINES_MAX_X },
    y: { label: "latency", format: (v: number) => fmtMs(v) },
    series: drawn.map((r, i) => ({
      name: r.scope === "cluster" ? everything : r.scope, xs, ys: LADDER.map(([c]) => r[c]), kind: "line" as const,
      color: PALETTE[i % PALETTE.length], tips: LADDER.map(([c]) => `${r.scope} ${c}: ${fmtMs(r[c])}`),
    })),
    thresholds,
  };
  const tableRows = rows.map((r) => [r.scope, fmtInt(r.count), fmtMs(r.p50), fmtMs(r.p90), fmtMs(r.p95), fmtMs(r.p99), fmtMs(r.p99_9), fmtMs(r.max)]);
  const tbl = table(["scope", "count", "p50", "p90", "p95", "p99", "p99.9", "max"], tableRows, { numeric: [1, 2, 3, 4, 5, 6, 7] });
  return figure(spec, tbl);
}

export function latencySection(d: RunReportData, ids: IdMaker): string {
  // Histogram metrics only: a gauge in ms (request_latency_p99_ms) is a time series, drawn under Dynamics.
  const gauges = new Set(d.series.map((s) => s.metric));
  const isLatency = (r: SummaryRow) => r.metric.endsWith("_ms") && !gauges.has(r.metric) && r.count > 0;
  const metrics = [...new Set(d.summary.filter(isLatency).map((r) => r.metric))];
  const figs = metrics
    .map((m) => [m, d.summary.filter((r) => r.metric === m && isLatency(r))] as const)
    .filter(([, rows]) => rows.length > 0)
    .map(([m, rows]) => percentileFigure(d, ids, m, rows));
  if (figs.length === 0) return section("latency", "Latency", `<p class="muted">No latency was observed in this run.</p>`);
  const rows = d.summary
    .filter(isLatency)
    .map((r) => [r.metric, r.scope, fmtInt(r.count), fmtMs(r.p50), fmtMs(r.p90), fmtMs(r.p99), fmtMs(r.max)]);
  const all = table(["metric", "scope", "count", "p50", "p90", "p99", "max"], rows, { numeric: [2, 3, 4, 5, 6] });
  return section("latency", "Latency", `${grid(figs)}\n<h3>p50 … max</h3>\n${all}`, "Percentiles from summary.csv (HDR histograms, ms); the dashed line is the SLO bound.");
}

interface DynamicsGroup {
  title: string;
  /** Metrics of the group, in chart order, or a test on the name for families (dns_*). */
  metrics?: readonly string[];
  family?: (metric: string) => boolean;
}

const DYNAMICS: DynamicsGroup[] = [
  { title: "Traffic", metrics: ["request_rate_rps", "request_latency_p99_ms", "cpu_usage_millicores", "working_set_max_bytes", "failed_requests"] },
  { title: "CPU throttling, OOM kills and evictions", metrics: ["cpu_throttled_periods_ratio", "oom_kills", "evictions_memory_pressure"] },
  { title: "Horizontal Pod Autoscaler", family: (m) => m.startsWith("hpa_") },
  { title: "Cluster autoscaler", family: (m) => m.startsWith("cluster_autoscaler_") && m !== "cluster_autoscaler_upcoming_nodes" },
  { title: "Workload usage profiles", family: (m) => m.startsWith("workload_") },
  { title: "DNS", family: (m) => m.startsWith("dns_") || m.startsWith("coredns_") },
  { title: "API server", family: (m) => /^(api_|apiserver_|etcd_|watch_)/.test(m) },
];

/**
 * Metrics of one unit drawn together on one chart (the CoreDNS rates by type or response
 * code, the API server's queue): one line per metric and scope, named by what differs.
 */
const COMBINED: { title: string; metrics: readonly string[] }[] = [
  { title: "DNS lookups by outcome", metrics: ["dns_lookups_per_second", "dns_failed_lookups_per_second", "dns_timeouts_per_second"] },
  { title: "CoreDNS requests", metrics: ["coredns_requests_per_second", "coredns_requests_a_per_second", "coredns_requests_aaaa_per_second", "coredns_forward_requests_per_second"] },
  { title: "CoreDNS responses and cache", metrics: ["coredns_responses_noerror_per_second", "coredns_responses_nxdomain_per_second", "coredns_dropped_per_second", "coredns_cache_hits_per_second", "coredns_cache_misses_per_second"] },
  { title: "API server requests in flight and queued", metrics: ["api_inflight_requests", "api_queued_requests", "api_concurrency_limit", "api_inflight_seats"] },
  { title: "HPA replicas", metrics: ["hpa_current_replicas", "hpa_desired_replicas"] },
];

/** Metrics drawn by the capacity section (never repeated under "Other series"). */
const CAPACITY_METRICS = new Set([
  "nodes_ready", "pending_pods", "running_pods", "cpu_requested_millicores", "cpu_allocatable_millicores", "memory_requested_bytes",
  "memory_allocatable_bytes", "cpu_requested_pct", "memory_requested_pct", "cost_per_hour", "total_cost", "cluster_autoscaler_upcoming_nodes",
]);

/** Display unit from the metric's name suffix: [y label, scale, format]; bytes in the binary unit of the peak. */
function unitOf(metric: string, peak: number): [string, number, (v: number) => string] {
  if (metric.endsWith("_ms")) return ["latency", 1, fmtMs];
  if (metric.endsWith("_millicores")) return ["cores", 0.001, (v) => fmtNum(v, 2)];
  if (metric.endsWith("_bytes")) {
    const [unit, k] = peak >= GIB ? ["GiB", GIB] : peak >= 1024 ** 2 ? ["MiB", 1024 ** 2] : ["KiB", 1024];
    return [unit, 1 / k, (v) => fmtNum(v, 2)];
  }
  if (metric.endsWith("_ratio")) return ["%", 100, (v) => fmtPct(v)];
  if (metric.endsWith("_pct")) return ["%", 1, (v) => fmtPct(v)];
  if (metric.endsWith("_rps") || metric.endsWith("_qps") || metric.endsWith("_per_second")) return ["per second", 1, (v) => fmtNum(v, 1)];
  return ["count", 1, (v) => (Math.abs(v) >= 10_000 ? fmtInt(v) : fmtNum(v, 2))];
}

const TITLES: Record<string, string> = {
  request_rate_rps: "Request rate", request_latency_p99_ms: "Request latency p99 per sample", cpu_usage_millicores: "CPU usage",
  working_set_max_bytes: "Largest working set", failed_requests: "Failed requests (cumulative)", cpu_throttled_periods_ratio: "CPU-throttled CFS periods",
  oom_kills: "OOM kills (cumulative)", evictions_memory_pressure: "Evictions for memory pressure (cumulative)",
  hpa_current_replicas: "HPA current replicas", hpa_desired_replicas: "HPA desired replicas",
};

/** Largest finite value of a series (-Infinity when none). */
const peakOf = (s: TimeSeries) => s.v.reduce((m, v) => (v > m ? v : m), -Infinity);
/** Whether every sample of the metric (every scope) is 0 or missing: nothing to draw. */
const flat = (d: RunReportData, metric: string) => d.series.every((s) => s.metric !== metric || s.v.every((v) => v === 0 || !Number.isFinite(v)));

function metricFigure(d: RunReportData, ids: IdMaker, metric: string): string {
  const all = d.series.filter((s) => s.metric === metric);
  // The cluster-wide series first, then the busiest scopes: the largest peak first.
  const ordered = [...all.filter((s) => s.scope === "cluster"), ...all.filter((s) => s.scope !== "cluster").sort((a, b) => peakOf(b) - peakOf(a) || (a.scope < b.scope ? -1 : 1))];
  const [label, scale, fmt] = unitOf(metric, Math.max(...all.map(peakOf)));
  // A scope identical to the cluster-wide series (the only workload) would hide under it: drawn once.
  const cluster = ordered[0]?.scope === "cluster" ? ordered[0] : undefined;
  const same = (s: TimeSeries) => cluster !== undefined && s !== cluster && s.v.length === cluster.v.length && s.v.every((v, i) => Object.is(v, cluster.v[i]));
  const twins = ordered.filter(same).map((s) => s.scope);
  const lines: Line[] = ordered.filter((s) => !same(s)).map((s, i) => ({
    ts: s, name: s.scope === "cluster" ? (twins.length ? `cluster (= ${twins.join(", ")})` : "cluster") : s.scope, scale, color: PALETTE[i % PALETTE.length], kind: "step",
  }));
  const thresholds = [...gaugeThresholds(d, metric, scale)];
  if (metric === "request_latency_p99_ms") {
    for (const s of d.slos) if (s.metric === "requestLatency" && s.stat === "p99" && Number.isFinite(s.threshold)) thresholds.push({ value: s.threshold, label: `SLO ${prettyObjective(s.objective)}` });
  }
  return timeFigure(d, { id: ids.id(metric), title: TITLES[metric] ?? metric, yLabel: label, lines, format: fmt, thresholds, note: `<code>${escapeXml(metric)}</code>` });
}

function workloadTable(d: RunReportData): string {
  const hot = d.workloads
    .filter((w) => w.restarts + w.oomKills + w.evictions > 0 || w.maxThrottledRatio > 0)
    .sort((a, b) => b.restarts + b.oomKills + b.evictions - (a.restarts + a.oomKills + a.evictions) || (b.maxThrottledRatio || 0) - (a.maxThrottledRatio || 0) || (a.workload < b.workload ? -1 : 1));
  if (hot.length === 0) return `<p class="muted">No container restarted, was OOM-killed, evicted or throttled.</p>`;
  const rows = hot.slice(0, 20).map((w) => [w.workload, fmtInt(w.pods), fmtInt(w.restarts), fmtInt(w.oomKills), fmtInt(w.evictions), Number.isFinite(w.maxThrottledRatio) ? fmtPct(100 * w.maxThrottledRatio) : "–"]);
  const more = hot.length > 20 ? ` (20 of ${hot.length}; all in pods.csv)` : "";
  return table(["workload", "pods", "restarts", "OOM kills", "evictions", "max throttled periods"], rows, { numeric: [1, 2, 3, 4, 5], caption: `Per workload, from pods.csv${more}.` });
}

/** Several metrics on one chart: each (metric, scope) series a line, named `metric` or `metric scope`. */
function combinedFigure(d: RunReportData, ids: IdMaker, title: string, metrics: string[]): string {
  const series = metrics.flatMap((m) => {
    const all = d.series.filter((s) => s.metric === m);
    const cluster = all.find((s) => s.scope === "cluster");
    // A scope identical to its metric's cluster-wide series (the only workload) is drawn once.
    return all.filter((s) => s === cluster || !cluster || s.v.length !== cluster.v.length || !s.v.every((v, i) => Object.is(v, cluster.v[i])));
  });
  const [label, scale, fmt] = unitOf(metrics[0]!, Math.max(...series.map(peakOf)));
  // Every other line dashed: equal rates (A and AAAA queries) would hide each other.
  const lines: Line[] = series.map((s, i) => ({ ts: s, name: s.scope === "cluster" ? s.metric : `${s.metric} ${s.scope}`, scale, color: PALETTE[i % PALETTE.length], dashed: i % 2 === 1 }));
  return timeFigure(d, { id: ids.id(slugOf(title)), title, yLabel: label, lines, format: fmt });
}

const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export function dynamicsSection(d: RunReportData, ids: IdMaker): string {
  const present = [...new Set(d.series.map((s) => s.metric))];
  const used = new Set<string>(CAPACITY_METRICS);
  const parts: string[] = [];
  const zero: string[] = [];
  const figures = (ms: string[]) => {
    for (const m of ms) if (flat(d, m)) zero.push(m);
    const drawn = ms.filter((m) => !flat(d, m));
    const figs: string[] = [];
    const done = new Set<string>();
    for (const m of drawn) {
      if (done.has(m)) continue;
      const group = COMBINED.find((c) => c.metrics.includes(m));
      const together = group ? group.metrics.filter((x) => drawn.includes(x)) : [];
      if (group && together.length > 1) {
        figs.push(combinedFigure(d, ids, group.title, together));
        for (const x of together) done.add(x);
      } else {
        figs.push(metricFigure(d, ids, m));
        done.add(m);
      }
    }
    return grid(figs);
  };
  for (const g of DYNAMICS) {
    const ms = g.metrics ? g.metrics.filter((m) => present.includes(m)) : present.filter((m) => g.family!(m) && !used.has(m));
    for (const m of ms) used.add(m);
    const figs = figures(ms);
    if (figs) parts.push(`<h3>${escapeXml(g.title)}</h3>\n${figs}`);
  }
  const other = figures(present.filter((m) => !used.has(m) && !["nodes_added", "nodes_removed"].includes(m)));
  if (other) parts.push(`<h3>Other series</h3>\n${other}`);
  if (zero.length > 0) parts.push(`<p class="note">Zero throughout the run (not drawn): ${zero.map((m) => `<code>${escapeXml(m)}</code>`).join(", ")}.</p>`);
  parts.push(`<h3>Restarts, OOM kills, evictions and throttling per workload</h3>\n${workloadTable(d)}`);
  return section("dynamics", "Dynamics", parts.join("\n"));
}
