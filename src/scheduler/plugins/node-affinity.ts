/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go).
 *
 * Filter: the node must match the profile's `addedAffinity` required terms, the pod's
 * `spec.nodeSelector` (every key present with an equal value) and its required node affinity
 * (terms ORed). PreFilter skips pods with neither (and no addedAffinity), and turns
 * `matchFields metadata.name In` terms into a PreFilterResult (the named nodes only).
 * Score: sum of the weights of matching preferred terms (pod's and addedAffinity's),
 * normalized so the best node gets 100. PreScore skips when there are no preferred terms.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { NodeAffinityArgs } from "../profile.js";
import { allocateStateSlot } from "../framework/cycle-state.js";
import type { FilterPlugin, ScorePlugin } from "../framework/interfaces.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { anyTermMatches, compileTerm, OP_IN, termMatches, type CompiledTerm } from "../node-selector.js";
import type { CompiledPod } from "../compiled-pod.js";

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** node_affinity.go errReasonConflict: every term names a disjoint set of nodes. */
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

const REJECT_POD = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_POD));
const REJECT_ENFORCED = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_ENFORCED));
const REJECT_CONFLICT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_CONFLICT));

/** The profile's addedAffinity, compiled once per args object. */
interface Added {
  args: NodeAffinityArgs;
  required: CompiledTerm[] | null;
  preferred: CompiledTerm[];
  preferredWeights: number[];
}

const SLOT = allocateStateSlot();
/** The state slot, for the parallel scheduler, which ships this state to worker threads (parallel/pod-mailbox.ts). */
export const NODE_AFFINITY_STATE_SLOT = SLOT;

function added(c: ClusterState, args: NodeAffinityArgs, prev: unknown): Added {
  if (prev && (prev as Added).args === args) return prev as Added;
  const a = args.addedAffinity;
  const req = a?.requiredDuringSchedulingIgnoredDuringExecution;
  const pref = (a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((p) => p.weight !== 0);
  return {
    args,
    required: req ? (req.nodeSelectorTerms ?? []).map((t) => compileTerm(c, t)) : null,
    preferred: pref.map((p) => compileTerm(c, p.preference)),
    preferredWeights: pref.map((p) => p.weight),
  };
}

function matchesSelector(c: ClusterState, pod: CompiledPod, node: number): boolean {
  const sel = pod.nodeSelector;
  for (let i = 0; i < sel.length; i += 2) {
    const v = sel[i + 1]!;
    if (c.nodes.label(node, sel[i]!) !== v) return false;
  }
  return true;
}

/** node_affinity.go PreFilter: node names from `matchFields metadata.name In`, null = all nodes. */
function nodeNamesFromTerms(terms: readonly CompiledTerm[]): Set<number> | null {
  let union: Set<number> | null = null;
  for (const t of terms) {
    let inter = null as Set<number> | null;
    for (const r of t.names) {
      if (r.op !== OP_IN) continue;
      const s = new Set<number>(r.values);
      inter = inter === null ? s : new Set<number>([...inter].filter((x: number) => s.has(x)));
    }
    // A term without a name constraint admits every node: the terms are ORed.
    if (inter === null) return null;
    union ??= new Set<number>();
    for (const x of inter) union.add(x);
  }
  return union;
}

export const nodeAffinity = {
  name: "NodeAffinity",
  preFilter(c, pod, state) {
    const a = added(c, state.config.NodeAffinity, state.slots[SLOT]);
    state.slots[SLOT] = a;
    const podSelector = pod.object.spec?.nodeSelector !== undefined;
    if (pod.requiredTerms === null && a.required === null && !podSelector) return status(CODE_SKIP, 0);
    if (pod.requiredTerms === null || pod.requiredTerms.length === 0) return SUCCESS;
    const names = nodeNamesFromTerms(pod.requiredTerms);
    if (names === null) return SUCCESS;
    if (names.size === 0) return REJECT_CONFLICT;
    const slots: number[] = [];
    for (const id of names) {
      const slot = c.nodeByName.get(c.interners.nodeNames.name(id));
      if (slot !== undefined) slots.push(slot);
    }
    state.restrictNodes("NodeAffinity", slots);
    return SUCCESS;
  },
  filter(c, pod, state, node) {
    const a = state.slots[SLOT] as Added;
    if (a.required !== null && !anyTermMatches(c, a.required, node)) return REJECT_ENFORCED;
    if (!matchesSelector(c, pod, node)) return REJECT_POD;
    if (pod.requiredTerms !== null && !anyTermMatches(c, pod.requiredTerms, node)) return REJECT_POD;
    return SUCCESS;
  },
  preScore(c, pod, state) {
    const a = added(c, state.config.NodeAffinity, state.slots[SLOT]);
    state.slots[SLOT] = a;
    return pod.preferredTerms.length > 0 || a.preferred.length > 0;
  },
  score(c, pod, state, node) {
    const a = state.slots[SLOT] as Added;
    let sum = 0;
    for (let i = 0; i < pod.preferredTerms.length; i++) {
      if (termMatches(c, pod.preferredTerms[i]!, node)) sum += pod.preferredWeights[i]!;
    }
    for (let i = 0; i < a.preferred.length; i++) {
      if (termMatches(c, a.preferred[i]!, node)) sum += a.preferredWeights[i]!;
    }
    return sum;
  },
  normalizeScore(_c, _pod, _state, _feasible, scores, count) {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores, count);
  },
  /** `filter` over a chunk; a copy in this module so the call is monomorphic (framework/batch-loops.ts). */
  filterNodes(c, pod, state, nodes, alive, n, statuses, plugin, pluginIndex) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const j = alive[i]!;
      const st = this.filter(c, pod, state, nodes[j]!);
      if (st === SUCCESS) alive[k++] = j;
      else {
        statuses[j] = st;
        plugin[j] = pluginIndex;
      }
    }
    return k;
  },
  /** `score` over the feasible list; a copy in this module so the call is monomorphic. */
  scoreNodes(c, pod, state, feasible, count, out) {
    for (let j = 0; j < count; j++) out[j] = this.score(c, pod, state, feasible[j]!);
  },
} satisfies FilterPlugin & ScorePlugin;
