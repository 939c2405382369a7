/**
 * `kubesim run <scenario.yaml>`: load the scenario (bad input → InputError → exit 2, nothing
 * written), simulate it with a progress bar in simulated time, write the results folder
 * atomically, then print the terminal summary (or, with `--json`, the summary document).
 *
 * Exit: 0, or what the SLO evaluation says (`evaluateSlos` below: the hook the SLO engineer
 * replaces; until then no SLO is evaluated and the run exits 0).
 */
import { Command } from "commander";
import { parseDuration } from "../../cluster/duration.js";
import { join } from "node:path";
import { inputError } from "../../errors.js";
import { buildRunSummary, type RunSummary, type SloResult } from "../../report/run-summary.js";
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

interface RunFlags {
  seed?: string;
  set?: string[];
  outputDir: string;
  runId?: string;
  until?: string;
}

/**
 * SLO evaluation hook: results per declared SLO. Returns [] until the SLO engineer's
 * evaluator lands (then: `scenario.slos` against the outcome's histograms and time series).
 */
export function evaluateSlos(_o: RunOutcome): SloResult[] {
  return [];
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
    .argument("<scenario>", "scenario file (kind: Scenario)")
    .option("--seed <n>", "random seed (replaces spec.seed)")
    .option("--set <path=value>", "override a scenario value before validation (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("-o, --output-dir <dir>", "where <scenario>/<run-id>/ is written", "results")
    .option("--run-id <id>", "results folder name (default s<seed>-<hash8 of the resolved scenario>)")
    .option("--until <duration>", "stop at this simulated time (e.g. 5m) instead of spec.duration")
    .action(action((ctx, file: string, flags: RunFlags) => runAction(ctx, file, flags)));
}

function runAction(ctx: CliContext, file: string, flags: RunFlags): number {
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
    outcome = runScenario(scenario, { untilUs, progress: (now) => bar.update(Math.floor(now / 1e6)), onWarning: (w) => ctx.note(`warning: ${w}`) });
  } finally {
    bar.stop();
  }
  const slos = evaluateSlos(outcome);
  const exitCode = slos.some((s) => !s.ok) ? EXIT_SLO_FAILED : EXIT_OK;
  const args = ["run", file, "--seed", String(scenario.seed), ...(flags.set ?? []).flatMap((s) => ["--set", s]), ...(flags.until ? ["--until", flags.until] : [])];
  const dirGuess = join(flags.outputDir, scenario.name, runId);
  const summary: RunSummary = buildRunSummary(outcome, runId, dirGuess, slos, exitCode);
  const written = writeRunOutputs(outcome, { outputDir: flags.outputDir, runId, args, summary });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  if (ctx.json) ctx.print(stableStringify(summary)); // the same bytes as summary.json
  else ctx.print(renderTerminalSummary(summary, { wallSeconds, fileCount: written.files.length, colors: ctx.out }));
  return exitCode;
}
