/**
 * Parallel filter/score against the sequential scheduler: SchedulingBasic (bench/scheduler.ts)
 * for each node count × percentageOfNodesToScore × `--workers` value. In each round every worker
 * count has its own cluster, and their measured pods are scheduled interleaved in blocks of
 * BLOCK_PODS (each block for every worker count in turn) so that the machine's speed, which on
 * the project VM flips between two levels about every second (bench/README.md), hits them alike.
 * Speedup is the median over rounds of (pods/s with N workers) / (sequential pods/s in the same
 * round). Every configuration must place every pod as the sequential scheduler does (digest), or
 * the bench throws. Never run as a test.
 */
import { loadavg } from "node:os";
import { formatCsv } from "../src/report/csv.js";
import { resolveThreads, startParallel, type WorkersSpec } from "../src/scheduler/parallel/workers-option.js";
import type { ParallelFilterScore } from "../src/scheduler/parallel/parallel-cycle.js";
import { median, percentile, prepareRun, SCHEDULER_BENCH_TEMPLATES } from "./scheduler.js";

/**
 * Pods per interleaved block: 5–100 ms of scheduling at the sizes measured, well inside the
 * host's ~1 s speed phases, and long enough that switching clusters costs nothing measurable.
 */
const BLOCK_PODS = 250;

/**
 * Unrecorded rounds before the measured ones, through the same calls. V8 keeps optimizing (and
 * deoptimizing, then reoptimizing) the scheduler's main-thread code for the first ~10,000
 * cycles of a process; its compiler threads then take a vCPU, which only a parallel run misses,
 * and the main thread's stalls let the helpers fall asleep (each wake-up costs ~90 µs). With
 * one 500-pod warm-up, a 2-worker run saw 300+ helper wake-ups per 2,000 pods in the first
 * rounds and ~10 once V8 had settled (bench/README.md, "Fifth session").
 */
const WARMUP_ROUNDS = 2;

export interface ParallelSchedulerRow {
  template: string;
  nodes: number;
  pods: number;
  percentageOfNodesToScore: number;
  workers: string;
  threads: number;
  podsPerSec: number;
  /** Median over rounds of this configuration's pods/s over the sequential pods/s of the round. */
  speedupVsSequential: number;
  /**
   * First and third quartiles of those per-round ratios: how far one round's ratio strays on
   * this machine (on the project VM the host's speed phases move it by 10 % and more, bench/README.md).
   */
  speedupQ1: number;
  speedupQ3: number;
  placementsDigest: string;
  /** 1-minute load average when the row's runs started (other processes on the machine). */
  loadAverage: number;
}

export interface ParallelSchedulerBench {
  rows: ParallelSchedulerRow[];
  /**
   * Smallest node count (at percentageOfNodesToScore 100, 2 workers) from which 2 workers beat
   * sequential at that and every larger measured count; null when the largest one lost.
   */
  breakEvenNodes: number | null;
}

export interface ParallelSchedulerBenchOptions {
  workers: WorkersSpec[];
  nodes?: number[];
  /** 0 = adaptive. */
  percentages?: number[];
  pods?: number;
  runs?: number;
  onProgress?: (msg: string) => void;
}

export async function runParallelSchedulerBench(opts: ParallelSchedulerBenchOptions): Promise<ParallelSchedulerBench> {
  const t = SCHEDULER_BENCH_TEMPLATES.find((x) => x.name === "SchedulingBasic")!;
  const specs: WorkersSpec[] = [1, ...opts.workers.filter((w) => w !== 1)];
  const nodesList = opts.nodes ?? [1000, 5000, 15000];
  const pcts = opts.percentages ?? [0, 100];
  const pods = opts.pods ?? 2000;
  const runs = opts.runs ?? 3;
  const pools: (ParallelFilterScore | null)[] = [];
  const rows: ParallelSchedulerRow[] = [];
  try {
    for (const w of specs) pools.push(w === 1 ? null : await startParallel(w));
    for (const nodes of nodesList) {
      for (const pct of pcts) {
        opts.onProgress?.(`${nodes} nodes, percentageOfNodesToScore ${pct || "adaptive"}`);
        const load = loadavg()[0]!;
        const rates: number[][] = specs.map(() => []);
        const ratios: number[][] = specs.map(() => []);
        const digests = specs.map(() => "");
        for (let r = -WARMUP_ROUNDS; r < runs; r++) {
          const prepared = specs.map((_, k) => prepareRun(t, nodes, pods, pct, [], pools[k]!));
          for (let from = 0, block = 0; from < pods; from += BLOCK_PODS, block++) {
            // Each block in a rotated order, so no configuration always runs first.
            for (let j = 0; j < specs.length; j++) prepared[(block + j) % specs.length]!.step(from, Math.min(pods, from + BLOCK_PODS));
          }
          if (r < 0) continue;
          for (let k = 0; k < specs.length; k++) {
            const o = prepared[k]!.finish();
            rates[k]!.push(pods / o.seconds);
            digests[k] = o.digest;
          }
          for (let k = 0; k < specs.length; k++) ratios[k]!.push(rates[k]![r]! / rates[0]![r]!);
        }
        for (let k = 0; k < specs.length; k++) {
          if (digests[k] !== digests[0]) throw new Error(`${nodes} nodes, pct ${pct}: --workers ${specs[k]} placed pods differently from the sequential scheduler`);
          const ascending = Float64Array.from(ratios[k]!).sort();
          rows.push({
            template: t.name,
            nodes,
            pods,
            percentageOfNodesToScore: pct,
            workers: String(specs[k]),
            threads: pools[k] === null ? 1 : resolveThreads(specs[k]!),
            podsPerSec: Math.round(median(rates[k]!)),
            speedupVsSequential: round2(median(ratios[k]!)),
            speedupQ1: round2(percentile(ascending, 25)),
            speedupQ3: round2(percentile(ascending, 75)),
            placementsDigest: digests[k]!.slice(0, 16),
            loadAverage: round2(load),
          });
        }
      }
    }
  } finally {
    await Promise.all(pools.map((p) => p?.close()));
  }
  return { rows, breakEvenNodes: breakEven(rows) };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function breakEven(rows: readonly ParallelSchedulerRow[]): number | null {
  const two = rows.filter((r) => r.workers === "2" && r.percentageOfNodesToScore === 100).sort((a, b) => a.nodes - b.nodes);
  let best: number | null = null;
  for (let i = two.length - 1; i >= 0; i--) {
    if (two[i]!.speedupVsSequential < 1) break;
    best = two[i]!.nodes;
  }
  return best;
}

export function parallelSchedulerBenchCsv(b: ParallelSchedulerBench): string {
  return formatCsv(
    [
      "template",
      "nodes",
      "pods",
      "percentage_of_nodes_to_score",
      "workers",
      "threads",
      "pods_per_sec",
      "speedup_vs_sequential",
      "speedup_q1",
      "speedup_q3",
      "placements_digest",
      "load_average_1m",
      "break_even_nodes",
    ],
    b.rows.map((r) => [
      r.template,
      r.nodes,
      r.pods,
      r.percentageOfNodesToScore,
      r.workers,
      r.threads,
      r.podsPerSec,
      r.speedupVsSequential,
      r.speedupQ1,
      r.speedupQ3,
      r.placementsDigest,
      r.loadAverage,
      b.breakEvenNodes ?? "not reached",
    ]),
  );
}
