/**
 * DefaultPreemption (PostFilter), after
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go `Evaluator.Preempt`:
 * eligibility → candidates (nodes whose status is Unschedulable) → dry run over a window
 * starting at a random offset until `numCandidates` viable nodes → pickOneNodeForPreemption.
 *
 * The dry run simulates each node on the live ClusterState (victims unbound, filters run,
 * pods bound back, the node's pod list put back in order), so per-node filters see the change;
 * cross-node plugins' PreFilter state is not updated per removed pod (upstream's
 * PreFilterExtensions.RemovePod) — a simplification. When only NodeResourcesFit can change its
 * verdict with the pods on a node, the node is simulated on its resource sums instead
 * (preemption/resource-simulation.ts): the same victims, without touching the tables.
 *
 * The plugin only decides: its result names the node to nominate and the victims; the
 * Scheduler (schedule-one.ts) carries them out through its `PreemptionActions` (upstream's
 * `prepareCandidate` deletes the victims inside PostFilter).
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { Framework } from "../framework/framework.js";
import type { FitError } from "../framework/fit-error.js";
import type { PostFilterPlugin, PostFilterResult } from "../framework/interfaces.js";
import { CODE_UNSCHEDULABLE, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, statusCode, SUCCESS } from "../framework/status.js";
import {
  candidateOffset,
  NO_VICTIMS_MSG,
  NOT_HELPFUL_MSG,
  numCandidates,
  POLICY_NEVER_MSG,
  PREEMPTION_MSG_PREFIX,
  preemptionMessage,
  TERMINATING_VICTIM_MSG,
} from "../preemption/candidates.js";
import type { PdbSpec } from "../preemption/pdb.js";
import { compilePdb, pdbSpecsOf } from "../preemption/pdb-index.js";
import { pickOneNodeForPreemption, type Candidate } from "../preemption/pick-node.js";
import { ResourceSimulation } from "../preemption/resource-simulation.js";
import { selectVictimsOnNode, type NodeSimulation, type PodFacts } from "../preemption/select-victims.js";
import { FusedFilter } from "../fast-path/fused-filter.js";
import { nodeResourcesFit } from "./node-resources-fit.js";

export interface DefaultPreemptionOptions {
  fw: Framework;
  rng: { int(n: number): number };
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
  /** PDBs with their current `disruptionsAllowed`, read at each PostFilter. */
  pdbs?: () => { specs: PdbSpec[]; allowed: number[] };
  /**
   * `RunFilterPluginsWithNominatedPods` on one node (sets `fw.failedPlugin` on a rejection);
   * default: the plain filters, as if no pod were nominated anywhere.
   */
  runFilters?: (c: ClusterState, pod: CompiledPod, node: number) => number;
  /** The node a pod is nominated to (`status.nominatedNodeName`), −1 when none. */
  nominatedNodeOf?: (podSlot: number) => number;
  /** How many pods are nominated to a node (`runFilters` adds them); default none. */
  nominatedPodsOn?: (node: number) => number;
  /**
   * Dry-run nodes on their resources alone where that gives the same answers (ResourceSimulation,
   * `resourceOnly` below); default true. False always simulates on the live ClusterState (tests
   * compare the two).
   */
  resourceDryRun?: boolean;
}

/** The outcome of the last PostFilter, for the caller to act on (delete victims, nominate). */
export interface PreemptionOutcome {
  nominatedNode: number;
  victims: number[];
}

export interface DefaultPreemption extends PostFilterPlugin {
  /** The victims chosen by the last successful postFilter (pod slots), or null. */
  lastOutcome: PreemptionOutcome | null;
  /** Nodes dry-run so far on their resource sums, and on the live tables (tests, reports). */
  readonly dryRuns: { resources: number; live: number };
}

function podFacts(c: ClusterState): PodFacts {
  const p = c.pods;
  return {
    priority: (s) => p.priority[s]!,
    startTimeUs: (s) => p.startTimeUs[s]!,
    namespaceId: (s) => p.namespaceId[s]!,
  };
}

