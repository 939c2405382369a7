/**
 * A sweep's plan: everything that decides which runs it makes and what it writes, and nothing
 * about where or how fast (no output folder, no worker count, no shard). Shards of one sweep
 * carry the same plan, so `kubesim merge` can check they belong together, and the sweep id is
 * a hash of it.
 *
 * - **Points** are the cartesian product of the ranges, in the order given, the last range
 *   varying fastest (like nested loops). Point p's values are `pointValues(plan, p)`.
 * - **Replications** run each point with R seeds. Replication 0 uses the scenario's seed, so
 *   `kubesim run --set ...` reproduces it; replication r > 0 uses `replicationSeed(seed, r)`.
 *   Every point uses the same R seeds (common random numbers: the points then differ by the
 *   parameter, not by luck, which sharpens the comparison between neighbours).
 * - **Groups**: with a search parameter (`--find-min`, or else the last numeric range), the points
 *   that share the values of every other range form a group (one per instance type, say); the
 *   answer is searched per group and the groups are ranked by cost.
 */
import { inputError } from "../errors.js";
import type { RangeValue, SweepRange } from "./sweep-range.js";

export interface SweepPlan {
  /** `SweepPlan` version: merge refuses shards written by another layout. */
  readonly format: 1;
  /** The scenario file as given, and its `metadata.name`. */
  readonly scenarioFile: string;
  readonly scenario: string;
  readonly seed: number;
  /** Extra `--set` overrides applied to every run, before the range values. */
  readonly set: readonly string[];
  readonly ranges: readonly Pick<SweepRange, "path" | "values" | "numeric" | "text">[];
  readonly replications: number;
  /** Fraction of replications that must meet every SLO for a point to pass (default 1: all). */
  readonly confidence: number;
  /** `grid` runs every point; `find-min` bisects the search range of each group. */
  readonly mode: "grid" | "find-min";
  /** Index into `ranges` of the search parameter (the `--find-min` path, else the last numeric range, else the last). */
  readonly search: number;
  /**
   * find-min: probes per round of each group's search, W (find-min.ts). Which points a search
   * runs depends on W, so it is part of the plan (and of the id, `reproduce` and every shard's
   * plan.json); absent means 1 (bisection), which keeps the ids of bisection sweeps as they were.
   */
  readonly probesPerRound?: number;
  /** The scenario's SLO names, in order (one sweep.csv column each). */
  readonly slos: readonly string[];
  /** `sweep-s<seed>-<hash8>`, hash of everything above. */
  readonly id: string;
}

/** Runs a sweep may plan (points × replications); beyond this, use --find-min or shards. */
export const MAX_SWEEP_RUNS = 1_000_000;
export const MAX_REPLICATIONS = 1000;
/** W beyond a few dozen buys nothing on one machine; the cap keeps a typo from planning 10^6 probes a round. */
export const MAX_PROBES_PER_ROUND = 1000;

export function pointCount(plan: Pick<SweepPlan, "ranges">): number {
  let n = 1;
  for (const r of plan.ranges) n *= r.values.length;
  return n;
}

/** The index of each range's value at point `p` (last range fastest). */
export function pointCoordinates(plan: Pick<SweepPlan, "ranges">, p: number): number[] {
  const out = new Array<number>(plan.ranges.length);
  for (let k = plan.ranges.length - 1; k >= 0; k--) {
    const n = plan.ranges[k]!.values.length;
    out[k] = p % n;
    p = Math.floor(p / n);
  }
  return out;
}

export function pointIndex(plan: Pick<SweepPlan, "ranges">, coords: readonly number[]): number {
  let p = 0;
  for (let k = 0; k < plan.ranges.length; k++) p = p * plan.ranges[k]!.values.length + coords[k]!;
  return p;
}

export function pointValues(plan: Pick<SweepPlan, "ranges">, p: number): RangeValue[] {
  return pointCoordinates(plan, p).map((c, k) => plan.ranges[k]!.values[c]!);
}

/** Groups: the combinations of every range but the search one, in point order. */
export function groupCount(plan: Pick<SweepPlan, "ranges" | "search">): number {
  return pointCount(plan) / plan.ranges[plan.search]!.values.length;
}

/** The points of group g, by ascending index of the search value. */
export function groupPoints(plan: Pick<SweepPlan, "ranges" | "search">, g: number): number[] {
  const others = plan.ranges.map((_, k) => k).filter((k) => k !== plan.search);
  const coords = new Array<number>(plan.ranges.length).fill(0);
  for (let j = others.length - 1; j >= 0; j--) {
    const k = others[j]!;
    const n = plan.ranges[k]!.values.length;
    coords[k] = g % n;
    g = Math.floor(g / n);
  }
  const n = plan.ranges[plan.search]!.values.length;
  const points: number[] = [];
  for (let i = 0; i < n; i++) {
    coords[plan.search] = i;
    points.push(pointIndex(plan, coords));
  }
  return points;
}

/** The group a point belongs to. */
export function groupOf(plan: Pick<SweepPlan, "ranges" | "search">, p: number): number {
  const coords = pointCoordinates(plan, p);
  let g = 0;
  for (let k = 0; k < plan.ranges.length; k++) if (k !== plan.search) g = g * plan.ranges[k]!.values.length + coords[k]!;
  return g;
}

/**
 * The seed of replication r (> 0): splitmix32-style mixing of the scenario seed and r, so
 * neighbouring seeds give unrelated streams; always a 32-bit unsigned integer. Replication 0
 * keeps the scenario's own seed.
 */
export function replicationSeed(seed: number, r: number): number {
  if (r === 0) return seed;
  let h = (Math.floor(seed / 2 ** 32) ^ (seed >>> 0) ^ Math.imul(r, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** W of find-min.ts: the plan's `probesPerRound`, 1 when absent. */
export function probesPerRound(plan: Pick<SweepPlan, "probesPerRound">): number {
  return plan.probesPerRound ?? 1;
}

/**
 * The default W for `--workers` threads: the probes that keep the threads busy when every
 * group's round runs at once, ⌊threads / (R × groups)⌋, at least 1. With one probe per thread
 * a round takes as long as one run, and W probes cut the interval into W + 1 parts instead of 2.
 */
export function defaultProbesPerRound(threads: number, replications: number, groups: number): number {
  return Math.max(1, Math.floor(threads / (replications * groups)));
}

/** Passing replications a point needs: ⌈confidence × R⌉ (at least 1). */
export function replicationsNeeded(plan: Pick<SweepPlan, "confidence" | "replications">): number {
  return Math.max(1, Math.ceil(plan.confidence * plan.replications - 1e-9));
}

/** `--shard i/N`: 0 ≤ i < N. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const usage = (why: string) => inputError("USAGE", "--shard", `${JSON.stringify(text)}: ${why}; expected <i>/<N> with 0 <= i < N, e.g. 0/4`);
  if (m === null) throw usage("not <i>/<N>");
  const [i, n] = [Number(m[1]), Number(m[2])];
  if (n < 1 || n > MAX_SHARDS) throw usage(`N must be 1..${MAX_SHARDS}`);
  if (i >= n) throw usage("i must be less than N");
  return { index: i, count: n };
}

/**
 * Whether shard `s` owns a unit of work. Grid sweeps deal runs (point × replication) round
 * robin, so heavy and light points spread over the shards; find-min deals whole groups, since
 * a bisection is sequential.
 */
export function shardOwns(s: Shard | null, unit: number): boolean {
  return s === null || unit % s.count === s.index;
}
