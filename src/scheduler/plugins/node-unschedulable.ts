/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go):
 * a node with `spec.unschedulable` rejects pods that do not tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import { EFFECT_NO_SCHEDULE } from "../../cluster/node-table.js";
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { anyTolerates } from "../tolerations.js";

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
/** k8s.io/api/core/v1 well_known_taints.go: TaintNodeUnschedulable. */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

const REJECT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_UNSCHEDULABLE));
const SKIP = status(CODE_SKIP, 0);

/**
 * Upstream has no PreFilter here. Ours skips when no node is unschedulable or the pod
 * tolerates the taint (the filter would pass every node), so the per-node work is skipped.
 */
export const nodeUnschedulable = {
  name: "NodeUnschedulable",
  preFilter(c, pod) {
    if (c.nodes.unschedulableCount === 0) return SKIP;
    const key = c.interners.taintKeys.id(TAINT_NODE_UNSCHEDULABLE);
    return anyTolerates(pod.tolerations, key, c.interners.taintValues.id(""), EFFECT_NO_SCHEDULE) ? SKIP : SUCCESS;
  },
  filter(c, _pod, _state, node) {
    return c.nodes.unschedulable[node] === 1 ? REJECT : SUCCESS;
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
} satisfies FilterPlugin;
