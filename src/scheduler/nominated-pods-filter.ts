/**
 * `RunFilterPluginsWithNominatedPods` (pkg/scheduler/framework/runtime/framework.go) with
 * `addGENominatedPods`: on a node where pods of equal or higher priority than the incoming pod
 * are nominated, the filters run twice — first with those pods added as if running, then as
 * the node is — and the node must pass both. A failure of the first run is the node's status;
 * otherwise the second run's. Lower-priority nominations are ignored: the incoming pod may take
 * the room freed for them.
 *
 * "As if running" binds the nominated pods in the tables for the first run and unbinds them
 * after, so every per-node filter (resources, ports, pod count) sees them. Cross-node plugins'
 * PreFilter state is not updated for them (upstream's `RunPreFilterExtensionAddPod`): a
 * simplification shared with the preemption dry run.
 *
 * Callers check `nominator.total` / `countOnNode` first, so none of this runs while nothing is
 * nominated (the common case and every benchmark's hot path).
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { CompiledPod } from "./compiled-pod.js";
import type { Framework } from "./framework/framework.js";
import { SUCCESS } from "./framework/status.js";
import type { Nominator } from "./nominator.js";

/** Pods bound for the first run, reused between calls. */
const added: number[] = [];

/** Whether `node` has a nominated pod (not `pod` itself, still pending) of priority ≥ `pod`'s. */
function hasGENominatedPods(c: ClusterState, nominator: Nominator, pod: CompiledPod, node: number): boolean {
  const counts = nominator.countOnNode;
  if (node >= counts.length || counts[node] === 0) return false;
  for (const p of nominator.podsOn(node)) {
    if (p !== pod.slot && c.pods.live[p] === 1 && c.pods.nodeSlot[p] === -1 && c.pods.priority[p]! >= pod.priority) return true;
  }
  return false;
}

/** The first run: filters with the ≥-priority nominated pods bound to `node` (they are unbound again after). */
function runWithGENominatedPods(c: ClusterState, fw: Framework, nominator: Nominator, pod: CompiledPod, node: number): number {
  added.length = 0;
  for (const p of nominator.podsOn(node)) {
    if (p === pod.slot || c.pods.live[p] !== 1 || c.pods.nodeSlot[p] !== -1 || c.pods.priority[p]! < pod.priority) continue;
    c.bind(p, node);
    added.push(p);
  }
  const st = fw.runFilters(c, pod, node);
  // Unbinding in reverse restores the node's pod list exactly.
  for (let i = added.length - 1; i >= 0; i--) c.unbind(added[i]!);
  added.length = 0;
  return st;
}

/** Both runs on one node; sets `fw.failedPlugin` on a rejection like `Framework.runFilters`. */
export function filtersWithNominatedPods(c: ClusterState, fw: Framework, nominator: Nominator, pod: CompiledPod, node: number): number {
  if (hasGENominatedPods(c, nominator, pod, node)) {
    const st = runWithGENominatedPods(c, fw, nominator, pod, node);
    if (st !== SUCCESS) return st;
  }
  return fw.runFilters(c, pod, node);
}

/**
 * For a chunk already filtered as the nodes are (`status`/`plugin` from `Framework.filterChunk`,
 * i.e. the second run), applies the first run to the nodes that have such nominations: where
 * it rejects, its status replaces the chunk's.
 */
export function applyNominatedPodsToChunk(
  c: ClusterState,
  fw: Framework,
  nominator: Nominator,
  pod: CompiledPod,
  nodes: Int32Array,
  n: number,
  status: Int32Array,
  plugin: Int16Array,
): void {
  for (let j = 0; j < n; j++) {
    const node = nodes[j]!;
    if (!hasGENominatedPods(c, nominator, pod, node)) continue;
    const st = runWithGENominatedPods(c, fw, nominator, pod, node);
    if (st === SUCCESS) continue;
    status[j] = st;
    plugin[j] = fw.failedPlugin;
  }
}
