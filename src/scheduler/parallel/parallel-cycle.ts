/**
 * Filter and Score of one scheduling cycle split over the node range across threads: the main
 * thread plus persistent helpers of a RangeExecutor, all running the sequential fast path's
 * plugin code (cycle-kernels.ts) over the node table's SharedArrayBuffer columns.
 *
 * Decisions are the sequential scheduler's, by construction:
 *  - Filter works in windows of the visiting order starting at `nextStartNodeIndex`; the
 *    threads classify a window's positions into compact per-chunk lists (chunks are contiguous,
 *    any thread may take any chunk), the feasible ones written into the feasible list at their
 *    window positions; the main thread then concatenates them in visiting order and stops at
 *    the K-th feasible node, exactly where FusedFilter.run stops (filter-merge.ts).
 *  - Score fills `totals` for the feasible list in list order, each chunk keeping its top (the
 *    highest total and the positions tied at it, fast-path/score-slice.ts); TaintToleration's
 *    NormalizeScore (it needs the whole list), the fallback to the generic path on an
 *    out-of-range score, and the host selection from the chunks' tops with its one draw stay on
 *    the main thread (finishFusedScore, the sequential path's own code).
 *
 * When the filter window is the whole node list (percentageOfNodesToScore reaches every node),
 * filter and score share one round: each chunk also scores its own feasible nodes, with the
 * previous cycle's score plan, before this cycle's PreScore has run (`filter`, speculation).
 * After PreScore, `score` keeps those scores if this cycle's plan is the same, and otherwise
 * runs the score round as usual. Either way the totals, the tops and the one draw are those of
 * the sequential loop; the speculation saves a barrier and the main thread's serial work
 * between the two rounds.
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
import { finishFusedScore, memoKey, PLAN_TAINT_WEIGHT, SCORE_PLAN_LENGTH, SLICE_ANY_TAINT, SLICE_OUT_OF_RANGE, type SliceTops } from "../fast-path/score-slice.js";
import type { CycleState } from "../framework/cycle-state.js";
import { selectHostFromSlices, type IntSource } from "../select-host.js";
import {
  P_BASE,
  P_COUNT,
  P_EPOCH,
  P_FEASIBLE_SHIFT,
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
import { cycleBuffers, placeholderBuffers } from "./cycle-buffers.js";
import { mergeFilterWindow, type FilterScan } from "./filter-merge.js";
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
  /** Nodes per chunk at most (RangeExecutor maxChunkLength). Default MAX_CHUNK_NODES; tests set it small. */
  maxChunkNodes?: number;
}

export class ParallelFilterScore {
  readonly threads: number;
  readonly minNodes: number;
  /** Failures recorded by the last `filter`. */
  failed = 0;
  /** Cycles whose filter (and score) went through the threads, for reports and tests. */
  filterRounds = 0;
  scoreRounds = 0;
  /** Cycles whose scores came from their filter round (speculation kept, see the class comment). */
  speculativeScores = 0;
  private readonly ex: RangeExecutor;
  private readonly filterKernel: number;
  private readonly scoreKernel: number;
  private readonly filterScoreKernel: number;
  private readonly mailbox = new PodMailbox();
  private readonly memo = new ResourceScoreMemo();
  private readonly key = new Float64Array(KEY_LENGTH);
  private order = sharedArray(Int32Array, 16);
  /** The filter chunks' compact lists (FusedFilter.classify), shared; `feasible` is the caller's list. */
  private readonly slices: FilterSlices;
  private raw = sharedArray(Float64Array, 16);
  /** The score plan of the last cycle scored through `score` (NaN: none), the next speculation. */
  private readonly nextPlan = new Float64Array(SCORE_PLAN_LENGTH).fill(NaN);
  /** Whether the last `filter` was followed by a `score` (its pod had a fused plan). */
  private scoredAfterFilter = false;
  /** The last filter round of this cycle scored too (newCycle resets it): its chunk count (0: not) and window size. */
  private specChunks = 0;
  private specWindow = 0;
  /** Feasible-list position of each chunk's first feasible node, in that round. */
  private readonly listStart = new Int32Array(MAX_CHUNKS);
  private readonly scan: FilterScan = { found: 0, failed: 0, examined: 0 };
  private readonly flags: Int32Array;
  /** The score chunks' tops (score-slice.ts), shared. */
  private readonly tops: SliceTops;
  /** The main thread's arrays the threads currently see (a change → reshare). */
  private lastOrder: Int32Array | null = null;
  /** The cluster the memo's entries belong to. */
  private lastCluster: ClusterState | null = null;
  private readonly seen: unknown[] = new Array<unknown>(9).fill(null);
  private readonly now: unknown[] = new Array<unknown>(9).fill(null);

