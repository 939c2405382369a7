/**
 * Issue 9's find-min target: `kubesim sweep --find-min` on the 5,000-node scenario answers in
 * under 5 minutes on this machine's 2 cores. Runs the search in-process (src/sweep/: the plan,
 * `executeSweep`, a piscina pool of `--workers` threads running bench/find-min-worker.ts) once
 * per probes-per-round W, and writes `results/bench/find-min.csv`: one row per round with its
 * points, verdicts, wall time and the CPU time of each probe's thread. Never a test.
 *
 * On a shared machine the wall time mostly measures the load, so each round also gets an
 * idle-machine estimate: the CPU time of its slowest probe (W ≤ cores: the probes of a round
 * run side by side, so the round lasts as long as its slowest). Their sum is what two idle
 * cores would take, Node start-up and the main thread's validation loads aside.
 *
 * scenarios/scale-5000.yaml's timeline names only nodes below general-1000, so it loads at every
 * count of the searched range.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/find-min.js                      # W = 1 and 2
 *   node dist/bench/find-min.js --probes-per-round 2 --set 'spec.slos[1].min=0'
 *   node dist/bench/find-min.js --scenario scenarios/capacity-fit.yaml --range 1..40 --output-dir /tmp   # seconds
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Piscina } from "piscina";
import { formatCsv } from "../src/report/csv.js";
import { writeFileAtomic } from "../src/report/atomic-file.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import type { RunPool } from "../src/sweep/run-pool.js";
import { executeSweep } from "../src/sweep/sweep-execute.js";
import type { SweepPlan } from "../src/sweep/sweep-plan.js";
import { parseRange } from "../src/sweep/sweep-range.js";
import type { SweepRunInput } from "../src/sweep/sweep-run.js";

const SCENARIO = "scenarios/scale-5000.yaml";
const PATH = "spec.cluster.nodePools[0].count";
/** The issue's target. */
const TARGET_S = 300;

export interface RoundRow {
  probesPerRound: number;
  round: number;
  counts: number[];
  passed: boolean[];
  stoppedAtS: (number | null)[];
  wallS: number;
  cpuS: number[];
  loadAvg1m: number;
}

interface Task {
  count: number;
  submitted: number;
  done?: number;
  cpuS?: number;
  passed?: boolean;
  stoppedAtS?: number | null;
}

export async function runFindMinBench(scenarioFile: string, range: string, set: readonly string[], width: number, workers: number): Promise<{ rounds: RoundRow[]; answer: number | null; wallS: number; processCpuS: number }> {
  const r = parseRange(`${PATH}=${range}`);
  const base = loadScenario(scenarioFile, { set });
  const plan: SweepPlan = {
    format: 1, scenarioFile, scenario: base.name, seed: base.seed, set, replications: 1, confidence: 1,
    ranges: [{ path: r.path, values: r.values, numeric: r.numeric, text: r.text }], mode: "find-min", search: 0,
    ...(width > 1 ? { probesPerRound: width } : {}), slos: base.slos.map((s) => s.name), id: "bench",
  };
  const piscina = new Piscina({ filename: new URL("./find-min-worker.js", import.meta.url).href, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  // A round starts when a probe is submitted with none in flight (executeSweep submits a round at once).
  const rounds: { tasks: Task[]; load: number }[] = [];
  let inFlight = 0;
  const pool: RunPool = {
    threads: workers,
    run: async (input: SweepRunInput) => {
      if (inFlight === 0) rounds.push({ tasks: [], load: loadavg()[0]! });
      inFlight++;
      const task: Task = { count: Number(input.set[input.set.length - 1]!.split("=")[1]), submitted: performance.now() };
      rounds[rounds.length - 1]!.tasks.push(task);
      const res = await piscina.run(input);
      inFlight--;
      Object.assign(task, { done: performance.now(), cpuS: res.cpuS, passed: res.passed, stoppedAtS: res.stoppedAtS });
      process.stderr.write(`  count ${task.count}: ${res.passed ? "pass" : "fail"}${res.stoppedAtS !== null ? ` (stopped at ${res.stoppedAtS} s)` : ""}, ${res.cpuS.toFixed(1)} s CPU, ${((task.done! - task.submitted) / 1000).toFixed(1)} s wall\n`);
      return res;
    },
    close: () => piscina.destroy(),
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows;
  try {
    rows = (await executeSweep(plan, pool)).rows;
  } finally {
    await pool.close();
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const passing = rows.filter((x) => x.passed).map((x) => x.point);
  return {
    rounds: rounds.map((g, i) => ({
      probesPerRound: width,
      round: i + 1,
      counts: g.tasks.map((t) => t.count),
      passed: g.tasks.map((t) => t.passed!),
      stoppedAtS: g.tasks.map((t) => t.stoppedAtS ?? null),
      wallS: (Math.max(...g.tasks.map((t) => t.done!)) - Math.min(...g.tasks.map((t) => t.submitted))) / 1000,
      cpuS: g.tasks.map((t) => t.cpuS!),
      loadAvg1m: g.load,
    })),
    answer: passing.length === 0 ? null : (r.values[Math.min(...passing)] as number),
    wallS,
    processCpuS: (cpu.user + cpu.system) / 1e6,
  };
}

export function findMinBenchCsv(rows: readonly RoundRow[]): string {
  return formatCsv(
    ["probes_per_round", "round", "counts", "passed", "stopped_at_s", "wall_s", "cpu_s", "idle_wall_estimate_s", "load_avg_1m"],
    rows.map((r) => [r.probesPerRound, r.round, r.counts.join(";"), r.passed.join(";"), r.stoppedAtS.map((s) => (s === null ? "" : String(s))).join(";"), r.wallS, r.cpuS.map((c) => c.toFixed(2)).join(";"), Math.max(...r.cpuS), r.loadAvg1m]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      scenario: { type: "string", default: SCENARIO },
      range: { type: "string", default: "1000..5000" },
      set: { type: "string", multiple: true, default: [] },
      "probes-per-round": { type: "string", default: "1,2" },
      workers: { type: "string", default: "2" },
      "output-dir": { type: "string", default: "results" },
    },
  });
  const set = values.set;
  const all: RoundRow[] = [];
  for (const w of values["probes-per-round"].split(",").map(Number)) {
    process.stderr.write(`find-min bench: ${values.scenario} ${PATH}=${values.range}, W = ${w}, ${values.workers} worker(s) on ${cpus().length} CPUs, --set ${set.join(" ")}\n`);
    const res = await runFindMinBench(values.scenario, values.range, set, w, Number(values.workers));
    all.push(...res.rounds);
    const idle = res.rounds.reduce((s, r) => s + Math.max(...r.cpuS), 0);
    process.stderr.write(`  answer ${res.answer ?? "none"} after ${res.rounds.length} rounds (${res.rounds.reduce((s, r) => s + r.counts.length, 0)} probes): ${res.wallS.toFixed(1)} s wall, ${res.processCpuS.toFixed(1)} s CPU over all threads, idle-machine estimate ${idle.toFixed(1)} s; target ${TARGET_S} s\n`);
  }
  const out = join(values["output-dir"], "bench", "find-min.csv");
  writeFileAtomic(out, findMinBenchCsv(all));
  process.stderr.write(`wrote ${out}\n`);
}
