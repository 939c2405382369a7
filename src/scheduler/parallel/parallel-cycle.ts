/**
 * Filter and Score of one scheduling cycle split over the node range across threads: the main
 * thread plus persistent helpers of a RangeExecutor, all running the sequential fast path's
 * plugin code (cycle-kernels.ts) over the node table's SharedArrayBuffer columns.
 *
 * Decisions are the sequential scheduler's, by construction:
 *  - Filter works in windows of the visiting order starting at `nextStartNodeIndex`; the
 *    threads classify a window's positions into compact per-chunk lists (chunks are contiguous,
 *    any thread may take any chunk), then the main thread concatenates them in visiting order
 *    with block copies and stops at the K-th feasible node, exactly where FusedFilter.run stops. Nodes classified past that point are
 *    wasted work, never a different answer (filters are pure). The examined count, and so the
 *    cursor, the feasible list and the failure list (FitError reasons) are the sequential ones.
 *  - Score fills `totals` for the feasible list in list order, each chunk keeping its top (the
 *    highest total and the positions tied at it, fast-path/score-slice.ts); TaintToleration's
 *    NormalizeScore (it needs the whole list), the fallback to the generic path on an
 *    out-of-range score, and the host selection from the chunks' tops with its one draw stay on
 *    the main thread (finishFusedScore, the sequential path's own code).
 *
 * Only cycles the fast path covers run here (the per-node plugins NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, and the fused scorers). Cycles
 * with cross-node plugins active (PodTopologySpread, InterPodAffinity), preferred node
 * affinity or ImageLocality, and PostFilter (preemption), run sequentially on the main thread.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import { sharedArray } from "../../cluster/shared-columns.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { FilterSlices, FusedFilter } from "../fast-path/fused-filter.js";
import type { FusedScore } from "../fast-path/fused-score.js";
import { ResourceScoreMemo, KEY_LENGTH } from "../fast-path/score-memo.js";
import { finishFusedScore, memoKey, PLAN_TAINT_WEIGHT, type SliceTops } from "../fast-path/score-slice.js";
import type { CycleState } from "../framework/cycle-state.js";
import type { IntSource } from "../select-host.js";
import {
  NODE_PREFIX,
  P_BASE,
  P_COUNT,
  P_EPOCH,
  P_FILTER_PLAN,
  P_LABEL_STRIDE,
  P_POD_LENGTH,
  P_POD_VERSION,
  P_PORT_STRIDE,
  P_SCALAR_STRIDE,
  P_SCORE_PLAN,
  P_TAINT_STRIDE,
  setMainThreadCycle,
} from "./cycle-kernels.js";
import { chunkStart } from "./chunks.js";
import { MAX_CHUNKS } from "./control-block.js";
import { PodMailbox } from "./pod-mailbox.js";
import { RangeExecutor } from "./range-executor.js";
import { WorkerFailedError } from "./worker-failed-error.js";

/**
 * Smallest filter window after the first: when few feasible nodes remain to find, a window of
 * this size costs about one barrier; smaller ones would pay the barrier per handful of nodes.
 */
const MIN_WINDOW = 256;

export interface ParallelCycleOptions {
  /** Threads that filter and score, the main thread included (≥ 2). */
  threads: number;
  /**
   * Cycles (and filter windows) covering fewer nodes than this run on the main thread alone:
   * the barrier costs more than it saves there. 0 forces every covered cycle through the
   * threads (tests).
   */
  minNodes: number;
  /** RangeExecutor roundTimeoutMs (a hung helper fails the run instead of freezing it). */
  roundTimeoutMs?: number;
}

