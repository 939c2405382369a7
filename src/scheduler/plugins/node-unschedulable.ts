/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go):
 * a node with `spec.unschedulable` rejects pods that do not tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import { EFFECT_NO_SCHEDULE } from "../../cluster/node-table.js";
import { allocateStateSlot } from "../framework/cycle-state.js";
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { anyTolerates } from "../tolerations.js";

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
/** k8s.io/api/core/v1 well_known_taints.go: TaintNodeUnschedulable. */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

const REJECT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_UNSCHEDULABLE));
const SLOT = allocateStateSlot();

/**
 * Upstream has no PreFilter here; ours only precomputes whether the pod tolerates the taint,
 * so the per-node check is a byte compare.
 */
export const nodeUnschedulable = {
  name: "NodeUnschedulable",
  preFilter(c, pod, state) {
    const key = c.interners.taintKeys.id(TAINT_NODE_UNSCHEDULABLE);
    state.slots[SLOT] = anyTolerates(pod.tolerations, key, c.interners.taintValues.id(""), EFFECT_NO_SCHEDULE);
    return SUCCESS;
  },
  filter(c, _pod, state, node) {
    return c.nodes.unschedulable[node] === 1 && state.slots[SLOT] !== true ? REJECT : SUCCESS;
  },
} satisfies FilterPlugin;
