/**
 * report.html of a run (`ux.md` A5, top to bottom): the verdict banner with the answer a
 * capacity planner asks first and the command that reproduces the run, the SLO table (each
 * row linked to its chart), capacity, latency, dynamics, the events the scheduler and the
 * kubelet wrote, and notes on what the model simplified with links to every CSV.
 *
 *     const html = renderRunReport(files);   // files: name → text of the results folder
 *
 * The page is a pure function of the folder's files, so `kubesim run` and `kubesim report`
 * write the same bytes for the same run.
 */
import { escapeXml } from "../svg/escape.js";
import { PALETTE } from "../svg/plot.js";
import { figure, fmtClock, fmtInt, fmtMoney, fmtMs, fmtNum, fmtPct, htmlPage, prettyObjective, section, shellCommand, table, type Cell } from "./page.js";
import { capacitySection, dynamicsSection, headroomAtPeak, headroomNodes, latencySection } from "./run-charts.js";
import { folderSource, type ResultsSource } from "../csv-stream.js";
import { readRunReportData, seriesOf, type EventSummary, type RunReportData, type SloRow } from "./run-report-data.js";
import { IdMaker } from "./time-figures.js";

export const REPORT_FILE = "report.html";

/** `all 3 SLOs held`, `1 of 3 SLOs failed`, with unmeasured ones counted apart (slo-outputs.ts sloVerdict). */
export function verdictText(slos: readonly SloRow[]): { text: string; failed: boolean } {
  const judged = slos.filter((s) => s.status !== "not_measured");
  const failed = judged.filter((s) => s.status === "fail").length;
  const extra = slos.length > judged.length ? ` (${slos.length - judged.length} not measured)` : "";
  if (slos.length === 0) return { text: "no SLOs declared", failed: false };
  if (judged.length === 0) return { text: `no SLO measured${extra}`, failed: false };
  return { text: (failed === 0 ? `all ${judged.length} SLOs held` : `${failed} of ${judged.length} SLOs failed`) + extra, failed: failed > 0 };
}

/** The first line a capacity planner reads: the cluster, its peak, whether it survives a node loss, its cost. */
function answer(d: RunReportData): string {
  const parts: string[] = [];
  const pools = d.pools.map((p) => {
    const count = d.nodes.filter((n) => n.pool === p.name && n.createdS === 0).length;
    return `${count} × ${p.instanceType || p.name}`;
  });
  const nodesEnd = d.capacity["nodesEnd"];
  if (pools.length > 0) parts.push(`${pools.join(" + ")}${Number.isFinite(nodesEnd) && nodesEnd !== d.capacity["nodesStart"] ? ` (→ ${nodesEnd} nodes)` : ""}`);
  const cpu = headroomAtPeak(d, "cpu");
  if (cpu) parts.push(`peak CPU requested ${fmtPct((100 * cpu.requested) / cpu.allocatable, 0)} at ${fmtClock(cpu.atS)}`);
  const mem = headroomAtPeak(d, "memory");
  if (mem) parts.push(`memory ${fmtPct((100 * mem.requested) / mem.allocatable, 0)}`);
  const hs = [cpu, mem].filter((h) => h !== null);
  if (hs.length > 0) {
    const spare = Math.min(...hs.map(headroomNodes));
    parts.push(`survives the loss of one node: ${spare >= 1 ? "yes" : "no"} (headroom ${fmtNum(spare, 1)} nodes)`);
  }
  const pending = seriesOf(d, "pending_pods");
  if (pending) parts.push(`max pending ${fmtInt(Math.max(0, ...pending.v.filter(Number.isFinite)))}`);
  if (Number.isFinite(d.capacity["cost"])) parts.push(`cost ${fmtMoney(d.capacity["cost"]!)}`);
  return escapeXml(parts.join(" · "));
}

function banner(d: RunReportData): string {
  const v = verdictText(d.slos);
  const cls = v.failed ? "fail" : "pass";
  const word = v.failed ? "✗ FAIL" : d.slos.length === 0 ? "✓ DONE" : "✓ PASS";
  return [
    `<div class="banner ${cls}" role="status">`,
    `<div class="verdict">${word} — ${escapeXml(v.text)}</div>`,
    `<div class="answer">${answer(d)}</div>`,
    `<div class="meta">scenario <b>${escapeXml(d.scenario)}</b> · seed ${d.seed} · run ${escapeXml(d.runId)} · simulated ${escapeXml(fmtClock(d.durationS))} · kubesim ${escapeXml(d.kubesimVersion)} modelling Kubernetes ${escapeXml(d.kubernetesVersion)} · exit ${d.exitCode}</div>`,
    `<pre class="cmd" aria-label="command that reproduces this run">$ ${escapeXml(shellCommand(["kubesim", ...d.args]))}</pre>`,
    `</div>`,
  ].join("\n");
}