export class ParallelFilterScore {
  readonly threads: number;
  readonly minNodes: number;
  /** Failures recorded by the last `filter`. */
  failed = 0;
  /** Cycles whose filter (and score) went through the threads, for reports and tests. */
  filterRounds = 0;
  scoreRounds = 0;
  private readonly ex: RangeExecutor;
  private readonly filterKernel: number;
  private readonly scoreKernel: number;
  private readonly mailbox = new PodMailbox();
  private readonly memo = new ResourceScoreMemo();
  private readonly key = new Float64Array(KEY_LENGTH);
  private order = sharedArray(Int32Array, 16);
  /** The filter chunks' compact lists (FusedFilter.classify), shared. */
  private readonly slices: FilterSlices;
  private raw = sharedArray(Float64Array, 16);
  private readonly flags: Int32Array;
  /** The score chunks' tops (score-slice.ts), shared. */
  private readonly tops: SliceTops;
  /** The main thread's arrays the threads currently see (a change → reshare). */
  private lastOrder: Int32Array | null = null;
  /** The cluster the memo's entries belong to. */
  private lastCluster: ClusterState | null = null;
  private seen: unknown[] = [];

  private constructor(ex: RangeExecutor, opts: ParallelCycleOptions, flags: Int32Array) {
    this.ex = ex;
    this.threads = opts.threads;
    this.minNodes = opts.minNodes;
    this.filterKernel = ex.kernelId("filterWindow");
    this.scoreKernel = ex.kernelId("scoreFeasible");
    this.flags = flags;
    this.slices = {
      feasible: sharedArray(Int32Array, 16),
      failNode: sharedArray(Int32Array, 16),
      failStatus: sharedArray(Int32Array, 16),
      failPlugin: sharedArray(Int16Array, 16),
      failPos: sharedArray(Int32Array, 16),
      feasibleCount: sharedArray(Int32Array, MAX_CHUNKS),
      failCount: sharedArray(Int32Array, MAX_CHUNKS),
    };
    this.tops = {
      max: sharedArray(Float64Array, MAX_CHUNKS),
      ties: sharedArray(Int32Array, MAX_CHUNKS),
      from: sharedArray(Int32Array, MAX_CHUNKS),
      tiePos: sharedArray(Int32Array, 16),
    };
    // Shared memo columns from the start (score-memo.ts allocates shared arrays on growth).
    this.memo.begin(1, this.key);
  }

  /** Starts the helper threads (they import cycle-kernels.js from dist/). */
  static async start(opts: ParallelCycleOptions): Promise<ParallelFilterScore> {
    if (!Number.isInteger(opts.threads) || opts.threads < 2) throw new RangeError(`ParallelFilterScore: threads must be an integer ≥ 2, got ${opts.threads}`);
    const flags = sharedArray(Int32Array, MAX_CHUNKS);
    const ex = await RangeExecutor.start({
      threads: opts.threads,
      kernelModule: new URL("./cycle-kernels.js", import.meta.url),
      kernels: ["filterWindow", "scoreFeasible"],
      shared: placeholderBuffers(flags),
      roundTimeoutMs: opts.roundTimeoutMs,
      inlineBelow: opts.minNodes,
    });
    return new ParallelFilterScore(ex, opts, flags);
  }

  /** Whether a cycle part covering `n` nodes should go through the threads. */
  wants(n: number): boolean {
    return n >= this.minNodes && n > 1;
  }

  /**
   * FusedFilter.run over `order[(start + i) mod count]`, i < count, with `ff` planned for this
   * cycle: fills `feasible` until `toFind` nodes pass, records failures, returns the feasible
   * count (`failed` holds the failure count). `order` must be the node visiting order.
   */
  filter(
    c: ClusterState,
    pod: CompiledPod,
    state: CycleState,
    ff: FusedFilter,
    order: Int32Array,
    count: number,
    start: number,
    toFind: number,
    feasible: Int32Array,
    totals: Float64Array,
    failNode: Int32Array,
    failStatus: Int32Array,
    failPlugin: Int16Array,
  ): number {
    this.prepare(c, pod, state, order, feasible, totals);
    const params = this.ex.params;
    ff.writePlan(params, P_FILTER_PLAN);
    params[P_COUNT] = count;
    const sl = this.slices;
    let found = 0;
    let failed = 0;
    let examined = 0;
    while (examined < count && found < toFind) {
      const size = Math.min(count - examined, Math.max(toFind - found, MIN_WINDOW));
      let base = start + examined;
      if (base >= count) base -= count;
      params[P_BASE] = base;
      const chunks = this.run(this.filterKernel, size);
      // Concatenate the chunks' lists in window order, as FusedFilter.run would have built them.
      for (let k = 0; k < chunks && found < toFind; k++) {
        const from = chunkStart(size, chunks, k);
        const fails = sl.failCount[k]!;
        let take = sl.feasibleCount[k]!;
        let takeFails = fails;
        let used = chunkStart(size, chunks, k + 1) - from;
        if (found + take >= toFind) {
          // The K-th feasible node is in this chunk: the scan stops right after it. Its window
          // position is from + (take − 1) plus the failures before it.
          take = toFind - found;
          let cut = from + take - 1;
          takeFails = 0;
          while (takeFails < fails && sl.failPos[from + takeFails]! <= cut) {
            cut++;
            takeFails++;
          }
          used = cut - from + 1;
        }
        feasible.set(sl.feasible.subarray(from, from + take), found);
        failNode.set(sl.failNode.subarray(from, from + takeFails), failed);
        failStatus.set(sl.failStatus.subarray(from, from + takeFails), failed);
        failPlugin.set(sl.failPlugin.subarray(from, from + takeFails), failed);
        found += take;
        failed += takeFails;
        examined += used;
      }
    }
    this.failed = failed;
    this.filterRounds++;
    return found;
  }

