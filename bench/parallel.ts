/**
 * Parallel filter/score benchmark: what the RangeExecutor (src/scheduler/parallel/) buys on
 * this machine, on the synthetic kernel of ../shared/reference/performance.md §2c
 * (src/scheduler/parallel/fixtures/filter-score-kernel.ts).
 *
 * A seeded cluster (4 node shapes, 10 % tainted, 0–60 % pre-existing load) in
 * SharedArrayBuffer columns; a seeded stream of pods. Per pod: one executor round (filter +
 * score over all nodes, per-chunk best), the reduction over chunks on the main thread (highest
 * score, lowest index on ties), the bind on the main thread; the pod bound 1,000 pods earlier
 * is unbound, keeping the cluster in steady state. Pods are sequentially dependent, so there is
 * one barrier per pod. `threads: 1` is the same code path run inline: the sequential baseline.
 *
 * Every thread count must produce the same placement hash, or the bench throws. Runs are
 * interleaved across thread counts after a warm-up through the same call path; medians.
 *
 * Also measured: the spin budget (pods/s at 5,000 nodes for several budgets, with and without
 * simulated main-thread work between pods) and the CPU an idle 2-thread executor burns.
 *
 *   node dist/bench/parallel.js [--quick]      (writes results/bench/parallel.csv)
 */
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { RngStreams } from "../src/engine/index.js";
import { writeFileAtomic } from "../src/report/atomic-file.js";
import { formatCsv } from "../src/report/csv.js";
import { NODE_COLUMNS, type NodeColumns, P_CPU, P_MEMORY, P_TOLERATIONS, setup } from "../src/scheduler/parallel/fixtures/filter-score-kernel.js";
import { RangeExecutor } from "../src/scheduler/parallel/index.js";

const KERNEL_MODULE = new URL("../src/scheduler/parallel/fixtures/filter-score-kernel.js", import.meta.url);
const SEED = 1;
/** Pods kept bound; the oldest is unbound as each new one binds (steady state). */
const RING = 1_000;
const MAX_CHUNKS = 64;
const MI = 1024 * 1024;
const GI = 1024 * MI;

export interface ParallelBenchOptions {
  nodes?: number[];
  /** Pods scheduled per timed run. */
  pods?: number;
  /** Thread counts to compare; 1 (the sequential baseline) is always included. */
  threads?: number[];
  /** Timed runs per configuration (median reported). */
  runs?: number;
  /** Measure spin budgets and idle CPU too (default true). */
  spinSweep?: boolean;
  onProgress?: (msg: string) => void;
}

export interface ParallelBenchRow {
  nodes: number;
  threads: number;
  podsPerSec: number;
  usPerPod: number;
  /** Median pods/s over the threads-1 median at the same node count. */
  speedup: number;
  placementHash: number;
  /** Every timed run, pods/s. */
  raw: number[];
}

export interface SpinSweepRow {
  spinMicros: number;
  /** Main-thread busy time between pods, standing in for the rest of the simulator. */
  gapMicros: number;
  nodes: number;
  podsPerSec: number;
  /** Pods/s over threads 1 with the same gap. */
  speedup: number;
}

export interface ParallelBenchResult {
  pods: number;
  runs: number;
  cores: number;
  rows: ParallelBenchRow[];
  /**
   * Node count where threads 2 (default executor) reaches threads 1: interpolated between the two
   * measured sizes around the crossing, or the smallest size if it already wins there
   * (`atOrBelow`); null if it never does.
   */
  breakEven: { nodes: number; atOrBelow: boolean } | null;
  spinSweep: SpinSweepRow[];
  /** CPU time of the whole process over wall time while a 2-thread executor sits idle, percent. */
  idleCpuPercent: number | null;
  /** 1-minute load average before and after: other processes' load decides whether threads help. */
  loadAverage: [number, number];
}

/** A seeded cluster in shared columns, its pristine load, and a seeded pod stream. */
class BenchCluster {
  readonly shared: Record<string, SharedArrayBuffer> = {};
  readonly cols: NodeColumns;
  private readonly pristine: { cpu: Float64Array; memory: Float64Array; pods: Int32Array };
  readonly podCpu: Float64Array;
  readonly podMemory: Float64Array;
  readonly podTolerations: Int32Array;

