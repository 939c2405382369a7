/**
 * The terminal table of a sweep, answer first (ux.md A1: "the report must answer that in its
 * first line"): the smallest passing value and its cost per hour, the curve around it with
 * the replication spread, and with several groups (instance types) the ranking by cost.
 * Wall-clock time appears only here, never in a file.
 */
import { fmtLatency } from "../report/terminal-summary.js";
import type { SweepAnswer } from "./sweep-answer.js";
import { pointCount, replicationsNeeded, type SweepPlan } from "./sweep-plan.js";
import type { RangeValue } from "./sweep-range.js";
import { RUN_METRICS } from "./sweep-run.js";
import type { PointSummary } from "./sweep-table.js";
import { plural } from "../report/plural.js";

export interface SweepTerminalOptions {
  wallSeconds: number;
  runs: number;
  dir: string;
  fileCount: number;
  colors?: { bold(text: string): string };
  /** Points shown on each side of the answer in the curve. */
  curveRadius?: number;
}

const COL = Object.fromEntries(RUN_METRICS.map((m, i) => [m, i])) as Record<string, number>;

function short(path: string): string {
  const m = /([A-Za-z_$][A-Za-z0-9_$-]*)(?:\[[^\]]*\])*$/.exec(path);
  return m ? m[1]! : path;
}

function val(v: RangeValue): string {
  return String(v);
}

function money(x: number): string {
  return Number.isFinite(x) ? `$${x.toFixed(3)}/h` : "-";
}

function spread(s: PointSummary, metric: string, fmt: (x: number) => string): string {
  const i = COL[metric]!;
  const m = s.median[i]!;
  if (!Number.isFinite(m)) return "-";
  const lo = s.min[i]!;
  const hi = s.max[i]!;
  return fmt(lo) === fmt(hi) ? fmt(m) : `${fmt(m)} (${fmt(lo)}–${fmt(hi)})`;
}

export function renderSweepTerminal(plan: SweepPlan, points: readonly PointSummary[], answer: SweepAnswer, opts: SweepTerminalOptions): string {
  const bold = opts.colors?.bold ?? ((x: string) => x);
  const search = plan.ranges[plan.search]!;
  const need = replicationsNeeded(plan);
  const R = plan.replications;
  const lines: string[] = [];
  lines.push(`kubesim sweep · ${plan.scenario} · seed ${plan.seed} · ${plural(R, "replication")} · ${opts.runs} runs in ${opts.wallSeconds.toFixed(1)}s (wall)`, "");

  const fixedText = (g: SweepAnswer["groups"][number]) => Object.entries(g.fixed).map(([k, v]) => `${k}=${val(v)}`).join(" ");
  const best = answer.best;
  if (best !== null) {
    const a = best.answer!;
    const where = Object.keys(best.fixed).length > 0 ? `   (${fixedText(best)})` : "";
    lines.push(`${bold("ANSWER")}  ${search.path} = ${val(a.values[plan.search]!)}   ${money(a.median[COL["cost_per_hour"]!]!)}   ✓ every SLO in ${a.replicationsPassed}/${a.runs} replications${where}`);
    if (best.nonMonotone) lines.push(`        ⚠ a larger value failed: the parameter did not behave monotonically (see the curve)`);
  } else {
    lines.push(`${bold("ANSWER")}  ✗ no value of ${search.path} up to ${val(search.values[search.values.length - 1]!)} meets every SLO in ${need} of ${R} replications`);
  }
  const confidenceText = need === R ? `all ${R}` : `${need} of ${R} (confidence ${plan.confidence})`;
  const evaluatedText = plan.mode === "find-min" ? `find-min ran ${points.length} of ${pointCount(plan)} points` : `${points.length} points`;
  lines.push(`        a point passes when every SLO holds in ${confidenceText} replications; ${evaluatedText}`, "");

  // The curve of the best group (or the first, when nothing passes), around the answer.
  const shown = best ?? answer.groups[0];
  if (shown !== undefined) {
    const radius = opts.curveRadius ?? 4;
    const ev = shown.evaluated;
    const at = shown.answer === null ? ev.length - 1 : ev.indexOf(shown.answer);
    const from = Math.max(0, at - radius);
    const to = Math.min(ev.length, at + radius + 1);
    const name = short(search.path);
    const w = Math.max(name.length, ...ev.slice(from, to).map((s) => val(s.values[plan.search]!).length));
    lines.push(`${bold("CURVE")}${Object.keys(shown.fixed).length > 0 ? `   ${fixedText(shown)}` : ""}`);
    lines.push(`    ${name.padEnd(w)}  pass      cost/h       pending max   startup p99        failed SLOs`);
    if (from > 0) lines.push("    …");
    for (let i = from; i < to; i++) {
      const s = ev[i]!;
      const mark = s === shown.answer ? "▸ " : "  ";
      const pass = `${s.replicationsPassed}/${s.runs} ${s.passed ? "✓" : "✗"}`;
      lines.push(
        `  ${mark}${val(s.values[plan.search]!).padEnd(w)}  ${pass.padEnd(8)}  ${money(s.median[COL["cost_per_hour"]!]!).padEnd(11)}  ${spread(s, "pending_pods_max", String).padEnd(12)}  ${spread(s, "pod_startup_latency_p99_ms", fmtLatency).padEnd(17)}  ${s.failedSlos.join(", ") || "-"}${s.stoppedEarly > 0 ? ` (stopped early: ${s.stoppedEarly}/${s.runs})` : ""}`.trimEnd(),
      );
    }
    if (to < ev.length) lines.push("    …");
    lines.push("");
  }

  if (answer.groups.length > 1) {
    lines.push(`${bold("RANKING")} by cost of the smallest passing ${short(search.path)}`);
    answer.groups.forEach((g, k) => {
      const a = g.answer;
      const what = a === null ? `none passes up to ${val(search.values[search.values.length - 1]!)}` : `${short(search.path)} ${val(a.values[plan.search]!)}   ${money(a.median[COL["cost_per_hour"]!]!)}${g.nonMonotone ? "   ⚠ non-monotone" : ""}`;
      const label = Object.entries(g.fixed).map(([p, v]) => `${short(p)}=${val(v)}`).join(" ");
      lines.push(`  ${String(k + 1).padStart(2)}. ${label.padEnd(26)}  ${what}`);
    });
    lines.push("");
  }
  lines.push(`${opts.dir}/   ${opts.fileCount} files`);
  const exit = best === null ? 1 : 0;
  lines.push((best === null ? "no point passed" : "answer found").padEnd(69) + `exit ${exit}`);
  return lines.join("\n");
}
