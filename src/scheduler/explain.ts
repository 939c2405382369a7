/**
 * `kubesim explain`: why the scheduler would put a pending pod where it does.
 *
 * Runs the real cycle once (same plugins, node order, `numFeasibleNodesToFind`, seeded
 * tie-break) to get the chosen node and the event message, then reports every node's filter
 * verdict (first rejecting plugin, its reasons and code) and, for the nodes the cycle scored,
 * each score plugin's raw, normalized, weight and weighted score and the total. With
 * `allScores`, every node is scored (failed ones marked), normalized over all nodes: useful to
 * see how close a rejected node came, but those totals are not what the scheduler compared.
 *
 * For a pod that fits nowhere, the cycle's PostFilter (DefaultPreemption) runs as a dry run:
 * the result names the node it would nominate and the victims it would evict (nothing is
 * evicted), or the FailedScheduling message says in its "preemption:" part why it cannot help.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { ParallelFilterScore } from "./parallel/parallel-cycle.js";
import { buildClusterState } from "../cluster/cluster-import.js";
import { inputError } from "../errors.js";
import { RngStreams } from "../engine/rng.js";
import { loadManifests } from "../scenario/manifests.js";
import { compilePod, type CompiledPod } from "./compiled-pod.js";
import type { PluginRegistry } from "./framework/framework.js";
import { codeName, statusCode, SUCCESS, type StatusCodeName } from "./framework/status.js";
import type { SchedulerProfile } from "./profile.js";
import { eventMessage, Scheduler } from "./schedule-one.js";
import type { IntSource } from "./select-host.js";

export interface ExplainOptions {
  /** Also score nodes that failed a filter (normalization over all nodes). */
  allScores?: boolean;
  profile?: SchedulerProfile;
  registry?: PluginRegistry;
  /** Seed of the scheduler's tie-break stream (default 0). */
  seed?: number | string;
  /** Filter/score worker threads (`--workers`); the caller starts and closes them. */
  parallel?: ParallelFilterScore | null;
}

