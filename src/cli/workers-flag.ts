/**
 * The `--workers N|auto` flag of `run`, `explain` and `bench scheduler`: threads that filter and
 * score, the main thread included (scheduler/parallel/workers-option.ts). Default 1.
 */
import { inputError } from "../errors.js";
import type { ParallelFilterScore } from "../scheduler/parallel/parallel-cycle.js";
import { parseWorkers, startParallel, type WorkersSpec } from "../scheduler/parallel/workers-option.js";

export const WORKERS_HELP = "threads that filter and score, main thread included: N or auto (default 1: sequential)";

/** commander parser for one value. */
export function workersFlag(flag: string): (value: string) => WorkersSpec {
  return (value: string) => {
    const w = parseWorkers(value);
    if (w === null) throw inputError("USAGE", flag, `expected an integer from 1 to 64 or "auto", got "${value}"`);
    return w;
  };
}

/** commander parser for a comma-separated list (`--workers 1,2,4`). */
export function workersListFlag(flag: string): (value: string) => WorkersSpec[] {
  const one = workersFlag(flag);
  return (value: string) => value.split(",").map((v) => one(v));
}

/**
 * Runs `body` with the scheduler's worker threads for `spec` (null for one thread) and shuts
 * them down afterwards, whatever happens, so the process exits on its own.
 */
export async function withSchedulerWorkers<T>(spec: WorkersSpec | undefined, body: (p: ParallelFilterScore | null) => T | Promise<T>): Promise<T> {
  const parallel = await startParallel(spec ?? 1);
  try {
    return await body(parallel);
  } finally {
    await parallel?.close();
  }
}
