/**
 * The scheduler's kernel module for the RangeExecutor (kernel-module.ts): loaded from `dist/`
 * by the main thread and by every helper, so Filter and Score run the very plugin code of the
 * sequential path (fast-path/fused-filter.ts `classify`, fast-path/score-slice.ts) over the
 * node table's SharedArrayBuffer columns.
 *
 * - `filterWindow` classifies window positions [from, to) of a filter round (position w is the
 *   node `order[(base + w) mod count]`) into the chunk's compact feasible and failure lists;
 *   the feasible one goes straight into the scheduler's feasible list, from index
 *   P_FEASIBLE_SHIFT + from, so that the main thread only closes the gaps.
 * - `scoreFeasible` scores feasible positions [from, to) into `totals` / `raw` and reports its
 *   slice's flags in `flags[chunk]` and its top (highest total, tied positions) in `tops`.
 * - `filterScoreWindow` does `filterWindow` and then scores the chunk's own feasible list where
 *   it lies (into `totals` at the same indices), with the plan in the parameter block: the
 *   speculative single round of parallel-cycle.ts when the window is the whole node list.
 *
 * Both first sync the thread's copy of the round: node-table strides, the filter plan, and the
 * pod, deserialized from the mailbox when its version moved (pod-mailbox.ts).
 */
import { isMainThread } from "node:worker_threads";
import { ClusterState } from "../../cluster/cluster-state.js";
import { NodeTable } from "../../cluster/node-table.js";
import type { CompiledPod } from "../compiled-pod.js";
import { FusedFilter, type FilterSlices } from "../fast-path/fused-filter.js";
import { scoreSlice, SCORE_PLAN_LENGTH, type SharedMemo, type SliceTops } from "../fast-path/score-slice.js";
import type { CycleState } from "../framework/cycle-state.js";
import { readShipment } from "./pod-mailbox.js";

/** Parameter block layout (RangeExecutor params, Float64). */
export const P_POD_VERSION = 0;
export const P_POD_LENGTH = 1;
/** Filter rounds: the visiting list's length and the list position of window index 0. */
export const P_COUNT = 2;
export const P_BASE = 3;
/** Score rounds (and speculative filter rounds): the memo epoch (score-memo.ts). */
export const P_EPOCH = 4;
export const P_LABEL_STRIDE = 5;
export const P_TAINT_STRIDE = 6;
export const P_PORT_STRIDE = 7;
export const P_SCALAR_STRIDE = 8;
/** Filter rounds: where window position 0's feasible node would go in the feasible list. */
export const P_FEASIBLE_SHIFT = 9;
export const P_FILTER_PLAN = 10;
export const P_SCORE_PLAN = P_FILTER_PLAN + FusedFilter.PLAN_LENGTH;
export const P_END = P_SCORE_PLAN + SCORE_PLAN_LENGTH;

/** Shared-buffer names: node-table columns are `node.<i32|f64|u8>.<column>`. */
export const NODE_PREFIX = "node.";

/**
 * Test-only fault injection: with `KUBESIM_TEST_FAIL_WORKER=throw` a helper's kernel throws,
 * with `=exit` the helper thread exits, on its first round. Lets a test check that a failing
 * worker ends a command with exit 3 and leaves nothing behind.
 */
const FAIL_MODE = isMainThread ? "" : (process.env.KUBESIM_TEST_FAIL_WORKER ?? "");

export interface CycleViews {
  c: ClusterState;
  order: Int32Array;
  slices: FilterSlices;
  feasible: Int32Array;
  totals: Float64Array;
  raw: Float64Array;
  flags: Int32Array;
  tops: SliceTops;
  memo: SharedMemo;
  mailbox: Uint8Array;
  podVersion: number;
  pod: CompiledPod | null;
  state: CycleState;
  filter: FusedFilter;
}

const CTORS = { i32: Int32Array, f64: Float64Array, u8: Uint8Array } as const;

/**
 * The main thread's own cycle (set by parallel-cycle.ts before each round): on the main thread
 * the kernels use the real ClusterState, pod and CycleState rather than a deserialized copy, so
 * the plugin code sees the same object shapes as on the sequential path and stays monomorphic.
 */
let mainCluster: ClusterState | null = null;
let mainPod: CompiledPod | null = null;
let mainState: CycleState | null = null;

export function setMainThreadCycle(c: ClusterState, pod: CompiledPod, state: CycleState): void {
  mainCluster = c;
  mainPod = pod;
  mainState = state;
}

