/**
 * Per-plugin copies of the framework's inner loops.
 *
 * V8 keeps call-site type feedback per function. One loop shared by every plugin sees many
 * call targets, goes megamorphic and never inlines a plugin's `filter` / `score`; a fresh
 * copy per plugin sees exactly one target, and the optimizing compiler inlines the plugin
 * body into a tight loop over node slots (measured here: several times faster per node).
 * `new Function` is the only way to get a distinct function (closures of one literal share
 * their feedback); the source is a constant, never built from input.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "./cycle-state.js";
import type { FilterPlugin, ScorePlugin } from "./interfaces.js";

/**
 * Runs one filter over the chunk positions `alive[0..n)`: survivors are compacted to the front
 * of `alive`; a rejected position j gets `status[j]` and `plugin[j] = pluginIndex`. Returns the
 * survivor count.
 */
export type FilterLoop = (
  f: FilterPlugin["filter"],
  c: ClusterState,
  pod: CompiledPod,
  s: CycleState,
  nodes: Int32Array,
  alive: Int32Array,
  n: number,
  status: Int32Array,
  plugin: Int16Array,
  pluginIndex: number,
) => number;

/** `out[j] = score(feasible[j])` for j < count. */
export type ScoreLoop = (f: ScorePlugin["score"], c: ClusterState, pod: CompiledPod, s: CycleState, feasible: Int32Array, count: number, out: Float64Array) => void;

const FILTER_LOOP = `
  let k = 0;
  for (let i = 0; i < n; i++) {
    const j = alive[i];
    const st = f(c, pod, s, nodes[j]);
    if (st === 0) alive[k++] = j;
    else { status[j] = st; plugin[j] = pluginIndex; }
  }
  return k;`;

const SCORE_LOOP = `
  for (let j = 0; j < count; j++) out[j] = f(c, pod, s, feasible[j]);`;

export function newFilterLoop(): FilterLoop {
  return new Function("f", "c", "pod", "s", "nodes", "alive", "n", "status", "plugin", "pluginIndex", FILTER_LOOP) as FilterLoop;
}

export function newScoreLoop(): ScoreLoop {
  return new Function("f", "c", "pod", "s", "feasible", "count", "out", SCORE_LOOP) as ScoreLoop;
}