/**
 * Lowest priority among the pods bound to each node, revalidated per node against
 * `ClusterState.nodePodsVersion` (as pod-count-memo.ts keeps its counts). A node whose lowest
 * is not below the preemptor's priority is one where `selectVictimsOnNode` finds "noVictims";
 * knowing it without listing the node's pods matters when many pods stay unschedulable on a
 * full cluster of equal-priority pods: at 2,000 nodes × 56 pods, listing them for every
 * unschedulable pod's PostFilter was 80 % of a run's CPU (docs/sweeps.md, "Performance").
 */
class LowestPriorityMemo {
  private lowest = new Float64Array(0);
  /** `nodePodsVersion + 1` when `lowest` was taken; 0 = never. */
  private version = new Uint32Array(0);

  private cluster: ClusterState | null = null;

  of(c: ClusterState, node: number): number {
    if (c !== this.cluster) [this.cluster, this.version] = [c, new Uint32Array(this.version.length)];
    if (node >= this.version.length) this.grow(Math.max(node + 1, this.version.length * 2, 64));
    const v = (c.nodePodsVersion[node] ?? 0) + 1;
    if (this.version[node] !== v) {
      let low = Infinity;
      for (let s = c.nodes.firstPod[node]!; s !== -1; s = c.pods.nextOnNode[s]!) low = Math.min(low, c.pods.priority[s]!);
      this.lowest[node] = low;
      this.version[node] = v;
    }
    return this.lowest[node]!;
  }

  private grow(n: number): void {
    const lowest = new Float64Array(n);
    lowest.set(this.lowest);
    const version = new Uint32Array(n);
    version.set(this.version);
    [this.lowest, this.version] = [lowest, version];
  }
}

/**
 * `podTerminatingByPreemption`: being deleted, with the `DisruptionTarget` condition the
 * preemption executor sets (`reason: PreemptionByScheduler`). Cold: nominated pods only.
 */
export function podTerminatingByPreemption(c: ClusterState, slot: number): boolean {
  if (c.pods.terminating[slot] !== 1) return false;
  for (const cond of c.podObjects[slot]?.status?.conditions ?? []) {
    if (cond.type === "DisruptionTarget") return cond.status === "True" && cond.reason === "PreemptionByScheduler";
  }
  return false;
}

/** The status code the diagnosis gives `node`; nodes it does not list are absent (UnschedulableAndUnresolvable). */
function statusCodeOf(c: ClusterState, diagnosis: FitError, node: number): number {
  const raw = diagnosis.failed;
  if (raw) {
    for (let i = 0; i < raw.count; i++) if (raw.nodes[i] === node) return statusCode(raw.statuses[i]!);
    return CODE_UNSCHEDULABLE_AND_UNRESOLVABLE;
  }
  const name = c.nodeName(node);
  const st = diagnosis.nodeStatuses.find((s) => s.node === name);
  return st?.code === "Unschedulable" ? CODE_UNSCHEDULABLE : CODE_UNSCHEDULABLE_AND_UNRESOLVABLE;
}

/**
 * `PodEligibleToPreemptOthers`: "" when eligible, else the reason. A pod whose nominated node
 * still holds a lower-priority victim of an earlier preemption waits for it instead of
 * preempting again (unless that node became UnschedulableAndUnresolvable).
 */
function ineligibility(c: ClusterState, pod: CompiledPod, diagnosis: FitError, nominated: number): string {
  if (c.pods.preemptNever[pod.slot] === 1) return POLICY_NEVER_MSG;
  if (nominated < 0 || c.nodes.live[nominated] !== 1) return "";
  if (statusCodeOf(c, diagnosis, nominated) === CODE_UNSCHEDULABLE_AND_UNRESOLVABLE) return "";
  for (let s = c.nodes.firstPod[nominated]!; s !== -1; s = c.pods.nextOnNode[s]!) {
    if (c.pods.priority[s]! < pod.priority && podTerminatingByPreemption(c, s)) return TERMINATING_VICTIM_MSG;
  }
  return "";
}

