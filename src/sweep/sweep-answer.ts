/**
 * The capacity answer of a sweep, from its point summaries: per group (one combination of the
 * non-search ranges, e.g. one instance type) the smallest search value whose point passes,
 * then the groups ranked by the cost per hour of that point (the cheapest cluster first). The
 * `SweepSummary` document is `--json`'s output and `sweep.json`; like sweep.csv it depends
 * only on the plan and the run rows, never on where or how the runs executed.
 */
import { KUBESIM_VERSION } from "../version.js";
import { groupCount, groupPoints, pointCount, probesPerRound, replicationsNeeded, type SweepPlan } from "./sweep-plan.js";
import type { RangeValue } from "./sweep-range.js";
import { valueColumns, type PointSummary } from "./sweep-table.js";

export interface GroupAnswer {
  readonly group: number;
  /** The other ranges' values, by path. */
  readonly fixed: Record<string, RangeValue>;
  readonly answer: PointSummary | null;
  /** A point above the answer failed: the parameter did not behave monotonically. */
  readonly nonMonotone: boolean;
  /** Points of the group that were evaluated, by ascending search value. */
  readonly evaluated: PointSummary[];
}

export interface SweepAnswer {
  /** Ranked: groups with an answer by its cost per hour, then the others, each in group order. */
  readonly groups: GroupAnswer[];
  readonly best: GroupAnswer | null;
}

/** cost_per_hour is the first measured value (sweep-run.ts RUN_METRICS). */
const COST_PER_HOUR = 0;

export function sweepAnswer(plan: SweepPlan, points: readonly PointSummary[]): SweepAnswer {
  const byPoint = new Map(points.map((s) => [s.point, s]));
  const groups: GroupAnswer[] = [];
  for (let g = 0; g < groupCount(plan); g++) {
    const members = groupPoints(plan, g);
    const evaluated = members.map((p) => byPoint.get(p)).filter((s): s is PointSummary => s !== undefined);
    if (evaluated.length === 0) continue;
    const fixed: Record<string, RangeValue> = {};
    plan.ranges.forEach((r, k) => {
      if (k !== plan.search) fixed[r.path] = evaluated[0]!.values[k]!;
    });
    const at = evaluated.findIndex((s) => s.passed);
    const answer = at >= 0 ? evaluated[at]! : null;
    const nonMonotone = at >= 0 && evaluated.slice(at + 1).some((s) => !s.passed);
    groups.push({ group: g, fixed, answer, nonMonotone, evaluated });
  }
  const cost = (a: GroupAnswer) => {
    const c = a.answer?.median[COST_PER_HOUR] ?? NaN;
    return Number.isFinite(c) ? c : Infinity;
  };
  groups.sort((a, b) => {
    if ((a.answer === null) !== (b.answer === null)) return a.answer === null ? 1 : -1;
    return cost(a) - cost(b) || a.group - b.group;
  });
  return { groups, best: groups[0]?.answer ? groups[0] : null };
}

/** The arguments after `kubesim` that rerun the sweep (without shard, workers or output folder). */
export function reproduceArgs(plan: SweepPlan): string[] {
  const args = ["sweep", plan.scenarioFile, "--seed", String(plan.seed)];
  for (const s of plan.set) args.push("--set", s);
  for (const r of plan.ranges) args.push("--range", r.text);
  if (plan.mode === "find-min") args.push("--find-min", plan.ranges[plan.search]!.path);
  // W decides which points run, so the command names it rather than leave it to --workers.
  if (plan.mode === "find-min" && probesPerRound(plan) > 1) args.push("--probes-per-round", String(probesPerRound(plan)));
  args.push("--replications", String(plan.replications));
  if (plan.confidence !== 1) args.push("--confidence", String(plan.confidence));
  return args;
}

/** `kubesim sweep ...` as a shell command line. */
export function reproduceCommand(plan: SweepPlan): string {
  const q = (s: string) => (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ["kubesim", ...reproduceArgs(plan)].map(q).join(" ");
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

function pointDoc(plan: SweepPlan, s: PointSummary, columns: string[]) {
  const values: Record<string, RangeValue> = {};
  plan.ranges.forEach((r, k) => (values[r.path] = s.values[k]!));
  const stats: Record<string, { median: number | null; min: number | null; max: number | null }> = {};
  columns.forEach((c, i) => (stats[c] = { median: num(s.median[i]!), min: num(s.min[i]!), max: num(s.max[i]!) }));
  return { point: s.point, values, passed: s.passed, passRate: s.passRate, replicationsPassed: s.replicationsPassed, failedSlos: s.failedSlos, replicationsStoppedEarly: s.stoppedEarly, stats };
}

export function sweepSummaryDoc(plan: SweepPlan, points: readonly PointSummary[], answer: SweepAnswer, runs: number) {
  const columns = valueColumns(plan);
  const search = plan.ranges[plan.search]!;
  return {
    apiVersion: "kubesim.io/v1alpha1",
    kind: "SweepSummary",
    kubesimVersion: KUBESIM_VERSION,
    scenario: plan.scenario,
    sweepId: plan.id,
    seed: plan.seed,
    mode: plan.mode,
    search: search.path,
    ...(plan.mode === "find-min" ? { probesPerRound: probesPerRound(plan) } : {}),
    parameters: plan.ranges.map((r) => ({ path: r.path, values: r.values.length, from: r.values[0]!, to: r.values[r.values.length - 1]! })),
    replications: plan.replications,
    confidence: plan.confidence,
    replicationsNeeded: replicationsNeeded(plan),
    pointsTotal: pointCount(plan),
    pointsEvaluated: points.length,
    runs,
    answer: answer.best === null ? null : {
      values: pointDoc(plan, answer.best.answer!, columns).values,
      costPerHour: num(answer.best.answer!.median[COST_PER_HOUR]!),
      replicationsPassed: answer.best.answer!.replicationsPassed,
      nonMonotone: answer.best.nonMonotone,
    },
    groups: answer.groups.map((g, rank) => ({
      rank: rank + 1,
      fixed: g.fixed,
      answer: g.answer === null ? null : g.answer.values[plan.search]!,
      costPerHour: g.answer === null ? null : num(g.answer.median[COST_PER_HOUR]!),
      nonMonotone: g.nonMonotone,
    })),
    points: points.map((s) => pointDoc(plan, s, columns)),
    reproduce: reproduceCommand(plan),
    exitCode: answer.best === null ? 1 : 0,
  };
}

export type SweepSummaryDoc = ReturnType<typeof sweepSummaryDoc>;
