/**
 * One scheduling cycle (pkg/scheduler/schedule_one.go `schedulePod`, `findNodesThatFitPod`,
 * `findNodesThatPassFilters`, `prioritizeNodes`, `selectHost`), sequential and deterministic.
 *
 *  1. PreFilter; a rejection fails the pod on every node with the PreFilter's message.
 *  2. Filter nodes in node-tree order starting at `nextStartNodeIndex`, stopping once
 *     `numFeasibleNodesToFind` feasible nodes are found; the cursor then advances past every
 *     node examined (feasible or failed), modulo the number of nodes.
 *  3. No feasible node → FitError (+ PostFilter). Exactly one → chosen without scoring.
 *  4. PreScore, Score, NormalizeScore, weights; the top total wins, ties broken uniformly
 *     with the caller's RNG (select-host.ts).
 *  5. Assume: the pod is bound in the tables at once, so the next cycle sees its resources.
 *
 * The real scheduler filters with 16 goroutines and may examine a few nodes past the stopping
 * point; the sequential scan here is the intended behaviour (reference §1.4).
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import { compilePod, type CompiledPod } from "./compiled-pod.js";
import { FitError, scheduledMessage, type NodeFilterStatus } from "./framework/fit-error.js";
import { Framework, type PluginRegistry } from "./framework/framework.js";
import { FusedFilter } from "./fast-path/fused-filter.js";
import { FusedScore } from "./fast-path/fused-score.js";
import type { ParallelFilterScore } from "./parallel/parallel-cycle.js";
import { sharedArray } from "../cluster/shared-columns.js";
import { codeName, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, statusCode, SUCCESS } from "./framework/status.js";
import { numFeasibleNodesToFind } from "./num-feasible-nodes.js";
import { pluginRegistry } from "./plugins/index.js";
import { defaultProfile, type SchedulerProfile } from "./profile.js";
import { selectHost, type IntSource } from "./select-host.js";
import { loadNominations, Nominator } from "./nominator.js";
import { applyNominatedPodsToChunk, filtersWithNominatedPods } from "./nominated-pods-filter.js";
import { carryOutPostFilter, NOMINATION_KEEP, tablePreemptionActions, type PreemptionActions } from "./preemption-actions.js";
import { attachDefaultPreemption, type DefaultPreemption } from "./plugins/default-preemption.js";

const NO_VICTIMS: readonly number[] = [];

/** schedule_one.go ErrNoNodesAvailable. */
export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

/** Smallest filter chunk: keeps the per-chunk overhead low when few feasible nodes remain to find. */
const MIN_FILTER_CHUNK = 32;

export interface ScheduleResult {
  podSlot: number;
  podRef: string;
  /** Chosen node slot, −1 when the pod fits nowhere. */
  nodeSlot: number;
  nodeName: string | null;
  numAllNodes: number;
  numFeasibleNodesToFind: number;
  /** Feasible nodes found (≤ numFeasibleNodesToFind). */
  feasibleCount: number;
  /** Nodes examined by Filter in this cycle. */
  evaluatedNodes: number;
  fitError: FitError | null;
  /**
   * PostFilter's nomination for a pod that fits nowhere: a node slot (preemption chose it;
   * evicting `victims` makes room), −1 clears the pod's nomination, NOMINATION_KEEP leaves it.
   */
  nominatedNodeSlot: number;
  /** Pod slots preemption would evict on `nominatedNodeSlot`, most important first. */
  victims: readonly number[];
}

export interface SchedulerOptions {
  profile?: SchedulerProfile;
  registry?: PluginRegistry;
  /** The scheduler's own random stream (host tie-breaks). */
  rng: IntSource;
  /** DefaultPreemption's candidate-window offset stream (default: `rng`). */
  preemptionRng?: IntSource;
  /** Who evicts victims and records nominations (default: `tablePreemptionActions`). */
  preemptionActions?: PreemptionActions;
  /**
   * DefaultPreemption dry-runs a node on its resource sums where that is exact (default true);
   * false: always on the live tables (tests compare the two).
   */
  preemptionResourceDryRun?: boolean;
}

