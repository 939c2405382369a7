/**
 * DefaultPreemption (PostFilter), after
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go `Evaluator.Preempt`:
 * eligibility → candidates (nodes whose status is Unschedulable) → dry run over a window
 * starting at a random offset until `numCandidates` viable nodes → pickOneNodeForPreemption.
 *
 * The dry run simulates each node on the live ClusterState (victims unbound, filters run,
 * pods bound back), so per-node filters see the change; cross-node plugins' PreFilter state
 * is not updated per removed pod (upstream's PreFilterExtensions.RemovePod) — a simplification.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { Framework } from "../framework/framework.js";
import type { FitError } from "../framework/fit-error.js";
import type { PostFilterPlugin, PostFilterResult } from "../framework/interfaces.js";
import { SUCCESS } from "../framework/status.js";
import { candidateOffset, NO_VICTIMS_MSG, NOT_HELPFUL_MSG, numCandidates, POLICY_NEVER_MSG, preemptionMessage } from "../preemption/candidates.js";
import type { PdbSpec } from "../preemption/pdb.js";
import { pickOneNodeForPreemption, type Candidate } from "../preemption/pick-node.js";
import { selectVictimsOnNode, type NodeSimulation, type PodFacts } from "../preemption/select-victims.js";

export interface DefaultPreemptionOptions {
  fw: Framework;
  rng: { int(n: number): number };
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
  /** PDBs with their current `disruptionsAllowed`, read at each PostFilter. */
  pdbs?: () => { specs: PdbSpec[]; allowed: number[] };
}

/** The outcome of the last PostFilter, for the caller to act on (delete victims, nominate). */
export interface PreemptionOutcome {
  nominatedNode: number;
  victims: number[];
}

export interface DefaultPreemption extends PostFilterPlugin {
  /** The victims chosen by the last successful postFilter (pod slots), or null. */
  lastOutcome: PreemptionOutcome | null;
}

function podFacts(c: ClusterState): PodFacts {
  const p = c.pods;
  return {
    priority: (s) => p.priority[s]!,
    startTimeUs: (s) => p.startTimeUs[s]!,
    namespaceId: (s) => p.namespaceId[s]!,
  };
}

function podsOn(c: ClusterState, node: number): number[] {
  const out: number[] = [];
  for (let s = c.nodes.firstPod[node]!; s !== -1; s = c.pods.nextOnNode[s]!) out.push(s);
  return out;
}

export function createDefaultPreemption(o: DefaultPreemptionOptions): DefaultPreemption {
  const plugin: DefaultPreemption = {
    name: "DefaultPreemption",
    lastOutcome: null,
    postFilter(c: ClusterState, pod: CompiledPod, _state, diagnosis: FitError): PostFilterResult {
      plugin.lastOutcome = null;
      // PodEligibleToPreemptOthers: preemptionPolicy Never.
      if (c.pods.preemptNever[pod.slot] === 1) return { nominatedNode: null, message: POLICY_NEVER_MSG };
      const numAll = diagnosis.numAllNodes;
      const reasons = new Map<string, number>();
      const potential: number[] = [];
      for (const st of diagnosis.nodeStatuses) {
        if (st.code === "Unschedulable") potential.push(c.nodeByName.get(st.node)!);
        else reasons.set(NOT_HELPFUL_MSG, (reasons.get(NOT_HELPFUL_MSG) ?? 0) + 1);
      }
      // Nodes never examined (PreFilterResult) are not helpful either.
      const examined = diagnosis.nodeStatuses.length;
      if (examined < numAll) reasons.set(NOT_HELPFUL_MSG, (reasons.get(NOT_HELPFUL_MSG) ?? 0) + numAll - examined);
      const facts = podFacts(c);
      const pdb = o.pdbs ? o.pdbs() : { specs: [], allowed: [] };
      const want = numCandidates(potential.length, o.minCandidateNodesPercentage, o.minCandidateNodesAbsolute);
      const offset = candidateOffset(potential.length, o.rng);
      // DryRunPreemption: non-violating candidates first, then violating ones; stop once there
      // is a non-violating one and numCandidates in all.
      const nonViolating: Candidate[] = [];
      const violating: Candidate[] = [];
      const add = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
      for (let i = 0; i < potential.length; i++) {
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
        const node = potential[(offset + i) % potential.length]!;
        let lastStatus = SUCCESS;
        const sim: NodeSimulation = {
          removePod: (s) => c.unbind(s),
          addPod: (s) => c.bind(s, node),
          preemptorFits: () => (lastStatus = o.fw.runFilters(c, pod, node)) === SUCCESS,
        };
        const v = selectVictimsOnNode(sim, podsOn(c, node), pod.priority, facts, pdb.specs, pdb.allowed);
        if (v === "noVictims") add(NO_VICTIMS_MSG);
        else if (v === "doesNotFit") for (const r of o.fw.reasons(c, pod, o.fw.failedPlugin, lastStatus)) add(r);
        else (v.numPDBViolations === 0 ? nonViolating : violating).push({ node, victims: v.pods, numPDBViolations: v.numPDBViolations });
      }
      const cands = nonViolating.concat(violating);
      if (cands.length === 0) return { nominatedNode: null, message: preemptionMessage(numAll, reasons) };
      const best = cands[pickOneNodeForPreemption(cands, facts)]!;
      plugin.lastOutcome = { nominatedNode: best.node, victims: [...best.victims] };
      return { nominatedNode: c.nodeName(best.node), message: "" };
    },
  };
  return plugin;
}