/**
 * Whether this cycle's dry run can be done on resources alone (ResourceSimulation): every active
 * filter is one of the per-node plugins FusedFilter scans (NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit), Fit among them, and the
 * preemptor has no host port. Then only Fit's verdict depends on the pods on a node, and a
 * candidate node (Unschedulable in the diagnosis: of these plugins only Fit gives that code,
 * and filters stop at the first failure) passes all the others. Nodes with nominated pods
 * still get the live simulation (`runFilters` adds those pods).
 */
function resourceOnly(fw: Framework, pod: CompiledPod, plan: FusedFilter): boolean {
  return pod.hostPortKeys.length === 0 && fw.activeFilters.includes(nodeResourcesFit) && plan.plan(fw.activeFilters, fw.activeFilterIndex);
}

export function createDefaultPreemption(o: DefaultPreemptionOptions): DefaultPreemption {
  const runFilters = o.runFilters ?? ((c: ClusterState, pod: CompiledPod, node: number) => o.fw.runFilters(c, pod, node));
  const lowest = new LowestPriorityMemo();
  const plan = new FusedFilter();
  const resources = new ResourceSimulation();
  const plugin: DefaultPreemption = {
    name: "DefaultPreemption",
    lastOutcome: null,
    dryRuns: { resources: 0, live: 0 },
    postFilter(c: ClusterState, pod: CompiledPod, state, diagnosis: FitError): PostFilterResult {
      plugin.lastOutcome = null;
      // default_preemption.go PostFilter: every message gets the "preemption: " prefix; an
      // ineligible pod keeps its nomination (nil PostFilterResult).
      const why = ineligibility(c, pod, diagnosis, o.nominatedNodeOf ? o.nominatedNodeOf(pod.slot) : -1);
      if (why !== "") return { nominatedNode: null, message: PREEMPTION_MSG_PREFIX + why };
      const numAll = diagnosis.numAllNodes;
      const reasons = new Map<string, number>();
      const potential: number[] = [];
      let notHelpful = 0;
      let examined: number;
      const raw = diagnosis.failed;
      if (raw) {
        for (let i = 0; i < raw.count; i++) {
          if (statusCode(raw.statuses[i]!) === CODE_UNSCHEDULABLE) potential.push(raw.nodes[i]!);
          else notHelpful++;
        }
        examined = raw.count;
      } else {
        for (const st of diagnosis.nodeStatuses) {
          if (st.code === "Unschedulable") potential.push(c.nodeByName.get(st.node)!);
          else notHelpful++;
        }
        examined = diagnosis.nodeStatuses.length;
      }
      // Nodes never examined (PreFilterResult) are not helpful either.
      if (examined < numAll) notHelpful += numAll - examined;
      if (notHelpful > 0) reasons.set(NOT_HELPFUL_MSG, notHelpful);
      const facts = podFacts(c);
      const pdb = o.pdbs ? o.pdbs() : { specs: [], allowed: [] };
      const want = numCandidates(potential.length, o.minCandidateNodesPercentage, o.minCandidateNodesAbsolute);
      const offset = candidateOffset(potential.length, o.rng);
      // DryRunPreemption: non-violating candidates first, then violating ones; stop once there
      // is a non-violating one and numCandidates in all.
      const nonViolating: Candidate[] = [];
      const violating: Candidate[] = [];
      const add = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
      // One simulation object for the whole dry run, pointed at each node in turn.
      let node = -1;
      let lastStatus = SUCCESS;
      const sim: NodeSimulation = {
        removePod: (s) => c.unbind(s),
        addPod: (s) => c.bind(s, node),
        preemptorFits: () => (lastStatus = runFilters(c, pod, node)) === SUCCESS,
      };
      const byResources = o.resourceDryRun !== false && resourceOnly(o.fw, pod, plan);
      for (let i = 0; i < potential.length; i++) {
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
        node = potential[(offset + i) % potential.length]!;
        // No pod of lower priority on the node: selectVictimsOnNode's "noVictims", without listing its pods.
        if (lowest.of(c, node) >= pod.priority) {
          add(NO_VICTIMS_MSG);
          continue;
        }
        lastStatus = SUCCESS;
        const onNode = c.podsOnNode(node);
        let v: ReturnType<typeof selectVictimsOnNode> = "doesNotFit";
        if (byResources && (o.nominatedPodsOn?.(node) ?? 0) === 0) {
          resources.start(c, pod, state, node);
          v = selectVictimsOnNode(resources, onNode, pod.priority, facts, pdb.specs, pdb.allowed);
          plugin.dryRuns.resources++;
        }
        // The live simulation, also for the filter status behind a "doesNotFit" (rare).
        if (v === "doesNotFit") {
          v = selectVictimsOnNode(sim, onNode, pod.priority, facts, pdb.specs, pdb.allowed);
          c.restorePodOrder(node, onNode);
          plugin.dryRuns.live++;
        }
        if (v === "noVictims") add(NO_VICTIMS_MSG);
        else if (v === "doesNotFit") for (const r of o.fw.reasons(c, pod, o.fw.failedPlugin, lastStatus)) add(r);
        else (v.numPDBViolations === 0 ? nonViolating : violating).push({ node, victims: v.pods, numPDBViolations: v.numPDBViolations });
      }
      const cands = nonViolating.concat(violating);
      // No candidate: the FitError of the dry run, and the nomination is cleared
      // (NewPostFilterResultWithNominatedNode("")).
      if (cands.length === 0) return { nominatedNode: "", message: preemptionMessage(numAll, reasons) };
      const best = cands[pickOneNodeForPreemption(cands, facts)]!;
      plugin.lastOutcome = { nominatedNode: best.node, victims: [...best.victims] };
      return { nominatedNode: c.nodeName(best.node), victims: plugin.lastOutcome.victims, message: "" };
    },
  };
  return plugin;
}

