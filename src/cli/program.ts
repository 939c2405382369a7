/**
 * The `kubesim` command tree. Each command lives in `commands/<name>.ts` and exports a
 * `xxxCommand()` factory; this file only assembles them and the global flags.
 */
import { Command, Option } from "commander";
import { KUBESIM_VERSION, KUBERNETES_VERSION_MODELLED } from "../version.js";
import { benchCommand } from "./commands/bench.js";
import { explainCommand } from "./commands/explain.js";
import { getCommand } from "./commands/get.js";
import { initCommand } from "./commands/init.js";
import { reportCommand } from "./commands/report.js";
import { runCommand } from "./commands/run.js";
import { schemaCommand } from "./commands/schema.js";
import { mergeCommand } from "./commands/merge.js";
import { sweepCommand } from "./commands/sweep.js";
import { validateCommand } from "./commands/validate.js";

export function buildProgram(): Command {
  const program = new Command("kubesim")
    .description(
      `Discrete-event performance simulator of Kubernetes clusters (models Kubernetes ${KUBERNETES_VERSION_MODELLED}).`,
    )
    .version(KUBESIM_VERSION, "-V, --version", "print the kubesim version")
    .option("--json", "print one JSON document on stdout instead of tables")
    .option("-q, --quiet", "print only the result: no notes or warnings on stderr")
    .option("--no-progress", "never show a progress bar (it only shows on a TTY anyway)")
    .addOption(new Option("--color <when>", "colour output (NO_COLOR is honoured)").choices(["auto", "always", "never"]).default("auto"))
    .option("--debug", "print stack traces for internal errors")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ kubesim run scenarios/quickstart.yaml\n  $ kubesim init --from-manifests k8s/ -o my-cluster.yaml   # start from your own manifests\n\nExit codes: 0 ok, 1 an SLO failed, 2 bad input or usage, 3 internal error, 130 interrupted.",
    );
  program.addCommand(runCommand());
  program.addCommand(initCommand());
  program.addCommand(explainCommand());
  program.addCommand(getCommand());
  program.addCommand(reportCommand());
  program.addCommand(benchCommand());
  program.addCommand(validateCommand());
  program.addCommand(schemaCommand());
  program.addCommand(sweepCommand());
  program.addCommand(mergeCommand());
  return program;
}