  /**
   * FusedScore.run for `fs` planned this cycle, each thread scoring a chunk of
   * `feasible[0..count)`: the chosen index into the feasible list, or −1 when a score is out of
   * range, exactly as FusedScore.run returns them (the same slice loop and finishFusedScore).
   */
  score(c: ClusterState, pod: CompiledPod, state: CycleState, fs: FusedScore, feasible: Int32Array, count: number, totals: Float64Array, rng: IntSource): number {
    const params = this.ex.params;
    fs.writePlan(params, P_SCORE_PLAN);
    if (c !== this.lastCluster) {
      // The memo is keyed by node slot and resourceVersion: another cluster reuses both.
      this.memo.invalidate();
      this.lastCluster = c;
    }
    this.memo.begin(c.nodes.capacity, memoKey(params, P_SCORE_PLAN, this.key));
    if (this.raw.length < count) {
      const size = Math.max(count, this.raw.length * 2);
      this.raw = sharedArray(Float64Array, size);
      this.tops.tiePos = sharedArray(Int32Array, size);
    }
    this.prepare(c, pod, state, c.nodeOrder(), feasible, totals);
    params[P_EPOCH] = this.memo.epoch;
    const chunks = this.run(this.scoreKernel, count);
    this.scoreRounds++;
    return finishFusedScore(this.flags, chunks, params[P_SCORE_PLAN + PLAN_TAINT_WEIGHT]!, this.raw, totals, count, this.tops, rng);
  }

  /** Stops the helpers; the process can then exit on its own. */
  async close(): Promise<void> {
    await this.ex.close();
  }

  /** One executor round; a helper failure becomes a fatal WorkerFailedError naming the scheduler. */
  private run(kernel: number, n: number): number {
    try {
      return this.ex.run(kernel, n);
    } catch (err) {
      if (err instanceof WorkerFailedError) {
        throw new WorkerFailedError(err.thread, `scheduler worker thread failed: ${err.message}`, false);
      }
      throw err;
    }
  }