/**
 * Builds DefaultPreemption for a scheduler when its profile lists the plugin and the registry
 * brings no implementation of its own (the plugin needs the scheduler's framework, random
 * stream and nominator): inserted in the profile's PostFilter order, with the profile's
 * `DefaultPreemptionArgs` and the cluster's PodDisruptionBudgets. Null when disabled.
 */
export function attachDefaultPreemption(
  c: ClusterState,
  fw: Framework,
  o: Pick<DefaultPreemptionOptions, "rng" | "runFilters" | "nominatedNodeOf" | "nominatedPodsOn" | "resourceDryRun">,
): DefaultPreemption | null {
  const at = fw.profile.postFilter.indexOf("DefaultPreemption");
  if (at < 0 || fw.postFilters.some((p) => p.name === "DefaultPreemption")) return null;
  for (const pdb of c.podDisruptionBudgets) compilePdb(c, pdb); // bad input fails now, not mid-cycle
  const args = fw.profile.pluginConfig.DefaultPreemption;
  const plugin = createDefaultPreemption({
    ...o,
    fw,
    minCandidateNodesPercentage: args?.minCandidateNodesPercentage,
    minCandidateNodesAbsolute: args?.minCandidateNodesAbsolute,
    pdbs: () => pdbSpecsOf(c),
  });
  const earlier = fw.profile.postFilter.slice(0, at);
  fw.postFilters.splice(fw.postFilters.filter((p) => earlier.includes(p.name)).length, 0, plugin);
  const u = fw.unimplemented.indexOf("DefaultPreemption");
  if (u >= 0) fw.unimplemented.splice(u, 1);
  return plugin;
}
