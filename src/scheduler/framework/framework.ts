/**
 * The framework runner for one profile (`pkg/scheduler/framework/runtime/framework.go`):
 * resolves plugin names to implementations, then per cycle runs PreFilter, Filter (per node,
 * stopping at the first rejecting plugin), PreScore, Score, NormalizeScore and the weighted sum.
 *
 * Profile plugins without an implementation are listed in `unimplemented` and not run (the
 * volume plugins pass every node for pods without PersistentVolumeClaims, which cluster import
 * warns about).
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { SchedulerProfile } from "../profile.js";
import { CycleState } from "./cycle-state.js";
import { isFilterPlugin, isPostFilterPlugin, isScorePlugin, type FilterPlugin, type Plugin, type PostFilterPlugin, type ScorePlugin } from "./interfaces.js";
import { reasonText } from "./reasons.js";
import { filterEach, scoreEach } from "./batch-loops.js";
import { CODE_SKIP, statusCode, statusDetail, SUCCESS } from "./status.js";

/** Plugin implementations by upstream name. */
export type PluginRegistry = ReadonlyMap<string, Plugin>;

/** framework.go: a normalized score outside [0, MaxNodeScore] is an error. */
const MAX_NODE_SCORE = 100;

export class Framework {
  readonly profile: SchedulerProfile;
  readonly state: CycleState;
  readonly filters: FilterPlugin[] = [];
  readonly scorers: ScorePlugin[] = [];
  readonly weights: number[] = [];
  readonly postFilters: PostFilterPlugin[] = [];
  /** Profile plugin names with no implementation here. */
  readonly unimplemented: string[] = [];

  /**
   * Filter plugins active this cycle (not skipped by their PreFilter), in order, with their
   * indexes into `filters`. Public for fast-path/fused-filter.ts, which reads them to decide
   * whether its one-pass scan applies; only `runPreFilter` writes them.
   */
  readonly activeFilters: FilterPlugin[] = [];
  readonly activeFilterIndex: number[] = [];
  private alive = new Int32Array(64);
  /** Index into `filters` of the plugin that rejected the last node `runFilters` saw. */
  failedPlugin = -1;
  /** Per score plugin: 1 when its PreScore skipped this cycle. */
  readonly scoreSkipped: Uint8Array;
  private scratch = new Float64Array(64);

  constructor(profile: SchedulerProfile, registry: PluginRegistry) {
    this.profile = profile;
    this.state = new CycleState(profile.pluginConfig);
    for (const name of profile.filter) {
      const p = registry.get(name);
      if (p && isFilterPlugin(p)) this.filters.push(p);
      else this.unimplemented.push(name);
    }
    for (const { name, weight } of profile.score) {
      const p = registry.get(name);
      if (p && isScorePlugin(p)) {
        this.scorers.push(p);
        this.weights.push(weight);
      } else if (!this.unimplemented.includes(name)) this.unimplemented.push(name);
    }
    for (const name of profile.postFilter) {
      const p = registry.get(name);
      if (p && isPostFilterPlugin(p)) this.postFilters.push(p);
      else if (!this.unimplemented.includes(name)) this.unimplemented.push(name);
    }
    this.scoreSkipped = new Uint8Array(this.scorers.length);
  }

  /**
   * Starts a cycle and runs every PreFilter. Returns SUCCESS, or the rejecting status with
   * `failedPlugin` set to the rejecting plugin.
   */
  runPreFilter(c: ClusterState, pod: CompiledPod, numAllNodes: number): number {
    this.state.begin(numAllNodes);
    this.activeFilters.length = 0;
    this.activeFilterIndex.length = 0;
    for (let i = 0; i < this.filters.length; i++) {
      const p = this.filters[i]!;
      const s = p.preFilter ? p.preFilter(c, pod, this.state) : SUCCESS;
      if (s === SUCCESS) {
        this.activeFilters.push(p);
        this.activeFilterIndex.push(i);
      } else if (statusCode(s) !== CODE_SKIP) {
        this.failedPlugin = i;
        return s;
      }
    }
    return SUCCESS;
  }

