/**
 * A one-pass Filter scan for the common case: every filter active this cycle is one of the
 * per-node core plugins (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit), in that order — the default profile for a pod without pod
 * (anti-)affinity, topology spread constraints or volumes. Cross-node filters (PodTopologySpread,
 * InterPodAffinity) or any other active plugin send the cycle to the generic chunked loop.
 *
 * Why: the generic loop (schedule-one.ts `filterNodes` + Framework.filterChunk) copies the
 * visiting order into a chunk, initialises per-chunk status arrays, runs each plugin's batch
 * loop and then consumes the chunk; this scan walks the visiting order once and calls each
 * plugin's own `filter` at a monomorphic call site (so V8 inlines it), stopping at the K-th
 * feasible node. The verdicts are the plugins' own, so statuses, failing plugin, feasible list
 * and the examined count equal the generic loop's (fused-path.test.ts checks it on random
 * clusters).
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import type { FilterPlugin } from "../framework/interfaces.js";
import { SUCCESS } from "../framework/status.js";
import { nodeAffinity } from "../plugins/node-affinity.js";
import { nodeName } from "../plugins/node-name.js";
import { nodePorts } from "../plugins/node-ports.js";
import { nodeResourcesFit } from "../plugins/node-resources-fit.js";
import { nodeUnschedulable } from "../plugins/node-unschedulable.js";
import { taintToleration } from "../plugins/taint-toleration.js";

/** The plugins the scan can run, in default-profile filter order (default_plugins.go). */
const SCAN_ORDER: readonly FilterPlugin[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];

export class FusedFilter {
  /** Index into `Framework.filters` of each scan plugin active this cycle, −1 when not active. */
  private unschedulable = -1;
  private name = -1;
  private taint = -1;
  private affinity = -1;
  private ports = -1;
  private fit = -1;
  /** Nodes that failed in the last `run` (their entries are in the fail arrays). */
  failed = 0;

  /**
   * Whether the scan applies to this cycle's active filters (`active[i]` with framework index
   * `activeIndex[i]`, after PreFilter): each must be a scan plugin, in scan order.
   */
  plan(active: readonly FilterPlugin[], activeIndex: readonly number[]): boolean {
    this.unschedulable = this.name = this.taint = this.affinity = this.ports = this.fit = -1;
    let next = 0;
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      while (next < SCAN_ORDER.length && SCAN_ORDER[next] !== p) next++;
      if (next === SCAN_ORDER.length) return false;
      const idx = activeIndex[i]!;
      if (p === nodeUnschedulable) this.unschedulable = idx;
      else if (p === nodeName) this.name = idx;
      else if (p === taintToleration) this.taint = idx;
      else if (p === nodeAffinity) this.affinity = idx;
      else if (p === nodePorts) this.ports = idx;
      else this.fit = idx;
      next++;
    }
    return true;
  }

  /**
   * schedule_one.go findNodesThatPassFilters over `list[(start + i) mod count]`: fills
   * `feasible` until `toFind` nodes pass, records each failure (node, status, framework filter
   * index) and returns the feasible count; `failed` holds the failure count.
   */
  run(
    c: ClusterState,
    pod: CompiledPod,
    state: CycleState,
    list: Int32Array,
    count: number,
    start: number,
    toFind: number,
    feasible: Int32Array,
    failNode: Int32Array,
    failStatus: Int32Array,
    failPlugin: Int16Array,
  ): number {
    let found = 0;
    let failed = 0;
    let i = start;
    for (let examined = 0; examined < count && found < toFind; examined++) {
      const node = list[i]!;
      if (++i === count) i = 0;
      const st = this.verdict(c, pod, state, node);
      if (st === SUCCESS) feasible[found++] = node;
      else {
        failNode[failed] = node;
        failStatus[failed] = st;
        failPlugin[failed] = this.lastPlugin;
        failed++;
      }
    }
    this.failed = failed;
    return found;
  }

  /** Framework filter index of the plugin that rejected the last node `verdict` rejected. */
  private lastPlugin = -1;

  /** The first rejecting status of the active scan plugins on one node, SUCCESS when all pass. */
  private verdict(c: ClusterState, pod: CompiledPod, state: CycleState, node: number): number {
    let st = SUCCESS;
    if (this.unschedulable >= 0 && (st = nodeUnschedulable.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.unschedulable;
    else if (this.name >= 0 && (st = nodeName.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.name;
    else if (this.taint >= 0 && (st = taintToleration.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.taint;
    else if (this.affinity >= 0 && (st = nodeAffinity.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.affinity;
    else if (this.ports >= 0 && (st = nodePorts.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.ports;
    else if (this.fit >= 0 && (st = nodeResourcesFit.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.fit;
    return st;
  }
}
