/**
 * cluster/: the cluster as typed-array tables. Nodes and pods live in struct-of-arrays columns
 * over `SharedArrayBuffer` (node-table.ts, pod-table.ts), strings are interned to small ints
 * (interner.ts), quantities parse exactly as Kubernetes does (quantity.ts), and
 * `buildClusterState` turns Kubernetes objects into a `ClusterState` the scheduler reads.
 *
 * May import: `../engine/` and `../errors.ts`; nothing above it (scheduler, scenario, cli).
 *
 *   const c = buildClusterState(loadManifests(["nodes.json", "pods.json"]).objects);
 *   const n = c.nodeByName.get("node-1")!;
 *   c.nodes.allocCpu[n];            // millicores
 *   c.nodes.label(n, c.interners.labelKeys.id("topology.kubernetes.io/zone"));
 */
export { ClusterState, type ClusterWarning } from "./cluster-state.js";
export { addNode, addPod, buildClusterState, DEFAULT_MAX_PODS, type ImportObject } from "./cluster-import.js";
export { createInterners, Interner, type ClusterInterners } from "./interner.js";
export { NodeTable, type AccountedRequests, type NodeRecord } from "./node-table.js";
export { NodeTree, zoneKey } from "./node-tree.js";
export { PodTable, type PodRecord } from "./pod-table.js";
export { computePodRequests, DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, type PodResourceRequests } from "./pod-requests.js";
