/**
 * Cluster events that can move pods out of the unschedulable pool, and which plugins' rejections
 * each of them may resolve.
 *
 * Upstream, every plugin registers `EventsToRegister` (resource + action type) with a
 * QueueingHint function that decides per pod and per event whether to requeue
 * (`pkg/scheduler/framework/plugins/*`, `pkg/scheduler/backend/queue/scheduling_queue.go
 * isPodWorthRequeuing`). kubesim keeps the event kinds the simulator produces and, per plugin,
 * the events whose hint can answer `Queue`; it does not evaluate the hint function itself
 * (a node add requeues a pod rejected by NodeResourcesFit even if that node is too small).
 * That is the simplification of reference §1.1: faithful for resource-driven workloads.
 *
 * A pod's rejectors are a bitmask over plugin ids (bit i = the i-th name of the list given to
 * `buildEventInterest`), so the hot path is one AND per pod.
 */

/** Event kinds, numbered for bitmasks. */
export const ClusterEventKind = {
  /** Node/Add. */
  NodeAdd: 0,
  /** Node/Delete (only topology spreading can benefit). */
  NodeDelete: 1,
  /** Node/UpdateNodeAllocatable with more allocatable than before. */
  NodeAllocatableIncrease: 2,
  /** Node/UpdateNodeTaint, including `spec.unschedulable` changes. */
  NodeTaintChange: 3,
  /** Node/UpdateNodeLabel. */
  NodeLabelChange: 4,
  /** Pod/Add of a bound (assigned) pod. */
  AssignedPodAdd: 5,
  /** Pod/Delete of a bound (assigned) pod: frees resources, ports, volumes. */
  AssignedPodDelete: 6,
  /** PersistentVolumeClaim/Add|Update (a claim created, bound or annotated). */
  PvcAddOrUpdate: 7,
  /** PersistentVolume/Add|Update. */
  PvAddOrUpdate: 8,
  /** StorageClass/Add. */
  StorageClassAdd: 9,
} as const;
export type ClusterEventKind = (typeof ClusterEventKind)[keyof typeof ClusterEventKind];

export const CLUSTER_EVENT_KIND_COUNT = 10;

/**
 * Bit recorded for in-flight pods by the wildcard `UnschedulableTimeout` event of the leftover
 * flush: it makes any rejected pod worth requeuing (`isPodWorthRequeuing`: wildcard → Queue).
 */
export const WILDCARD_EVENT_BIT = 1 << CLUSTER_EVENT_KIND_COUNT;

const K = ClusterEventKind;

/**
 * Per plugin, the events that can make a pod it rejected schedulable.
 * Sources: each plugin's `EventsToRegister` plus the outcome of its QueueingHint for the
 * changes kubesim models.
 */
export const REQUEUE_EVENTS: Readonly<Record<string, readonly ClusterEventKind[]>> = {
  // noderesources/fit.go: Pod/Delete, Node/Add|UpdateNodeAllocatable (its hint skips taint and
  // label-only updates).
  NodeResourcesFit: [K.NodeAdd, K.NodeAllocatableIncrease, K.AssignedPodDelete],
  // nodeports/node_ports.go: Pod/Delete, Node/Add.
  NodePorts: [K.NodeAdd, K.AssignedPodDelete],
  // tainttoleration/taint_toleration.go: Node/Add|UpdateNodeTaint.
  TaintToleration: [K.NodeAdd, K.NodeTaintChange],
  // nodeunschedulable/node_unschedulable.go: Node/Add|UpdateNodeTaint.
  NodeUnschedulable: [K.NodeAdd, K.NodeTaintChange],
  // nodeaffinity/node_affinity.go: Node/Add|UpdateNodeLabel.
  NodeAffinity: [K.NodeAdd, K.NodeLabelChange],
  // nodename/node_name.go: Node/Add.
  NodeName: [K.NodeAdd],
  // podtopologyspread/plugin.go: Pod/All, Node/Add|Delete|UpdateNodeLabel|UpdateNodeTaint.
  PodTopologySpread: [
    K.NodeAdd,
    K.NodeDelete,
    K.NodeLabelChange,
    K.NodeTaintChange,
    K.AssignedPodAdd,
    K.AssignedPodDelete,
  ],
  // interpodaffinity/plugin.go: Pod/All, Node/Add|UpdateNodeLabel.
  InterPodAffinity: [K.NodeAdd, K.NodeLabelChange, K.AssignedPodAdd, K.AssignedPodDelete],
  // Volume plugins: kubesim models no CSINode, CSIDriver or CSIStorageCapacity objects.
  VolumeRestrictions: [K.AssignedPodDelete],
  NodeVolumeLimits: [K.NodeAdd, K.AssignedPodDelete],
  // volumebinding/volume_binding.go: StorageClass/Add|Update, PVC/Add|Update, PV/Add|Update,
  // Node/Add|UpdateNodeLabel.
  VolumeBinding: [K.NodeAdd, K.NodeLabelChange, K.PvcAddOrUpdate, K.PvAddOrUpdate, K.StorageClassAdd],
  // volumezone/volume_zone.go: StorageClass/Add, Node/Add|UpdateNodeLabel, PVC/Add|Update, PV/Add|Update.
  VolumeZone: [K.NodeAdd, K.NodeLabelChange, K.PvcAddOrUpdate, K.PvAddOrUpdate, K.StorageClassAdd],
};

/**
 * `interest[kind]` = mask of the plugins (bit i = `pluginNames[i]`) whose rejection `kind` may
 * resolve. At most 31 plugins fit the mask; plugins without requeue events get no bit set
 * anywhere (pods they reject wait for the 5-minute leftover flush).
 */
export function buildEventInterest(pluginNames: readonly string[]): Int32Array {
  if (pluginNames.length > 31) throw new Error(`buildEventInterest: ${pluginNames.length} plugins exceed a 31-bit mask`);
  const interest = new Int32Array(CLUSTER_EVENT_KIND_COUNT);
  pluginNames.forEach((name, bit) => {
    for (const kind of REQUEUE_EVENTS[name] ?? []) interest[kind] |= 1 << bit;
  });
  return interest;
}

/** Bit of `name` in a rejector mask over `pluginNames`; throws for a name not in the list. */
export function pluginBit(pluginNames: readonly string[], name: string): number {
  const i = pluginNames.indexOf(name);
  if (i < 0) throw new Error(`pluginBit: ${name} is not in the plugin list`);
  return 1 << i;
}
