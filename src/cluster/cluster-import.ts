/**
 * Kubernetes objects → cluster tables.
 *
 * Nodes: `status.allocatable`, falling back to `status.capacity` per resource; labels, taints,
 * `spec.unschedulable`, `status.images`. Pods: requests (pod-requests.ts), labels, host ports,
 * priority (`spec.priority`, else the PriorityClass named by `priorityClassName`, else the
 * `globalDefault` class, else 0), `preemptionPolicy`; a pod with `spec.nodeName` is running
 * there and counts against the node. Terminal pods (Succeeded / Failed) are skipped, as the
 * scheduler's informer filters them out. Placement-relevant fields kubesim does not model
 * produce one warning each.
 */
import { inputError } from "../errors.js";
import { ClusterState } from "./cluster-state.js";
import type { Namespace, Node, Pod, PriorityClass } from "./k8s-types.js";
import {
  EFFECT_NO_EXECUTE,
  EFFECT_NO_SCHEDULE,
  EFFECT_PREFER_NO_SCHEDULE,
  PROTOCOL_SCTP,
  PROTOCOL_TCP,
  PROTOCOL_UDP,
  type AccountedRequests,
  type NodeRecord,
} from "./node-table.js";
import { zoneKey } from "./node-tree.js";
import { computePodRequests, RESOURCE_CPU, RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY, RESOURCE_PODS } from "./pod-requests.js";
import { resourceValue } from "./quantity.js";
import { isTerminalPhase } from "./pod-phase.js";

/** One object to import, as `loadManifests` returns it. */
export interface ImportObject {
  kind: string;
  object: unknown;
  source?: { file: string; line: number; column: number };
}

/** kubelet's default `maxPods` (pkg/kubelet/apis/config/v1beta1/defaults.go), used when a node states none. */
export const DEFAULT_MAX_PODS = 110;

const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** Builds a cluster from objects; PriorityClasses first, then nodes, then everything else, then pods. */
export function buildClusterState(objects: readonly ImportObject[]): ClusterState {
  const c = new ClusterState();
  const rank = (k: string): number => (k === "PriorityClass" ? 0 : k === "Node" ? 1 : k === "Pod" ? 3 : 2);
  const sorted = objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o.kind) - rank(b.o.kind) || a.i - b.i);
  for (const { o } of sorted) {
    const obj = o.object as never;
    switch (o.kind) {
      case "PriorityClass": {
        const pc = obj as PriorityClass;
        c.priorityClasses.set(pc.metadata?.name ?? "", pc);
        break;
      }
      case "Node":
        addNode(c, obj, o.source);
        break;
      case "Pod":
        addPod(c, obj, o.source);
        break;
      case "Service":
        c.services.push(obj);
        break;
      case "ReplicaSet":
        c.replicaSets.push(obj);
        break;
      case "StatefulSet":
        c.statefulSets.push(obj);
        break;
      case "ReplicationController":
        c.replicationControllers.push(obj);
        break;
      case "PodDisruptionBudget":
        c.podDisruptionBudgets.push(obj);
        break;
      case "PersistentVolumeClaim":
      case "PersistentVolume":
      case "StorageClass":
        // Any storage object turns VolumeBinding and VolumeZone on for this cluster.
        c.volumes.enabled = true;
        c.volumes.set(o.kind, obj);
        break;
      case "Namespace": {
        // InterPodAffinity's namespaceSelector matches Namespace labels.
        const ns = obj as Namespace;
        c.namespaceObjects.set(ns.metadata?.name ?? "", ns);
        break;
      }
      default:
        break; // Deployments, DaemonSets, ... are the controllers' business, not the scheduler's.
    }
  }
  return c;
}

/** Adds a Node object; returns its slot. */
export function addNode(c: ClusterState, node: Node, at?: ImportObject["source"]): number {
  const name = node.metadata?.name;
  if (!name) throw inputError("MISSING_FIELD", "metadata.name", "a Node needs a name", at);
  if (c.nodeByName.has(name)) throw inputError("INVALID_VALUE", "metadata.name", `node ${name} is defined twice`, at);
  const rec = nodeRecord(c, node, at);
  return c.addNodeRecord(name, rec, node);
}

