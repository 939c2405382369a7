/**
 * `kubesim merge <shard-dirs...>`: joins the N shard folders of one sweep (`kubesim sweep
 * --shard i/N`, or the pods of `--emit-job`) into `<output-dir>/<scenario>/<sweep-id>/`, the
 * very files a single-machine sweep writes, byte for byte. Refuses (exit 2) shards of
 * different sweeps, a missing or repeated shard, or runs missing from a shard.
 * Exit: 0 some point meets every SLO, 1 none does, 2 bad input.
 */
import { Command } from "commander";
import { mergeShards, sweepDir } from "../../sweep/sweep-outputs.js";
import { action, newCommand } from "../command.js";
import type { CliContext } from "../context.js";
import { printSweep } from "./sweep.js";

interface MergeFlags {
  outputDir: string;
}

export function mergeCommand(): Command {
  return newCommand("merge", "join the shard folders of a sweep into the files one machine would write", [
    "kubesim merge results/quickstart/sweep-s42-1a2b3c4d-shard-*-of-4",
    "kubesim merge shards/*/quickstart/sweep-s42-1a2b3c4d-shard-* -o results --json",
  ])
    .addHelpText("after", "\nExit codes: 0 some point meets every SLO, 1 none does, 2 bad input or usage (shards that do not fit together).")
    .argument("<dirs...>", "shard folders (<sweep-id>-shard-<i>-of-<N>), all N of them")
    .option("-o, --output-dir <dir>", "where <scenario>/<sweep-id>/ is written", "results")
    .action(action((ctx, dirs: string[], flags: MergeFlags) => mergeAction(ctx, dirs, flags)));
}

async function mergeAction(ctx: CliContext, dirs: string[], flags: MergeFlags): Promise<number> {
  const wallStart = performance.now();
  const { plan, rows } = await mergeShards(dirs);
  return printSweep(ctx, plan, rows, sweepDir(flags.outputDir, plan), (performance.now() - wallStart) / 1000);
}
