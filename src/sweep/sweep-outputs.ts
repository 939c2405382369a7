/**
 * What a sweep writes, each folder atomically (report/results-folder.ts):
 *
 * - a whole sweep: `<output-dir>/<scenario>/<sweep-id>/` with `sweep.csv`, `sweep.json` and
 *   `report.html` (the capacity curve, built from the other two: report/html/sweep-report.ts);
 * - one shard (`--shard i/N`): `<output-dir>/<scenario>/<sweep-id>-shard-<i>-of-<N>/` with
 *   `runs.csv` (sweep.csv's header, run rows only) and `plan.json` (the plan and the shard).
 *
 * `kubesim merge` reads shard folders back, checks that they are the N shards of one plan and
 * that together they hold every run the plan makes (for find-min: replays the search over the
 * recorded verdicts), then writes the whole sweep's folder with the same functions a single
 * machine uses, hence the same bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../errors.js";
import { parseCsv } from "../report/csv.js";
import { withResultsFolder } from "../report/results-folder.js";
import { memorySource } from "../report/csv-stream.js";
import { REPORT_FILE } from "../report/html/run-report.js";
import { renderSweepReport } from "../report/html/sweep-report.js";
import { stableStringify } from "../report/stable-json.js";
import { MinSearch, runMinSearches } from "./find-min.js";
import { sweepAnswer, sweepSummaryDoc, type SweepAnswer, type SweepSummaryDoc } from "./sweep-answer.js";
import { groupCount, groupPoints, pointCount, probesPerRound, replicationsNeeded, type Shard, type SweepPlan } from "./sweep-plan.js";
import { readRunRow, renderRunsCsv, renderSweepCsv, sortRunRows, summarisePoints, sweepHeader, type PointSummary, type RunRow } from "./sweep-table.js";

export const SWEEP_CSV = "sweep.csv";
export const SWEEP_JSON = "sweep.json";
export const SHARD_RUNS_CSV = "runs.csv";
export const SHARD_PLAN_JSON = "plan.json";

export function sweepDir(outputDir: string, plan: SweepPlan): string {
  return join(outputDir, plan.scenario, plan.id);
}

export function shardDir(outputDir: string, plan: SweepPlan, shard: Shard): string {
  return join(outputDir, plan.scenario, `${plan.id}-shard-${shard.index}-of-${shard.count}`);
}

export interface SweepResult {
  readonly points: PointSummary[];
  readonly answer: SweepAnswer;
  readonly doc: SweepSummaryDoc;
  readonly files: Record<string, string>;
}

/** Point summaries, the answer and the files of a whole sweep, from its sorted run rows. */
export function finishSweep(plan: SweepPlan, rows: readonly RunRow[]): SweepResult {
  const points = summarisePoints(plan, rows);
  const answer = sweepAnswer(plan, points);
  const doc = sweepSummaryDoc(plan, points, answer, rows.length);
  const files: Record<string, string> = { [SWEEP_CSV]: renderSweepCsv(plan, rows, points), [SWEEP_JSON]: stableStringify(doc) };
  // Built from the two files only, so a merged sweep's page is the single machine's, byte for byte.
  files[REPORT_FILE] = renderSweepReport(memorySource(files));
  return { points, answer, doc, files };
}

export function writeFolder(dir: string, files: Record<string, string>): void {
  withResultsFolder(dir, (folder) => {
    for (const name of Object.keys(files).sort()) folder.write(name, files[name]!);
  });
}

export function shardFiles(plan: SweepPlan, shard: Shard, rows: readonly RunRow[]): Record<string, string> {
  return { [SHARD_RUNS_CSV]: renderRunsCsv(plan, rows), [SHARD_PLAN_JSON]: stableStringify({ plan, shard }) };
}

