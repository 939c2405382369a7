/**
 * Parallel filter/score groundwork: a range executor that runs one kernel over the node range
 * [0, n) on the main thread plus persistent `worker_threads` helpers, with a per-round Atomics
 * barrier (bounded spinning, then `Atomics.wait`) and no message per round. Kernels live in a
 * plain ES module every thread imports, read `SharedArrayBuffer` columns and write results into
 * shared output arrays; the caller reduces them afterwards, in chunk order, deterministically.
 * The split depends only on (n, threads), so results are the same for any thread count.
 *
 * May import: node built-ins only (it knows nothing of nodes or pods; the scheduler's kernels do).
 *
 * Usage:
 *   const ex = await RangeExecutor.start({ threads: 2, kernelModule: new URL("./kernels.js", import.meta.url), shared });
 *   const filterScore = ex.kernelId("filterScore");
 *   const chunks = ex.run(filterScore, nodeCount, [podCpu, podMem]); // per-chunk results in slots [0, chunks)
 *   ... reduce chunk 0, 1, ... in order; bind on the main thread ...
 *   await ex.close();
 */
export { chunkStart } from "./chunks.js";
export { MAX_CHUNKS, PARAM_SLOTS } from "./control-block.js";
export type { RangeKernel, SharedBuffers, ViewSetup } from "./kernel-module.js";
export { CHUNKS_PER_THREAD, DEFAULT_ROUND_TIMEOUT_MS, DEFAULT_SPIN_MICROS, type RangeExecutorOptions } from "./executor-options.js";
export { RangeExecutor } from "./range-executor.js";
export { WorkerFailedError } from "./worker-failed-error.js";
