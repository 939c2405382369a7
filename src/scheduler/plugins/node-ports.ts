/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports/node_ports.go): a requested host port
 * conflicts with one in use on the node for the same protocol and port when either side binds
 * 0.0.0.0 or both bind the same IP (framework/types.go `HostPortInfo.CheckConflict`).
 * PreFilter skips pods without host ports.
 */
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE, status, SUCCESS } from "../framework/status.js";

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** Interned id of 0.0.0.0 (interner.ts registers it first). */
const BIND_ALL = 1;
const REJECT = status(CODE_UNSCHEDULABLE, reasonId(ERR_REASON_NODE_PORTS));

export const nodePorts = {
  name: "NodePorts",
  preFilter(_c, pod) {
    return pod.hostPortKeys.length === 0 ? status(CODE_SKIP, 0) : SUCCESS;
  },
  filter(c, pod, _state, node) {
    const t = c.nodes;
    const base = node * t.portStride;
    const used = t.portCount[node]!;
    for (let i = 0; i < pod.hostPortKeys.length; i++) {
      const key = pod.hostPortKeys[i]!;
      const ip = pod.hostPortIps[i]!;
      for (let j = 0; j < used; j++) {
        if (t.portKey[base + j] !== key) continue;
        const usedIp = t.portIp[base + j]!;
        if (ip === BIND_ALL || usedIp === BIND_ALL || usedIp === ip) return REJECT;
      }
    }
    return SUCCESS;
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
