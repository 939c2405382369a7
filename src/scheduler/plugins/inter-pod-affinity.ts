/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity/{filtering,scoring}.go;
 * terms compiled in ../affinity-terms.ts).
 *
 * PreFilter counts, per (topology key, value): existing pods' required anti-affinity terms
 * that match the incoming pod (`existingAntiAffinityCounts`, visiting only pods with affinity);
 * and, when the incoming pod has required terms, existing pods matching all of its affinity
 * terms (`affinityCounts`) or each anti-affinity term (`antiAffinityCounts`). Skip when all
 * three are empty of work. Filter, first failure wins: (1) affinity — every term's key on the
 * node and a matching pod in each term's domain, unless no pod matches at all and the pod
 * matches its own terms (the first pod of a self-affine group) → UnschedulableAndUnresolvable;
 * (2) a pod matching an anti-affinity term in the node's domain → Unschedulable; (3) an
 * existing pod whose anti-affinity matches the incoming pod in a domain the node is in →
 * Unschedulable.
 *
 * PreScore sums weights into `topologyScore[key][value]` over existing pods (all of them when
 * the incoming pod has preferred terms, else those with affinity): incoming preferred affinity
 * +w / anti-affinity −w for each matching existing pod; an existing pod's required affinity
 * matching the incoming pod +hardPodAffinityWeight, its preferred terms ±w. Score = Σ over the
 * node's keys; NormalizeScore = ⌊100·(s − min)/(max − min)⌋ over the feasible nodes.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import { matchesAllTerms, podAffinityTerms, slotTermsOf, termMatchesPod, withMergedNamespaces, type AffinityTerm, type SlotTerms } from "../affinity-terms.js";
import type { CompiledPod } from "../compiled-pod.js";
import { allocateStateSlot } from "../framework/cycle-state.js";
import type { FilterPlugin, ScorePlugin } from "../framework/interfaces.js";
import { MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { namespaceLabels } from "../namespace-labels.js";
import type { InterPodAffinityArgs } from "../profile.js";
import { KeyedCounts, type DomainCounts } from "../topology-counts.js";

/** filtering.go error reasons (v1.22+: one reason per status). */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

const REJECT_AFFINITY = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_AFFINITY_RULES_NOT_MATCH));
const REJECT_ANTI_AFFINITY = status(CODE_UNSCHEDULABLE, reasonId(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH));
const REJECT_EXISTING = status(CODE_UNSCHEDULABLE, reasonId(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH));

class FilterState {
  readonly existing = new KeyedCounts();
  readonly affinity = new KeyedCounts();
  readonly antiAffinity = new KeyedCounts();
  /** Per incoming required affinity / anti-affinity term: its key and its key's counts. */
  affinityKeys = new Int32Array(4);
  affinityCounts: DomainCounts[] = [];
  nAffinity = 0;
  antiKeys = new Int32Array(4);
  antiCounts: DomainCounts[] = [];
  nAnti = 0;
  /** The incoming pod matches all its own affinity terms. */
  selfMatch = false;
}

class ScoreState {
  readonly topologyScore = new KeyedCounts();
}

const FILTER_SLOT = allocateStateSlot();
const SCORE_SLOT = allocateStateSlot();

/** Calls `visit(podSlot, nodeSlot)` for every bound pod, or only those with affinity. */
function forEachBoundPod(c: ClusterState, onlyWithAffinity: boolean, visit: (p: number, n: number) => void): void {
  if (onlyWithAffinity) {
    for (const p of c.podsWithAffinity) {
      const n = c.pods.nodeSlot[p]!;
      if (n !== -1) visit(p, n);
    }
    return;
  }
  const t = c.nodes;
  for (let n = 0; n < t.end; n++) {
    if (t.live[n] !== 1) continue;
    for (let p = t.firstPod[n]!; p !== -1; p = c.pods.nextOnNode[p]!) visit(p, n);
  }
}

/** Adds `delta` at (term key, node's value) when the node has the key. */
function addAtNode(c: ClusterState, m: KeyedCounts, t: AffinityTerm, node: number, delta: number): void {
  const v = c.nodes.label(node, t.keyId);
  if (v !== 0) m.add(t.keyId, v, delta);
}

function buildFilterState(c: ClusterState, pod: CompiledPod, s: FilterState): void {
  const valueIds = c.interners.labelValues.size;
  s.existing.reset(valueIds);
  s.affinity.reset(valueIds);
  s.antiAffinity.reset(valueIds);
  const own = podAffinityTerms(c, pod.object);
  const affinity = withMergedNamespaces(c, own.requiredAffinity);
  const anti = withMergedNamespaces(c, own.requiredAntiAffinity);
  const nsLabels = c.podsWithAffinity.size > 0 ? namespaceLabels(c, pod.namespaceId) : null;
  const existingTerms = slotTermsOf(c);
  // filtering.go getExistingAntiAffinityCounts: nodes' PodsWithRequiredAntiAffinity.
  forEachBoundPod(c, true, (p, n) => {
    const terms = existingTerms.get(c, p).requiredAntiAffinity;
    for (const t of terms) if (termMatchesPod(c, t, pod.slot, nsLabels)) addAtNode(c, s.existing, t, n, 1);
  });
  s.nAffinity = affinity.length;
  s.nAnti = anti.length;
  if (s.affinityKeys.length < affinity.length) s.affinityKeys = new Int32Array(affinity.length * 2);
  if (s.antiKeys.length < anti.length) s.antiKeys = new Int32Array(anti.length * 2);
  affinity.forEach((t, i) => {
    s.affinityKeys[i] = t.keyId;
    s.affinityCounts[i] = s.affinity.forKey(t.keyId);
  });
  anti.forEach((t, i) => {
    s.antiKeys[i] = t.keyId;
    s.antiCounts[i] = s.antiAffinity.forKey(t.keyId);
  });
  s.selfMatch = matchesAllTerms(c, affinity, pod.slot);
  if (affinity.length === 0 && anti.length === 0) return;
  // filtering.go getIncomingAffinityAntiAffinityCounts: every pod on every node.
  forEachBoundPod(c, false, (p, n) => {
    if (matchesAllTerms(c, affinity, p)) for (const t of affinity) addAtNode(c, s.affinity, t, n, 1);
    for (const t of anti) if (termMatchesPod(c, t, p, null)) addAtNode(c, s.antiAffinity, t, n, 1);
  });
}