/** The table record of a Node object (also used to apply a Node update: cordon, taints). */
export function nodeRecord(c: ClusterState, node: Node, at?: ImportObject["source"]): NodeRecord {
  const I = c.interners;
  const name = node.metadata!.name!;
  const alloc = node.status?.allocatable ?? {};
  const cap = node.status?.capacity ?? {};
  const amounts = new Map<string, number>();
  for (const [field, list] of [["status.capacity", cap], ["status.allocatable", alloc]] as const) {
    for (const [r, q] of Object.entries(list)) {
      try {
        amounts.set(r, resourceValue(r, q));
      } catch (e) {
        throw inputError("INVALID_VALUE", `${field}.${r}`, (e as Error).message, at);
      }
    }
  }
  let pods = amounts.get(RESOURCE_PODS);
  if (pods === undefined) {
    pods = DEFAULT_MAX_PODS;
    c.warn(`Node ${name}`, "status.allocatable.pods", `no pods capacity stated; assuming kubelet's default ${DEFAULT_MAX_PODS}`);
  }
  const scalars: [number, number][] = [];
  for (const [r, v] of amounts) {
    if (r === RESOURCE_CPU || r === RESOURCE_MEMORY || r === RESOURCE_EPHEMERAL_STORAGE || r === RESOURCE_PODS) continue;
    scalars.push([I.scalarResources.id(r), v]);
  }
  const labels = node.metadata?.labels ?? {};
  const effects: Record<string, number> = {
    NoSchedule: EFFECT_NO_SCHEDULE,
    PreferNoSchedule: EFFECT_PREFER_NO_SCHEDULE,
    NoExecute: EFFECT_NO_EXECUTE,
  };
  const taints = (node.spec?.taints ?? []).map((t, i): [number, number, number] => {
    const e = effects[t.effect];
    if (e === undefined) throw inputError("INVALID_VALUE", `spec.taints[${i}].effect`, `unknown taint effect ${JSON.stringify(t.effect)}`, at);
    return [I.taintKeys.id(t.key), I.taintValues.id(t.value ?? ""), e];
  });
  const images: [number, number][] = [];
  for (const img of node.status?.images ?? []) {
    for (const n of img.names ?? []) images.push([I.images.id(n), img.sizeBytes ?? 0]);
  }
  return {
    nameId: I.nodeNames.id(name),
    zoneId: c.zones.id(zoneKey(labels)),
    unschedulable: node.spec?.unschedulable === true,
    cpu: amounts.get(RESOURCE_CPU) ?? 0,
    memory: amounts.get(RESOURCE_MEMORY) ?? 0,
    ephemeralStorage: amounts.get(RESOURCE_EPHEMERAL_STORAGE) ?? 0,
    pods,
    scalars,
    labels: Object.entries(labels).map(([k, v]) => [I.labelKeys.id(k), I.labelValues.id(v)] as const),
    taints,
    images,
  };
}

/**
 * Adds a Pod object; returns its slot, or −1 for a terminal pod (skipped). A pod with
 * `spec.nodeName` naming a known node is bound there.
 */
export function addPod(c: ClusterState, pod: Pod, at?: ImportObject["source"]): number {
  const name = pod.metadata?.name;
  if (!name) throw inputError("MISSING_FIELD", "metadata.name", "a Pod needs a name", at);
  const ns = pod.metadata?.namespace ?? "default";
  const ref = `${ns}/${name}`;
  if (c.podByRef.has(ref)) throw inputError("INVALID_VALUE", "metadata.name", `pod ${ref} is defined twice`, at);
  const phase = pod.status?.phase;
  if (isTerminalPhase(phase)) return -1;
  if (!pod.spec) throw inputError("MISSING_FIELD", "spec", `pod ${ref} has no spec`, at);
  warnUnsupported(c, pod, ref);
  const slot = c.addPodRecord(podRecord(c, pod, ref, at), pod);
  if (pod.metadata?.deletionTimestamp) c.pods.terminating[slot] = 1;
  const nodeName = pod.spec.nodeName;
  if (nodeName) {
    const nodeSlot = c.nodeByName.get(nodeName);
    if (nodeSlot === undefined) c.warn(`Pod ${ref}`, "spec.nodeName", `node ${nodeName} is not in the cluster; the pod stays pending`);
    else c.bind(slot, nodeSlot);
  }
  return slot;
}

