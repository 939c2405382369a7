/**
 * One run of a sweep, as a worker thread executes it: load the scenario with the point's
 * `--set` overrides and the replication's seed, simulate it to the end, judge its SLOs, and
 * return the few numbers sweep.csv keeps (no results folder per run). The result is a plain
 * object (structured-cloned back to the main thread) and a pure function of the input, so
 * runs may execute in any order on any thread.
 *
 * With `stopEarly` (find-min probes, which need only the verdict), the run checks its SLOs at
 * every sample instant (`spec.sampleInterval`) and stops at the first where one has failed for
 * good (report/slo-finality.ts), skipping the rest of the simulated time (for a cluster too
 * small for its workload, an hour of Pending pods retried). The result says when (`stoppedAtS`), its
 * numbers cover the simulated part only, and `failedSlos` names the SLOs that had failed for
 * good. Checks happen at fixed simulated instants, so where a run stops is as reproducible as
 * the run itself.
 */
import { InputError, type InputErrorDetail } from "../errors.js";
import { buildRunSummary, type MetricSummary, type RunSummary } from "../report/run-summary.js";
import { evaluateSlos, runMetricSources } from "../report/slo-check.js";
import { canFailForGood, failedForGood } from "../report/slo-finality.js";
import { runScenario, type RunOutcome } from "../runtime/cluster-runtime.js";
import { loadScenario } from "../scenario/load-scenario.js";

export interface SweepRunInput {
  readonly file: string;
  readonly set: readonly string[];
  readonly seed: number;
  /** Stop once an SLO has failed for good (see above). */
  readonly stopEarly?: boolean;
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
  /** Simulated seconds at which the run stopped because an SLO had failed for good; null = ran to the end. */
  readonly stoppedAtS: number | null;
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
  // Only SLOs whose statistic moves one way can fail for good; without one, never check.
  const finalisable = input.stopEarly === true ? scenario.slos.filter(canFailForGood) : [];
  const stopWhen = finalisable.length === 0 ? undefined : {
    everyUs: scenario.sampleIntervalUs,
    check: (soFar: RunOutcome) => {
      // Gauge SLOs read the sampled series directly; the summary (tens of ms at 5,000 nodes) is
      // built only when a latency or counter SLO asks for it.
      let metrics: RunSummary["metrics"] | undefined;
      const lazy = { get metrics() { return (metrics ??= buildRunSummary(soFar, "", "").metrics); } };
      const partial = evaluateSlos(finalisable, runMetricSources(soFar, lazy));
      return partial.some((r, i) => failedForGood(finalisable[i]!, r));
    },
  };
  const outcome = runScenario(scenario, { stopWhen });
  const summary = buildRunSummary(outcome, "", "");
  const stopped = outcome.stoppedAtUs !== undefined;
  const slos = evaluateSlos(scenario.slos, runMetricSources(outcome, summary));
  // A stopped run's other verdicts were never reached: only the final failures are named.
  const failed = slos.filter((r, i) => (stopped ? failedForGood(scenario.slos[i]!, r) : !r.ok));
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
    passed: !stopped && failed.length === 0,
    failedSlos: failed.map((s) => s.name),
    metrics,
    sloObserved: slos.map((s) => s.observed ?? NaN),
    stoppedAtS: stopped ? outcome.stoppedAtUs! / 1e6 : null,
    warnings: [...loadWarnings, ...outcome.warnings],
  };
}