/** scoring.go processExistingPod for existing pod `p` on node `n`. */
function processExistingPod(
  c: ClusterState,
  pod: CompiledPod,
  args: InterPodAffinityArgs,
  preferred: { affinity: AffinityTerm[]; anti: AffinityTerm[] },
  nsLabels: Int32Array,
  existingTerms: SlotTerms,
  m: KeyedCounts,
  p: number,
  n: number,
): void {
  for (const t of preferred.affinity) if (termMatchesPod(c, t, p, null)) addAtNode(c, m, t, n, t.weight);
  for (const t of preferred.anti) if (termMatchesPod(c, t, p, null)) addAtNode(c, m, t, n, -t.weight);
  const e = existingTerms.get(c, p);
  if (args.hardPodAffinityWeight > 0) {
    for (const t of e.requiredAffinity) if (termMatchesPod(c, t, pod.slot, nsLabels)) addAtNode(c, m, t, n, args.hardPodAffinityWeight);
  }
  for (const t of e.preferredAffinity) if (termMatchesPod(c, t, pod.slot, nsLabels)) addAtNode(c, m, t, n, t.weight);
  for (const t of e.preferredAntiAffinity) if (termMatchesPod(c, t, pod.slot, nsLabels)) addAtNode(c, m, t, n, -t.weight);
}

export const interPodAffinity = {
  name: "InterPodAffinity",
  preFilter(c, pod, state) {
    const s = (state.slots[FILTER_SLOT] ??= new FilterState()) as FilterState;
    buildFilterState(c, pod, s);
    if (s.existing.entries === 0 && s.nAffinity === 0 && s.nAnti === 0) return status(CODE_SKIP, 0);
    return SUCCESS;
  },
  filter(c, _pod, state, node) {
    const s = state.slots[FILTER_SLOT] as FilterState;
    const t = c.nodes;
    if (s.nAffinity > 0) {
      // filtering.go satisfyPodAffinity
      let podsExist = true;
      for (let i = 0; i < s.nAffinity; i++) {
        const v = t.label(node, s.affinityKeys[i]!);
        if (v === 0) return REJECT_AFFINITY;
        if (s.affinityCounts[i]!.get(v) <= 0) podsExist = false;
      }
      if (!podsExist && !(s.affinity.entries === 0 && s.selfMatch)) return REJECT_AFFINITY;
    }
    if (s.antiAffinity.entries > 0) {
      for (let i = 0; i < s.nAnti; i++) {
        const v = t.label(node, s.antiKeys[i]!);
        if (v !== 0 && s.antiCounts[i]!.get(v) > 0) return REJECT_ANTI_AFFINITY;
      }
    }
    const ex = s.existing;
    for (let i = 0; i < ex.keyCount; i++) {
      const v = t.label(node, ex.keys[i]!);
      if (v !== 0 && ex.at(i).get(v) > 0) return REJECT_EXISTING;
    }
    return SUCCESS;
  },
  preScore(c, pod, state) {
    const args = state.config.InterPodAffinity;
    const own = podAffinityTerms(c, pod.object);
    const hasConstraints = own.preferredAffinity.length > 0 || own.preferredAntiAffinity.length > 0;
    if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return false;
    // Without preferred terms only existing pods' terms can score, and there are none.
    if (!hasConstraints && c.podsWithAffinity.size === 0) return false;
    const s = (state.slots[SCORE_SLOT] ??= new ScoreState()) as ScoreState;
    const m = s.topologyScore;
    m.reset(c.interners.labelValues.size);
    const preferred = { affinity: withMergedNamespaces(c, own.preferredAffinity), anti: withMergedNamespaces(c, own.preferredAntiAffinity) };
    const nsLabels = namespaceLabels(c, pod.namespaceId);
    // Unless the incoming pod has preferred terms, only existing pods with affinity can matter.
    const existingTerms = slotTermsOf(c);
    forEachBoundPod(c, !hasConstraints, (p, n) => processExistingPod(c, pod, args, preferred, nsLabels, existingTerms, m, p, n));
    return m.entries > 0;
  },
  score(c, _pod, state, node) {
    const m = (state.slots[SCORE_SLOT] as ScoreState).topologyScore;
    let score = 0;
    for (let i = 0; i < m.keyCount; i++) {
      const v = c.nodes.label(node, m.keys[i]!);
      if (v !== 0) score += m.at(i).get(v);
    }
    return score;
  },
  normalizeScore(_c, _pod, _state, _feasible, scores, count) {
    // scoring.go NormalizeScore (min starts at MaxInt64, max at MinInt64).
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < count; j++) {
      const v = scores[j]!;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const diff = max - min;
    for (let j = 0; j < count; j++) scores[j] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[j]! - min) / diff)) : 0;
  },
} satisfies FilterPlugin & ScorePlugin;
