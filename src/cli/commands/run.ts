/**
 * `kubesim run <scenario.yaml>`: load the scenario (bad input → InputError → exit 2, nothing
 * written), simulate it with a progress bar in simulated time, write the results folder
 * atomically, then print the terminal summary (or, with `--json`, the summary document).
 *
 * Exit: 0 when every SLO held (or none were declared, or `--ignore-slos`), 1 when one failed
 * (the results folder, slo.csv and junit.xml are written either way). SLOs whose metric no
 * model produces yet are listed as not measured and never fail the run.
 */
import { Command, Option } from "commander";
import { parseDuration } from "../../cluster/duration.js";
import { join } from "node:path";
import { inputError } from "../../errors.js";
import { junitXml } from "../../report/junit-xml.js";
import { buildRunSummary, type RunSummary, type SloResult } from "../../report/run-summary.js";
import { evaluateSlos as evaluate, runMetricSources } from "../../report/slo-check.js";
import { sloCsv, sloLines, sloVerdict } from "../../report/slo-outputs.js";
import { defaultRunId } from "../../report/run-manifest.js";
import { resolvedInputs, writeRunOutputs } from "../../report/run-outputs.js";
import { stableStringify } from "../../report/stable-json.js";
import { renderTerminalSummary } from "../../report/terminal-summary.js";
import { runScenario, type RunOutcome } from "../../runtime/cluster-runtime.js";
import { loadScenario } from "../../scenario/load-scenario.js";
import { action, newCommand } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK, EXIT_SLO_FAILED } from "../exit-codes.js";
import { startProgress } from "../progress.js";
import { WORKERS_HELP, workersFlag, withSchedulerWorkers } from "../workers-flag.js";
import type { WorkersSpec } from "../../scheduler/parallel/workers-option.js";

interface RunFlags {
  seed?: string;
  set?: string[];
  outputDir: string;
  runId?: string;
  until?: string;
  ignoreSlos?: boolean;
  workers?: WorkersSpec;
  /** false with `--no-report`. */
  report?: boolean;
  summary: "compact" | "full";
}

/** Every SLO of the scenario judged against the run (src/report/slo-check.ts). */
export function evaluateSlos(o: RunOutcome, summary: Pick<RunSummary, "metrics">): SloResult[] {
  return evaluate(o.scenario.slos, runMetricSources(o, summary));
}

function seedFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw inputError("USAGE", "--seed", `expected a non-negative integer, got "${v}"`);
  return Number(v);
}

function untilFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  try {
    return parseDuration(v);
  } catch (e) {
    throw inputError("USAGE", "--until", (e as Error).message);
  }
}

export function runCommand(): Command {
  return newCommand("run", "simulate a scenario over time; print a summary and write the results folder", [
    "kubesim run scenarios/quickstart.yaml",
    "kubesim run scenarios/quickstart.yaml --seed 7 --set spec.cluster.nodePools[0].count=4 --json",
  ])
    .addHelpText("after", [
      "",
      "Writes summary.csv, timeseries.csv, pods.csv, pod-status.csv, nodes.csv,",
      "node-status.csv, events.csv, slo.csv, junit.xml, summary.json, run.json and",
      "report.html (docs/outputs.md, docs/report.md); `kubesim get pods <folder>",
      "--at 5m` replays them.",
      "Exit codes: 0 every SLO held, 1 an SLO failed (results still written),",
      "2 bad input or usage, 3 internal error.",
    ].join("\n"))
    .argument("<scenario>", "scenario file (kind: Scenario)")
    .option("--seed <n>", "random seed (replaces spec.seed)")
    .option("--set <path=value>", "override a scenario value before validation (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("-o, --output-dir <dir>", "where <scenario>/<run-id>/ is written", "results")
    .option("--run-id <id>", "results folder name (default s<seed>-<hash8 of the resolved scenario>)")
    .option("--until <duration>", "stop at this simulated time (e.g. 5m) instead of spec.duration")
    .option("--ignore-slos", "exit 0 even when an SLO fails (the verdicts are still written)")
    .option("--no-report", "do not write report.html (kubesim report <folder> writes it later)")
    .addOption(new Option("--summary <mode>", "terminal summary: compact, or full with every metric of summary.json").choices(["compact", "full"]).default("compact"))
    .option("--workers <n|auto>", WORKERS_HELP, workersFlag("--workers"))
    .action(action((ctx, file: string, flags: RunFlags) => runAction(ctx, file, flags)));
}

async function runAction(ctx: CliContext, file: string, flags: RunFlags): Promise<number> {
  const seed = seedFlag(flags.seed);
  const untilUs = untilFlag(flags.until);
  const scenario = loadScenario(file, { set: flags.set, seed, onWarning: (w) => ctx.note(`warning: ${w}`) });
  // A run cut short by --until is a different run: it gets its own default folder.
  const idInputs = untilUs === undefined ? resolvedInputs(scenario) : { scenario: resolvedInputs(scenario), untilUs };
  const runId = flags.runId ?? defaultRunId(scenario.seed, idInputs);
  if (!/^[A-Za-z0-9._-]+$/.test(runId) || runId === "." || runId === "..") {
    throw inputError("USAGE", "--run-id", `a run id is letters, digits, '.', '_' and '-', got "${runId}"`);
  }
  const totalS = Math.min(untilUs ?? scenario.durationUs, scenario.durationUs) / 1e6;
  const bar = startProgress(ctx, "simulating", Math.ceil(totalS), "s simulated");
  const wallStart = performance.now();
  let outcome: RunOutcome;
  try {
    // Worker threads start after the scenario loaded (bad input starts none) and stop before
    // anything is written: a failing worker ends the run here, with no results folder.
    outcome = await withSchedulerWorkers(flags.workers, (schedulerParallel) =>
      runScenario(scenario, { untilUs, progress: (now) => bar.update(Math.floor(now / 1e6)), onWarning: (w) => ctx.note(`warning: ${w}`), schedulerParallel }),
    );
  } finally {
    bar.stop();
  }
  const args = ["run", file, "--seed", String(scenario.seed), ...(flags.set ?? []).flatMap((s) => ["--set", s]), ...(flags.until ? ["--until", flags.until] : []), ...(flags.ignoreSlos ? ["--ignore-slos"] : [])];
  const dirGuess = join(flags.outputDir, scenario.name, runId);
  const summary: RunSummary = buildRunSummary(outcome, runId, dirGuess);
  summary.slos = evaluateSlos(outcome, summary);
  const exitCode = summary.slos.some((s) => !s.ok) && !flags.ignoreSlos ? EXIT_SLO_FAILED : EXIT_OK;
  summary.exitCode = exitCode;
  const extraFiles = { "slo.csv": sloCsv(summary.slos), "junit.xml": junitXml(summary) };
  const written = writeRunOutputs(outcome, { outputDir: flags.outputDir, runId, args, summary, extraFiles, report: flags.report });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  if (ctx.json) ctx.print(stableStringify(summary)); // the same bytes as summary.json
  else {
    const opts = { wallSeconds, fileCount: written.files.length, colors: ctx.out, sloLines: sloLines(summary.slos), verdict: sloVerdict(summary.slos), full: flags.summary === "full" };
    ctx.print(renderTerminalSummary(summary, opts));
  }
  return exitCode;
}
