/**
 * `kubesim explain`: where the default scheduler would put a pending pod, and why — every
 * node's filter verdict and the score breakdown of the nodes it compared.
 */
import { Command } from "commander";
import { inputError } from "../../errors.js";
import { loadSchedulerConfigurationFile } from "../../scheduler/config/index.js";
import { explainFromFiles, renderExplainTable, type ExplainResult } from "../../scheduler/explain.js";
import type { SchedulerProfile } from "../../scheduler/profile.js";
import { action, newCommand } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";
import { WORKERS_HELP, workersFlag, withSchedulerWorkers } from "../workers-flag.js";
import type { WorkersSpec } from "../../scheduler/parallel/workers-option.js";

interface ExplainFlags {
  allScores?: boolean;
  seed?: string;
  config?: string;
  profile?: string;
  workers?: WorkersSpec;
}

function colourise(ctx: CliContext, table: string): string {
  const c = ctx.out;
  return table
    .split("\n")
    .map((l) => (l.includes(" ✗ ") ? c.red(l) : l.includes(" ✓ ") ? c.green(l) : l.startsWith("0/") ? c.yellow(l) : l))
    .join("\n");
}

function pickProfile(flags: ExplainFlags): SchedulerProfile | undefined {
  if (!flags.config) return undefined;
  const cfg = loadSchedulerConfigurationFile(flags.config);
  const name = flags.profile ?? cfg.profiles[0]?.schedulerName;
  const p = cfg.profiles.find((x) => x.schedulerName === name);
  if (!p) throw inputError("UNKNOWN_REFERENCE", "--profile", `no profile ${JSON.stringify(name)} in ${flags.config}`);
  return p;
}

/** The pod is the one argument written `pod/<namespace>/<name>`; every other argument is a file. */
function splitFilesAndPod(args: string[]): { files: string[]; podRef: string } {
  const pods = args.filter((a) => a.startsWith("pod/") || a.startsWith("pods/"));
  if (pods.length !== 1) {
    throw inputError("USAGE", "<pod>", `name exactly one pending pod as pod/<namespace>/<name>, got ${pods.length}`);
  }
  const files = args.filter((a) => a !== pods[0]);
  if (files.length === 0) throw inputError("USAGE", "<files>", "give at least one manifest or cluster dump with the nodes");
  return { files, podRef: pods[0]!.replace(/^pods\//, "pod/") };
}

export function explainCommand(): Command {
  return newCommand("explain", "why the scheduler would place a pending pod where it does: filter verdicts and scores per node", [
    "kubesim explain nodes.json pods.json pod/default/web-0",
    "kubesim explain nodes.yaml app.yaml pod/shop/cart-7d9 --all-scores --json",
  ])
    .argument("<files-and-pod...>", "manifests or cluster dumps (YAML/JSON, List kinds), then the pending pod as pod/<namespace>/<name>")
    .option("--all-scores", "also score nodes that failed a filter (normalized over all nodes)")
    .option("--seed <seed>", "seed of the scheduler's tie-break stream", "0")
    .option("--config <file>", "a KubeSchedulerConfiguration (default: the v1.34 default profile)")
    .option("--profile <schedulerName>", "which profile of --config (default: the first)")
    .option("--workers <n|auto>", WORKERS_HELP, workersFlag("--workers"))
    .action(
      action(async (ctx, args: string[], flags: ExplainFlags) => {
        const { files, podRef } = splitFilesAndPod(args);
        const profile = pickProfile(flags);
        const result: ExplainResult = await withSchedulerWorkers(flags.workers, (parallel) =>
          explainFromFiles(files, podRef, { allScores: flags.allScores === true, seed: flags.seed, profile, parallel }),
        );
        for (const w of result.warnings) ctx.note(`warning: ${w}`);
        if (ctx.json) ctx.print(JSON.stringify(result, null, 2));
        else ctx.print(colourise(ctx, renderExplainTable(result)).trimEnd());
        return EXIT_OK;
      }),
    );
}