export class Scheduler {
  readonly fw: Framework;
  readonly rng: IntSource;
  /** schedule_one.go nextStartNodeIndex. */
  nextStartNodeIndex = 0;
  /** Scratch reused every cycle (sized to the node count). */
  feasible = sharedArray(Int32Array, 16);
  totals = sharedArray(Float64Array, 16);
  /**
   * Filter and Score across worker threads for the cycles the fast path covers
   * (parallel/parallel-cycle.ts), same decisions; null = every cycle on this thread.
   */
  parallel: ParallelFilterScore | null = null;
  private failNode = new Int32Array(16);
  private failStatus = new Int32Array(16);
  private failPlugin = new Int16Array(16);
  private candidates = new Int32Array(16);
  private chunk = new Int32Array(16);
  private chunkStatus = new Int32Array(16);
  private chunkPlugin = new Int16Array(16);
  /** One-pass Filter and Score for cycles whose active plugins allow it (same decisions). */
  private readonly fusedFilter = new FusedFilter();
  private readonly fusedScore = new FusedScore();
  /** Pods nominated to nodes by preemption (`status.nominatedNodeName`). */
  readonly nominator = new Nominator();
  /** The profile's DefaultPreemption, built for this scheduler; null when the profile disables it. */
  readonly preemption: DefaultPreemption | null;
  private readonly actions: PreemptionActions;

  constructor(
    readonly cluster: ClusterState,
    opts: SchedulerOptions,
  ) {
    this.fw = new Framework(opts.profile ?? defaultProfile(), opts.registry ?? pluginRegistry());
    this.rng = opts.rng;
    this.actions = opts.preemptionActions ?? tablePreemptionActions(cluster, this.nominator);
    // DefaultPreemption needs this scheduler's framework, nominator and random stream.
    this.preemption = attachDefaultPreemption(cluster, this.fw, {
      rng: opts.preemptionRng ?? opts.rng,
      runFilters: (_c, pod, node) => this.filtersWithNominatedPods(pod, node),
      nominatedNodeOf: (slot) => this.nominator.nodeOf(slot),
      nominatedPodsOn: (node) => this.nominator.podsOn(node).length,
      resourceDryRun: opts.preemptionResourceDryRun,
    });
    loadNominations(cluster, this.nominator);
  }

  /**
   * Runs one cycle for a pending pod. On success it assumes (binds) the pod, which ends any
   * nomination (`DeleteNominatedPodIfExists`); on failure it carries out the PostFilter outcome
   * (victims evicted, nomination set or cleared) through the preemption actions.
   */
  scheduleOne(podSlot: number): ScheduleResult {
    const pod = compilePod(this.cluster, podSlot);
    const r = this.schedulePod(pod);
    if (r.nodeSlot >= 0) {
      this.cluster.bind(podSlot, r.nodeSlot);
      if (this.nominator.total > 0) this.nominator.remove(podSlot);
    } else carryOutPostFilter(this.cluster, this.nominator, this.actions, podSlot, r.nominatedNodeSlot, r.victims);
    return r;
  }

  /** `RunFilterPluginsWithNominatedPods` on one node (nominated-pods-filter.ts). */
  filtersWithNominatedPods(pod: CompiledPod, node: number): number {
    return filtersWithNominatedPods(this.cluster, this.fw, this.nominator, pod, node);
  }

  /** The cycle without the assume step (explain, dry runs). Moves `nextStartNodeIndex`. */
  schedulePod(pod: CompiledPod): ScheduleResult {
    const c = this.cluster;
    const order = c.nodeOrder();
    const numAll = order.length;
    if (numAll === 0) throw new Error(ERR_NO_NODES_AVAILABLE);
    this.ensureScratch(numAll);
    const fw = this.fw;
    this.parallel?.newCycle();
    const result: ScheduleResult = {
      podSlot: pod.slot,
      podRef: pod.ref,
      nodeSlot: -1,
      nodeName: null,
      numAllNodes: numAll,
      numFeasibleNodesToFind: 0,
      feasibleCount: 0,
      evaluatedNodes: 0,
      fitError: null,
      nominatedNodeSlot: NOMINATION_KEEP,
      victims: NO_VICTIMS,
    };

    const pre = fw.runPreFilter(c, pod, numAll);
    if (pre !== SUCCESS) {
      const msg = fw.reasons(c, pod, fw.failedPlugin, pre).join(", ");
      result.fitError = new FitError(numAll, msg, new Map([[msg, numAll]]));
      this.runPostFilter(pod, result.fitError, result);
      return result;
    }

    let list = order;
    let count = numAll;
    const subset = fw.state.nodeSubset;
    if (subset !== null) {
      count = 0;
      // A DaemonSet pod names its one node (matchFields metadata.name): no walk over the tree.
      if (subset.size === 1) for (const only of subset) this.candidates[count++] = only;
      else for (let i = 0; i < numAll; i++) if (subset.has(order[i]!)) this.candidates[count++] = order[i]!;
      list = this.candidates;
    }
    const toFind = fw.scorers.length === 0 ? Math.min(1, count) : numFeasibleNodesToFind(count, fw.profile.percentageOfNodesToScore);
    result.numFeasibleNodesToFind = toFind;
    // evaluateNominatedNode: a nominated pod tries its node first (even outside a
    // PreFilterResult); if it passes it is the only feasible node: no scoring, cursor unmoved.
    const nominated = this.nominator.total > 0 ? this.nominator.nodeOf(pod.slot) : -1;
    let nominatedStatus = SUCCESS;
    let nominatedPlugin = -1;
    if (nominated >= 0 && c.nodes.live[nominated] === 1) {
      nominatedStatus = this.filtersWithNominatedPods(pod, nominated);
      nominatedPlugin = fw.failedPlugin;
      if (nominatedStatus === SUCCESS) {
        result.feasibleCount = 1;
        result.evaluatedNodes = 1;
        result.nodeSlot = nominated;
        result.nodeName = c.nodeName(nominated);
        return result;
      }
    }
    const found = this.filterNodes(pod, list, count, toFind);
    let absent = numAll - count;
    if (nominatedStatus !== SUCCESS && this.keepNominatedFailure(nominated, nominatedStatus, nominatedPlugin) && subset !== null && !subset.has(nominated)) absent--;
    result.feasibleCount = found;
    result.evaluatedNodes = found + this.failCount;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + result.evaluatedNodes) % numAll;

