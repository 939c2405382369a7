/**
 * Generic batch loops over a plugin's per-node `filter` / `score`, used for plugins that do not
 * define `filterNodes` / `scoreNodes`.
 *
 * Why plugins may define their own: V8 keeps call-site type feedback per function. These loops
 * are shared by every plugin, so their call site sees many targets, goes megamorphic and never
 * inlines the plugin body; a copy of the same loop inside the plugin's module sees one target
 * and the optimizing compiler inlines `filter` / `score` into it (measured: several ns per node
 * per plugin saved, which is most of a cycle's cost at 5000 nodes).
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "./cycle-state.js";
import type { FilterPlugin, ScorePlugin } from "./interfaces.js";

export function filterEach(
  p: FilterPlugin,
  c: ClusterState,
  pod: CompiledPod,
  s: CycleState,
  nodes: Int32Array,
  alive: Int32Array,
  n: number,
  status: Int32Array,
  plugin: Int16Array,
  pluginIndex: number,
): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const j = alive[i]!;
    const st = p.filter(c, pod, s, nodes[j]!);
    if (st === 0) alive[k++] = j;
    else {
      status[j] = st;
      plugin[j] = pluginIndex;
    }
  }
  return k;
}

export function scoreEach(p: ScorePlugin, c: ClusterState, pod: CompiledPod, s: CycleState, feasible: Int32Array, count: number, out: Float64Array): void {
  for (let j = 0; j < count; j++) out[j] = p.score(c, pod, s, feasible[j]!);
}
