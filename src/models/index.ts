/**
 * models/: physical models of what runs on the nodes, as pure functions and small state
 * machines of simulated time: CFS bandwidth control and CPU shares (`cfs.ts`,
 * `cpu-contention.ts`), the latency/throttling response curve of a container sampled from the
 * CFS model (`response-curve.ts`), container memory, OOM kills and node-pressure eviction
 * (`memory.ts`), and request-rate profiles (`traffic.ts`). The runtime
 * (src/runtime/resource-dynamics.ts) drives them once per sample period.
 *
 * May import: `../engine/` (RNG streams) and `../metrics/`; nothing above (no apiserver,
 * runtime or scenario).
 *
 *   milliCpuToQuota(500);                                   // 50_000 µs per 100 ms period
 *   simulateCgroup({ quotaUs: 100_000, cores: 4, threads: 4 }, [0, 0, 0, 0], [5e4, 5e4, 5e4, 5e4]).endUs; // 125_000
 *   oomScoreAdj("Burstable", 4 * 2 ** 30, 16 * 2 ** 30);   // 750
 *   meanRate({ kind: "constant", rps: 40 }, 0, 10e6);        // 40
 */
export * from "./cfs.js";
export * from "./cpu-contention.js";
export * from "./memory.js";
export * from "./response-curve.js";
export * from "./traffic.js";