    if (found === 0) {
      result.fitError = this.fitError(pod, numAll, absent);
      this.runPostFilter(pod, result.fitError, result);
      return result;
    }
    let chosen = 0;
    if (found > 1) {
      fw.runPreScore(c, pod, this.feasible, found);
      const par = this.parallel;
      chosen = !this.fusedScore.plan(fw.scorers, fw.weights, fw.scoreSkipped, fw.state)
        ? -1
        : par !== null && !this.fusedScore.spreads && par.wants(found)
          ? par.score(c, pod, fw.state, this.fusedScore, this.feasible, found, this.totals, this.rng)
          : this.fusedScore.run(c, pod, fw.state, this.feasible, found, this.totals, this.rng);
      if (chosen < 0) {
        fw.runScore(c, pod, this.feasible, found, this.totals);
        chosen = selectHost(this.totals, found, this.rng);
      }
    }
    result.nodeSlot = this.feasible[chosen]!;
    result.nodeName = c.nodeName(result.nodeSlot);
    return result;
  }

  private failCount = 0;

  /**
   * The nominated node's failure stays in the diagnosis (upstream's NodeToStatus map) even when
   * the scan stopped before reaching it, so it counts among the processed nodes that move the
   * cursor. Returns true when it was added here (the scan had not examined it).
   */
  private keepNominatedFailure(node: number, status: number, plugin: number): boolean {
    for (let i = 0; i < this.failCount; i++) if (this.failNode[i] === node) return false;
    this.failNode[this.failCount] = node;
    this.failStatus[this.failCount] = status;
    this.failPlugin[this.failCount] = plugin;
    this.failCount++;
    return true;
  }

  /**
   * findNodesThatPassFilters: fills `feasible`, records failures; returns the feasible count.
   * Nodes are filtered in chunks (plugin by plugin inside a chunk, see Framework.filterChunk)
   * and then consumed in visiting order, stopping exactly at the K-th feasible node, so the
   * outcome and the examined count equal a node-by-node scan (filters are pure).
   */
  private filterNodes(pod: CompiledPod, list: Int32Array, count: number, toFind: number): number {
    const fw = this.fw;
    const chunk = this.chunk;
    let found = 0;
    let failed = 0;
    let examined = 0;
    const start = count === 0 ? 0 : this.nextStartNodeIndex % count;
    // Nominated pods need the two-pass filter below; the one-pass paths do not know them.
    if (this.nominator.total === 0 && this.fusedFilter.plan(fw.activeFilters, fw.activeFilterIndex)) {
      const ff = this.fusedFilter;
      const par = this.parallel;
      if (par !== null && list === this.cluster.nodeOrder() && par.wants(toFind)) {
        // Scratch arrays are shared buffers (ensureScratch), so the threads write into them.
        const n = par.filter(this.cluster, pod, fw.state, ff, list, count, start, toFind, this.feasible, this.totals, this.failNode, this.failStatus, this.failPlugin);
        this.failCount = par.failed;
        return n;
      }
      const n = ff.run(this.cluster, pod, fw.state, list, count, start, toFind, this.feasible, this.failNode, this.failStatus, this.failPlugin);
      this.failCount = ff.failed;
      return n;
    }
    while (examined < count && found < toFind) {
      const size = Math.min(count - examined, Math.max(toFind - found, MIN_FILTER_CHUNK));
      // Copy list[(start + examined) mod count ...] for `size` nodes, in at most two runs.
      let from = start + examined;
      if (from >= count) from -= count;
      const firstRun = Math.min(size, count - from);
      chunk.set(list.subarray(from, from + firstRun), 0);
      if (firstRun < size) chunk.set(list.subarray(0, size - firstRun), firstRun);
      fw.filterChunk(this.cluster, pod, chunk, size, this.chunkStatus, this.chunkPlugin);
      if (this.nominator.total > 0) applyNominatedPodsToChunk(this.cluster, fw, this.nominator, pod, chunk, size, this.chunkStatus, this.chunkPlugin);
      for (let j = 0; j < size; j++) {
        examined++;
        const st = this.chunkStatus[j]!;
        if (st === SUCCESS) {
          this.feasible[found++] = chunk[j]!;
          if (found === toFind) break;
        } else {
          this.failNode[failed] = chunk[j]!;
          this.failStatus[failed] = st;
          this.failPlugin[failed] = this.chunkPlugin[j]!;
          failed++;
        }
      }
    }
    this.failCount = failed;
    return found;
  }

  /** The FitError of the last filter pass; `absent` nodes were excluded by a PreFilterResult. */
  private fitError(pod: CompiledPod, numAll: number, absent: number): FitError {
    const c = this.cluster;
    const fw = this.fw;
    const n = this.failCount;
    const byStatus = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = (this.failStatus[i]! >>> 0) * 64 + this.failPlugin[i]!;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const counts = new Map<string, number>();
    for (const [key, k] of byStatus) {
      for (const r of fw.reasons(c, pod, key % 64, Math.floor(key / 64))) counts.set(r, (counts.get(r) ?? 0) + k);
    }
    if (absent > 0) {
      // schedule_one.go findNodesThatFitPod: SetAbsentNodesStatus for nodes a PreFilterResult excluded.
      const r = `node(s) didn't satisfy plugin(s) [${fw.state.subsetPlugins.join(" ")}]`;
      counts.set(r, (counts.get(r) ?? 0) + absent);
    }
    const nodes = this.failNode.slice(0, n);
    const statuses = this.failStatus.slice(0, n);
    const plugins = this.failPlugin.slice(0, n);
    return new FitError(numAll, "", counts, (): NodeFilterStatus[] => {
      const out: NodeFilterStatus[] = [];
      for (let i = 0; i < n; i++) {
        out.push({
          node: c.nodeName(nodes[i]!),
          plugin: fw.filters[plugins[i]!]!.name,
          code: codeName(statusCode(statuses[i]!)),
          reasons: fw.reasons(c, pod, plugins[i]!, statuses[i]!),
        });
      }
      return out;
    }, { nodes, statuses, count: n });
  }

  /**
   * `RunPostFilterPlugins`: the first plugin that nominates a node ends the run (no message);
   * otherwise the messages are joined with ", " and the last non-noop nomination (a clear) holds.
   */
  private runPostFilter(pod: CompiledPod, err: FitError, result: ScheduleResult): void {
    let msg = "";
    for (const p of this.fw.postFilters) {
      const r = p.postFilter(this.cluster, pod, this.fw.state, err);
      if (r.nominatedNode !== null && r.nominatedNode !== "") {
        result.nominatedNodeSlot = this.cluster.nodeByName.get(r.nominatedNode)!;
        result.victims = r.victims ?? NO_VICTIMS;
        err.postFilterMsg = "";
        return;
      }
      if (r.nominatedNode === "") result.nominatedNodeSlot = -1;
      if (r.message !== "") msg = msg === "" ? r.message : `${msg}, ${r.message}`;
    }
    err.postFilterMsg = msg;
  }

  private ensureScratch(n: number): void {
    if (this.feasible.length >= n) return;
    this.feasible = sharedArray(Int32Array, n);
    this.totals = sharedArray(Float64Array, n);
    this.failNode = new Int32Array(n);
    this.failStatus = new Int32Array(n);
    this.failPlugin = new Int16Array(n);
    this.candidates = new Int32Array(n);
    this.chunk = new Int32Array(n);
    this.chunkStatus = new Int32Array(n);
    this.chunkPlugin = new Int16Array(n);
  }
}

/** The event message of a result: Scheduled or FailedScheduling. */
export function eventMessage(r: ScheduleResult): string {
  if (r.nodeName !== null) return scheduledMessage(r.podRef, r.nodeName);
  return r.fitError ? r.fitError.message() : ERR_NO_NODES_AVAILABLE;
}

/** Whether preemption could help on a node with this status (Unschedulable, not ...AndUnresolvable). */
export function isPreemptionCandidate(status: number): boolean {
  return statusCode(status) !== CODE_UNSCHEDULABLE_AND_UNRESOLVABLE;
}