/**
 * Per cluster (interned ids differ between clusters): the accounted requests of each spec
 * object and the sorted label pairs of each labels object. Controllers stamp every pod of a
 * template with the template's own `spec` and `labels` objects, so at 150,000 pods this parses
 * quantities and allocates the typed arrays once per template instead of once per pod. The
 * shared values are never mutated.
 */
const podShapes = new WeakMap<ClusterState, { requests: WeakMap<object, AccountedRequests>; labels: WeakMap<object, Int32Array> }>();

function podRecord(c: ClusterState, pod: Pod, ref: string, at?: ImportObject["source"]) {
  let shapes = podShapes.get(c);
  if (shapes === undefined) podShapes.set(c, (shapes = { requests: new WeakMap(), labels: new WeakMap() }));
  const spec = pod.spec!;
  let requests = shapes.requests.get(spec);
  if (requests === undefined) shapes.requests.set(spec, (requests = accountedRequests(c, pod, at)));
  const labelMap = pod.metadata?.labels ?? NO_LABELS;
  let labels = shapes.labels.get(labelMap);
  if (labels === undefined) shapes.labels.set(labelMap, (labels = labelPairIds(c, labelMap)));
  const prio = resolvePriority(c, pod, ref);
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? pod.metadata?.ownerReferences?.[0];
  const start = Date.parse(pod.status?.startTime ?? pod.metadata?.creationTimestamp ?? "");
  return {
    ref,
    namespaceId: c.interners.namespaces.id(pod.metadata?.namespace ?? "default"),
    priority: prio.priority,
    preemptNever: prio.preemptionPolicy === "Never",
    startTimeUs: Number.isFinite(start) ? start * 1000 : 0,
    ownerId: owner ? c.owners.id(`${owner.kind}/${pod.metadata?.namespace ?? "default"}/${owner.name}`) : 0,
    labels,
    requests,
  };
}

const NO_LABELS: Record<string, string> = {};
const NO_IDS = new Int32Array(0);
const NO_AMOUNTS = new Float64Array(0);

/** Label pairs as `[keyId, valueId, …]` sorted by key id. */
function labelPairIds(c: ClusterState, labels: Record<string, string>): Int32Array {
  const I = c.interners;
  const pairs = Object.entries(labels)
    .map(([k, v]) => [I.labelKeys.id(k), I.labelValues.id(v)] as const)
    .sort((a, b) => a[0] - b[0]);
  return pairs.length === 0 ? NO_IDS : Int32Array.from(pairs.flat());
}

function accountedRequests(c: ClusterState, pod: Pod, at?: ImportObject["source"]): AccountedRequests {
  const I = c.interners;
  const r = computePodRequests(pod.spec!, (path, _res, e) => {
    throw inputError("INVALID_VALUE", path, (e as Error).message, at);
  });
  const scalarIds: number[] = [];
  const scalarAmounts: number[] = [];
  for (const [name, v] of r.scalars) {
    scalarIds.push(I.scalarResources.id(name));
    scalarAmounts.push(v);
  }
  const ports = hostPorts(c, pod);
  const ids = (xs: number[]) => (xs.length === 0 ? NO_IDS : Int32Array.from(xs));
  return {
    cpu: r.cpu,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    nonZeroCpu: r.nonZeroCpu,
    nonZeroMemory: r.nonZeroMemory,
    scalarIds: ids(scalarIds),
    scalarAmounts: scalarAmounts.length === 0 ? NO_AMOUNTS : Float64Array.from(scalarAmounts),
    hostPortKeys: ids(ports.keys),
    hostPortIps: ids(ports.ips),
  };
}

