/**
 * NodeName (pkg/scheduler/framework/plugins/nodename/node_name.go): a pod with
 * `spec.nodeName` fits only the node of that name.
 */
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_NODE_NAME));

export const nodeName = {
  name: "NodeName",
  filter(c, pod, _state, node) {
    return pod.nodeNameId === 0 || pod.nodeNameId === c.nodes.nameId[node] ? SUCCESS : REJECT;
  },
} satisfies FilterPlugin;
