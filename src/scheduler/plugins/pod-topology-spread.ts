/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread/{filtering,scoring}.go;
 * the constraints themselves are compiled in ../spread-constraints.ts).
 *
 * PreFilter: for each DoNotSchedule constraint, the number of matching pods per domain
 * (`TpValueToMatchNum`), over every node that has all the constraints' keys and passes that
 * constraint's node inclusion policies; pods counted are in the incoming pod's namespace, not
 * terminating, and match the selector. A domain exists even with 0 pods. Skip without hard
 * constraints. Filter: the node lacks a key → UnschedulableAndUnresolvable (missing required
 * label); `count(node's domain) + selfMatch − minCount > maxSkew` → Unschedulable, where
 * `minCount` is the smallest domain count, or 0 when there are fewer domains than `minDomains`.
 *
 * PreScore (ScheduleAnyway constraints, or the system defaults): feasible nodes missing a key
 * are ignored when the pod has its own constraints (or `defaultingType: List`); domain sets and
 * `w = ln(topoSize + 2)` come from the other feasible nodes; domain counts from every node.
 * Score = round(Σ cnt·w + maxSkew − 1) over the keys the node has; NormalizeScore gives
 * `100·(max + min − s)/max` (100 everywhere when max is 0) and 0 to ignored nodes.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import { allocateStateSlot, type CycleState } from "../framework/cycle-state.js";
