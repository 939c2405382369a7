/**
 * The terminal summary of a run (`ux.md` A5 layout, ≤ 80 columns): header line, SLOS
 * (`sloLines`, from slo-outputs.ts), CAPACITY, LATENCY, EVENTS, results path and the exit line;
 * `--summary full` adds METRICS, every metric of summary.json on one line each (k6's
 * `--summary-mode full`). Wall-clock time appears only here (never in a file).
 */
import type { MetricSummary, RunSummary } from "./run-summary.js";
import { traceLines } from "./trace-report.js";

export interface TerminalSummaryOptions {
  wallSeconds: number;
  fileCount: number;
  /** Styling for headings (picocolors-like); plain text when absent. */
  colors?: { bold(text: string): string };
  /** Rendered SLO rows (the SLO block, `slo-outputs.ts` `sloLines`); omitted when empty. */
  sloLines?: string[];
  /** The verdict line (`slo-outputs.ts` `sloVerdict`); a plain count when absent. */
  verdict?: string;
  /** `--summary full`: the METRICS block too. */
  full?: boolean;
}

/** `10m00s`, `1h05m`, `42.5s`. */
export function fmtDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = Math.floor(seconds % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(sec).padStart(2, "0")}s`;
}

/** A latency in ms as `0.8ms`, `41ms`, `1.10s`. */
export function fmtLatency(ms: number): string {
  if (ms < 10) return `${Number(ms.toFixed(1))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** `hh:mm:ss` of simulated time. */
export function fmtClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = Math.floor(seconds % 60);
  return [h, m, sec].map((x) => String(x).padStart(2, "0")).join(":");
}

function dots(label: string, width = 20): string {
  return `  ${label} ${".".repeat(Math.max(2, width - label.length - 1))} `;
}

export function renderTerminalSummary(s: RunSummary, opts: TerminalSummaryOptions): string {
  const bold = opts.colors?.bold ?? ((x: string) => x);
  const c = s.capacity;
  const lines: string[] = [];
  lines.push(`kubesim ${s.kubesimVersion} · ${s.scenario} · seed ${s.seed} · simulated ${fmtDuration(s.durationSimulatedS)} in ${opts.wallSeconds.toFixed(1)}s (wall)`, "");
  if (opts.sloLines && opts.sloLines.length > 0) lines.push(bold("SLOS"), ...opts.sloLines, "");
  lines.push(bold("CAPACITY"));
  lines.push(`${dots("nodes")}${c.nodesStart} → ${c.nodesEnd}   ready min ${c.nodesReadyMin}   node-hours ${c.nodeHours.toFixed(1)}   cost $${c.cost.toFixed(2)}`);
  lines.push(`${dots("cpu requested")}peak ${Math.round(c.cpuRequestedPeakPct)}% of allocatable at ${fmtClock(c.cpuRequestedPeakAtS)}   memory ${Math.round(c.memoryRequestedPeakPct)}%`);
  lines.push("");
  lines.push(...traceLines(s.trace, bold));
  lines.push(`${bold("LATENCY")}                 p50      p90      p99      max`);
  const row = (label: string, name: string): void => {
    const m = s.metrics[name] as MetricSummary | undefined;
    if (!m || m.count === 0) return void lines.push(`${dots(label)}(none)`);
    lines.push(`${dots(label)}${[m.p50, m.p90, m.p99, m.max].map((x) => fmtLatency(x).padEnd(9)).join("")}`.trimEnd());
  };
  row("scheduling", "schedulingLatency");
  row("pod startup", "podStartupLatency");
  row("startup e2e", "podStartupLatencyE2E");
  lines.push("");
  if (opts.full) lines.push(...metricLines(s.metrics, bold), "");
  const ev = Object.entries(s.events).filter(([r]) => !ROUTINE.has(r));
  const parts = ev.map(([r, n]) => (r === "FailedScheduling" && s.topFailedScheduling ? `${r} ${n} (${s.topFailedScheduling})` : `${r} ${n}`));
  lines.push(`${bold("EVENTS")}  ${parts.length > 0 ? parts.join(" · ") : "nothing unusual"}`);
  lines.push("");
  lines.push(`${s.resultsDir}/   ${opts.fileCount} files`);
  const failed = s.slos.filter((x) => !x.ok).length;
  const verdict = opts.verdict ?? (s.slos.length === 0 ? "no SLOs declared" : failed === 0 ? `all ${s.slos.length} SLOs held` : `${failed} of ${s.slos.length} SLOs failed`);
  lines.push(`${verdict}`.padEnd(69) + `exit ${s.exitCode}`);
  return lines.join("\n");
}

/** Events every healthy pod start produces; left out of the EVENTS line. */
const ROUTINE = new Set(["Scheduled", "Pulling", "Pulled", "Created", "Started", "Killing"]);

const METRIC_LABEL_WIDTH = 27;

/**
 * METRICS: each metric of summary.json by name, its p50, p90, p99 and max (a distribution) or
 * its count (a counter), in its unit; summary.json also has the mean, min, p95 and p99.9.
 */
export function metricLines(metrics: RunSummary["metrics"], bold: (text: string) => string = (x) => x): string[] {
  const lines = [`${bold("METRICS")}${" ".repeat(METRIC_LABEL_WIDTH - 6)}p50       p90       p99       max`];
  for (const name of Object.keys(metrics).sort()) {
    const m = metrics[name]!;
    const label = dots(name, METRIC_LABEL_WIDTH);
    if (!("p50" in m)) lines.push(m.unit === "$" ? `${label}$${m.count.toFixed(2)}` : `${label}${fmtCount(m.count)} ${m.unit}`);
    else if (m.count === 0) lines.push(`${label}(none)`);
    else {
      const f = m.unit === "ms" ? fmtLatency : fmtCount;
      const values = [m.p50, m.p90, m.p99, m.max].map((x) => f(x).padEnd(10)).join("");
      lines.push(`${label}${values}${m.unit === "ms" ? "" : m.unit}`.trimEnd());
    }
  }
  return lines;
}

/** `9,503`, `0.38`, `25,600`, `12.9`: integers with thousands separators, others to 3 significant digits. */
export function fmtCount(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (Number.isInteger(x) || abs >= 1000) return (x < 0 ? "-" : "") + String(Math.round(abs)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return String(Number(x.toPrecision(3)));
}
