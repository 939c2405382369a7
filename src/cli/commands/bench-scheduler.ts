/**
 * `kubesim bench scheduler`: scheduling throughput on scheduler_perf-like workloads, beside
 * kube-scheduler's CI floors. Writes `results/bench/scheduler.csv`.
 */
import { join } from "node:path";
import { Command } from "commander";
import { runSchedulerBench, schedulerBenchCsv, type SchedulerBenchRow } from "../../../bench/scheduler.js";
import { writeFileAtomic } from "../../report/atomic-file.js";
import { action, newCommand, positiveInt } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";

interface SchedulerFlags {
  template?: string;
  nodes?: number;
  pods?: number;
  percentageOfNodesToScore?: number;
  runs?: number;
  quick?: boolean;
  outputDir: string;
}

function render(ctx: CliContext, rows: SchedulerBenchRow[]): string {
  const c = ctx.out;
  const head = "template            nodes   pods  pct   pods/s    p50 µs    p99 µs  unsched  kube floor";
  const lines = rows.map((r) => {
    const ratio = r.podsPerSec / r.kubeSchedulerFloorPodsPerSec;
    return (
      `${r.template.padEnd(18)} ${String(r.nodes).padStart(6)} ${String(r.pods).padStart(6)} ${String(r.percentageOfNodesToScore || "adp").padStart(4)}` +
      ` ${String(r.podsPerSec).padStart(8)} ${r.p50LatencyUs.toFixed(1).padStart(9)} ${r.p99LatencyUs.toFixed(1).padStart(9)}` +
      ` ${String(r.unschedulable).padStart(8)} ${String(r.kubeSchedulerFloorPodsPerSec).padStart(6)} ` +
      c.dim(`(${ratio.toFixed(0)}×)`)
    );
  });
  return [c.bold("kubesim bench scheduler") + "  (one thread, median of runs)", "", head, ...lines].join("\n");
}

export function schedulerBenchCommand(): Command {
  return newCommand("scheduler", "scheduler throughput on scheduler_perf-like workloads, beside kube-scheduler's CI floors", [
    "kubesim bench scheduler --quick",
    "kubesim bench scheduler --template SchedulingBasic --percentage-of-nodes-to-score 100",
  ])
    .option("--template <name>", "SchedulingBasic, NodeAffinity or Unschedulable (default: all)")
    .option("--nodes <n>", "node count (default: the template's)", positiveInt("--nodes"))
    .option("--pods <n>", "measured pods (default: the template's)", positiveInt("--pods"))
    .option("--percentage-of-nodes-to-score <pct>", "0 = adaptive (default: adaptive, plus 100 for SchedulingBasic)", positiveInt("--percentage-of-nodes-to-score", 0, 100))
    .option("--runs <n>", "runs per row; the median is reported", positiveInt("--runs", 1, 100))
    .option("--quick", "one run of at most 2000 pods per row")
    .option("-o, --output-dir <dir>", "where bench/scheduler.csv goes", "results")
    .action(
      action(async (ctx, flags: SchedulerFlags) => {
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
