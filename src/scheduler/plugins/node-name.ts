/**
 * NodeName (pkg/scheduler/framework/plugins/nodename/node_name.go): a pod with
 * `spec.nodeName` fits only the node of that name.
 */
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_NODE_NAME));

export const nodeName = {
  name: "NodeName",
  /** Not upstream (Filter only there): skips pods without `spec.nodeName`, which pass every node. */
  preFilter(_c, pod) {
    return pod.nodeNameId === 0 ? status(CODE_SKIP, 0) : SUCCESS;
  },
  filter(c, pod, _state, node) {
    return pod.nodeNameId === c.nodes.nameId[node] ? SUCCESS : REJECT;
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
