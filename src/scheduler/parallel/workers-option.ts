/**
 * `--workers N|auto`: how many threads filter and score, the main thread included.
 *
 * - `1`: every cycle on the main thread (the sequential scheduler; no worker is started).
 * - `N ≥ 2`: main + N − 1 persistent helpers; every cycle the fast path covers goes through
 *   them, however few nodes it visits (what `bench scheduler` measures against sequential).
 * - `auto`: as many threads as cores (never more: spinning threads sharing a core starve each
 *   other, performance.md §2b), but a cycle part covering fewer than AUTO_MIN_NODES nodes runs
 *   on the main thread; one core means sequential.
 *
 * N above the core count works but its helpers do not spin: they sleep in `Atomics.wait`
 * between rounds (RangeExecutor's oversubscribed mode), and the main thread runs any chunk a
 * sleeping helper has not claimed yet, so 4 threads on 2 cores stay correct and bounded.
 */
import { availableParallelism } from "node:os";
import { ParallelFilterScore } from "./parallel-cycle.js";

/**
 * Break-even of the parallel cycle on the project's 2-vCPU VM (bench/README.md, Scheduler
 * parallel): below about this many nodes filtered or scored per cycle, the round's barrier and
 * the main thread's merge cost more than the second thread saves.
 */
export const AUTO_MIN_NODES = 2000;

export type WorkersSpec = number | "auto";

/** Parses a `--workers` value; null when it is neither `auto` nor an integer in [1, 64]. */
export function parseWorkers(value: string): WorkersSpec | null {
  const v = value.trim();
  if (v === "auto") return "auto";
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= 64 ? n : null;
}

/** Threads a spec resolves to on this machine. */
export function resolveThreads(spec: WorkersSpec): number {
  return spec === "auto" ? availableParallelism() : spec;
}

/**
 * Starts the parallel filter/score for `spec`, or returns null when it resolves to one thread.
 * The caller owns the result and must `close()` it (the process cannot exit otherwise).
 * `minNodes` overrides the per-cycle threshold (tests force 0).
 */
export async function startParallel(spec: WorkersSpec, opts: { minNodes?: number } = {}): Promise<ParallelFilterScore | null> {
  const threads = resolveThreads(spec);
  if (threads < 2) return null;
  return ParallelFilterScore.start({ threads, minNodes: opts.minNodes ?? (spec === "auto" ? AUTO_MIN_NODES : 0) });
}