/** Host ports of app containers (nodeports/node_ports.go `getContainerPorts`): hostPort > 0. */
export function hostPorts(c: ClusterState, pod: Pod): { keys: number[]; ips: number[] } {
  const keys: number[] = [];
  const ips: number[] = [];
  const protocols: Record<string, number> = { TCP: PROTOCOL_TCP, UDP: PROTOCOL_UDP, SCTP: PROTOCOL_SCTP };
  for (const ct of pod.spec?.containers ?? []) {
    for (const p of ct.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      keys.push(((protocols[p.protocol ?? "TCP"] ?? PROTOCOL_TCP) << 16) | p.hostPort);
      // framework/types.go HostPortInfo.sanitize: an empty host IP means every address.
      ips.push(c.interners.hostIPs.id(p.hostIP || "0.0.0.0"));
    }
  }
  return { keys, ips };
}

function resolvePriority(c: ClusterState, pod: Pod, ref: string): { priority: number; preemptionPolicy: string } {
  const spec = pod.spec!;
  let pc: PriorityClass | undefined;
  if (spec.priorityClassName) {
    pc = c.priorityClasses.get(spec.priorityClassName);
    if (!pc && spec.priority === undefined && !BUILTIN_PRIORITY[spec.priorityClassName]) {
      c.warn(`Pod ${ref}`, "spec.priorityClassName", `PriorityClass ${spec.priorityClassName} not found; priority 0`);
    }
  } else {
    for (const p of c.priorityClasses.values()) if (p.globalDefault) pc = p;
  }
  const builtin = spec.priorityClassName ? BUILTIN_PRIORITY[spec.priorityClassName] : undefined;
  return {
    priority: spec.priority ?? pc?.value ?? builtin ?? 0,
    preemptionPolicy: spec.preemptionPolicy ?? pc?.preemptionPolicy ?? "PreemptLowerPriority",
  };
}

/** pkg/apis/scheduling/types.go: the two system PriorityClasses every cluster has. */
const BUILTIN_PRIORITY: Record<string, number> = {
  "system-cluster-critical": 2000000000,
  "system-node-critical": 2000001000,
};

/** One warning per placement-relevant field kubesim does not model. */
function warnUnsupported(c: ClusterState, pod: Pod, ref: string): void {
  const spec = pod.spec!;
  const obj = `Pod ${ref}`;
  (spec.volumes ?? []).forEach((v, i) => {
    if (v["ephemeral"]) {
      c.warn(obj, `spec.volumes[${i}]`, "generic ephemeral volumes are not modelled (VolumeBinding and VolumeZone ignore them)");
    } else if (v.persistentVolumeClaim && !c.volumes.enabled) {
      c.warn(obj, `spec.volumes[${i}]`, "PersistentVolumeClaim volumes are not modelled without PersistentVolumeClaim objects (VolumeBinding, VolumeZone, NodeVolumeLimits pass every node)");
    }
  });
  const extra = spec as unknown as Record<string, unknown>;
  if (Array.isArray(extra["resourceClaims"]) && extra["resourceClaims"].length > 0) {
    c.warn(obj, "spec.resourceClaims", "dynamic resource allocation (DRA) claims are not modelled; the claim is ignored");
  }
  if (Array.isArray(extra["schedulingGates"]) && extra["schedulingGates"].length > 0) {
    c.warn(obj, "spec.schedulingGates", "scheduling gates are not modelled; the pod is scheduled as if ungated");
  }
  if (spec.schedulerName && spec.schedulerName !== DEFAULT_SCHEDULER_NAME) {
    c.warn(obj, "spec.schedulerName", `scheduler ${spec.schedulerName} is not modelled; the default profile places the pod`);
  }
}
