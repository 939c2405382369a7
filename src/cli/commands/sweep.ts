/**
 * `kubesim sweep <scenario> --range <path>=<from>..<to>[/<step>] ...`: the capacity answer.
 * Every point of the ranges (or, with `--find-min`, a bisection over one of them) runs with R
 * seeds on worker threads; the sweep writes sweep.csv and sweep.json and prints the smallest
 * value meeting every SLO, its cost per hour, and the curve around it (src/sweep/).
 *
 * Exit: 0 some point passes, 1 none does, 2 bad input (nothing run, nothing written).
 * `--shard i/N` runs one slice and writes a shard folder (exit 0 once its runs are done: the
 * answer needs every shard, `kubesim merge`); `--emit-job` prints an Indexed Job and runs nothing.
 */
import { Command, Option } from "commander";
import { availableParallelism } from "node:os";
import { InputError, inputError } from "../../errors.js";
import { KUBESIM_VERSION } from "../../version.js";
import { defaultRunId } from "../../report/run-manifest.js";
import { resolvedInputs } from "../../report/run-outputs.js";
import { stableStringify } from "../../report/stable-json.js";
import { loadScenario } from "../../scenario/load-scenario.js";
import type { WorkersSpec } from "../../scheduler/parallel/workers-option.js";
import { indexedJobYaml } from "../../sweep/indexed-job.js";
import { startRunPool } from "../../sweep/run-pool.js";
import { executeSweep, expectedRuns, pointOverrides } from "../../sweep/sweep-execute.js";
import { finishSweep, shardDir, shardFiles, sweepDir, writeFolder } from "../../sweep/sweep-outputs.js";
import { MAX_PROBES_PER_ROUND, MAX_REPLICATIONS, MAX_SHARDS, MAX_SWEEP_RUNS, defaultProbesPerRound, groupCount, parseShard, pointCount, pointIndex, probesPerRound, type Shard, type SweepPlan } from "../../sweep/sweep-plan.js";
import { parseRange, type SweepRange } from "../../sweep/sweep-range.js";
import { renderSweepTerminal } from "../../sweep/sweep-terminal.js";
import { action, newCommand, positiveInt } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";
import { startProgress } from "../progress.js";
import { workersFlag } from "../workers-flag.js";

interface SweepFlags {
  range?: string[];
  findMin?: string;
  replications: number;
  confidence?: string;
  workers?: WorkersSpec;
  seed?: string;
  set?: string[];
  outputDir: string;
  probesPerRound?: number;
  shard?: string;
  emitJob?: boolean;
  shards?: number;
  image?: string;
  claimName: string;
}

const repeat = (v: string, prev: string[] = []) => [...prev, v];

export function sweepCommand(): Command {
  return newCommand("sweep", "run a scenario over ranges of values with replications; answer the smallest value that meets every SLO", [
    "kubesim sweep scenarios/capacity-fit.yaml --range 'spec.cluster.nodePools[0].count=10..15' --replications 3",
    "kubesim sweep scenarios/instance-shapes.yaml --range 'spec.cluster.nodePools[0].instanceType=m6i.xlarge,c6i.2xlarge' --find-min 'spec.cluster.nodePools[0].count=1..40'",
  ])
    .addHelpText("after", [
      "",
      "Writes <output-dir>/<scenario>/<sweep-id>/sweep.csv and sweep.json (docs/sweeps.md).",
      "--shard i/N writes <sweep-id>-shard-i-of-N/ instead; `kubesim merge` joins the N shards",
      "into the files one machine writes. --emit-job --shards N prints a Kubernetes Indexed Job.",
      "Exit codes: 0 some point meets every SLO, 1 none does, 2 bad input or usage, 3 internal error.",
    ].join("\n"))
    .argument("<scenario>", "scenario file (kind: Scenario)")
    .option("--range <path=from..to[/step]|path=a,b,...>", "values of one scenario key (repeatable; --set path syntax)", repeat)
    .option("--find-min <path[=from..to[/step]]>", "search this monotone range (e.g. a pool's count) by bisection, or k-section with --probes-per-round, instead of running every value")
    .option("--probes-per-round <W>", "find-min: points probed at once per group (default: worker threads / (replications × groups), at least 1)", positiveInt("--probes-per-round", 1, MAX_PROBES_PER_ROUND))
    .option("--replications <R>", "seeds per point, derived from the scenario seed", positiveInt("--replications", 1, MAX_REPLICATIONS), 1)
    .option("--confidence <F>", "fraction of replications that must meet every SLO (0 < F <= 1, default 1: all)")
    .option("--workers <n|auto>", "runs in parallel on worker threads (default auto: one per CPU)", workersFlag("--workers"))
    .option("--seed <n>", "scenario seed (replaces spec.seed); replication r > 0 derives its own")
    .option("--set <path=value>", "override a scenario value in every run (repeatable)", repeat)
    .option("-o, --output-dir <dir>", "where <scenario>/<sweep-id>/ is written", "results")
    .option("--shard <i/N>", "run only slice i of N (0-based) and write a shard folder for `kubesim merge`")
    .option("--emit-job", "print a Kubernetes Indexed Job running the sweep as --shards pods; run nothing")
    .option("--shards <N>", "with --emit-job: number of shards (completions = parallelism = N)", positiveInt("--shards", 1, MAX_SHARDS))
    .option("--image <ref>", "with --emit-job: container image with kubesim and the scenario in /work")
    .addOption(new Option("--claim-name <name>", "with --emit-job: PersistentVolumeClaim mounted at /results").default("kubesim-results"))
    .action(action((ctx, file: string, flags: SweepFlags) => sweepAction(ctx, file, flags)));
}

function seedFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw inputError("USAGE", "--seed", `expected a non-negative integer, got "${v}"`);
  return Number(v);
}

function confidenceFlag(v: string | undefined): number {
  if (v === undefined) return 1;
  const x = Number(v);
  if (!/^(?:0?\.\d+|1(?:\.0*)?|0)$/.test(v.trim()) || !(x > 0 && x <= 1)) throw inputError("USAGE", "--confidence", `expected a fraction 0 < F <= 1 (e.g. 0.8), got "${v}"`);
  return x;
}

/** The ranges and which one is searched; checks what can be checked without the scenario. */
function sweepRanges(flags: SweepFlags): { ranges: SweepRange[]; search: number; findMin: boolean } {
  const ranges = (flags.range ?? []).map((t) => parseRange(t));
  // Without --find-min the answer is searched along the last numeric range (a count, not a list of shapes).
  let search = ranges.map((r) => r.numeric).lastIndexOf(true);
  if (search < 0) search = ranges.length - 1;
  const fm = flags.findMin;
  if (fm !== undefined) {
    if (fm.includes("=")) {
      const r = parseRange(fm, "--find-min");
      if (ranges.some((x) => x.path === r.path)) throw inputError("USAGE", "--find-min", `${r.path} also has a --range: give its values once`);
      ranges.push(r);
      search = ranges.length - 1;
    } else {
      search = ranges.findIndex((r) => r.path === parseRange(`${fm}=0`, "--find-min").path);
      if (search < 0) throw inputError("USAGE", "--find-min", `${JSON.stringify(fm)} has no --range; give one, or write --find-min ${fm}=<from>..<to>`);
    }
    if (!ranges[search]!.numeric) throw inputError("USAGE", "--find-min", `${ranges[search]!.path} must be a numeric range (<from>..<to>[/<step>] or ascending numbers) to bisect`);
  }
  if (ranges.length === 0) throw inputError("USAGE", "--range", "give at least one --range <path>=<from>..<to>[/<step>] (or --find-min <path>=<from>..<to>)");
  const seen = new Set<string>();
  for (const r of ranges) {
    if (seen.has(r.path)) throw inputError("USAGE", "--range", `${r.path} has two ranges`);
    seen.add(r.path);
  }
  return { ranges, search, findMin: fm !== undefined };
}

/** Validation loads: every value of a list range, and the two ends of a numeric one, with the others at their first value. */
function validatePoints(file: string, plan: SweepPlan, onWarning: (w: string) => void): void {
  const checked = new Set<number>();
  plan.ranges.forEach((r, k) => {
    const idx = r.numeric ? [0, r.values.length - 1] : r.values.map((_, i) => i);
    for (const i of idx) {
      const coords = plan.ranges.map(() => 0);
      coords[k] = i;
      const p = pointIndex(plan, coords);
      if (checked.has(p)) continue;
      checked.add(p);
      try {
        loadScenario(file, { set: pointOverrides(plan, p), seed: plan.seed, onWarning });
      } catch (e) {
        // The base scenario loaded with the --set overrides alone, so the range value is at fault.
        if (e instanceof InputError) throw new InputError(e.details.map((d) => (d.file === "--set" ? { ...d, file: "--range" } : d)));
        throw e;
      }
    }
  });
}

