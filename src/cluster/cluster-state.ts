/**
 * The cluster as the scheduler sees it: node and pod tables, the node visiting order, and the
 * policy objects plugins consult (PriorityClasses for priority, Services / ReplicaSets /
 * StatefulSets / ReplicationControllers for PodTopologySpread's system default selectors,
 * PodDisruptionBudgets for preemption). Mirrors the scheduler cache: bound and assumed pods
 * count against their node immediately.
 *
 * Build one from Kubernetes objects with `buildClusterState` (cluster-import.ts).
 */
import type {
  Namespace,
  Node,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  ReplicaSet,
  ReplicationController,
  Service,
  StatefulSet,
} from "./k8s-types.js";
import { createInterners, Interner, type ClusterInterners } from "./interner.js";
import { NodeTable, type NodeRecord } from "./node-table.js";
import { NodeTree } from "./node-tree.js";
import { PodTable, type PodRecord } from "./pod-table.js";
import { VolumeCatalog } from "./volume-catalog.js";

/** Something kubesim read but does not model; reported once per object and field. */
export interface ClusterWarning {
  /** `Pod default/web-0`, `Node n1`. */
  object: string;
  /** kubectl-style path of the field: `spec.schedulingGates`. */
  path: string;
  message: string;
}

export class ClusterState {
  readonly interners: ClusterInterners = createInterners();
  readonly zones = new Interner();
  readonly owners = new Interner();
  readonly nodes = new NodeTable();
  readonly pods = new PodTable();
  readonly tree = new NodeTree();
  readonly nodeByName = new Map<string, number>();
  readonly podByRef = new Map<string, number>();
  /** The source objects by slot (cold: explain, reports, later plugins). */
  readonly nodeObjects: (Node | undefined)[] = [];
  readonly podObjects: (Pod | undefined)[] = [];
  readonly priorityClasses = new Map<string, PriorityClass>();
  readonly services: Service[] = [];
  readonly replicaSets: ReplicaSet[] = [];
  readonly statefulSets: StatefulSet[] = [];
  readonly replicationControllers: ReplicationController[] = [];
  readonly podDisruptionBudgets: PodDisruptionBudget[] = [];
  /**
   * Bumped by `applyPolicyEvent` on every add, update or delete of a Service, controller or
   * PDB (an update changes the listed object in place), so caches of what they select can tell.
   */
  policyVersion = 0;
  /** PersistentVolumeClaims, PersistentVolumes and StorageClasses (VolumeBinding, VolumeZone). */
  readonly volumes = new VolumeCatalog();
  /** Namespace objects by name (InterPodAffinity `namespaceSelector`); may be empty. */
  readonly namespaceObjects = new Map<string, Namespace>();
  /**
   * Slots of pods with `podAffinity` or `podAntiAffinity` (`NodeInfo.PodsWithAffinity`
   * upstream), so InterPodAffinity visits only them when the incoming pod has no terms.
   */
  readonly podsWithAffinity = new Set<number>();
  /**
   * By node slot: bumped whenever the set of pods on the node changes (bind, unbind, node add
   * or removal), so cross-node plugins can keep per-node pod counts between cycles. Code that
   * changes a bound pod's labels or `terminating` flag must call `touchNode`.
   */
  nodePodsVersion = new Uint32Array(16);
  /**
   * The last `TOUCH_LOG_SIZE` node slots passed to `touchNode`, as a ring indexed by
   * `touchSeq & (TOUCH_LOG_SIZE - 1)`: per-selector domain totals (PodTopologySpread) replay
   * it to catch up with the nodes that changed instead of walking every node each cycle.
   */
  readonly touchLog = new Int32Array(TOUCH_LOG_SIZE);
  /** Number of `touchNode` calls so far. */
  touchSeq = 0;
  readonly warnings: ClusterWarning[] = [];
  /**
   * By label value id: the value as a base-10 integer, NaN when it is not one (NodeAffinity
   * `Gt`/`Lt`, which use `strconv.ParseInt(v, 10, 64)`).
   */
  labelValueNumeric = new Float64Array(16).fill(NaN);