  /** Runs the active filters on one node in order; the first rejection wins. */
  runFilters(c: ClusterState, pod: CompiledPod, node: number): number {
    const fs = this.activeFilters;
    const st = this.state;
    for (let i = 0; i < fs.length; i++) {
      const s = fs[i]!.filter(c, pod, st, node);
      if (s !== SUCCESS) {
        this.failedPlugin = this.activeFilterIndex[i]!;
        return s;
      }
    }
    return SUCCESS;
  }

  /**
   * Runs the active filters over `nodes[0..n)`, plugin by plugin (each plugin only on the nodes
   * every earlier plugin passed, so each node's verdict is its first rejecting plugin, as in
   * the node-by-node order upstream). `status[j]` is 0 for a feasible node, else the status,
   * with the rejecting filter's index in `plugin[j]`.
   */
  filterChunk(c: ClusterState, pod: CompiledPod, nodes: Int32Array, n: number, status: Int32Array, plugin: Int16Array): void {
    if (this.alive.length < n) this.alive = new Int32Array(Math.max(n, this.alive.length * 2));
    const alive = this.alive;
    for (let j = 0; j < n; j++) {
      alive[j] = j;
      status[j] = SUCCESS;
    }
    let left = n;
    const fs = this.activeFilters;
    for (let i = 0; i < fs.length && left > 0; i++) {
      const idx = this.activeFilterIndex[i]!;
      const p = fs[i]!;
      left = p.filterNodes
        ? p.filterNodes(c, pod, this.state, nodes, alive, left, status, plugin, idx)
        : filterEach(p, c, pod, this.state, nodes, alive, left, status, plugin, idx);
    }
  }

  /** Runs every PreScore; marks skipped plugins. */
  runPreScore(c: ClusterState, pod: CompiledPod, feasible: Int32Array, count: number): void {
    for (let i = 0; i < this.scorers.length; i++) {
      const p = this.scorers[i]!;
      this.scoreSkipped[i] = p.preScore && !p.preScore(c, pod, this.state, feasible, count) ? 1 : 0;
    }
  }

  /**
   * Score + NormalizeScore for plugin `i` into `out[0..count)` (aligned with `feasible`),
   * unweighted; `raw` receives the scores before normalization. A skipped plugin scores 0.
   */
  scorePlugin(i: number, c: ClusterState, pod: CompiledPod, feasible: Int32Array, count: number, out: Float64Array, raw?: Float64Array): void {
    if (this.scoreSkipped[i] === 1) {
      out.fill(0, 0, count);
      raw?.fill(0, 0, count);
      return;
    }
    const p = this.scorers[i]!;
    const st = this.state;
    if (p.scoreNodes) p.scoreNodes(c, pod, st, feasible, count, out);
    else scoreEach(p, c, pod, st, feasible, count, out);
    if (raw) raw.set(out.subarray(0, count));
    if (p.normalizeScore) p.normalizeScore(c, pod, st, feasible, out, count);
  }

  /** Weighted totals `Σ weight · normalized` into `totals[0..count)`. */
  runScore(c: ClusterState, pod: CompiledPod, feasible: Int32Array, count: number, totals: Float64Array): void {
    if (this.scratch.length < count) this.scratch = new Float64Array(Math.max(count, this.scratch.length * 2));
    const s = this.scratch;
    totals.fill(0, 0, count);
    for (let i = 0; i < this.scorers.length; i++) {
      if (this.scoreSkipped[i] === 1) continue;
      this.scorePlugin(i, c, pod, feasible, count, s);
      const w = this.weights[i]!;
      for (let j = 0; j < count; j++) {
        const v = s[j]!;
        if (!(v >= 0 && v <= MAX_NODE_SCORE)) this.scoreOutOfRange(i, v);
        totals[j]! += w * v;
      }
    }
  }

  /** framework.go RunScorePlugins: a normalized score outside [0, 100] is an error. */
  scoreOutOfRange(i: number, v: number): never {
    throw new Error(`plugin ${this.scorers[i]!.name} returned a normalized score ${v} outside [0, ${MAX_NODE_SCORE}]`);
  }

  /** Reason texts of a status returned by filter plugin `pluginIndex`. */
  reasons(c: ClusterState, pod: CompiledPod, pluginIndex: number, s: number): string[] {
    const p = this.filters[pluginIndex]!;
    const detail = statusDetail(s);
    return p.describe ? p.describe(c, pod, detail) : [reasonText(detail)];
  }
}
