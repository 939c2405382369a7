/**
 * `kubesim bench scenario [file]`: wall time and peak memory of `kubesim run` at fractions of
 * a scenario's size (bench/scenario-scale.ts), to show that cost grows linearly.
 */
import { join } from "node:path";
import { Command } from "commander";
import { runScenarioScaleBench, scenarioScaleCsv } from "../../../bench/scenario-scale.js";
import { inputError } from "../../errors.js";
import { writeFileAtomic } from "../../report/atomic-file.js";
import { action, newCommand, positiveInt } from "../command.js";
import { EXIT_OK } from "../exit-codes.js";

interface ScenarioFlags {
  fractions: string;
  runs?: number;
  outputDir: string;
}

function parseFractions(text: string): number[] {
  const out = text.split(",").map((s) => Number(s.trim()));
  if (out.length === 0 || out.some((f) => !Number.isFinite(f) || f <= 0 || f > 1)) {
    throw inputError("USAGE", "--fractions", `expected comma-separated fractions in (0, 1], got "${text}"`);
  }
  return out;
}

export function scenarioBenchCommand(): Command {
  return newCommand("scenario", "wall time and peak memory of `kubesim run` at fractions of a scenario's size", [
    "kubesim bench scenario                       # scenarios/scale-5000.yaml at 1/4, 1/2 and full size",
    "kubesim bench scenario scenarios/quickstart.yaml --fractions 1 --runs 5",
  ])
    .argument("[file]", "scenario file", "scenarios/scale-5000.yaml")
    .option("--fractions <list>", "sizes to run, as fractions of the scenario's", "0.25,0.5,1")
    .option("--runs <n>", "runs per size; the median wall time is reported", positiveInt("--runs", 1, 100))
    .option("-o, --output-dir <dir>", "where bench/scenario-scale.csv goes", "results")
    .action(
      action(async (ctx, file: string, flags: ScenarioFlags) => {
        const rows = runScenarioScaleBench({
          file,
          fractions: parseFractions(flags.fractions),
          runs: flags.runs ?? 1,
          onProgress: (msg) => ctx.note(`  ${msg}`),
        });
        const csvPath = join(flags.outputDir, "bench", "scenario-scale.csv");
        writeFileAtomic(csvPath, scenarioScaleCsv(rows));
        if (ctx.json) ctx.print(JSON.stringify(rows, null, 2));
        else {
          ctx.print(`kubesim bench scenario  ${file}`);
          ctx.print("  fraction   nodes  replicas   wall (s)   peak RSS (MiB)   µs per replica");
          for (const r of rows) {
            ctx.print(
              `  ${r.fraction.toFixed(2).padStart(8)} ${String(r.nodes).padStart(7)} ${String(r.replicas).padStart(9)} ${r.wallS.toFixed(1).padStart(10)} ${r.maxRssMiB.toFixed(0).padStart(16)} ${r.wallPerReplicaUs.toFixed(0).padStart(16)}`,
            );
          }
          ctx.note(`\nwrote ${csvPath}`);
        }
        return EXIT_OK;
      }),
    );
}
