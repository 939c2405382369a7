/**
 * Trace replay figures (docs/trace-replay.md) in the run's outputs: counter rows of summary.csv,
 * the `trace` block of summary.json, and the TRACE block of the terminal summary. Runs without
 * `spec.workloads[].trace` get none of them, so their outputs are unchanged.
 *
 * summary.csv rows (count column): trace_pods (rows replayed), trace_pods_outside_run,
 * trace_pods_created, trace_pods_placed, trace_pods_unplaced, trace_gpus_requested,
 * trace_gpus_placed, trace_gpus_unplaced, trace_gpu_conflicts, and one
 * `trace_unplaced_pods` row per FailedScheduling reason (scope = the reason).
 */
import type { RunOutcome } from "../runtime/cluster-runtime.js";
import type { TraceReplayReport } from "../runtime/trace-replay.js";
import type { CsvCell } from "./csv.js";

export function traceSummaryRows(o: RunOutcome): CsvCell[][] {
  const r = o.traceReplay?.report();
  if (!r) return [];
  const row = (name: string, v: number, scope = "cluster"): CsvCell[] => [name, scope, v, null, null, null, null, null, null, null, null];
  return [
    row("trace_pods", r.rows),
    row("trace_pods_outside_run", r.outsideRun),
    row("trace_pods_created", r.created),
    row("trace_pods_placed", r.placed),
    row("trace_pods_unplaced", r.unplaced),
    row("trace_gpus_requested", r.gpusRequested),
    row("trace_gpus_placed", r.gpusPlaced),
    row("trace_gpus_unplaced", r.gpusUnplaced),
    row("trace_gpu_conflicts", r.gpuConflicts),
    ...r.unplacedByReason.map((x) => row("trace_unplaced_pods", x.pods, x.reason)),
  ];
}

/** Last and largest sampled value of a gauge. */
export interface FinalAndPeak {
  final: number;
  max: number;
}

/** The summary.json `trace` block: the replay's counts and the allocation/fragmentation gauges at the end. */
export interface TraceSummary extends TraceReplayReport {
  gpuRequestedPct: FinalAndPeak;
  gpuFragmentationPct: FinalAndPeak;
  cpuFragmentationPct: FinalAndPeak;
}

/** The summary.json `trace` block; undefined without traces. */
export function traceSummary(o: RunOutcome): TraceSummary | undefined {
  const r = o.traceReplay?.report();
  if (!r) return undefined;
  const gauge = (metric: string): FinalAndPeak => {
    const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === "cluster");
    const v = g ? o.recorder.sampler.series(g.id).values : new Float64Array(0);
    let max = 0;
    for (const x of v) max = Math.max(max, x);
    return { final: v.length > 0 ? v[v.length - 1]! : 0, max };
  };
  return { ...r, gpuRequestedPct: gauge("gpu_requested_pct"), gpuFragmentationPct: gauge("gpu_fragmentation_pct"), cpuFragmentationPct: gauge("cpu_fragmentation_pct") };
}

/** The TRACE block of the terminal summary (≤ 80 columns); [] without traces. */
export function traceLines(t: TraceSummary | undefined, bold: (s: string) => string): string[] {
  if (!t) return [];
  const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : "0%");
  const lines = [bold("TRACE")];
  lines.push(`  pods ............... ${t.created} created   ${t.placed} placed   ${t.unplaced} unplaced (${pct(t.unplaced, t.created)})`);
  if (t.gpusRequested > 0) {
    lines.push(`  GPUs ............... ${fmt(t.gpusRequested)} requested   ${fmt(t.gpusPlaced)} placed   ${fmt(t.gpusUnplaced)} unplaced`);
    lines.push(`  GPU allocation ..... ${Math.round(t.gpuRequestedPct.final)}% at the end (peak ${Math.round(t.gpuRequestedPct.max)}%)   fragmented ${Math.round(t.gpuFragmentationPct.final)}% of free`);
  }
  lines.push(`  CPU fragmentation .. ${Math.round(t.cpuFragmentationPct.final)}% of free CPU at the end`);
  for (const x of t.unplacedByReason.slice(0, 5)) lines.push(`  unplaced ........... ${String(x.pods).padStart(6)}  ${x.reason}`.slice(0, 80));
  if (t.gpuConflicts > 0) lines.push(`  GPU conflicts ...... ${t.gpuConflicts} pods placed with no single GPU free enough`);
  if (t.outsideRun > 0) lines.push(`  outside the run .... ${t.outsideRun} trace pods (before startAt or after the end)`);
  lines.push("");
  return lines;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