  constructor(
    readonly nodes: number,
    pods: number,
  ) {
    for (const [name, ctor] of Object.entries(NODE_COLUMNS)) {
      const length = name === "chunkBest" ? 2 * MAX_CHUNKS : nodes;
      this.shared[name] = new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT);
    }
    const c = (this.cols = setup(this.shared));
    const rng = new RngStreams(SEED).stream("cluster");
    const shapes = [
      [4_000, 16 * GI, 110],
      [8_000, 32 * GI, 110],
      [16_000, 64 * GI, 110],
      [32_000, 128 * GI, 250],
    ] as const;
    for (let i = 0; i < nodes; i++) {
      const [cpu, memory, maxPods] = shapes[rng.int(shapes.length)]!;
      c.allocatableCpu[i] = cpu;
      c.allocatableMemory[i] = memory;
      c.maxPods[i] = maxPods;
      c.taints[i] = rng.next() < 0.1 ? 1 << rng.int(3) : 0;
      c.requestedCpu[i] = Math.round(cpu * rng.uniform(0, 0.6));
      c.requestedMemory[i] = Math.round(memory * rng.uniform(0, 0.6));
      c.podCount[i] = rng.int(30);
    }
    this.pristine = { cpu: c.requestedCpu.slice(), memory: c.requestedMemory.slice(), pods: c.podCount.slice() };
    const podRng = new RngStreams(SEED).stream("pods");
    const cpus = [100, 250, 500, 1_000, 2_000];
    const mems = [128 * MI, 256 * MI, 512 * MI, 1 * GI, 2 * GI];
    this.podCpu = new Float64Array(pods);
    this.podMemory = new Float64Array(pods);
    this.podTolerations = new Int32Array(pods);
    for (let p = 0; p < pods; p++) {
      this.podCpu[p] = cpus[podRng.int(cpus.length)]!;
      this.podMemory[p] = mems[podRng.int(mems.length)]!;
      this.podTolerations[p] = podRng.next() < 0.1 ? 0b111 : 0;
    }
  }

  reset(): void {
    this.cols.requestedCpu.set(this.pristine.cpu);
    this.cols.requestedMemory.set(this.pristine.memory);
    this.cols.podCount.set(this.pristine.pods);
  }
}

/** One pod: a round, the reduction over chunks, the bind. Its own function (OSR, §2). */
function schedulePod(ex: RangeExecutor, kernel: number, c: BenchCluster, pod: number): number {
  const p = ex.params;
  p[P_CPU] = c.podCpu[pod]!;
  p[P_MEMORY] = c.podMemory[pod]!;
  p[P_TOLERATIONS] = c.podTolerations[pod]!;
  const chunks = ex.run(kernel, c.nodes);
  const cb = c.cols.chunkBest;
  let best = -1;
  let node = -1;
  for (let ch = 0; ch < chunks; ch++) {
    if (cb[2 * ch]! > best) {
      best = cb[2 * ch]!;
      node = cb[2 * ch + 1]!;
    }
  }
  if (node >= 0) bind(c, pod, node, 1);
  return node;
}

function bind(c: BenchCluster, pod: number, node: number, sign: 1 | -1): void {
  c.cols.requestedCpu[node]! += sign * c.podCpu[pod]!;
  c.cols.requestedMemory[node]! += sign * c.podMemory[pod]!;
  c.cols.podCount[node]! += sign;
}

function busyWait(micros: number): void {
  const until = performance.now() + micros / 1000;
  while (performance.now() < until) {
    // stands in for the simulator's other main-thread work between two pods
  }
}