  /** Ships the pod, sizes the scratch, and hands the threads any reallocated buffer. */
  private prepare(c: ClusterState, pod: CompiledPod, state: CycleState, order: Int32Array, feasible: Int32Array, totals: Float64Array): void {
    const n = order.length;
    const sl = this.slices;
    if (sl.feasible.length < n) {
      const size = Math.max(n, sl.feasible.length * 2);
      sl.feasible = sharedArray(Int32Array, size);
      sl.failNode = sharedArray(Int32Array, size);
      sl.failStatus = sharedArray(Int32Array, size);
      sl.failPlugin = sharedArray(Int16Array, size);
      sl.failPos = sharedArray(Int32Array, size);
    }
    if (this.order.length < n) this.order = sharedArray(Int32Array, Math.max(n, this.order.length * 2));
    if (order !== this.lastOrder) {
      this.order.set(order);
      this.lastOrder = order;
    }
    this.mailbox.post(c, pod, state);
    setMainThreadCycle(c, pod, state);
    const t = c.nodes;
    const memo = this.memo;
    const now = [t.generation, this.order, sl.feasible, this.raw, this.tops.tiePos, feasible, totals, memo.entries, this.mailbox.bytes];
    let same = now.length === this.seen.length;
    for (let i = 0; same && i < now.length; i++) same = now[i] === this.seen[i];
    if (!same) {
      this.seen = now;
      this.ex.reshare(this.buffers(c, feasible, totals));
    }
    const params = this.ex.params;
    params[P_POD_VERSION] = this.mailbox.version;
    params[P_POD_LENGTH] = this.mailbox.length;
    params[P_LABEL_STRIDE] = t.labelStride;
    params[P_TAINT_STRIDE] = t.taintStride;
    params[P_PORT_STRIDE] = t.portStride;
    params[P_SCALAR_STRIDE] = t.scalarStride;
  }

  private buffers(c: ClusterState, feasible: Int32Array, totals: Float64Array): Record<string, SharedArrayBuffer> {
    const out: Record<string, SharedArrayBuffer> = {
      order: sharedBuffer(this.order, "order"),
      sliceFeasible: sharedBuffer(this.slices.feasible, "slices.feasible"),
      sliceFailNode: sharedBuffer(this.slices.failNode, "slices.failNode"),
      sliceFailStatus: sharedBuffer(this.slices.failStatus, "slices.failStatus"),
      sliceFailPlugin: sharedBuffer(this.slices.failPlugin, "slices.failPlugin"),
      sliceFailPos: sharedBuffer(this.slices.failPos, "slices.failPos"),
      sliceFeasibleCount: sharedBuffer(this.slices.feasibleCount, "slices.feasibleCount"),
      sliceFailCount: sharedBuffer(this.slices.failCount, "slices.failCount"),
      raw: sharedBuffer(this.raw, "raw"),
      flags: sharedBuffer(this.flags, "flags"),
      topMax: sharedBuffer(this.tops.max, "tops.max"),
      topTies: sharedBuffer(this.tops.ties, "tops.ties"),
      topFrom: sharedBuffer(this.tops.from, "tops.from"),
      tiePos: sharedBuffer(this.tops.tiePos, "tops.tiePos"),
      feasible: sharedBuffer(feasible, "feasible"),
      totals: sharedBuffer(totals, "totals"),
      memoEntries: sharedBuffer(this.memo.entries, "memo.entries"),
      mailbox: sharedBuffer(this.mailbox.bytes, "mailbox.bytes"),
    };
    for (const [name, col] of Object.entries(c.nodes)) {
      if (!(col instanceof Int32Array || col instanceof Float64Array || col instanceof Uint8Array)) continue;
      const kind = col instanceof Int32Array ? "i32" : col instanceof Float64Array ? "f64" : "u8";
      out[`${NODE_PREFIX}${kind}.${name}`] = sharedBuffer(col, `node column ${name}`);
    }
    return out;
  }
}

function sharedBuffer(a: Int32Array | Int16Array | Float64Array | Uint8Array, what: string): SharedArrayBuffer {
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error(`parallel scheduler: ${what} is not backed by a SharedArrayBuffer`);
  return a.buffer;
}

/** Buffers for the helpers' first `setup`, before the first cycle reshares the real ones. */
function placeholderBuffers(flags: Int32Array): Record<string, SharedArrayBuffer> {
  const empty = () => new SharedArrayBuffer(8);
  return {
    order: empty(),
    sliceFeasible: empty(),
    sliceFailNode: empty(),
    sliceFailStatus: empty(),
    sliceFailPlugin: empty(),
    sliceFailPos: empty(),
    sliceFeasibleCount: empty(),
    sliceFailCount: empty(),
    raw: empty(),
    flags: sharedBuffer(flags, "flags"),
    topMax: empty(),
    topTies: empty(),
    topFrom: empty(),
    tiePos: empty(),
    feasible: empty(),
    totals: empty(),
    memoEntries: empty(),
    mailbox: empty(),
  };
}
