/**
 * One run of a sweep, as a worker thread executes it: load the scenario with the point's
 * `--set` overrides and the replication's seed, simulate it to the end, judge its SLOs, and
 * return the few numbers sweep.csv keeps (no results folder per run). The result is a plain
 * object (structured-cloned back to the main thread) and a pure function of the input, so
 * runs may execute in any order on any thread.
 */
import { InputError, type InputErrorDetail } from "../errors.js";
import { buildRunSummary, type MetricSummary, type RunSummary } from "../report/run-summary.js";
import { evaluateSlos, runMetricSources } from "../report/slo-check.js";
import { runScenario } from "../runtime/cluster-runtime.js";
import { loadScenario } from "../scenario/load-scenario.js";

export interface SweepRunInput {
  readonly file: string;
  readonly set: readonly string[];
  readonly seed: number;
}

export interface SweepRunResult {
  /** Every SLO held (or the scenario declares none). */
  readonly passed: boolean;
  /** Names of the SLOs that failed, in the scenario's order. */
  readonly failedSlos: string[];
  /** `RUN_METRICS` values, in order; NaN when the run had no observation. */
  readonly metrics: number[];
  /** Each SLO's observed value (its unit), in the scenario's order; NaN when not measured. */
  readonly sloObserved: number[];
  readonly warnings: string[];
}

/** A run that could not start: the user's input was wrong (an out-of-range --range value, say). */
export interface SweepRunInputError {
  readonly inputError: InputErrorDetail[];
}

/**
 * The per-run numbers of sweep.csv, each `[column, unit note]`. Cost per hour is the run's
 * cost over its simulated hours (node-hours × price / hours: the cluster's price per hour when
 * its size is fixed, the time-average under an autoscaler).
 */
export const RUN_METRICS: readonly string[] = [
  "cost_per_hour",
  "cost",
  "nodes_ready_min",
  "pending_pods_max",
  "pod_startup_latency_p99_ms",
  "scheduling_latency_p99_ms",
  "cpu_requested_peak_pct",
  "memory_requested_peak_pct",
  "failed_scheduling",
  "evictions",
];

function latencyP99(s: RunSummary, name: string): number {
  const m = s.metrics[name] as MetricSummary | undefined;
  return m === undefined || m.count === 0 ? NaN : m.p99;
}

function gaugeMax(s: RunSummary, name: string): number {
  const m = s.metrics[name] as MetricSummary | undefined;
  return m === undefined || m.count === 0 ? NaN : m.max;
}

export function sweepRun(input: SweepRunInput): SweepRunResult | SweepRunInputError {
  const loadWarnings: string[] = [];
  let scenario;
  try {
    scenario = loadScenario(input.file, { set: input.set, seed: input.seed, onWarning: (w) => loadWarnings.push(w) });
  } catch (e) {
    if (e instanceof InputError) return { inputError: e.details };
    throw e;
  }
  const outcome = runScenario(scenario);
  const summary = buildRunSummary(outcome, "", "");
  const slos = evaluateSlos(scenario.slos, runMetricSources(outcome, summary));
  const hours = outcome.simulatedUs / 3.6e9;
  const c = summary.capacity;
  const metrics = [
    hours > 0 ? c.cost / hours : NaN,
    c.cost,
    c.nodesReadyMin,
    gaugeMax(summary, "pendingPods"),
    latencyP99(summary, "podStartupLatency"),
    latencyP99(summary, "schedulingLatency"),
    c.cpuRequestedPeakPct,
    c.memoryRequestedPeakPct,
    summary.metrics["failedScheduling"]?.count ?? NaN,
    summary.metrics["evictions"]?.count ?? NaN,
  ];
  return {
    passed: slos.every((s) => s.ok),
    failedSlos: slos.filter((s) => !s.ok).map((s) => s.name),
    metrics,
    sloObserved: slos.map((s) => s.observed ?? NaN),
    warnings: [...loadWarnings, ...outcome.warnings],
  };
}
