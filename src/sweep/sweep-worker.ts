/**
 * The piscina worker of `kubesim sweep`: one task is one whole run (sweep-run.ts), seconds of
 * work against ~0.1 ms of task round trip, so the pool pays (performance.md §2: piscina pays
 * from ~60 µs of work per task). Loaded from `dist/` like every worker module.
 */
import { sweepRun, type SweepRunInput } from "./sweep-run.js";

export default function run(input: SweepRunInput): ReturnType<typeof sweepRun> {
  return sweepRun(input);
}
