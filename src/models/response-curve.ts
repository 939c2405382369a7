/**
 * A container's response curve: request latency quantiles and CFS counters as a function of
 * the CPU load offered to it, sampled once per distinct configuration (quota, burst, worker
 * threads, cores, per-request CPU cost) by running `simulateCgroup` over Poisson arrivals at a
 * grid of loads. The runtime then reads the curve in closed form, once per workload per sample
 * period (no per-request events: the scale target is 30,000 pods for an hour in < 60 s).
 *
 * Loads are in cores: `x = λ · E[cost]`. The grid spans 2 % .. 98 % of the container's
 * capacity `min(limit, threads, cores)`; a load beyond the capacity cannot be served at all
 * (the queue grows without bound), so the caller counts the excess as failed requests and
 * reads the curve at its last point.
 *
 *   const curve = buildResponseCurve({ quotaUs: 100_000, threads: 8, cores: 4, cost }, rng);
 *   curve.at(0.5, point);  point.quantileUs[LATENCY_P99]; point.throttledRatio;
 */
import type { Rng } from "../engine/rng.js";
import { CFS_PERIOD_US, simulateCgroup } from "./cfs.js";

/** Per-request CPU cost (µs of CPU on one thread). */
export interface CostDistribution {
  kind: "constant" | "exponential" | "lognormal";
  meanUs: number;
  /** Coefficient of variation (sd / mean) of a lognormal; default 1. */
  cv?: number;
}

export function drawCostUs(rng: Rng, d: CostDistribution): number {
  if (d.kind === "constant") return d.meanUs;
  if (d.kind === "exponential") return rng.exponential(1 / d.meanUs);
  // Lognormal with the given mean and cv: σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
  const cv = d.cv ?? 1;
  const s2 = Math.log(1 + cv * cv);
  return rng.lognormal(Math.log(d.meanUs) - s2 / 2, Math.sqrt(s2));
}

/**
 * Quantiles kept per grid point, and the share of requests each stands for when the runtime
 * rebuilds a latency histogram from them: with these weights, the histogram's p50, p90, p95,
 * p99 and p99.9 are exactly the curve's (a percentile p returns the first point whose
 * cumulative weight reaches p).
 */
export const CURVE_QUANTILES: readonly number[] = [
  0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
  0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99,
  0.991, 0.992, 0.993, 0.994, 0.995, 0.996, 0.997, 0.998, 0.999, 1,
];
export const CURVE_QUANTILE_WEIGHTS: readonly number[] = CURVE_QUANTILES.map((q, i) => Math.round((q - (i === 0 ? 0 : CURVE_QUANTILES[i - 1]!)) * 1e6) / 1e6);
export const LATENCY_P50 = 4;
export const LATENCY_P99 = 17;

export interface ResponseCurveParams {
  /** −1 = no CPU limit. */
  quotaUs: number;
  periodUs?: number;
  burstUs?: number;
  threads: number;
  /** CPUs of the node the container can use. */
  cores: number;
  cost: CostDistribution;
}

/** One point read from a curve (caller-owned, reused). */
export interface CurvePoint {
  throttledRatio: number;
  /** Active CFS periods per second of wall time. */
  periodsPerSec: number;
  /** Throttled periods per second, and throttled time (µs summed over CPUs) per second. */
  throttledPeriodsPerSec: number;
  throttledUsPerSec: number;
  meanLatencyUs: number;
  quantileUs: Float64Array;
}

export function newCurvePoint(): CurvePoint {
  return { throttledRatio: 0, periodsPerSec: 0, throttledPeriodsPerSec: 0, throttledUsPerSec: 0, meanLatencyUs: 0, quantileUs: new Float64Array(CURVE_QUANTILES.length) };
}

const GRID = 13;
const NQ = CURVE_QUANTILES.length;

export class ResponseCurve {
  /** Grid loads (cores) and, per grid point, the measured values. */
  readonly loads = new Float64Array(GRID);
  readonly periodsPerSec = new Float64Array(GRID);
  readonly throttledPeriodsPerSec = new Float64Array(GRID);
  readonly throttledUsPerSec = new Float64Array(GRID);
  readonly meanLatencyUs = new Float64Array(GRID);
  readonly quantileUs = new Float64Array(GRID * NQ);

  /** `min(limit, threads, cores)`: the most CPU the container can use (cores). */
  constructor(readonly capacityCores: number) {}