/** Views over the shared buffers; a NodeTable whose columns are the main thread's. */
export function setup(shared: Record<string, SharedArrayBuffer>): CycleViews {
  // A real NodeTable (same hidden class as the main thread's) with the shared columns swapped in.
  const nodes = new NodeTable();
  const columns = nodes as unknown as Record<string, unknown>;
  for (const [key, buffer] of Object.entries(shared)) {
    if (!key.startsWith(NODE_PREFIX)) continue;
    const [kind, column] = key.slice(NODE_PREFIX.length).split(".") as [keyof typeof CTORS, string];
    columns[column] = new (CTORS[kind] as Int32ArrayConstructor)(buffer as unknown as ArrayBuffer);
  }
  const c = new ClusterState();
  (c as { nodes: NodeTable }).nodes = nodes;
  return {
    c,
    order: new Int32Array(shared.order!),
    slices: {
      feasible: new Int32Array(shared.feasible!),
      failNode: new Int32Array(shared.sliceFailNode!),
      failStatus: new Int32Array(shared.sliceFailStatus!),
      failPlugin: new Int16Array(shared.sliceFailPlugin!),
      failPos: new Int32Array(shared.sliceFailPos!),
      feasibleCount: new Int32Array(shared.sliceFeasibleCount!),
      failCount: new Int32Array(shared.sliceFailCount!),
    },
    feasible: new Int32Array(shared.feasible!),
    totals: new Float64Array(shared.totals!),
    raw: new Float64Array(shared.raw!),
    flags: new Int32Array(shared.flags!),
    tops: { max: new Float64Array(shared.topMax!), ties: new Int32Array(shared.topTies!), from: new Int32Array(shared.topFrom!), tiePos: new Int32Array(shared.tiePos!) },
    memo: { entries: new Float64Array(shared.memoEntries!) },
    mailbox: new Uint8Array(shared.mailbox!),
    podVersion: -1,
    pod: null,
    state: { slots: [] } as unknown as CycleState,
    filter: new FusedFilter(),
  };
}

/** Brings this thread's copy of the round up to date (cheap unless the pod changed). */
function sync(v: CycleViews, p: Float64Array): void {
  if (FAIL_MODE === "throw") throw new Error("test-only failure injected by KUBESIM_TEST_FAIL_WORKER=throw");
  if (FAIL_MODE === "exit") process.exit(7);
  if (isMainThread) {
    v.c = mainCluster!;
    v.pod = mainPod;
    v.state = mainState!;
    return;
  }
  const t = v.c.nodes;
  // Integers, as the NodeTable's own fields hold them (a double would change the field's representation).
  t.labelStride = p[P_LABEL_STRIDE]! | 0;
  t.taintStride = p[P_TAINT_STRIDE]! | 0;
  t.portStride = p[P_PORT_STRIDE]! | 0;
  t.scalarStride = p[P_SCALAR_STRIDE]! | 0;
  if (p[P_POD_VERSION] !== v.podVersion) {
    const s = readShipment(v.mailbox, p[P_POD_LENGTH]!);
    v.pod = s.pod;
    (v.state as { slots: unknown[] }).slots = s.slots;
    (v.c as { labelValueNumeric: Float64Array }).labelValueNumeric = s.labelValueNumeric;
    v.podVersion = p[P_POD_VERSION]!;
  }
}

// Indices from the Float64 parameter block and chunk bounds are truncated to int32 (`| 0`): the
// loops index typed arrays with them, and a double index costs a conversion per node (the
// filter loop ran ~30 % slower with them).

export function filterWindow(v: CycleViews, p: Float64Array, from: number, to: number, chunk: number): void {
  sync(v, p);
  v.filter.readPlan(p, P_FILTER_PLAN);
  v.filter.classify(v.c, v.pod!, v.state, v.order, p[P_COUNT]! | 0, p[P_BASE]! | 0, from | 0, to | 0, v.slices, chunk, p[P_FEASIBLE_SHIFT]! | 0);
}

export function scoreFeasible(v: CycleViews, p: Float64Array, from: number, to: number, chunk: number): void {
  sync(v, p);
  v.flags[chunk] = scoreSlice(v.c, v.pod!, v.state, p, P_SCORE_PLAN, v.feasible, from | 0, to | 0, v.totals, v.raw, v.memo, p[P_EPOCH]!, v.tops, chunk);
}

/**
 * `filterWindow`, then the fused score of the chunk's feasible nodes where the filter left them,
 * into `totals` at the same indices, with the score plan in the parameter block.
 * The round runs before this cycle's PreScore; the scores are still exact for that plan because
 * the slice reads only the plan's operands, the pod and the node columns (TaintToleration's
 * `score` reads the pod's tolerations, not its PreScore state).
 */
export function filterScoreWindow(v: CycleViews, p: Float64Array, from: number, to: number, chunk: number): void {
  filterWindow(v, p, from, to, chunk);
  const sl = v.slices;
  const at = (p[P_FEASIBLE_SHIFT]! + from) | 0;
  v.flags[chunk] = scoreSlice(v.c, v.pod!, v.state, p, P_SCORE_PLAN, sl.feasible, at, at + sl.feasibleCount[chunk]!, v.totals, v.raw, v.memo, p[P_EPOCH]!, v.tops, chunk);
}