/** Reads shard folders; throws an InputError naming the folder when they do not fit together. */
export async function mergeShards(dirs: readonly string[]): Promise<{ plan: SweepPlan; rows: RunRow[] }> {
  if (dirs.length === 0) throw inputError("USAGE", "<dirs>", "name the shard folders to merge");
  let plan: SweepPlan | null = null;
  let planText = "";
  let count = 0;
  const seen = new Map<number, string>();
  const rows: RunRow[] = [];
  for (const dir of dirs) {
    const bad = (why: string) => inputError("INVALID_VALUE", "", why, { file: dir });
    let meta: { plan: SweepPlan; shard: Shard };
    let runs: { header: string[]; rows: string[][] };
    try {
      meta = JSON.parse(readFileSync(join(dir, SHARD_PLAN_JSON), "utf8")) as { plan: SweepPlan; shard: Shard };
      runs = parseCsv(readFileSync(join(dir, SHARD_RUNS_CSV), "utf8"));
    } catch (e) {
      throw inputError("FILE_UNREADABLE", "", `not a sweep shard folder: ${(e as Error).message.split("\n")[0]}`, { file: dir });
    }
    if (meta?.plan?.format !== 1 || !Number.isInteger(meta.shard?.index) || !Number.isInteger(meta.shard?.count)) throw bad(`${SHARD_PLAN_JSON} is not a kubesim sweep plan (format 1)`);
    const text = stableStringify(meta.plan);
    if (plan === null) {
      plan = meta.plan;
      planText = text;
      count = meta.shard.count;
    } else if (text !== planText) throw bad(`belongs to another sweep (${meta.plan.id}, not ${plan.id}) or another version of it`);
    if (meta.shard.count !== count) throw bad(`is shard ${meta.shard.index}/${meta.shard.count}, the others are out of ${count}`);
    const other = seen.get(meta.shard.index);
    if (other !== undefined) throw bad(`is shard ${meta.shard.index}/${count} again (also ${other})`);
    seen.set(meta.shard.index, dir);
    if (runs.header.join(",") !== sweepHeader(plan).join(",")) throw bad(`${SHARD_RUNS_CSV} does not have the columns of this sweep`);
    for (const cells of runs.rows) rows.push(readRunRow(plan, cells));
  }
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) throw inputError("INVALID_VALUE", "<dirs>", `shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} missing: merge needs all ${count}`);
  sortRunRows(rows);
  await checkComplete(plan!, rows);
  return { plan: plan!, rows };
}

/** Every run the plan makes is present exactly once (find-min: the search replays to the same points). */
async function checkComplete(plan: SweepPlan, rows: readonly RunRow[]): Promise<void> {
  const R = plan.replications;
  const have = new Map<number, RunRow[]>();
  for (const r of rows) {
    if (!(r.replication >= 0 && r.replication < R && r.point >= 0 && r.point < pointCount(plan))) throw inputError("INVALID_VALUE", "<dirs>", `a run row names point ${r.point} replication ${r.replication}, outside this sweep`);
    const list = have.get(r.point) ?? [];
    if (list.some((x) => x.replication === r.replication)) throw inputError("INVALID_VALUE", "<dirs>", `point ${r.point} replication ${r.replication} appears twice`);
    list.push(r);
    have.set(r.point, list);
  }
  const incomplete = (p: number) => inputError("INVALID_VALUE", "<dirs>", `point ${p} has ${have.get(p)?.length ?? 0} of its ${R} runs: a shard is incomplete`);
  let expected: number[];
  if (plan.mode === "grid") {
    expected = [];
    for (let p = 0; p < pointCount(plan); p++) expected.push(p);
  } else {
    const need = replicationsNeeded(plan);
    const searches: MinSearch[] = [];
    for (let g = 0; g < groupCount(plan); g++) searches.push(new MinSearch(groupPoints(plan, g), probesPerRound(plan)));
    expected = await runMinSearches(searches, async (points) => {
      const v = new Map<number, boolean>();
      for (const p of points) {
        const list = have.get(p);
        if (list === undefined || list.length !== R) throw incomplete(p);
        v.set(p, list.filter((r) => r.passed).length >= need);
      }
      return v;
    });
  }
  for (const p of expected) if ((have.get(p)?.length ?? 0) !== R) throw incomplete(p);
  if (have.size !== expected.length) throw inputError("INVALID_VALUE", "<dirs>", "the shards hold runs this sweep does not make");
}