  warn(object: string, path: string, message: string): void {
    this.warnings.push({ object, path, message });
  }

  /** Adds a node given as a table record; `obj` is kept for reports. */
  addNodeRecord(name: string, rec: NodeRecord, obj?: Node): number {
    if (this.nodeByName.has(name)) throw new Error(`node ${name} already exists`);
    const slot = this.nodes.add(rec);
    this.nodeByName.set(name, slot);
    this.nodeObjects[slot] = obj;
    this.tree.add(slot, rec.zoneId);
    for (const [, v] of rec.labels) this.noteLabelValue(v);
    this.touchNode(slot);
    return slot;
  }

  /** Removes a node; its pods become pending (unbound) first. */
  removeNode(name: string): void {
    const slot = this.nodeByName.get(name);
    if (slot === undefined) throw new Error(`no node ${name}`);
    while (this.nodes.firstPod[slot] !== -1) this.unbind(this.nodes.firstPod[slot]!);
    this.tree.remove(slot, this.nodes.zoneId[slot]!);
    this.nodes.remove(slot);
    this.touchNode(slot);
    this.nodeByName.delete(name);
    this.nodeObjects[slot] = undefined;
  }

  /** Adds a pending pod given as a table record. */
  addPodRecord(rec: PodRecord, obj?: Pod): number {
    if (this.podByRef.has(rec.ref)) throw new Error(`pod ${rec.ref} already exists`);
    const slot = this.pods.add(rec);
    this.podByRef.set(rec.ref, slot);
    this.podObjects[slot] = obj;
    for (let i = 1; i < rec.labels.length; i += 2) this.noteLabelValue(rec.labels[i]!);
    const aff = obj?.spec?.affinity;
    if (aff?.podAffinity || aff?.podAntiAffinity) this.podsWithAffinity.add(slot);
    return slot;
  }

  /** Assumes / binds a pending pod to a node: its requests count there from now on. */
  bind(podSlot: number, nodeSlot: number): void {
    const p = this.pods;
    if (p.nodeSlot[podSlot] !== -1) throw new Error(`pod ${p.ref[podSlot]} is already bound`);
    if (this.nodes.live[nodeSlot] !== 1) throw new Error(`node slot ${nodeSlot} is not live`);
    p.nodeSlot[podSlot] = nodeSlot;
    const head = this.nodes.firstPod[nodeSlot]!;
    p.nextOnNode[podSlot] = head;
    p.prevOnNode[podSlot] = -1;
    if (head !== -1) p.prevOnNode[head] = podSlot;
    this.nodes.firstPod[nodeSlot] = podSlot;
    this.nodes.account(nodeSlot, 1, p.requests[podSlot]!);
    this.touchNode(nodeSlot);
  }

  /** Reverses `bind` (failed binding, eviction, node removal): the pod is pending again. */
  unbind(podSlot: number): void {
    const p = this.pods;
    const nodeSlot = p.nodeSlot[podSlot]!;
    if (nodeSlot === -1) return;
    const prev = p.prevOnNode[podSlot]!;
    const next = p.nextOnNode[podSlot]!;
    if (prev === -1) this.nodes.firstPod[nodeSlot] = next;
    else p.nextOnNode[prev] = next;
    if (next !== -1) p.prevOnNode[next] = prev;
    p.nodeSlot[podSlot] = -1;
    this.nodes.account(nodeSlot, -1, p.requests[podSlot]!);
    this.touchNode(nodeSlot);
  }

  /**
   * A watch event for one of the policy lists (`services`, `replicaSets`, `statefulSets`,
   * `podDisruptionBudgets`); every event bumps `policyVersion`. The store usually updates an
   * object in place, which the list already holds (found by identity); an update or delete
   * that passes another object with the same namespace and name (`ObjectStore.update` and
   * `delete` find the entry by key) replaces or removes the listed one.
   */
  applyPolicyEvent<T extends { metadata?: { name?: string; namespace?: string } }>(list: T[], type: "ADDED" | "MODIFIED" | "DELETED", o: T): void {
    this.policyVersion++;
    if (type === "ADDED") {
      list.push(o);
      return;
    }
    let i = list.indexOf(o);
    if (i < 0) {
      const name = o.metadata?.name;
      const ns = o.metadata?.namespace ?? "default";
      i = list.findIndex((x) => x.metadata?.name === name && (x.metadata?.namespace ?? "default") === ns);
    }
    if (type === "DELETED") {
      if (i >= 0) list.splice(i, 1);
    } else if (i < 0) list.push(o);
    else list[i] = o;
  }

