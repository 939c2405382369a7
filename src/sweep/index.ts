/**
 * Sweeps: one scenario run over ranges of values with replications, answering "what is the
 * smallest (cheapest) cluster that meets every SLO" (docs/sweeps.md). May import scenario/,
 * runtime/ and report/; the CLI (`kubesim sweep`, `kubesim merge`) sits on top.
 *
 *   const pool = await startRunPool(2);
 *   const { rows } = await executeSweep(plan, pool);          // run rows, by (point, replication)
 *   await pool.close();
 *   const { answer, files } = finishSweep(plan, rows);        // answer.best, sweep.csv, sweep.json
 */
export { MinSearch, runMinSearches } from "./find-min.js";
export { indexedJob, indexedJobYaml } from "./indexed-job.js";
export { startRunPool, type RunPool } from "./run-pool.js";
export { sweepAnswer, reproduceCommand, type SweepAnswer } from "./sweep-answer.js";
export { executeSweep, pointOverrides } from "./sweep-execute.js";
export { finishSweep, mergeShards, shardDir, sweepDir } from "./sweep-outputs.js";
export { parseShard, replicationSeed, type Shard, type SweepPlan } from "./sweep-plan.js";
export { parseRange, type SweepRange } from "./sweep-range.js";
export { sweepRun, RUN_METRICS } from "./sweep-run.js";