/** Schedules `pods` pods from a pristine cluster; pods/s and the placement hash. */
function timedRun(ex: RangeExecutor, c: BenchCluster, pods: number, gapMicros = 0): { podsPerSec: number; hash: number } {
  c.reset();
  const kernel = ex.kernelId("filterScore");
  const ringPod = new Int32Array(RING).fill(-1);
  const ringNode = new Int32Array(RING).fill(-1);
  let hash = 0;
  const t0 = performance.now();
  for (let pod = 0; pod < pods; pod++) {
    const slot = pod % RING;
    if (ringNode[slot]! >= 0) bind(c, ringPod[slot]!, ringNode[slot]!, -1);
    const node = schedulePod(ex, kernel, c, pod);
    ringPod[slot] = pod;
    ringNode[slot] = node;
    hash = (Math.imul(hash, 31) + node + 1) | 0;
    if (gapMicros > 0) busyWait(gapMicros);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { podsPerSec: pods / seconds, hash };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Interleaved timed runs of each executor on one cluster; fails if placements differ. */
function measure(executors: RangeExecutor[], c: BenchCluster, pods: number, runs: number, gapMicros: number): { rates: number[][]; hash: number } {
  const rates = executors.map(() => [] as number[]);
  const hashes = new Set<number>();
  for (const ex of executors) timedRun(ex, c, Math.max(200, pods >> 2), gapMicros); // warm-up, same path
  for (let r = 0; r < runs; r++) {
    executors.forEach((ex, i) => {
      const { podsPerSec, hash } = timedRun(ex, c, pods, gapMicros);
      rates[i]!.push(podsPerSec);
      hashes.add(hash);
    });
  }
  if (hashes.size !== 1) {
    throw new Error(`parallel bench: placements differ across thread counts at ${c.nodes} nodes (hashes ${[...hashes].join(", ")})`);
  }
  return { rates, hash: [...hashes][0]! };
}

function startExecutor(threads: number, c: BenchCluster, spinMicros?: number): Promise<RangeExecutor> {
  return RangeExecutor.start({ threads, kernelModule: KERNEL_MODULE, kernels: ["filterScore"], shared: c.shared, spinMicros });
}

/** Where the threads-2 speedup crosses 1 for good (linear interpolation between sizes). */
function breakEven(rows: readonly ParallelBenchRow[]): ParallelBenchResult["breakEven"] {
  const two = rows.filter((r) => r.threads === 2).sort((a, b) => a.nodes - b.nodes);
  let last = two.length;
  while (last > 0 && two[last - 1]!.speedup >= 1) last--;
  if (last === two.length) return null;
  if (last === 0) return { nodes: two[0]!.nodes, atOrBelow: true };
  const [a, b] = [two[last - 1]!, two[last]!];
  return { nodes: Math.round(a.nodes + ((1 - a.speedup) / (b.speedup - a.speedup)) * (b.nodes - a.nodes)), atOrBelow: false };
}

async function idleCpuPercent(c: BenchCluster): Promise<number> {
  const ex = await startExecutor(2, c);
  try {
    timedRun(ex, c, 100);
    // Let V8's background compiler and GC threads settle: they are not the executor's doing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [cpu0, t0] = [process.cpuUsage(), performance.now()];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cpu = process.cpuUsage(cpu0);
    return ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
  } finally {
    await ex.close();
  }
}

export async function runParallelBench(opts: ParallelBenchOptions = {}): Promise<ParallelBenchResult> {
  const nodes = opts.nodes ?? [250, 500, 1_000, 2_000, 5_000, 15_000];
  const pods = opts.pods ?? 5_000;
  const runs = opts.runs ?? 5;
  const threads = [...new Set([1, ...(opts.threads ?? [2])])].sort((a, b) => a - b);
  const configs = threads.map((t) => ({ t }));
  const progress = opts.onProgress ?? (() => undefined);
  const loadBefore = loadavg()[0]!;
  const rows: ParallelBenchRow[] = [];
  for (const n of nodes) {
    progress(`${n} nodes, threads ${threads.join("/")}`);
    const c = new BenchCluster(n, pods);
    const executors = await Promise.all(configs.map(({ t }) => startExecutor(t, c)));
    try {
      const { rates, hash } = measure(executors, c, pods, runs, 0);
      const base = median(rates[0]!);
      configs.forEach(({ t }, i) => {
        const m = median(rates[i]!);
        rows.push({ nodes: n, threads: t, podsPerSec: m, usPerPod: 1e6 / m, speedup: m / base, placementHash: hash, raw: rates[i]! });
      });
    } finally {
      await Promise.all(executors.map((ex) => ex.close()));
    }
  }
  const spinSweep: SpinSweepRow[] = [];
  let idle: number | null = null;
  if (opts.spinSweep !== false) {
    const n = 5_000;
    const c = new BenchCluster(n, pods);
    for (const gapMicros of [0, 50]) {
      const spins = [0, 20, 130, 1_000];
      progress(`spin budgets ${spins.join("/")} µs at ${n} nodes, ${gapMicros} µs between pods`);
      const executors = [await startExecutor(1, c), ...(await Promise.all(spins.map((s) => startExecutor(2, c, s))))];
      try {
        const rates = measure(executors, c, pods, runs, gapMicros).rates.map(median);
        spins.forEach((spinMicros, i) => spinSweep.push({ spinMicros, gapMicros, nodes: n, podsPerSec: rates[i + 1]!, speedup: rates[i + 1]! / rates[0]! }));
      } finally {
        await Promise.all(executors.map((ex) => ex.close()));
      }
    }
    idle = await idleCpuPercent(c);
  }
  return { pods, runs, cores: availableParallelism(), rows, breakEven: breakEven(rows), spinSweep, idleCpuPercent: idle, loadAverage: [loadBefore, loadavg()[0]!] };
}

/** Rows for results/bench/parallel.csv. */
export function parallelBenchCsv(r: ParallelBenchResult): string {
  const header = ["kind", "nodes", "threads", "spin_us", "gap_us", "median_pods_per_sec", "us_per_pod", "speedup", "runs", "min_pods_per_sec", "max_pods_per_sec"];
  const rows = [
    ...r.rows.map((x) => ["scaling", x.nodes, x.threads, "", 0, x.podsPerSec, x.usPerPod, x.speedup, x.raw.length, Math.min(...x.raw), Math.max(...x.raw)]),
    ...r.spinSweep.map((x) => ["spin", x.nodes, 2, x.spinMicros, x.gapMicros, x.podsPerSec, 1e6 / x.podsPerSec, x.speedup, r.runs, "", ""]),
  ];
  return formatCsv(header, rows);
}

function renderTable(r: ParallelBenchResult): string {
  const fmt = (x: number) => (x >= 1e4 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));
  const lines = [
    `parallel filter+score, ${r.pods} pods/run, median of ${r.runs}, ${r.cores} cores, load average ${r.loadAverage.map((x) => x.toFixed(2)).join(" → ")}`,
  ];
  for (const x of r.rows) {
    lines.push(`  nodes ${String(x.nodes).padStart(6)}  threads ${x.threads}  ${fmt(x.podsPerSec).padStart(8)} pods/s  ${x.usPerPod.toFixed(1).padStart(6)} µs/pod  ×${x.speedup.toFixed(2)}`);
  }
  const be = r.breakEven;
  lines.push(`  break-even (threads 2): ${be === null ? "not reached" : `${be.atOrBelow ? "≤ " : "≈ "}${be.nodes} nodes`}`);
  for (const x of r.spinSweep) {
    lines.push(`  spin ${String(x.spinMicros).padStart(5)} µs, gap ${String(x.gapMicros).padStart(3)} µs @${x.nodes}: ${fmt(x.podsPerSec).padStart(8)} pods/s  ×${x.speedup.toFixed(2)}`);
  }
  if (r.idleCpuPercent !== null) lines.push(`  idle 2-thread executor: ${r.idleCpuPercent.toFixed(1)} % CPU`);
  return lines.join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes("--quick");
  const result = await runParallelBench(
    quick ? { nodes: [1_000, 5_000], pods: 1_000, runs: 3, spinSweep: false, onProgress: console.error } : { onProgress: console.error },
  );
  console.log(renderTable(result));
  writeFileAtomic(join("results", "bench", "parallel.csv"), parallelBenchCsv(result));
}
