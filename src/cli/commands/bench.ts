/**
 * `kubesim bench ...`: benchmarks of kubesim's own machinery. Figures go to the terminal and to
 * `results/bench/*.csv`; they are never asserted in tests (the machine is noisy).
 */
import { join } from "node:path";
import { Command } from "commander";
import { runEngineBench, engineBenchCsv, type EngineBenchResult } from "../../../bench/engine.js";
import { writeFileAtomic } from "../../report/atomic-file.js";
import { action, newCommand, positiveInt } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";
import { scenarioBenchCommand } from "./bench-scenario.js";
import { schedulerBenchCommand } from "./bench-scheduler.js";
import { plural } from "../../report/plural.js";

interface EngineFlags {
  quick?: boolean;
  runs?: number;
  outputDir: string;
}

function fmtRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(1)} k/s`;
}

function renderEngine(ctx: CliContext, r: EngineBenchResult): string {
  const c = ctx.out;
  const ok = r.ratioToReference >= 0.85;
  const waitOk = Math.abs(r.mmcRelativeError) <= 0.02;
  return [
    c.bold(`kubesim bench engine`) + `  (median of ${plural(r.runs, "run")})`,
    "",
    `  hold model, N=1,000 ........ ${fmtRate(r.holdEventsPerSec).padStart(10)}   reference heap ${fmtRate(r.referenceEventsPerSec)}`,
    `  hold model, N=100,000 ...... ${fmtRate(r.holdEventsPerSec100k).padStart(10)}   reference heap ${fmtRate(r.referenceEventsPerSec100k)}`,
    `  ratio to reference ......... ${r.ratioToReference.toFixed(2)} (N=1,000)  ${r.ratioToReference100k.toFixed(2)} (N=100,000)   ` +
      (ok ? c.green("✓ target ≥ 0.85") : c.red("✗ target ≥ 0.85")),
    `  M/M/c (c=4, λ=3.6, μ=1) .... ${fmtRate(r.mmcEventsPerSec).padStart(10)}   mean wait ${r.mmcMeanWait.toFixed(4)}` +
      ` vs Erlang-C ${r.erlangCMeanWait.toFixed(4)} (${(r.mmcRelativeError * 100).toFixed(2)} %) ` +
      (waitOk ? c.green("✓") : c.red("✗")),
  ].join("\n");
}

function engineCommand(): Command {
  return newCommand("engine", "discrete-event kernel throughput: hold model and M/M/c queue, against a reference typed-array heap", [
    "kubesim bench engine",
    "kubesim bench engine --quick --json",
  ])
    .option("--quick", "one short run (about a second), as `npm start` does")
    .option("--runs <n>", "runs per workload; the median is reported", positiveInt("--runs", 1, 100))
    .option("-o, --output-dir <dir>", "where bench/engine.csv goes", "results")
    .action(
      action(async (ctx, flags: EngineFlags) => {
        ctx.note(flags.quick ? "running the quick engine benchmark..." : "running the engine benchmark (about a minute)...");
        const result = await runEngineBench({
          quick: flags.quick === true,
          runs: flags.runs,
          onProgress: (msg) => ctx.note(`  ${msg}`),
        });
        const csvPath = join(flags.outputDir, "bench", "engine.csv");
        writeFileAtomic(csvPath, engineBenchCsv(result));
        if (ctx.json) ctx.print(JSON.stringify(result, null, 2));
        else {
          ctx.print(renderEngine(ctx, result));
          ctx.note(`\nwrote ${csvPath}`);
        }
        return EXIT_OK;
      }),
    );
}

export function benchCommand(): Command {
  return newCommand("bench", "benchmarks of kubesim itself (engine, scheduler, scenario scale)", ["kubesim bench engine --quick", "kubesim bench scheduler --quick"])
    .addCommand(engineCommand())
    .addCommand(schedulerBenchCommand())
    .addCommand(scenarioBenchCommand());
}
