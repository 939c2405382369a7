/**
 * The results folder of a run (`ux.md` A5): `results/<scenario>/<run-id>/` with summary.csv,
 * timeseries.csv, pods.csv, nodes.csv, events.csv, summary.json and run.json, written through
 * `ResultsFolder` so that it appears complete or not at all. Nothing here carries wall-clock
 * time: the same scenario and seed give byte-identical folders.
 *
 * Later files (slo.csv, junit.xml, report.html) are added by passing `extraFiles`.
 */
import { join } from "node:path";
import type { RunOutcome } from "../runtime/cluster-runtime.js";
import { US_PER_MS } from "../metrics/latency-histogram.js";
import { TIME_SERIES_COLUMNS } from "../metrics/time-series.js";
import { formatCsv, type CsvCell } from "./csv.js";
import { withResultsFolder } from "./results-folder.js";
import { buildRunManifest, renderRunManifest, RUN_MANIFEST_FILE } from "./run-manifest.js";
import { buildRunSummary, gaugeStats, latencyMetrics, type RunSummary } from "./run-summary.js";
import { stableStringify } from "./stable-json.js";

export const SUMMARY_COLUMNS = ["metric", "scope", "count", "mean", "min", "p50", "p90", "p95", "p99", "p99_9", "max"] as const;
export const POD_COLUMNS = [
  "namespace", "pod", "workload", "node", "qos_class", "created_s", "scheduled_s", "started_s", "ready_s",
  "scheduling_latency_ms", "startup_latency_ms", "restarts", "oom_kills", "last_exit_code", "eviction_reason",
] as const;
export const NODE_COLUMNS = [
  "node", "pool", "zone", "created_s", "deleted_s", "cpu_allocatable_millicores", "memory_allocatable_bytes",
  "peak_cpu_requested_pct", "peak_memory_requested_pct",
] as const;
export const EVENT_COLUMNS = ["time_s", "type", "reason", "object", "message"] as const;

const s = (us: number): number => us / 1e6;
const ms = (us: number): number => us / US_PER_MS;

export function summaryCsv(o: RunOutcome): string {
  const rows: CsvCell[][] = [];
  for (const [, csvName, h] of latencyMetrics(o)) {
    const x = h.summary(US_PER_MS);
    rows.push([csvName, "cluster", x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  const workloads = [...o.recorder.podStartupByWorkload].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [scope, h] of workloads) {
    const x = h.summary(US_PER_MS);
    rows.push(["pod_startup_latency_ms", scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  for (const g of gaugeStats(o)) {
    const x = g.stats;
    rows.push([g.metric, g.scope, x.count, x.mean, x.min, x.p50, x.p90, x.p95, x.p99, x.p99_9, x.max]);
  }
  const counter = (name: string, v: number): CsvCell[] => [name, "cluster", v, null, null, null, null, null, null, null, null];
  rows.push(counter("failed_scheduling_events", o.recorder.eventsByReason.get("FailedScheduling") ?? 0));
  rows.push(counter("evicted_pods", o.nodeLifecycle.evictions));
  return formatCsv(SUMMARY_COLUMNS, rows);
}

export function timeseriesCsv(o: RunOutcome): string {
  return formatCsv(TIME_SERIES_COLUMNS, o.recorder.sampler.rows());
}

/** One row per pod ever created, in creation order. Startup latency is the SLI (pull excluded). */
export function podsCsv(o: RunOutcome): string {
  const L = o.ledger;
  const rows: CsvCell[][] = L.ids.map((id) => {
    const created = L.createdUs[id]!;
    const ready = L.readyUs[id]!;
    return [
      L.namespace[id], L.name[id], L.workload[id], L.node[id], L.qosClass[id],
      s(created), s(L.scheduledUs[id]!), s(L.startedUs[id]!), s(ready),
      ms(L.scheduledUs[id]! - L.queuedUs[id]!),
      Number.isNaN(ready) ? NaN : ms(Math.max(0, ready - created - L.pullUs[id]!)),
      L.restarts[id], L.oomKills[id], null, L.evictionReason[id],
    ];
  });
  return formatCsv(POD_COLUMNS, rows);
}

export function nodesCsv(o: RunOutcome): string {
  const rows: CsvCell[][] = [...o.recorder.nodes.values()].map((n) => [
    n.name, n.pool, n.zone, s(n.createdUs), s(n.deletedUs), n.cpuAllocatable, n.memoryAllocatable, n.peakCpuPct, n.peakMemoryPct,
  ]);
  return formatCsv(NODE_COLUMNS, rows);
}

/** Events in time order (recording order within an instant). */
export function eventsCsv(o: RunOutcome): string {
  return formatCsv(EVENT_COLUMNS, o.store.events.map((e) => [s(e.timeUs), e.type, e.reason, e.object, e.message]));
}

/**
 * The resolved scenario as plain JSON (run.json `inputs`, the run id hash): loaded objects carry
 * helper functions (source lookups) that have no JSON form and are dropped.
 */
export function resolvedInputs(scenario: RunOutcome["scenario"]): unknown {
  return JSON.parse(JSON.stringify(scenario));
}

export interface WriteRunOptions {
  /** `-o/--output-dir`: the folder holding `<scenario>/<run-id>/`. */
  outputDir: string;
  runId: string;
  /** Arguments after `kubesim` that reproduce the run (run.json). */
  args: readonly string[];
  /** Extra files (slo.csv, junit.xml, report.html) by name. */
  extraFiles?: Record<string, string>;
  summary?: RunSummary;
  cwd?: string;
}

/** Writes the results folder atomically; returns its final path and the summary written. */
export function writeRunOutputs(o: RunOutcome, opts: WriteRunOptions): { dir: string; summary: RunSummary; files: string[] } {
  const dir = join(opts.outputDir, o.scenario.name, opts.runId);
  const summary = opts.summary ?? buildRunSummary(o, opts.runId, dir);
  const files: Record<string, string> = {
    "summary.csv": summaryCsv(o),
    "timeseries.csv": timeseriesCsv(o),
    "pods.csv": podsCsv(o),
    "nodes.csv": nodesCsv(o),
    "events.csv": eventsCsv(o),
    "summary.json": stableStringify(summary),
    [RUN_MANIFEST_FILE]: renderRunManifest(
      buildRunManifest({ seed: o.scenario.seed, runId: opts.runId, args: opts.args, inputFiles: o.scenario.inputFiles, inputs: resolvedInputs(o.scenario), cwd: opts.cwd }),
    ),
    ...opts.extraFiles,
  };
  withResultsFolder(dir, (folder) => {
    for (const [name, content] of Object.entries(files)) folder.write(name, content);
  });
  return { dir, summary, files: Object.keys(files) };
}