async function sweepAction(ctx: CliContext, file: string, flags: SweepFlags): Promise<number> {
  const seed = seedFlag(flags.seed);
  const confidence = confidenceFlag(flags.confidence);
  const { ranges, search, findMin } = sweepRanges(flags);
  const shard: Shard | null = flags.shard === undefined ? null : parseShard(flags.shard);
  if (flags.emitJob && flags.shards === undefined) throw inputError("USAGE", "--shards", "--emit-job needs --shards <N>, the number of pods");
  if (!flags.emitJob && (flags.shards !== undefined || flags.image !== undefined)) throw inputError("USAGE", flags.shards !== undefined ? "--shards" : "--image", "only with --emit-job");
  if (flags.emitJob && shard !== null) throw inputError("USAGE", "--shard", "--emit-job writes every shard's pod; leave --shard out");

  const warnings = new Set<string>();
  const warn = (w: string) => {
    if (!warnings.has(w)) ctx.note(`warning: ${w}`);
    warnings.add(w);
  };
  const base = loadScenario(file, { set: flags.set, seed, onWarning: warn });
  const replications = flags.replications;
  if (!findMin && flags.probesPerRound !== undefined) throw inputError("USAGE", "--probes-per-round", "only with --find-min");
  // Threads: this machine's CPUs for auto, but one per pod for --emit-job (its pods' --workers).
  const auto = flags.workers === undefined || flags.workers === "auto";
  const workers = auto ? (flags.emitJob ? 1 : availableParallelism()) : (flags.workers as number);
  const groups = ranges.reduce((n, r, k) => (k === search ? n : n * r.values.length), 1);
  const width = findMin ? (flags.probesPerRound ?? defaultProbesPerRound(workers, replications, groups)) : 1;
  const fields = {
    format: 1 as const,
    scenarioFile: file,
    scenario: base.name,
    seed: base.seed,
    set: flags.set ?? [],
    ranges: ranges.map((r) => ({ path: r.path, values: r.values, numeric: r.numeric, text: r.text })),
    replications,
    confidence,
    mode: findMin ? ("find-min" as const) : ("grid" as const),
    search,
    // Only when > 1, so that a bisection's sweep id is the one it always had.
    ...(width > 1 ? { probesPerRound: width } : {}),
    slos: base.slos.map((s) => s.name),
  };
  const plan: SweepPlan = { ...fields, id: `sweep-${defaultRunId(base.seed, { inputs: resolvedInputs(base), ...fields })}` };
  if (plan.mode === "grid" && pointCount(plan) * replications > MAX_SWEEP_RUNS) {
    throw inputError("RESOURCE_EXHAUSTION", "--range", `${pointCount(plan)} points × ${replications} replications is more than ${MAX_SWEEP_RUNS} runs; use --find-min or fewer values`);
  }
  validatePoints(file, plan, warn);

  if (flags.emitJob) {
    ctx.print(indexedJobYaml(plan, { shards: flags.shards!, image: flags.image ?? `kubesim:${KUBESIM_VERSION}`, workers, claimName: flags.claimName }));
    return EXIT_OK;
  }

  // No more threads than runs that can be in flight at once (a thread costs a module load).
  const inFlight = (plan.mode === "grid" ? pointCount(plan) : groupCount(plan) * probesPerRound(plan)) * replications;
  const threads = Math.min(inFlight, workers);
  // In runs; find-min only knows an upper bound until it ends.
  const bar = startProgress(ctx, "sweeping", expectedRuns(plan, shard), plan.mode === "grid" ? "runs" : "runs at most");
  const wallStart = performance.now();
  const pool = await startRunPool(threads);
  let execution;
  try {
    execution = await executeSweep(plan, pool, { shard, onRun: (done) => bar.update(done) });
  } finally {
    bar.stop();
    await pool.close();
  }
  execution.warnings.forEach(warn);
  const wallSeconds = (performance.now() - wallStart) / 1000;

  if (shard !== null) {
    const dir = shardDir(flags.outputDir, plan, shard);
    const files = shardFiles(plan, shard, execution.rows);
    writeFolder(dir, files);
    const doc = { kind: "SweepShard", sweepId: plan.id, shard: `${shard.index}/${shard.count}`, runs: execution.rows.length, dir };
    if (ctx.json) ctx.print(stableStringify(doc));
    else ctx.print(`kubesim sweep · ${plan.scenario} · shard ${shard.index}/${shard.count} · ${execution.rows.length} runs in ${wallSeconds.toFixed(1)}s (wall)\n${dir}/   ${Object.keys(files).length} files\nmerge all ${shard.count} shards with: kubesim merge ${shardDir(flags.outputDir, plan, { index: 0, count: shard.count }).replace(/-shard-0-of-/, "-shard-*-of-")}`);
    return EXIT_OK;
  }
  return printSweep(ctx, plan, execution.rows, sweepDir(flags.outputDir, plan), wallSeconds);
}

/** Writes the whole sweep's folder and prints its answer; shared with `kubesim merge`. */
export function printSweep(ctx: CliContext, plan: SweepPlan, rows: Parameters<typeof finishSweep>[1], dir: string, wallSeconds: number): number {
  const result = finishSweep(plan, rows);
  writeFolder(dir, result.files);
  if (ctx.json) ctx.print(result.files["sweep.json"]!);
  else ctx.print(renderSweepTerminal(plan, result.points, result.answer, { wallSeconds, runs: rows.length, dir, fileCount: Object.keys(result.files).length, colors: ctx.out }));
  return result.doc.exitCode;
}