/** The id of the chart an SLO row links to (ids the chart sections give their figures). */
const SLO_CHART: Record<string, string> = {
  podStartupLatency: "pod_startup_latency_ms", podStartupLatencyE2E: "pod_startup_latency_e2e_ms", schedulingLatency: "scheduling_latency_ms",
  requestLatency: "request_latency_ms", pendingPods: "pending-pods", runningPods: "pending-pods", nodesReady: "nodes",
  cpuRequestedPct: "cpu-requested", memoryRequestedPct: "memory-requested", cpuThrottledPeriodsRatio: "cpu_throttled_periods_ratio",
  costPerHour: "cost-per-hour", cost: "total-cost", oomKills: "oom_kills", failedRequests: "failed_requests", evictions: "dynamics", failedScheduling: "events",
};

function fmtObserved(s: SloRow): string {
  if (!Number.isFinite(s.observed)) return "–";
  if (s.unit === "ms") return fmtMs(s.observed);
  if (s.unit === "$" || s.unit === "$/h") return fmtMoney(s.observed) + (s.unit === "$/h" ? "/h" : "");
  if (s.unit === "%") return fmtPct(s.observed);
  return `${fmtNum(s.observed, 2)} ${s.unit}`;
}

function sloSection(d: RunReportData, ids: Set<string>): string {
  if (d.slos.length === 0) return section("slos", "SLOs", `<p class="muted">The scenario declares no SLOs (spec.slos).</p>`);
  const rows: Cell[][] = d.slos.map((s) => {
    const mark = s.status === "fail" ? '<span class="bad">✗ fail</span>' : s.status === "pass" ? '<span class="ok">✓ pass</span>' : `<span class="na">– ${escapeXml(s.status.replace("_", " "))}</span>`;
    const anchor = SLO_CHART[s.metric] ?? "";
    const name = ids.has(anchor) ? { html: `<a href="#${anchor}">${escapeXml(s.slo)}</a>` } : s.slo;
    return [{ html: mark }, name, prettyObjective(s.objective), fmtObserved(s), Number.isFinite(s.marginPct) ? fmtPct(s.marginPct, 0) : "–", Number.isFinite(s.firstViolationS) ? fmtClock(s.firstViolationS) : "–", s.note];
  });
  return section("slos", "SLOs", table(["", "SLO", "objective", "observed", "margin", "first violation", "note"], rows, { numeric: [3, 4] }), "From slo.csv. A not-measured objective needs a model this build lacks and never fails the run.");
}

/** FailedScheduling messages as the scheduler words them, most frequent first (ties: first seen first). */
export function topMessages(events: EventSummary, limit = 10): { message: string; count: number; objects: number; firstS: number; lastS: number }[] {
  return [...events.failedScheduling.values()]
    .sort((a, b) => b.count - a.count || a.firstS - b.firstS || (a.message < b.message ? -1 : 1))
    .slice(0, limit)
    .map((g) => ({ message: g.message, count: g.count, objects: g.objects.size, firstS: g.firstS, lastS: g.lastS }));
}