  /** The slots of the pods bound to `nodeSlot`, in list order (cold paths: allocates). */
  podsOnNode(nodeSlot: number): number[] {
    const out: number[] = [];
    for (let p = this.nodes.firstPod[nodeSlot]!; p !== -1; p = this.pods.nextOnNode[p]!) out.push(p);
    return out;
  }

  /**
   * Relinks the pods on `nodeSlot` in `order`, which must hold exactly the pods bound there, so
   * that a what-if that unbinds and rebinds pods (the preemption dry run, explain) leaves the
   * list as it found it, as upstream's dry run on a copy of the NodeInfo does: `bind` prepends,
   * so the order would otherwise depend on which nodes were simulated, and later tie-breaks
   * with it.
   */
  restorePodOrder(nodeSlot: number, order: readonly number[]): void {
    const p = this.pods;
    let onNode = 0;
    for (let s = this.nodes.firstPod[nodeSlot]!; s !== -1; s = p.nextOnNode[s]!) onNode++;
    if (onNode !== order.length) throw new Error(`restorePodOrder: node slot ${nodeSlot} has ${onNode} pods, the order ${order.length}`);
    let prev = -1;
    for (const slot of order) {
      if (p.nodeSlot[slot] !== nodeSlot) throw new Error(`restorePodOrder: pod ${p.ref[slot]} is not on node slot ${nodeSlot}`);
      p.prevOnNode[slot] = prev;
      if (prev === -1) this.nodes.firstPod[nodeSlot] = slot;
      else p.nextOnNode[prev] = slot;
      prev = slot;
    }
    if (prev === -1) this.nodes.firstPod[nodeSlot] = -1;
    else p.nextOnNode[prev] = -1;
  }

  /** Marks the pods on `nodeSlot` as changed (see `nodePodsVersion`). */
  touchNode(nodeSlot: number): void {
    if (nodeSlot >= this.nodePodsVersion.length) {
      const next = new Uint32Array(Math.max(nodeSlot + 1, this.nodePodsVersion.length * 2));
      next.set(this.nodePodsVersion);
      this.nodePodsVersion = next;
    }
    this.nodePodsVersion[nodeSlot]!++;
    this.touchLog[this.touchSeq & (TOUCH_LOG_SIZE - 1)] = nodeSlot;
    this.touchSeq++;
  }

  /** Deletes a pod, releasing its node's resources. */
  deletePod(podSlot: number): void {
    this.unbind(podSlot);
    this.podByRef.delete(this.pods.ref[podSlot]!);
    this.podObjects[podSlot] = undefined;
    this.podsWithAffinity.delete(podSlot);
    this.pods.remove(podSlot);
  }

  /** Live node slots in the node tree's visiting order (do not mutate). */
  nodeOrder(): Int32Array {
    return this.tree.list();
  }

  nodeName(slot: number): string {
    return this.interners.nodeNames.name(this.nodes.nameId[slot]!);
  }

  /** Records the integer reading of a label value for Gt/Lt. */
  noteLabelValue(valueId: number): void {
    if (valueId >= this.labelValueNumeric.length) {
      const next = new Float64Array(Math.max(valueId + 1, this.labelValueNumeric.length * 2));
      next.set(this.labelValueNumeric);
      next.fill(NaN, this.labelValueNumeric.length);
      this.labelValueNumeric = next;
    }
    this.labelValueNumeric[valueId] = parseLabelInt(this.interners.labelValues.name(valueId));
  }
}

/** Length of `ClusterState.touchLog` (a power of two). */
export const TOUCH_LOG_SIZE = 65536;

/** `strconv.ParseInt(s, 10, 64)` as a float: optional sign and decimal digits, else NaN. */
export function parseLabelInt(s: string): number {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : NaN;
}
