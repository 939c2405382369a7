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
 * feasible node. NodeResourcesFit, which every pod runs, is tested inline for pods without
 * scalar requests (`fitsWithoutScalars`); its own `filter` then runs on rejected nodes only, for
 * the status. The verdicts are the plugins' own, so statuses, failing plugin, feasible list and
 * the examined count equal the generic loop's (fused-path.test.ts checks it on random clusters).
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import { FIT_FREE_STRIDE, type NodeTable } from "../../cluster/node-table.js";
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

/** `classify` output: per-chunk compact lists at the chunk's own offset, and per-chunk counts. */
export interface FilterSlices {
  feasible: Int32Array;
  failNode: Int32Array;
  failStatus: Int32Array;
  failPlugin: Int16Array;
  /** Window position of each failure. */
  failPos: Int32Array;
  feasibleCount: Int32Array;
  failCount: Int32Array;
}

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
    const others = this.unschedulable >= 0 || this.name >= 0 || this.taint >= 0 || this.affinity >= 0 || this.ports >= 0;
    const fitInline = this.fit >= 0 && pod.scalarIds.length === 0;
    if (!others && fitInline) return this.runFitOnly(c, pod, state, list, count, start, toFind, feasible, failNode, failStatus, failPlugin);
    const t = c.nodes;
    let found = 0;
    let failed = 0;
    let i = start;
    for (let examined = 0; examined < count && found < toFind; examined++) {
      const node = list[i]!;
      if (++i === count) i = 0;
      let st = this.verdict(c, pod, state, node);
      let plugin = this.lastPlugin;
      if (st === SUCCESS && this.fit >= 0 && !(fitInline && fitsWithoutScalars(t, pod, node))) {
        st = nodeResourcesFit.filter(c, pod, state, node);
        plugin = this.fit;
      }
      if (st === SUCCESS) feasible[found++] = node;
      else {
        failNode[failed] = node;
        failStatus[failed] = st;
        failPlugin[failed] = plugin;
        failed++;
      }
    }
    this.failed = failed;
    return found;
  }

  /** `run` when NodeResourcesFit is the only active filter and the pod has no scalar requests. */
  private runFitOnly(
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
    const fitIndex = this.fit;
    const free = c.nodes.fitFree;
    const cpu = pod.cpu;
    const memory = pod.memory;
    const ephemeral = pod.ephemeralStorage;
    let found = 0;
    let failed = 0;
    // The visiting order list[start..count) then list[0..start), as two plain ranges: a wrap
    // test per node costs more than the comparisons.
    let i = start;
    let end = count;
    for (let pass = 0; pass < 2 && found < toFind; pass++) {
      for (; i < end && found < toFind; i++) {
        const node = list[i]!;
        // Row and operands in locals: V8 does not hoist the table's and the pod's field loads.
        if (fitsFree(free, node, cpu, memory, ephemeral)) feasible[found++] = node;
        else {
          failNode[failed] = node;
          failStatus[failed] = nodeResourcesFit.filter(c, pod, state, node);
          failPlugin[failed] = fitIndex;
          failed++;
        }
      }
      i = 0;
      end = start;
    }
    this.failed = failed;
    return found;
  }

  /** Number of plan entries `writePlan` / `readPlan` exchange. */
  static readonly PLAN_LENGTH = 6;

  /** The plan (framework filter index per scan plugin, −1 = inactive) into `out[at ..]`, for worker threads. */
  writePlan(out: Float64Array, at: number): void {
    out[at] = this.unschedulable;
    out[at + 1] = this.name;
    out[at + 2] = this.taint;
    out[at + 3] = this.affinity;
    out[at + 4] = this.ports;
    out[at + 5] = this.fit;
  }

  /** Adopts a plan written by `writePlan` (a worker thread's copy of the main thread's plan). */
  readPlan(from: Float64Array, at: number): void {
    this.unschedulable = from[at]!;
    this.name = from[at + 1]!;
    this.taint = from[at + 2]!;
    this.affinity = from[at + 3]!;
    this.ports = from[at + 4]!;
    this.fit = from[at + 5]!;
  }

  /**
   * The verdicts `run` reaches for the nodes `list[(base + w) mod count]`, w in [from, to), as
   * compact lists: the feasible nodes in order from `out.feasible[shift + from]`, and the
   * failures (node, status, framework filter index, window position w) in order from index
   * `from` of the fail arrays; their counts go to `out.feasibleCount[chunk]` /
   * `out.failCount[chunk]`. The parallel scheduler's
   * filter kernel (parallel/cycle-kernels.ts): each thread classifies one contiguous range of a
   * window, and the main thread concatenates the ranges in order, cutting at the K-th feasible
   * node exactly where `run` stops, so the verdicts come from the same plugin code.
   */
  classify(
    c: ClusterState,
    pod: CompiledPod,
    state: CycleState,
    list: Int32Array,
    count: number,
    base: number,
    from: number,
    to: number,
    out: FilterSlices,
    chunk: number,
    shift: number,
  ): void {
    const others = this.unschedulable >= 0 || this.name >= 0 || this.taint >= 0 || this.affinity >= 0 || this.ports >= 0;
    const fitInline = this.fit >= 0 && pod.scalarIds.length === 0;
    // As `runFitOnly`: Fit alone, tested inline, its own `filter` only for the status of a rejection.
    const fitOnly = !others && fitInline;
    if (fitOnly) {
      this.classifyFitOnly(c, pod, state, list, count, base, from, to, out, chunk, shift);
      return;
    }
    const t = c.nodes;
    const feasible = out.feasible;
    let found = shift + from;
    let failed = from;
    let i = base + from;
    if (i >= count) i -= count;
    for (let w = from; w < to; w++) {
      const node = list[i]!;
      if (++i === count) i = 0;
      let st = SUCCESS;
      let p = this.fit;
      if (others) {
        st = this.verdict(c, pod, state, node);
        p = this.lastPlugin;
      }
      if (st === SUCCESS && this.fit >= 0 && !(fitInline && fitsWithoutScalars(t, pod, node))) {
        st = nodeResourcesFit.filter(c, pod, state, node);
        p = this.fit;
      }
      if (st === SUCCESS) feasible[found++] = node;
      else {
        out.failNode[failed] = node;
        out.failStatus[failed] = st;
        out.failPlugin[failed] = p;
        out.failPos[failed] = w;
        failed++;
      }
    }
    out.feasibleCount[chunk] = found - shift - from;
    out.failCount[chunk] = failed - from;
  }

  /**
   * `classify` when NodeResourcesFit is the only active filter and the pod has no scalar
   * requests: `runFitOnly`'s loop over the window positions [from, to), walked as at most two
   * plain ranges of `list` (before and after the wrap at `count`).
   */
  private classifyFitOnly(
    c: ClusterState,
    pod: CompiledPod,
    state: CycleState,
    list: Int32Array,
    count: number,
    base: number,
    from: number,
    to: number,
    out: FilterSlices,
    chunk: number,
    shift: number,
  ): void {
    const free = c.nodes.fitFree;
    const cpu = pod.cpu;
    const memory = pod.memory;
    const ephemeral = pod.ephemeralStorage;
    const feasible = out.feasible;
    const fitIndex = this.fit;
    let found = shift + from;
    let failed = from;
    // Window position w is list index base + w, minus count once past the wrap.
    const wrap = count - base;
    let w = from;
    for (let range = 0; range < 2; range++) {
      const end = range === 0 ? Math.min(to, wrap) : to;
      const offset = range === 0 ? base : base - count;
      for (; w < end; w++) {
        const node = list[w + offset]!;
        if (fitsFree(free, node, cpu, memory, ephemeral)) feasible[found++] = node;
        else {
          out.failNode[failed] = node;
          out.failStatus[failed] = nodeResourcesFit.filter(c, pod, state, node);
          out.failPlugin[failed] = fitIndex;
          out.failPos[failed] = w;
          failed++;
        }
      }
    }
    out.feasibleCount[chunk] = found - shift - from;
    out.failCount[chunk] = failed - from;
  }

  /** Framework filter index of the plugin that rejected the last node `verdict` rejected. */
  private lastPlugin = -1;

  /** The first rejecting status of the active scan plugins before NodeResourcesFit on one node. */
  private verdict(c: ClusterState, pod: CompiledPod, state: CycleState, node: number): number {
    let st = SUCCESS;
    if (this.unschedulable >= 0 && (st = nodeUnschedulable.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.unschedulable;
    else if (this.name >= 0 && (st = nodeName.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.name;
    else if (this.taint >= 0 && (st = taintToleration.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.taint;
    else if (this.affinity >= 0 && (st = nodeAffinity.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.affinity;
    else if (this.ports >= 0 && (st = nodePorts.filter(c, pod, state, node)) !== SUCCESS) this.lastPlugin = this.ports;
    return st;
  }
}

/**
 * Whether `nodeResourcesFit.filter` passes a node, for a pod without scalar requests: fit.go's
 * comparisons against the node's free amounts (NodeTable.fitFree: the same subtractions, so the
 * same verdicts), without building a status (which Fit's own `filter` then does for the
 * rejected nodes only). `podCount + 1 > allocPods` is `1 > allocPods − podCount`: integers.
 */
function fitsWithoutScalars(t: NodeTable, pod: CompiledPod, node: number): boolean {
  return fitsFree(t.fitFree, node, pod.cpu, pod.memory, pod.ephemeralStorage);
}

/** fitsWithoutScalars on the free-amounts row and the pod's requests (small: V8 inlines it into the scans). */
export function fitsFree(free: Float64Array, node: number, cpu: number, memory: number, ephemeral: number): boolean {
  const at = node * FIT_FREE_STRIDE;
  return (
    !(1 > free[at]!) &&
    !(cpu > 0 && cpu > free[at + 1]!) &&
    !(memory > 0 && memory > free[at + 2]!) &&
    !(ephemeral > 0 && ephemeral > free[at + 3]!)
  );
}
