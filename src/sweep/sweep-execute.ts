/**
 * Runs a sweep's plan (or one shard of it) on a run pool and returns its run rows, sorted by
 * (point, replication). Grid sweeps submit every run at once and let the pool keep its
 * threads busy; find-min submits one round of probes at a time (find-min.ts). Which runs are
 * made depends only on the plan, the shard and the runs' verdicts, and rows are keyed by task,
 * so the rows are the same for any worker count.
 */
import { InputError } from "../errors.js";
import { maxProbes, MinSearch, runMinSearches } from "./find-min.js";
import type { RunPool } from "./run-pool.js";
import { groupCount, groupPoints, pointCount, pointValues, probesPerRound, replicationSeed, replicationsNeeded, shardOwns, type Shard, type SweepPlan } from "./sweep-plan.js";
import { setText } from "./sweep-range.js";
import type { SweepRunResult } from "./sweep-run.js";
import { readRunRow, runRowCells, sortRunRows, type RunRow } from "./sweep-table.js";

export interface SweepExecution {
  readonly rows: RunRow[];
  /** Warnings of the runs, each once, in first-seen order of the sorted runs. */
  readonly warnings: string[];
}

export interface ExecuteOptions {
  shard?: Shard | null;
  /** Called after each run with the runs done and the runs expected (an estimate for find-min). */
  onRun?: (done: number, expected: number) => void;
}

/**
 * Runs the sweep (or shard) makes: exact for a grid; for find-min the bound of find-min.ts
 * (`maxProbes`: W·(1 + ⌈log_{W+1} ⌈n/W⌉⌉) + 1 probes of R runs per group), which the search
 * usually undershoots.
 */
export function expectedRuns(plan: SweepPlan, shard: Shard | null): number {
  const R = plan.replications;
  let units = 0;
  if (plan.mode === "grid") {
    for (let k = 0; k < pointCount(plan) * R; k++) if (shardOwns(shard, k)) units++;
    return units;
  }
  for (let g = 0; g < groupCount(plan); g++) if (shardOwns(shard, g)) units++;
  return units * R * maxProbes(plan.ranges[plan.search]!.values.length, probesPerRound(plan));
}

/** The `--set` overrides of a point: the plan's own, then one per range. */
export function pointOverrides(plan: SweepPlan, point: number): string[] {
  return [...plan.set, ...pointValues(plan, point).map((v, k) => setText(plan.ranges[k]!, v))];
}

export async function executeSweep(plan: SweepPlan, pool: RunPool, opts: ExecuteOptions = {}): Promise<SweepExecution> {
  const shard = opts.shard ?? null;
  const R = plan.replications;
  const results = new Map<number, { row: RunRow; warnings: string[] }>();
  let done = 0;
  let expected = 0;

  const runOne = async (point: number, r: number): Promise<void> => {
    const seed = replicationSeed(plan.seed, r);
    // find-min needs verdicts only: its probes stop once an SLO has failed for good (sweep-run.ts).
    const res = await pool.run({ file: plan.scenarioFile, set: pointOverrides(plan, point), seed, stopEarly: plan.mode === "find-min" });
    if ("inputError" in res) throw new InputError(res.inputError);
    const result = res as SweepRunResult;
    results.set(point * R + r, { row: readRunRow(plan, runRowCells(plan, point, r, seed, result)), warnings: result.warnings });
    opts.onRun?.(++done, Math.max(expected, done));
  };
  const runPoints = async (points: readonly number[]): Promise<void> => {
    const tasks: Promise<void>[] = [];
    for (const p of points) for (let r = 0; r < R; r++) tasks.push(runOne(p, r));
    await settleAll(tasks);
  };

  if (plan.mode === "grid") {
    const owned: [number, number][] = [];
    for (let p = 0; p < pointCount(plan); p++) for (let r = 0; r < R; r++) if (shardOwns(shard, p * R + r)) owned.push([p, r]);
    expected = owned.length;
    await settleAll(owned.map(([p, r]) => runOne(p, r)));
  } else {
    const searches: MinSearch[] = [];
    for (let g = 0; g < groupCount(plan); g++) if (shardOwns(shard, g)) searches.push(new MinSearch(groupPoints(plan, g), probesPerRound(plan)));
    expected = expectedRuns(plan, shard);
    const need = replicationsNeeded(plan);
    await runMinSearches(searches, async (points) => {
      await runPoints(points);
      const verdicts = new Map<number, boolean>();
      for (const p of points) {
        let passed = 0;
        for (let r = 0; r < R; r++) if (results.get(p * R + r)!.row.passed) passed++;
        verdicts.set(p, passed >= need);
      }
      return verdicts;
    });
  }
  const keys = [...results.keys()].sort((a, b) => a - b);
  const warnings = new Set<string>();
  for (const k of keys) for (const w of results.get(k)!.warnings) warnings.add(w);
  return { rows: sortRunRows(keys.map((k) => results.get(k)!.row)), warnings: [...warnings] };
}

/**
 * Awaits every task, then rethrows the first failure in task order (not the first to fail in
 * time, which depends on the threads), so an error message is deterministic too.
 */
async function settleAll(tasks: Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(tasks);
  for (const s of settled) if (s.status === "rejected") throw s.reason;
}
