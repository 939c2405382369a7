/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 *
 * Filter: the node fails if any taint with effect NoSchedule or NoExecute is tolerated by no
 * toleration of the pod. Score: the number of PreferNoSchedule taints not tolerated by the
 * pod's tolerations whose effect is empty or PreferNoSchedule; normalized in reverse, so the
 * node with the most intolerable taints scores 0 and nodes without any score 100.
 */
import { EFFECT_NO_EXECUTE, EFFECT_NO_SCHEDULE, EFFECT_PREFER_NO_SCHEDULE } from "../../cluster/node-table.js";
import type { FilterPlugin, ScorePlugin } from "../framework/interfaces.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { toleratesTaint } from "../tolerations.js";

/**
 * Current wording (kubernetes/kubernetes PR #134740, in master and v1.34 patch releases).
 * v1.25–v1.34.0 said "node(s) had untolerated taint {<key>: <value>}" naming the first
 * untolerated taint; ≤ v1.24 "node(s) had taint {<key>: <value>}, that the pod didn't tolerate".
 */
export const ERR_REASON_UNTOLERATED_TAINTS = "node(s) had untolerated taint(s)";

const REJECT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_UNTOLERATED_TAINTS));

export const taintToleration = {
  name: "TaintToleration",
  /** Not upstream (Filter only there): skips when no node has a NoSchedule/NoExecute taint. */
  preFilter(c) {
    return c.nodes.hardTaintedCount === 0 ? status(CODE_SKIP, 0) : SUCCESS;
  },
  filter(c, pod, _state, node) {
    const t = c.nodes;
    const base = node * t.taintStride;
    const n = t.taintCount[node]!;
    const tol = pod.tolerations;
    for (let i = 0; i < n; i++) {
      const e = t.taintEffect[base + i]!;
      if (e !== EFFECT_NO_SCHEDULE && e !== EFFECT_NO_EXECUTE) continue;
      const k = t.taintKey[base + i]!;
      const v = t.taintValue[base + i]!;
      let tolerated = false;
      for (let j = 0; j < tol.count && !tolerated; j++) tolerated = toleratesTaint(tol, j, k, v, e);
      if (!tolerated) return REJECT;
    }
    return SUCCESS;
  },
  score(c, pod, _state, node) {
    const t = c.nodes;
    const base = node * t.taintStride;
    const n = t.taintCount[node]!;
    const tol = pod.tolerations;
    let intolerable = 0;
    for (let i = 0; i < n; i++) {
      if (t.taintEffect[base + i] !== EFFECT_PREFER_NO_SCHEDULE) continue;
      const k = t.taintKey[base + i]!;
      const v = t.taintValue[base + i]!;
      let tolerated = false;
      for (let j = 0; j < tol.count && !tolerated; j++) {
        // taint_toleration.go getAllTolerationPreferNoSchedule: only "" and PreferNoSchedule tolerations count.
        const te = tol.effect[j]!;
        if (te !== 0 && te !== EFFECT_PREFER_NO_SCHEDULE) continue;
        tolerated = toleratesTaint(tol, j, k, v, EFFECT_PREFER_NO_SCHEDULE);
      }
      if (!tolerated) intolerable++;
    }
    return intolerable;
  },
  normalizeScore(_c, _pod, _state, _feasible, scores, count) {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores, count);
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