  private constructor(ex: RangeExecutor, opts: ParallelCycleOptions, flags: Int32Array) {
    this.ex = ex;
    this.threads = opts.threads;
    this.minNodes = opts.minNodes;
    this.filterKernel = ex.kernelId("filterWindow");
    this.scoreKernel = ex.kernelId("scoreFeasible");
    this.filterScoreKernel = ex.kernelId("filterScoreWindow");
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

  /**
   * Nodes per chunk at most: ~15 µs of filter and score each here. A 5,000-node round keeps its
   * 8 chunks; a 15,000-node one gets 24 instead of 8, so the main thread, done with its own
   * share, waits for a shorter last chunk of the helper's: 9 µs per round instead of 16
   * (medians over 2,000-pod runs; bench/README.md, sixth session).
   */
  static readonly MAX_CHUNK_NODES = 625;

  /** Starts the helper threads (they import cycle-kernels.js from dist/). */
  static async start(opts: ParallelCycleOptions): Promise<ParallelFilterScore> {
    if (!Number.isInteger(opts.threads) || opts.threads < 2) throw new RangeError(`ParallelFilterScore: threads must be an integer ≥ 2, got ${opts.threads}`);
    const flags = sharedArray(Int32Array, MAX_CHUNKS);
    const ex = await RangeExecutor.start({
      threads: opts.threads,
      kernelModule: new URL("./cycle-kernels.js", import.meta.url),
      kernels: ["filterWindow", "scoreFeasible", "filterScoreWindow"],
      shared: placeholderBuffers(flags),
      roundTimeoutMs: opts.roundTimeoutMs,
      inlineBelow: opts.minNodes,
      maxChunkLength: opts.maxChunkNodes ?? ParallelFilterScore.MAX_CHUNK_NODES,
    });
    return new ParallelFilterScore(ex, opts, flags);
  }

  /** Starts a scheduling cycle: a speculative round of an earlier cycle is never kept in this one. */
  newCycle(): void {
    this.specChunks = 0;
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
    const params = this.ex.params;
    // One window covers every node: score in the same round, with the last cycle's plan.
    const speculate = toFind >= count && this.scoredAfterFilter;
    this.scoredAfterFilter = false;
    this.specChunks = 0;
    if (speculate) {
      params.set(this.nextPlan, P_SCORE_PLAN);
      this.beginMemo(c, count);
    }
    this.prepare(c, pod, state, order, feasible, totals);
    if (speculate) params[P_EPOCH] = this.memo.epoch;
    ff.writePlan(params, P_FILTER_PLAN);
    params[P_COUNT] = count;
    const scan = this.scan;
    scan.found = scan.failed = scan.examined = 0;
    while (scan.examined < count && scan.found < toFind) {
      const size = Math.min(count - scan.examined, Math.max(toFind - scan.found, MIN_WINDOW));
      let base = start + scan.examined;
      if (base >= count) base -= count;
      params[P_BASE] = base;
      params[P_FEASIBLE_SHIFT] = scan.found;
      const chunks = this.run(speculate ? this.filterScoreKernel : this.filterKernel, size);
      if (speculate) {
        this.specChunks = chunks;
        this.specWindow = size;
      }
      mergeFilterWindow(this.slices, size, chunks, toFind, failNode, failStatus, failPlugin, this.listStart, scan);
    }
    this.failed = scan.failed;
    this.filterRounds++;
    return scan.found;
  }

  /**
   * FusedScore.run for `fs` planned this cycle, each thread scoring a chunk of
   * `feasible[0..count)`: the chosen index into the feasible list, or −1 when a score is out of
   * range, exactly as FusedScore.run returns them (the same slice loop and finishFusedScore).
   */
  score(c: ClusterState, pod: CompiledPod, state: CycleState, fs: FusedScore, feasible: Int32Array, count: number, totals: Float64Array, rng: IntSource): number {
    const params = this.ex.params;
    fs.writePlan(params, P_SCORE_PLAN);
    this.scoredAfterFilter = true;
    const speculated = this.specChunks;
    this.specChunks = 0;
    if (speculated > 0) {
      const chosen = this.keepSpeculation(speculated, count, totals, rng);
      if (chosen >= 0) return chosen;
    }
    this.nextPlan.set(params.subarray(P_SCORE_PLAN, P_SCORE_PLAN + SCORE_PLAN_LENGTH));
    this.beginMemo(c, count);
    this.prepare(c, pod, state, c.nodeOrder(), feasible, totals);
    params[P_EPOCH] = this.memo.epoch;
    const chunks = this.run(this.scoreKernel, count);
    this.scoreRounds++;
    return finishFusedScore(this.flags, chunks, params[P_SCORE_PLAN + PLAN_TAINT_WEIGHT]!, this.raw, totals, count, this.tops, rng);
  }

  /**
   * The speculative filter round's outcome, if it stands for this cycle's plan (in the
   * parameter block): the chosen feasible-list index, with `totals` in list order; −1 if the
   * plans differ or a score was out of range (the caller then runs the score round).
   */
  private keepSpeculation(chunks: number, count: number, totals: Float64Array, rng: IntSource): number {
    const params = this.ex.params;
    for (let i = 0; i < SCORE_PLAN_LENGTH; i++) if (params[P_SCORE_PLAN + i] !== this.nextPlan[i]) return -1;
    const window = this.specWindow;
    const sl = this.slices;
    const tops = this.tops;
    let flags = 0;
    for (let k = 0; k < chunks; k++) flags |= this.flags[k]!;
    // A slice stopped at an out-of-range score: leave it to the score round (it fails the same way).
    if ((flags & SLICE_OUT_OF_RANGE) !== 0) return -1;
    for (let k = 0; k < chunks; k++) {
      // The round scored each chunk's nodes where the filter wrote them (window positions).
      const from = chunkStart(window, chunks, k);
      if (from !== this.listStart[k]) totals.copyWithin(this.listStart[k]!, from, from + sl.feasibleCount[k]!);
    }
    if ((flags & SLICE_ANY_TAINT) === 0 || params[P_SCORE_PLAN + PLAN_TAINT_WEIGHT] === 0) {
      // finishFusedScore would select from the tops: the r-th node tied at the top in list
      // order, found as a window position and mapped to its list index.
      const w = selectHostFromSlices(tops, chunks, rng);
      let k = 0;
      while (chunkStart(window, chunks, k + 1) <= w) k++;
      this.speculativeScores++;
      return w - chunkStart(window, chunks, k) + this.listStart[k]!;
    }
    // TaintToleration scored a node: its raw scores go to list order too, then the usual finish.
    for (let k = 0; k < chunks; k++) {
      const from = chunkStart(window, chunks, k);
      if ((this.flags[k]! & SLICE_ANY_TAINT) !== 0) this.raw.copyWithin(this.listStart[k]!, from, from + sl.feasibleCount[k]!);
      tops.from[k] = this.listStart[k]!;
    }
    const chosen = finishFusedScore(this.flags, chunks, params[P_SCORE_PLAN + PLAN_TAINT_WEIGHT]!, this.raw, totals, count, tops, rng);
    if (chosen >= 0) this.speculativeScores++;
    return chosen;
  }

  /** Opens the score memo for the plan in the parameter block and sizes the score scratch for `n`. */
  private beginMemo(c: ClusterState, n: number): void {
    if (c !== this.lastCluster) {
      // The memo is keyed by node slot and resourceVersion: another cluster reuses both.
      this.memo.invalidate();
      this.lastCluster = c;
    }
    this.memo.begin(c.nodes.capacity, memoKey(this.ex.params, P_SCORE_PLAN, this.key));
    if (this.raw.length < n) {
      const size = Math.max(n, this.raw.length * 2);
      this.raw = sharedArray(Float64Array, size);
      this.tops.tiePos = sharedArray(Int32Array, size);
    }
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
    sl.feasible = feasible;
    if (sl.failNode.length < n) {
      const size = Math.max(n, sl.failNode.length * 2);
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
    // What the threads see: a reallocated array (or a node table that grew) means a reshare.
    const now = this.now;
    now[0] = t.generation;
    now[1] = this.order;
    now[2] = sl.failNode;
    now[3] = this.raw;
    now[4] = this.tops.tiePos;
    now[5] = feasible;
    now[6] = totals;
    now[7] = memo.entries;
    now[8] = this.mailbox.bytes;
    let same = true;
    for (let i = 0; i < now.length; i++) {
      if (now[i] !== this.seen[i]) {
        this.seen[i] = now[i];
        same = false;
      }
    }
    if (!same) {
      this.ex.reshare(
        cycleBuffers(c, { order: this.order, slices: sl, raw: this.raw, flags: this.flags, tops: this.tops, feasible, totals, memoEntries: memo.entries, mailbox: this.mailbox.bytes }),
      );
    }
    const params = this.ex.params;
    params[P_POD_VERSION] = this.mailbox.version;
    params[P_POD_LENGTH] = this.mailbox.length;
    params[P_LABEL_STRIDE] = t.labelStride;
    params[P_TAINT_STRIDE] = t.taintStride;
    params[P_PORT_STRIDE] = t.portStride;
    params[P_SCALAR_STRIDE] = t.scalarStride;
  }
}