  /** Reads the curve at load `x` cores (clamped to the grid), linearly interpolated. */
  at(x: number, out: CurvePoint): void {
    const L = this.loads;
    let g = 0;
    let f = 0;
    if (x <= L[0]!) {
      g = 0;
      f = 0;
    } else if (x >= L[GRID - 1]!) {
      g = GRID - 2;
      f = 1;
    } else {
      const step = L[1]! - L[0]!;
      g = Math.min(GRID - 2, Math.floor((x - L[0]!) / step));
      f = (x - L[g]!) / (L[g + 1]! - L[g]!);
    }
    const lerp = (a: Float64Array, i: number, j: number): number => a[i]! + (a[j]! - a[i]!) * f;
    out.periodsPerSec = lerp(this.periodsPerSec, g, g + 1);
    out.throttledPeriodsPerSec = lerp(this.throttledPeriodsPerSec, g, g + 1);
    out.throttledUsPerSec = lerp(this.throttledUsPerSec, g, g + 1);
    out.throttledRatio = out.periodsPerSec > 0 ? out.throttledPeriodsPerSec / out.periodsPerSec : 0;
    out.meanLatencyUs = lerp(this.meanLatencyUs, g, g + 1);
    for (let q = 0; q < NQ; q++) out.quantileUs[q] = lerp(this.quantileUs, g * NQ + q, (g + 1) * NQ + q);
  }
}

/** Requests simulated per grid point (after warm-up), and the horizon bounds in periods. */
const TARGET_REQUESTS = 2500;
const MIN_PERIODS = 200;
const MAX_PERIODS = 3000;

/**
 * Samples the curve: for each grid load, Poisson arrivals at `λ = x / E[cost]` over a horizon
 * of periods, the first tenth discarded as warm-up. Deterministic given `rng`'s state.
 */
export function buildResponseCurve(p: ResponseCurveParams, rng: Rng): ResponseCurve {
  const P = p.periodUs ?? CFS_PERIOD_US;
  const limitCores = p.quotaUs >= 0 ? p.quotaUs / P : Infinity;
  const capacity = Math.min(limitCores, p.threads, p.cores);
  const curve = new ResponseCurve(capacity);
  const mean = p.cost.meanUs;
  for (let g = 0; g < GRID; g++) {
    const x = capacity * (0.02 + (0.96 * g) / (GRID - 1));
    curve.loads[g] = x;
    const lambdaPerUs = x / mean;
    const periods = Math.min(MAX_PERIODS, Math.max(MIN_PERIODS, Math.ceil(TARGET_REQUESTS / (lambdaPerUs * P))));
    const horizonUs = periods * P;
    const arrivals: number[] = [];
    const costs: number[] = [];
    for (let t = rng.exponential(lambdaPerUs); t < horizonUs; t += rng.exponential(lambdaPerUs)) {
      arrivals.push(t);
      costs.push(drawCostUs(rng, p.cost));
    }
    const run = simulateCgroup({ quotaUs: p.quotaUs, periodUs: P, burstUs: p.burstUs ?? 0, cores: p.cores, threads: p.threads }, arrivals, costs);
    const wallS = Math.max(run.endUs, horizonUs) / 1e6;
    curve.periodsPerSec[g] = run.counters.periods / wallS;
    curve.throttledPeriodsPerSec[g] = run.counters.throttledPeriods / wallS;
    curve.throttledUsPerSec[g] = run.counters.throttledUs / wallS;
    const skip = Math.floor(arrivals.length / 10);
    const lat = Float64Array.from(run.latencyUs.subarray(skip)).sort();
    let sum = 0;
    for (let i = 0; i < lat.length; i++) sum += lat[i]!;
    curve.meanLatencyUs[g] = lat.length > 0 ? sum / lat.length : mean;
    for (let q = 0; q < NQ; q++) {
      // Nearest rank: the smallest value with at least q of the requests at or below it.
      const rank = Math.max(0, Math.ceil(CURVE_QUANTILES[q]! * lat.length) - 1);
      curve.quantileUs[g * NQ + q] = lat.length > 0 ? lat[rank]! : mean;
    }
  }
  return curve;
}

/** The cache key of a configuration: containers with equal keys share one curve. */
export function curveKey(p: ResponseCurveParams): string {
  return `${p.quotaUs}/${p.periodUs ?? CFS_PERIOD_US}/${p.burstUs ?? 0}/${p.threads}/${p.cores}/${p.cost.kind}/${p.cost.meanUs}/${p.cost.cv ?? 1}`;
}
