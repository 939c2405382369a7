/**
 * `kubesim bench scheduler`: scheduling throughput on scheduler_perf-like workloads, beside
 * kube-scheduler's CI floors. Writes `results/bench/scheduler.csv`; with `--workers 1,2,4`, the
 * parallel filter/score against sequential instead (`results/bench/scheduler-parallel.csv`).
 */
import { join } from "node:path";
import { Command } from "commander";
import { runSchedulerBench, schedulerBenchCsv, type SchedulerBenchRow } from "../../../bench/scheduler.js";
import { writeFileAtomic } from "../../report/atomic-file.js";
import { action, newCommand, positiveInt } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";
import { parallelSchedulerBenchCsv, runParallelSchedulerBench, type ParallelSchedulerBench } from "../../../bench/scheduler-parallel.js";
import type { WorkersSpec } from "../../scheduler/parallel/workers-option.js";
import { workersListFlag } from "../workers-flag.js";

interface SchedulerFlags {
  template?: string;
  nodes?: number;
  pods?: number;
  percentageOfNodesToScore?: number;
  runs?: number;
  quick?: boolean;
  outputDir: string;
  workers?: WorkersSpec[];
  nodeCounts?: number[];
}

function renderParallel(ctx: CliContext, b: ParallelSchedulerBench): string {
  const c = ctx.out;
  const head = "nodes    pct  workers  threads    pods/s  speedup  rounds q1–q3  load";
  const lines = b.rows.map(
    (r) =>
      `${String(r.nodes).padStart(6)} ${String(r.percentageOfNodesToScore || "adp").padStart(5)} ${r.workers.padStart(8)} ${String(r.threads).padStart(8)}` +
      ` ${String(r.podsPerSec).padStart(9)} ${(r.speedupVsSequential.toFixed(2) + "×").padStart(8)} ${`${r.speedupQ1.toFixed(2)}–${r.speedupQ3.toFixed(2)}×`.padStart(13)}` +
      ` ${r.loadAverage.toFixed(1).padStart(5)}`,
  );
  const be = b.breakEvenNodes === null ? "not reached" : `${b.breakEvenNodes} nodes`;
  return [
    c.bold("kubesim bench scheduler --workers") + "  (SchedulingBasic; speedup = median of per-round ratios to sequential)",
    "",
    head,
    ...lines,
    "",
    `break-even (2 workers, percentageOfNodesToScore 100): ${be}`,
  ].join("\n");
}

async function parallelAction(ctx: CliContext, flags: SchedulerFlags): Promise<number> {
  ctx.note("running the parallel scheduler benchmark (a few minutes)...");
  const b = await runParallelSchedulerBench({
    workers: flags.workers!,
    nodes: flags.nodeCounts ?? (flags.nodes !== undefined ? [flags.nodes] : undefined),
    percentages: flags.percentageOfNodesToScore !== undefined ? [flags.percentageOfNodesToScore] : undefined,
    pods: flags.pods ?? (flags.quick ? 500 : undefined),
    runs: flags.runs ?? (flags.quick ? 1 : undefined),
    onProgress: (m) => ctx.note(`  ${m}`),
  });
  const csvPath = join(flags.outputDir, "bench", "scheduler-parallel.csv");
  writeFileAtomic(csvPath, parallelSchedulerBenchCsv(b));
  if (ctx.json) ctx.print(JSON.stringify(b, null, 2));
  else {
    ctx.print(renderParallel(ctx, b));
    ctx.note(`\nwrote ${csvPath}`);
  }
  return EXIT_OK;
}

function render(ctx: CliContext, rows: SchedulerBenchRow[]): string {
  const c = ctx.out;
  const head = "template            nodes   pods  pct   pods/s    p50 µs    p99 µs  unsched  bare ns  kube floor";
  const lines = rows.map((r) => {
    const ratio = r.podsPerSec / r.kubeSchedulerFloorPodsPerSec;
    return (
      `${r.template.padEnd(18)} ${String(r.nodes).padStart(6)} ${String(r.pods).padStart(6)} ${String(r.percentageOfNodesToScore || "adp").padStart(4)}` +
      ` ${String(r.podsPerSec).padStart(8)} ${r.p50LatencyUs.toFixed(1).padStart(9)} ${r.p99LatencyUs.toFixed(1).padStart(9)}` +
      ` ${String(r.unschedulable).padStart(8)} ${r.bareLoopNsPerNode.toFixed(2).padStart(8)} ${String(r.kubeSchedulerFloorPodsPerSec).padStart(6)} ` +
      // Below the floor the ratio needs its decimals (0.56×, not 1×).
      c.dim(`(${ratio.toFixed(ratio < 10 ? 2 : 0)}×)`)
    );
  });
  return [
    c.bold("kubesim bench scheduler") + "  (one thread, median of runs)",
    "",
    head,
    ...lines,
    "",
    c.dim("bare ns: the bare filter + score loop over the same node columns, ns per node, timed between the runs"),
    c.dim("(performance.md measured it at 3.0–3.6 ns; a machine running it slower lowers pods/s in about the same proportion)"),
  ].join("\n");
}

export function schedulerBenchCommand(): Command {
  return newCommand("scheduler", "scheduler throughput on scheduler_perf-like workloads, beside kube-scheduler's CI floors", [
    "kubesim bench scheduler --quick",
    "kubesim bench scheduler --template SchedulingBasic --percentage-of-nodes-to-score 100",
    "kubesim bench scheduler --workers 1,2,4,auto",
  ])
    .option("--template <name>", "SchedulingBasic, NodeAffinity, TopologySpreading, PodAntiAffinity, Unschedulable or Preemption (default: all)")
    .option("--nodes <n>", "node count (default: the template's)", positiveInt("--nodes"))
    .option("--pods <n>", "measured pods (default: the template's)", positiveInt("--pods"))
    .option("--percentage-of-nodes-to-score <pct>", "0 = adaptive (default: adaptive, plus 100 for SchedulingBasic)", positiveInt("--percentage-of-nodes-to-score", 0, 100))
    .option("--runs <n>", "runs per row; the median is reported", positiveInt("--runs", 1, 100))
    .option("--quick", "one run of at most 2000 pods per row")
    .option("-o, --output-dir <dir>", "where bench/scheduler.csv goes", "results")
    .option("--workers <list>", "compare these thread counts (e.g. 1,2,4,auto) with sequential on SchedulingBasic", workersListFlag("--workers"))
    .option("--node-counts <list>", "node counts for --workers (default 1000,5000,15000)", (v: string) => v.split(",").map(positiveInt("--node-counts")))
    .action(
      action(async (ctx, flags: SchedulerFlags) => {
        if (flags.workers !== undefined) return parallelAction(ctx, flags);
        ctx.note(flags.quick ? "running the quick scheduler benchmark..." : "running the scheduler benchmark (a few minutes)...");
        const rows = await runSchedulerBench({
          template: flags.template,
          nodes: flags.nodes,
          pods: flags.pods,
          percentageOfNodesToScore: flags.percentageOfNodesToScore,
          runs: flags.runs,
          quick: flags.quick === true,
        });
        const csvPath = join(flags.outputDir, "bench", "scheduler.csv");
        writeFileAtomic(csvPath, schedulerBenchCsv(rows));
        if (ctx.json) ctx.print(JSON.stringify(rows, null, 2));
        else {
          ctx.print(render(ctx, rows));
          ctx.note(`\nwrote ${csvPath}`);
        }
        return EXIT_OK;
      }),
    );
}
