/**
 * The sweep target of issue 9: a 20-point × 5-replication sweep of a 500-node scenario
 * (`scenarios/capacity-500.yaml`, node count 405..500/5) finishes in under 60 s on this
 * machine's 2 cores. Runs `kubesim sweep` in a child process (bench/measured-run.ts: wall time
 * and peak memory of the whole command, Node start-up included) once per worker count, and
 * writes `results/bench/sweep.csv`. Never a test: the figure depends on the machine's load.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/sweep.js                 # workers 1 and 2
 *   node dist/bench/sweep.js --workers 2 --points 4 --replications 2      # a quick look
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatCsv } from "../src/report/csv.js";
import { writeFileAtomic } from "../src/report/atomic-file.js";

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = "scenarios/capacity-500.yaml";
const PATH = "spec.cluster.nodePools[0].count";
/** The target for 20 points × 5 replications. */
const TARGET_S = 60;

export interface SweepBenchRow {
  scenario: string;
  points: number;
  replications: number;
  runs: number;
  workers: number;
  wallS: number;
  /** CPU seconds of the whole process, all threads: load-independent, unlike wall time. */
  cpuS: number;
  /** cpuS spread over the workers: the wall time an idle machine with that many cores would need. */
  idleWallEstimateS: number;
  runsPerS: number;
  maxRssMiB: number;
  loadAvg1m: number;
  targetS: number;
  exitCode: number;
}

export function runSweepBench(points: number, replications: number, workers: number): SweepBenchRow {
  const work = mkdtempSync(join(tmpdir(), "kubesim-bench-sweep-"));
  try {
    const report = join(work, "measure.json");
    // 500, 495, ... downwards: the top of the range always holds the workload.
    const from = 500 - 5 * (points - 1);
    const args = ["sweep", SCENARIO, "--range", `${PATH}=${from}..500/5`, "--replications", String(replications), "--workers", String(workers), "--output-dir", join(work, "results"), "--json", "--no-progress"];
    const load = loadavg()[0]!;
    const child = spawnSync(process.execPath, [join(here, "measured-run.js"), report, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
    if (child.status !== 0 && child.status !== 1) throw new Error(`kubesim sweep exited with ${child.status}: ${child.stderr.slice(0, 2000)}`);
    const m = JSON.parse(readFileSync(report, "utf8")) as { wallS: number; maxRssMiB: number; cpuS: number };
    const runs = (JSON.parse(child.stdout) as { runs: number }).runs;
    return { scenario: SCENARIO, points, replications, runs, workers, wallS: m.wallS, cpuS: m.cpuS, idleWallEstimateS: m.cpuS / Math.min(workers, cpus().length), runsPerS: runs / m.wallS, maxRssMiB: m.maxRssMiB, loadAvg1m: load, targetS: TARGET_S, exitCode: child.status ?? -1 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function sweepBenchCsv(rows: readonly SweepBenchRow[]): string {
  return formatCsv(
    ["scenario", "points", "replications", "runs", "workers", "wall_s", "cpu_s", "idle_wall_estimate_s", "runs_per_s", "max_rss_mib", "load_avg_1m", "target_s", "exit_code"],
    rows.map((r) => [r.scenario, r.points, r.replications, r.runs, r.workers, r.wallS, r.cpuS, r.idleWallEstimateS, r.runsPerS, r.maxRssMiB, r.loadAvg1m, r.targetS, r.exitCode]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { workers: { type: "string", default: "1,2" }, points: { type: "string", default: "20" }, replications: { type: "string", default: "5" }, "output-dir": { type: "string", default: "results" } },
  });
  const rows: SweepBenchRow[] = [];
  for (const w of values.workers.split(",").map(Number)) {
    process.stderr.write(`sweep bench: ${values.points} points × ${values.replications} replications of ${SCENARIO}, ${w} worker(s) on ${cpus().length} CPUs ...\n`);
    const row = runSweepBench(Number(values.points), Number(values.replications), w);
    rows.push(row);
    process.stderr.write(`  ${row.runs} runs in ${row.wallS.toFixed(1)} s wall (${row.runsPerS.toFixed(2)} runs/s, load average ${row.loadAvg1m.toFixed(1)} at the start), ${row.cpuS.toFixed(1)} s CPU = ${row.idleWallEstimateS.toFixed(1)} s on ${Math.min(w, cpus().length)} idle core(s); target ${TARGET_S} s\n`);
  }
  const out = join(values["output-dir"], "bench", "sweep.csv");
  writeFileAtomic(out, sweepBenchCsv(rows));
  process.stderr.write(`wrote ${out}\n`);
}