import type { FilterPlugin, ScorePlugin } from "../framework/interfaces.js";
import { MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { selectorMatches } from "../label-selector.js";
import { podCountMemo, type PodCountMemo } from "../pod-count-memo.js";
import { hasAllKeys, passesInclusionPolicies, spreadConstraints, type SpreadConstraint } from "../spread-constraints.js";
import { DomainCounts } from "../topology-counts.js";

/** plugin.go ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

const REJECT_LABEL = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_NODE_LABEL_NOT_MATCH));
const REJECT_SKEW = status(CODE_UNSCHEDULABLE, reasonId(ERR_REASON_CONSTRAINTS_NOT_MATCH));

/** PreFilter → Filter: one entry per DoNotSchedule constraint. */
class FilterState {
  n = 0;
  keyIds = new Int32Array(4);
  maxSkew = new Float64Array(4);
  /** The global minimum of the skew formula (`preFilterState.minMatchNum`). */
  minMatch = new Float64Array(4);
  selfMatch = new Float64Array(4);
  readonly counts: DomainCounts[] = [];

  load(list: readonly SpreadConstraint[], valueIds: number): void {
    this.n = list.length;
    if (this.keyIds.length < list.length) {
      const m = list.length * 2;
      this.keyIds = new Int32Array(m);
      this.maxSkew = new Float64Array(m);
      this.minMatch = new Float64Array(m);
      this.selfMatch = new Float64Array(m);
    }
    for (let i = 0; i < list.length; i++) {
      this.keyIds[i] = list[i]!.keyId;
      this.maxSkew[i] = list[i]!.maxSkew;
      (this.counts[i] ??= new DomainCounts()).reset(valueIds);
    }
  }
}

/**
 * PreScore → Score / NormalizeScore: one entry per soft constraint. Exported (read-only use)
 * for fast-path/spread-score.ts, which runs Score and NormalizeScore over the feasible list in
 * one place with the same arithmetic.
 */
export class SpreadScoreState {
  n = 0;
  keyIds = new Int32Array(4);
  maxSkew = new Float64Array(4);
  weight = new Float64Array(4);
  isHostname = new Uint8Array(4);
  readonly counts: DomainCounts[] = [];
  /** Per hostname constraint: matching pods by node slot (feasible, non-ignored nodes only). */
  readonly hostCounts: Int32Array[] = [];
  /** By node slot: 1 = ignored (missing a key under requireAll); set for every feasible node (every slot when requireAll is off). */
  ignored = new Uint8Array(16);

  load(list: readonly SpreadConstraint[], valueIds: number, nodeSlots: number): void {
    this.n = list.length;
    if (this.keyIds.length < list.length) {
      const m = list.length * 2;
      this.keyIds = new Int32Array(m);
      this.maxSkew = new Float64Array(m);
      this.weight = new Float64Array(m);
      this.isHostname = new Uint8Array(m);
    }
    if (this.ignored.length < nodeSlots) this.ignored = new Uint8Array(nodeSlots * 2);
    for (let i = 0; i < list.length; i++) {
      this.keyIds[i] = list[i]!.keyId;
      this.maxSkew[i] = list[i]!.maxSkew;
      this.isHostname[i] = list[i]!.isHostname ? 1 : 0;
      (this.counts[i] ??= new DomainCounts()).reset(valueIds);
      if ((this.hostCounts[i]?.length ?? 0) < nodeSlots) this.hostCounts[i] = new Int32Array(nodeSlots * 2);
    }
  }
}

const FILTER_SLOT = allocateStateSlot();
const SCORE_SLOT = allocateStateSlot();

function filterState(state: CycleState): FilterState {
  return (state.slots[FILTER_SLOT] ??= new FilterState()) as FilterState;
}

function scoreState(state: CycleState): SpreadScoreState {
  return (state.slots[SCORE_SLOT] ??= new SpreadScoreState()) as SpreadScoreState;
}

/** This cycle's PreScore state; valid after a PreScore that returned true. */
export function spreadScoreState(state: CycleState): SpreadScoreState {
  return state.slots[SCORE_SLOT] as SpreadScoreState;
}

/** Whether a constraint's node inclusion policies admit every node for this pod. */
function includesEveryNode(pod: CompiledPod, k: SpreadConstraint): boolean {
  if (k.honorNodeTaints) return false;
  return !k.honorNodeAffinity || (pod.nodeSelector.length === 0 && pod.requiredTerms === null);
}

/** calPreFilterState's walk over every node (several keys, or inclusion policies that filter nodes). */
function buildFilterCountsByWalk(c: ClusterState, pod: CompiledPod, list: readonly SpreadConstraint[], memos: PodCountMemo[], s: FilterState): void {
  const t = c.nodes;
  for (let n = 0; n < t.end; n++) {
    if (t.live[n] !== 1 || !hasAllKeys(c, list, n)) continue;
    for (let i = 0; i < list.length; i++) {
      const k = list[i]!;
      if (!passesInclusionPolicies(c, pod, k, n)) continue;
      s.counts[i]!.add(t.label(n, k.keyId), memos[i]!.countOn(c, n));
    }
  }
}

/** filtering.go calPreFilterState. */
function buildFilterState(c: ClusterState, pod: CompiledPod, list: readonly SpreadConstraint[], s: FilterState): void {
  s.load(list, c.interners.labelValues.size);
  const memos = list.map((k) => podCountMemo(c, k.selector, pod.namespaceId));
  if (list.length === 1 && includesEveryNode(pod, list[0]!)) {
    // One key, every node eligible: the domains are the key's values on live nodes (value 0,
    // "no such label", excluded as hasAllKeys excludes it), each with its running total.
    const totals = memos[0]!.domainTotals(c, list[0]!.keyId);
    const d = s.counts[0]!;
    for (const v of totals.values) if (v !== 0 && totals.nodes[v]! > 0) d.add(v, totals.pods[v]!);
  } else {
    buildFilterCountsByWalk(c, pod, list, memos, s);
  }
  const podLabels = c.pods.labels[pod.slot]!;
  for (let i = 0; i < list.length; i++) {
    const d = s.counts[i]!;
    // filtering.go minMatchNum: fewer eligible domains than minDomains → the global minimum is 0.
    s.minMatch[i] = d.size < list[i]!.minDomains ? 0 : d.min();
    s.selfMatch[i] = selectorMatches(list[i]!.selector, podLabels) ? 1 : 0;
  }
}

/** scoring.go initPreScoreState + the count pass of PreScore. */
function buildScoreState(c: ClusterState, pod: CompiledPod, list: readonly SpreadConstraint[], requireAll: boolean, feasible: Int32Array, count: number, s: SpreadScoreState): void {
  const t = c.nodes;
  s.load(list, c.interners.labelValues.size, t.end);
  const memos = list.map((k) => podCountMemo(c, k.selector, pod.namespaceId));
  let ignoredCount = 0;
  const ignored = s.ignored;
  if (!requireAll) ignored.fill(0, 0, t.end); // no node is ignored: one memset, not a pass over the list
  else {
    for (let j = 0; j < count; j++) {
      const n = feasible[j]!;
      const skip = !hasAllKeys(c, list, n);
      ignored[n] = skip ? 1 : 0;
      if (skip) ignoredCount++;
    }
  }
  // Constraint by constraint (each a tight loop over the list): the domains are still met in
  // list order per constraint, and countOn only caches, so the state is the node-by-node one.
  for (let i = 0; i < list.length; i++) {
    if (s.isHostname[i] === 1) {
      const memo = memos[i]!;
      const hostCounts = s.hostCounts[i]!;
      for (let j = 0; j < count; j++) {
        const n = feasible[j]!;
        if (ignored[n] === 0) hostCounts[n] = memo.countOn(c, n);
      }
      continue;
    }
    // A missing key reads as value 0, upstream's "" domain: it still counts in topoSize.
    const d = s.counts[i]!;
    const keyId = list[i]!.keyId;
    for (let j = 0; j < count; j++) {
      const n = feasible[j]!;
      if (ignored[n] === 0) d.add(t.label(n, keyId), 0);
    }
  }
  for (let i = 0; i < list.length; i++) {
    const size = s.isHostname[i] === 1 ? count - ignoredCount : s.counts[i]!.size;
    s.weight[i] = Math.log(size + 2); // scoring.go topologyNormalizingWeight
  }
  if ((!requireAll || list.length === 1) && list.every((k) => includesEveryNode(pod, k))) {
    // Every live node counts towards its domain (a node lacking the key sits in domain 0, which
    // is a domain here only when requireAll is off): the running totals give the same sums.
    for (let i = 0; i < list.length; i++) {
      if (s.isHostname[i] === 1) continue;
      const totals = memos[i]!.domainTotals(c, list[i]!.keyId);
      const d = s.counts[i]!;
      for (let j = 0; j < d.size; j++) {
        const v = d.value(j);
        d.add(v, totals.pods[v] ?? 0);
      }
    }
    return;
  }
  for (let n = 0; n < t.end; n++) {
    if (t.live[n] !== 1 || (requireAll && !hasAllKeys(c, list, n))) continue;
    for (let i = 0; i < list.length; i++) {
      if (s.isHostname[i] === 1) continue;
      const k = list[i]!;
      const v = t.label(n, k.keyId);
      if (!s.counts[i]!.has(v) || !passesInclusionPolicies(c, pod, k, n)) continue;
      s.counts[i]!.add(v, memos[i]!.countOn(c, n));
    }
  }
}

export const podTopologySpread = {
  name: "PodTopologySpread",
  preFilter(c, pod, state) {
    const list = spreadConstraints(c, pod.object, state.config.PodTopologySpread, "DoNotSchedule");
    if (list.length === 0) return status(CODE_SKIP, 0);
    buildFilterState(c, pod, list, filterState(state));
    return SUCCESS;
  },
  filter(c, _pod, state, node) {
    const s = state.slots[FILTER_SLOT] as FilterState;
    for (let i = 0; i < s.n; i++) {
      const v = c.nodes.label(node, s.keyIds[i]!);
      if (v === 0) return REJECT_LABEL;
      if (s.counts[i]!.get(v) + s.selfMatch[i]! - s.minMatch[i]! > s.maxSkew[i]!) return REJECT_SKEW;
    }
    return SUCCESS;
  },
  preScore(c, pod, state, feasible, count) {
    if (c.nodes.liveCount === 0) return false;
    const args = state.config.PodTopologySpread;
    const list = spreadConstraints(c, pod.object, args, "ScheduleAnyway");
    if (list.length === 0) return false;
    // scoring.go PreScore: only system-defaulted constraints tolerate nodes without every key.
    const requireAll = (pod.object.spec?.topologySpreadConstraints?.length ?? 0) > 0 || args.defaultingType !== "System";
    buildScoreState(c, pod, list, requireAll, feasible, count, scoreState(state));
    return true;
  },
  score(c, _pod, state, node) {
    const s = state.slots[SCORE_SLOT] as SpreadScoreState;
    if (s.ignored[node] === 1) return 0;
    let score = 0;
    for (let i = 0; i < s.n; i++) {
      const v = c.nodes.label(node, s.keyIds[i]!);
      if (v === 0) continue;
      const cnt = s.isHostname[i] === 1 ? s.hostCounts[i]![node]! : s.counts[i]!.get(v);
      score += cnt * s.weight[i]! + (s.maxSkew[i]! - 1); // scoring.go scoreForCount
    }
    return Math.round(score);
  },
  normalizeScore(_c, _pod, state, feasible, scores, count) {
    const s = state.slots[SCORE_SLOT] as SpreadScoreState;
    let min = Infinity;
    let max = 0;
    for (let j = 0; j < count; j++) {
      if (s.ignored[feasible[j]!] === 1) continue;
      const v = scores[j]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let j = 0; j < count; j++) {
      if (s.ignored[feasible[j]!] === 1) scores[j] = 0;
      else if (max === 0) scores[j] = MAX_NODE_SCORE;
      else scores[j] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[j]!)) / max);
    }
  },
} satisfies FilterPlugin & ScorePlugin;