export interface ExplainScore {
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface ExplainNode {
  name: string;
  feasible: boolean;
  /** The first rejecting filter; null for a feasible node. */
  filter: { plugin: string; reasons: string[]; code: StatusCodeName } | null;
  /** Per score plugin; null where the node was not scored. */
  scores: Record<string, ExplainScore> | null;
  total: number | null;
}

/** DefaultPreemption's decision for a pod that fits nowhere. */
export interface ExplainPreemption {
  /** The node the pod would be nominated to; null when preemption cannot help. */
  nominatedNode: string | null;
  /** Pods that would be evicted there, most important first. */
  victims: { pod: string; priority: number }[];
}

export interface ExplainResult {
  pod: string;
  numNodes: number;
  numFeasibleNodesToFind: number;
  nodes: ExplainNode[];
  selectedNode: string | null;
  message: string;
  /** The PostFilter outcome when no node fits and DefaultPreemption is enabled; null otherwise. */
  preemption: ExplainPreemption | null;
  /** Profile plugins kubesim does not implement (they did not run). */
  unimplementedPlugins: string[];
  warnings: string[];
}

/** Explains a pod already in the cluster (pending, or bound: then as if it were pending). */
export function explainPod(c: ClusterState, podSlot: number, opts: ExplainOptions = {}): ExplainResult {
  const wasOn = c.pods.nodeSlot[podSlot]!;
  // Bound: explained as if pending, then put back where it was in its node's list.
  const order = wasOn === -1 ? null : c.podsOnNode(wasOn);
  if (wasOn !== -1) c.unbind(podSlot);
  try {
    const streams = new RngStreams(opts.seed ?? 0);
    const rng: IntSource = streams.stream("scheduler");
    const s = new Scheduler(c, { profile: opts.profile, registry: opts.registry, rng, preemptionRng: streams.stream("preemption") });
    s.parallel = opts.parallel ?? null;
    const pod = compilePod(c, podSlot);
    const result = s.schedulePod(pod);
    const found = result.feasibleCount;
    const scored = found > 1 ? s.feasible.slice(0, found) : new Int32Array(0);
    const nodes = verdicts(s, pod);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const toScore = opts.allScores ? Int32Array.from(c.nodeOrder()) : scored;
    if (toScore.length > 0) scoreInto(s, pod, toScore, byName);
    return {
      pod: pod.ref,
      numNodes: result.numAllNodes,
      numFeasibleNodesToFind: result.numFeasibleNodesToFind,
      nodes,
      selectedNode: result.nodeName,
      message: eventMessage(result),
      preemption:
        result.nodeSlot < 0 && s.preemption !== null && result.fitError !== null
          ? {
              nominatedNode: result.nominatedNodeSlot >= 0 ? c.nodeName(result.nominatedNodeSlot) : null,
              victims: result.victims.map((v) => ({ pod: c.pods.ref[v]!, priority: c.pods.priority[v]! })),
            }
          : null,
      unimplementedPlugins: [...s.fw.unimplemented],
      warnings: c.warnings.map((w) => `${w.object}: ${w.path}: ${w.message}`),
    };
  } finally {
    if (wasOn !== -1) {
      c.bind(podSlot, wasOn);
      c.restorePodOrder(wasOn, order!);
    }
  }
}

/** Every node's filter verdict, in visiting order (a PreFilter rejection applies to all). */
function verdicts(s: Scheduler, pod: CompiledPod): ExplainNode[] {
  const c = s.cluster;
  const fw = s.fw;
  const order = c.nodeOrder();
  const pre = fw.runPreFilter(c, pod, order.length);
  const subset = fw.state.nodeSubset;
  const out: ExplainNode[] = [];
  for (const n of order) {
    let filter: ExplainNode["filter"] = null;
    if (pre !== SUCCESS) {
      filter = { plugin: fw.filters[fw.failedPlugin]!.name, reasons: fw.reasons(c, pod, fw.failedPlugin, pre), code: codeName(statusCode(pre)) };
    } else if (subset !== null && !subset.has(n)) {
      filter = { plugin: fw.state.subsetPlugins.join(","), reasons: [`node(s) didn't satisfy plugin(s) [${fw.state.subsetPlugins.join(" ")}]`], code: "UnschedulableAndUnresolvable" };
    } else {
      const st = s.filtersWithNominatedPods(pod, n);
      if (st !== SUCCESS) filter = { plugin: fw.filters[fw.failedPlugin]!.name, reasons: fw.reasons(c, pod, fw.failedPlugin, st), code: codeName(statusCode(st)) };
    }
    out.push({ name: c.nodeName(n), feasible: filter === null, filter, scores: null, total: null });
  }
  return out;
}

function scoreInto(s: Scheduler, pod: CompiledPod, nodes: Int32Array, byName: Map<string, ExplainNode>): void {
  const c = s.cluster;
  const fw = s.fw;
  const count = nodes.length;
  fw.runPreFilter(c, pod, c.nodeOrder().length); // PreScore may read PreFilter state
  fw.runPreScore(c, pod, nodes, count);
  const raw = new Float64Array(count);
  const norm = new Float64Array(count);
  for (let i = 0; i < fw.scorers.length; i++) {
    fw.scorePlugin(i, c, pod, nodes, count, norm, raw);
    const weight = fw.weights[i]!;
    for (let j = 0; j < count; j++) {
      const e = byName.get(c.nodeName(nodes[j]!))!;
      e.scores ??= {};
      e.scores[fw.scorers[i]!.name] = { raw: raw[j]!, normalized: norm[j]!, weight, weighted: weight * norm[j]! };
      e.total = (e.total ?? 0) + weight * norm[j]!;
    }
  }
}

/**
 * Loads manifests, builds the cluster and explains `podRef` (`pod/<ns>/<name>` or `<ns>/<name>`;
 * the namespace defaults to "default" when only a name is given).
 */
export function explainFromFiles(files: readonly string[], podRef: string, opts: ExplainOptions = {}): ExplainResult {
  const { objects } = loadManifests(files);
  const c = buildClusterState(objects);
  const ref = normalizePodRef(podRef);
  const slot = c.podByRef.get(ref);
  if (slot === undefined) throw inputError("UNKNOWN_REFERENCE", "pod", `no pod ${ref} in ${files.join(", ")}`);
  return explainPod(c, slot, opts);
}

export function normalizePodRef(podRef: string): string {
  const parts = podRef.replace(/^pods?\//, "").split("/");
  if (parts.length === 1) return `default/${parts[0]}`;
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[0]}/${parts[1]}`;
  throw inputError("USAGE", "pod", `expected pod/<namespace>/<name>, got ${JSON.stringify(podRef)}`);
}
export { renderExplainTable } from "./explain-table.js";