function eventsSection(d: RunReportData, ids: IdMaker): string {
  const parts: string[] = [];
  const top = topMessages(d.events);
  parts.push(`<h3>Top FailedScheduling messages</h3>`);
  parts.push(
    top.length === 0
      ? `<p class="muted">Every pod found a node: no FailedScheduling event.</p>`
      : table(["count", "pods", "first", "last", "message"], top.map((m) => [fmtInt(m.count), fmtInt(m.objects), fmtClock(m.firstS), fmtClock(m.lastS), { html: `<span class="msg">${escapeXml(m.message)}</span>` }]), { numeric: [0, 1], cls: "wide" }),
  );
  // Warning events by reason, cumulative over time (restarts show as BackOff, evictions as Evicted).
  const order = [...d.events.warningTimes].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  if (order.length > 0) {
    const series = order.slice(0, 6).map(([reason, ts], i) => ({
      // Every other line dashed: reasons that fire together (Evicted, then FailedScheduling for the replacement) would hide each other.
      name: reason, xs: [0, ...ts], ys: [0, ...ts.map((_, k) => k + 1)], kind: "step" as const, color: PALETTE[i % PALETTE.length], dashed: i % 2 === 1,
    }));
    const spec = {
      id: ids.id("warning-events"), title: "Warning events over time (cumulative)",
      description: order.map(([r, ts]) => `${r}: ${ts.length}`).join("; "),
      x: { label: "simulated time", scale: "time" as const, min: 0, max: d.durationS }, y: { label: "events", format: (v: number) => fmtNum(v, 1) },
      series, markers: d.timeline.map((a) => ({ x: a.atS, label: a.label })),
    };
    const counts = table(["reason", "Warning events"], order.map(([r, ts]) => [r, fmtInt(ts.length)]), { numeric: [1] });
    parts.push(`<div class="grid">${figure(spec, counts)}</div>`);
  }
  const rows = [...d.events.byReason.values()]
    .sort((a, b) => (a.type === b.type ? b.count - a.count || (a.reason < b.reason ? -1 : 1) : a.type === "Warning" ? -1 : 1))
    .map((g) => [g.type, g.reason, fmtInt(g.count), fmtClock(g.firstS), { html: `<span class="msg">${escapeXml(g.firstObject)}: ${escapeXml(g.firstMessage)}</span>` }]);
  parts.push(`<h3>Events by reason</h3>`);
  parts.push(rows.length ? table(["type", "reason", "count", "first", "first occurrence"], rows, { numeric: [2] }) : `<p class="muted">No events.</p>`);
  return section("events", "Events", parts.join("\n"), "From events.csv, in the wording of the scheduler and the kubelet (Kubernetes Event reasons).");
}

const FILES = ["summary.csv", "slo.csv", "timeseries.csv", "pods.csv", "pod-status.csv", "nodes.csv", "node-status.csv", "events.csv", "summary.json", "run.json", "junit.xml"];

function notesSection(d: RunReportData): string {
  const notes = [
    "Gauges are sampled on a fixed grid of simulated time (timeseries.csv); a spike shorter than one sample interval is not seen. Charts keep the lowest and highest sample per pixel column, so no sampled spike is averaged away.",
    "Headroom and “survives the loss of one node / zone” compare sums of requests with sums of allocatable over Ready nodes at the peak sample; a pod that fits in the sum may still not fit on one node (fragmentation, affinity, topology spread).",
    "Cost is node-hours × the pool's pricePerHour from registration to deletion: per-second billing, no minimum charge, the provisioning delay free.",
    "Latency percentiles come from HDR histograms (3 significant digits); pods.csv holds every pod's own latencies.",
    "The simplifications of each model are listed in docs/ (resource-dynamics.md, scheduler-internals.md, outputs.md).",
  ];
  const warnings = d.warnings.length ? `<h3>Warnings of this run</h3><ul>${d.warnings.map((w) => `<li>${escapeXml(w)}</li>`).join("")}</ul>` : "";
  const files = `<h3>Files of this run</h3><ul class="files">${FILES.map((f) => `<li><a href="${f}">${f}</a></li>`).join("")}</ul>`;
  return section("notes", "Model notes", `<ul>${notes.map((n) => `<li>${escapeXml(n)}</li>`).join("")}</ul>\n${warnings}\n${files}`);
}

/** The collected ids of a page fragment (`id="..."`), for links that only point at charts that exist. */
function idsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!));
}

export function renderRunReportData(d: RunReportData): string {
  const ids = new IdMaker();
  const charts = [capacitySection(d, ids), latencySection(d, ids), dynamicsSection(d, ids), eventsSection(d, ids)];
  const nav = `<nav aria-label="sections"><a href="#slos">SLOs</a><a href="#capacity">Capacity</a><a href="#latency">Latency</a><a href="#dynamics">Dynamics</a><a href="#events">Events</a><a href="#notes">Model notes</a></nav>`;
  const body = [
    `<header><h1>kubesim run report · ${escapeXml(d.scenario)}</h1>${nav}</header>`,
    banner(d),
    sloSection(d, idsIn(charts.join("\n"))),
    ...charts,
    notesSection(d),
  ].join("\n");
  return htmlPage(`${d.scenario} · kubesim report`, body);
}

/** report.html of a run from the files of its results folder (or texts in memory, for tests). */
export function renderRunReport(src: ResultsSource): string {
  return renderRunReportData(readRunReportData(src));
}

/** report.html of the run whose results folder is `dir` (written, or still being written). */
export function renderRunReportFromFolder(dir: string): string {
  return renderRunReport(folderSource(dir));
}
