/**
 * Calibration of the CFS model (docs/resource-dynamics.md): p99 request latency of a
 * multi-threaded service against the utilisation of its CPU limit, with the limit and without
 * it (kubelet cpuCFSQuota false) at the same load. Writes results/bench/cfs-latency-knee.csv.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/cfs-latency-knee.js
 *
 * Service: 1-CPU limit (quota 100 ms / 100 ms), 8 worker threads on an 8-core node, requests of
 * exponential CPU cost with mean 20 ms, Poisson arrivals. Published experience (Twitter, in
 * shared/reference/models.md §8): such services fall over near 50 % of their limit.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { RngStreams } from "../src/engine/rng.js";
import { buildResponseCurve, LATENCY_P50, LATENCY_P99, newCurvePoint } from "../src/models/response-curve.js";
import { formatCsv } from "../src/report/csv.js";

const cost = { kind: "exponential", meanUs: 20_000 } as const;
const limited = buildResponseCurve({ quotaUs: 100_000, threads: 8, cores: 8, cost }, new RngStreams(1).stream("knee/limited"));
const free = buildResponseCurve({ quotaUs: -1, threads: 8, cores: 8, cost }, new RngStreams(1).stream("knee/free"));
const rows: (string | number)[][] = [];
const a = newCurvePoint();
const b = newCurvePoint();
for (let pct = 10; pct <= 90; pct += 10) {
  const x = pct / 100; // cores, = utilisation of the 1-CPU limit
  limited.at(x, a);
  free.at(x, b);
  rows.push([pct, round(a.throttledRatio), round(a.quantileUs[LATENCY_P50]! / 1000), round(a.quantileUs[LATENCY_P99]! / 1000), round(b.quantileUs[LATENCY_P99]! / 1000), round(a.quantileUs[LATENCY_P99]! / b.quantileUs[LATENCY_P99]!)]);
}
const csv = formatCsv(["limit_utilisation_pct", "throttled_periods_ratio", "p50_limited_ms", "p99_limited_ms", "p99_unlimited_ms", "p99_ratio"], rows);
mkdirSync("results/bench", { recursive: true });
writeFileSync("results/bench/cfs-latency-knee.csv", csv);
process.stdout.write(csv);

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
