/**
 * Plugin extension points, after `staging/src/k8s.io/kube-scheduler/framework/interface.go`.
 *
 * Every plugin is a `const` object with `name` equal to the upstream plugin name and the
 * members of the extension points it implements; optional abilities are optional members.
 * Hot members (`filter`, `score`) are pure functions of the cluster tables, the compiled pod,
 * the plugin's per-cycle state (typed arrays it built in `preFilter` / `preScore`) and one node
 * slot: they never allocate, never touch strings, and never write shared state, so the same
 * code can run over `SharedArrayBuffer` columns in a worker thread.
 *
 * Per-cycle state: a plugin that precomputes calls `allocateStateSlot()` once at module load
 * and keeps its state object in `state.slots[slot]`, reusing it (and its typed arrays) from
 * cycle to cycle.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "./cycle-state.js";

export interface Plugin {
  /** The upstream registry name, e.g. "NodeResourcesFit". */
  readonly name: string;
}

/**
 * Filter: "filters out hosts that cannot run a pod". Called per node, in profile order; the
 * first non-zero status rejects the node and later filters do not run for it.
 */
export interface FilterPlugin extends Plugin {
  /**
   * PreFilter, once per cycle before any Filter: precompute into the plugin's state slot.
   * Returns SUCCESS; `CODE_SKIP` (this plugin's Filter is not run for the pod); or a rejection
   * status, which makes the pod unschedulable on every node with that status as the message.
   * It may narrow the candidate nodes with `state.restrictNodes` (a PreFilterResult).
   */
  preFilter?(c: ClusterState, pod: CompiledPod, state: CycleState): number;
  /** SUCCESS, or `status(CODE_UNSCHEDULABLE[_AND_UNRESOLVABLE], detail)`. */
  filter(c: ClusterState, pod: CompiledPod, state: CycleState, node: number): number;
  /**
   * Batch form of `filter`, for speed: runs `filter` on `nodes[alive[i]]` for i < n, keeps the
   * passing positions compacted at the front of `alive` (order kept) and returns their count;
   * a rejected position j gets `status[j]` and `plugin[j] = pluginIndex`. It must be exactly
   * a loop over `filter` — written in the plugin's own module so the call inside is
   * monomorphic and inlined (see framework/batch-loops.ts for the generic fallback).
   */
  filterNodes?(
    c: ClusterState,
    pod: CompiledPod,
    state: CycleState,
    nodes: Int32Array,
    alive: Int32Array,
    n: number,
    status: Int32Array,
    plugin: Int16Array,
    pluginIndex: number,
  ): number;
  /**
   * The reason texts of a status detail this plugin returned. Default: the detail is a reason
   * id from reasons.ts. Cold (reports and FailedScheduling only).
   */
  describe?(c: ClusterState, pod: CompiledPod, detail: number): string[];
}

/** Score: ranks the feasible nodes. Raw scores are integers (int64 upstream). */
export interface ScorePlugin extends Plugin {
  /**
   * PreScore, once per cycle over the feasible nodes `feasible[0..count)`. Returns false to
   * Skip: the plugin then scores 0 on every node and its Score/Normalize are not run.
   */
  preScore?(c: ClusterState, pod: CompiledPod, state: CycleState, feasible: Int32Array, count: number): boolean;
  score(c: ClusterState, pod: CompiledPod, state: CycleState, node: number): number;
  /** Batch form of `score`: `out[j] = score(feasible[j])` for j < count (same rule as `filterNodes`). */
  scoreNodes?(c: ClusterState, pod: CompiledPod, state: CycleState, feasible: Int32Array, count: number, out: Float64Array): void;
  /**
   * NormalizeScore over the feasible list: rewrite `scores[0..count)` (aligned with
   * `feasible`) into 0…100. Plugins without it must already return 0…100.
   */
  normalizeScore?(c: ClusterState, pod: CompiledPod, state: CycleState, feasible: Int32Array, scores: Float64Array, count: number): void;
}

/** PostFilter: runs when no node is feasible (DefaultPreemption). Returns a message part or "". */
export interface PostFilterPlugin extends Plugin {
  postFilter(c: ClusterState, pod: CompiledPod, state: CycleState, diagnosis: import("./fit-error.js").FitError): PostFilterResult;
}

export interface PostFilterResult {
  /**
   * Upstream `NominatingInfo`: null leaves the pod's nomination as it is (ModeNoop), "" clears
   * it, a node name nominates that node (ModeOverride).
   */
  nominatedNode: string | null;
  /** Pod slots to evict so the pod fits `nominatedNode` (preemption victims), most important first. */
  victims?: readonly number[];
  /** Text appended to the FailedScheduling message (e.g. "preemption: 0/5 nodes are available: ..."). */
  message: string;
}

/** Any plugin the registry can hold. */
export type AnyPlugin = FilterPlugin | ScorePlugin | PostFilterPlugin | (FilterPlugin & ScorePlugin);

export function isFilterPlugin(p: Plugin): p is FilterPlugin {
  return typeof (p as FilterPlugin).filter === "function";
}

export function isScorePlugin(p: Plugin): p is ScorePlugin {
  return typeof (p as ScorePlugin).score === "function";
}

export function isPostFilterPlugin(p: Plugin): p is PostFilterPlugin {
  return typeof (p as PostFilterPlugin).postFilter === "function";
}
