/**
 * The cluster autoscaler's view of the cluster and its scheduling simulation
 * (cluster-autoscaler/simulator/clustersnapshot and simulator/framework: CA links the real
 * kube-scheduler framework and runs its PreFilter and Filter plugins on its own snapshot).
 *
 * kubesim does the same: a `ClusterState` kept in sync from the store's watches exactly as the
 * scheduler's cache is (cluster-import.ts), and the scheduler's `Framework` for the scenario's
 * profile. `fits(pod, node)` is PreFilter + Filter of one pod on one node; template nodes (what
 * a new node of a pool would look like) and virtual placements are added to the snapshot for a
 * simulation and removed afterwards (`revert`), as CA forks and reverts its snapshot.
 *
 * Pods become "unschedulable" for CA when the scheduler reports FailedScheduling for them
 * (upstream: the PodScheduled=False/Unschedulable condition the scheduler writes).
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import { addNode, addPod, nodeRecord } from "../cluster/cluster-import.js";
import { ClusterState } from "../cluster/cluster-state.js";
import type { KubeObject, Node, Pod } from "../cluster/k8s-types.js";
import { compilePod } from "../scheduler/compiled-pod.js";
import { loadSchedulerConfiguration, unpositioned } from "../scheduler/config/index.js";
import { Framework } from "../scheduler/framework/framework.js";
import { SUCCESS } from "../scheduler/framework/status.js";
import { pluginRegistry } from "../scheduler/plugins/index.js";
import { defaultProfile } from "../scheduler/profile.js";

export class AutoscalerSnapshot {
  readonly c = new ClusterState();
  readonly fw: Framework;
  /** Pod store id → snapshot slot. */
  readonly slotOfId = new Map<number, number>();
  /** Slots the scheduler reported unschedulable and that are still pending. */
  readonly unschedulable = new Set<number>();
  /** Virtual placements of the current simulation: [podSlot, originalNodeSlot (−1 pending), original object]. */
  private moves: [number, number, Pod | undefined][] = [];
  private templates: string[] = [];

  constructor(ctx: ActorContext) {
    const cfgObj = ctx.scenario.schedulerConfig;
    const cfg = cfgObj ? loadSchedulerConfiguration(unpositioned(cfgObj.object, cfgObj.source.file)) : null;
    this.fw = new Framework(cfg?.profiles[0] ?? defaultProfile(), pluginRegistry());
    const s = ctx.store;
    const c = this.c;
    s.watch("PriorityClass", (t, o) => {
      if (t !== "DELETED") c.priorityClasses.set(o.metadata!.name!, o as never);
    });
    s.watch("Service", (t, o) => c.applyPolicyEvent<KubeObject>(c.services, t, o));
    s.watch("ReplicaSet", (t, o) => c.applyPolicyEvent<KubeObject>(c.replicaSets, t, o));
    s.watch("StatefulSet", (t, o) => c.applyPolicyEvent<KubeObject>(c.statefulSets, t, o));
    s.watch("PodDisruptionBudget", (t, o) => c.applyPolicyEvent<KubeObject>(c.podDisruptionBudgets, t, o));
    s.watch("Node", (t, o) => this.onNode(t, o as Node));
    s.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
    s.onEvent((e) => {
      if (e.reason !== "FailedScheduling" || !e.object.startsWith("Pod/")) return;
      const slot = c.podByRef.get(e.object.slice(4));
      if (slot !== undefined && c.pods.nodeSlot[slot] === -1) this.unschedulable.add(slot);
    });
  }

  private onNode(t: WatchEventType, node: Node): void {
    const c = this.c;
    const name = node.metadata!.name!;
    if (t === "ADDED") addNode(c, node);
    else if (t === "MODIFIED") {
      const slot = c.nodeByName.get(name);
      if (slot === undefined) return;
      c.nodes.update(slot, nodeRecord(c, node));
      c.nodeObjects[slot] = node;
      c.touchNode(slot);
    } else if (c.nodeByName.has(name)) c.removeNode(name);
    c.warnings.length = 0;
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const c = this.c;
    if (t === "ADDED") {
      const slot = addPod(c, pod);
      c.warnings.length = 0;
      if (slot >= 0) this.slotOfId.set(id, slot);
      return;
    }
    const slot = this.slotOfId.get(id);
    if (slot === undefined) return;
    if (t === "DELETED") {
      c.deletePod(slot);
      this.slotOfId.delete(id);
      this.unschedulable.delete(slot);
      return;
    }
    if (pod.metadata?.deletionTimestamp && c.pods.terminating[slot] === 0) {
      c.pods.terminating[slot] = 1;
      const n = c.pods.nodeSlot[slot]!;
      if (n >= 0) c.touchNode(n);
    }
    const nodeName = pod.spec?.nodeName;
    if (nodeName && c.pods.nodeSlot[slot] === -1) {
      this.unschedulable.delete(slot);
      const n = c.nodeByName.get(nodeName);
      if (n !== undefined) c.bind(slot, n);
    }
  }

  /** PreFilter + Filter of the pod in `podSlot` on `nodeSlot` (`CheckPredicates`). */
  fits(podSlot: number, nodeSlot: number): boolean {
    const c = this.c;
    const pod = compilePod(c, podSlot);
    if (this.fw.runPreFilter(c, pod, c.nodes.liveCount) !== SUCCESS) return false;
    return this.fw.runFilters(c, pod, nodeSlot) === SUCCESS;
  }

  /** The first of `nodes` (slots) the pod fits on, or −1. */
  firstFit(podSlot: number, nodes: readonly number[]): number {
    const c = this.c;
    const pod = compilePod(c, podSlot);
    if (this.fw.runPreFilter(c, pod, c.nodes.liveCount) !== SUCCESS) return -1;
    for (const n of nodes) if (this.fw.runFilters(c, pod, n) === SUCCESS) return n;
    return -1;
  }

  /** Places (or moves) a pod virtually; undone by `revert`. */
  place(podSlot: number, nodeSlot: number): void {
    const c = this.c;
    this.moves.push([podSlot, c.pods.nodeSlot[podSlot]!, undefined]);
    c.unbind(podSlot);
    c.bind(podSlot, nodeSlot);
  }

  /** Takes a pod off its node virtually (to simulate draining it); undone by `revert`. */
  lift(podSlot: number): void {
    const c = this.c;
    const pod = c.podObjects[podSlot];
    this.moves.push([podSlot, c.pods.nodeSlot[podSlot]!, pod]);
    c.unbind(podSlot);
    // A moved pod is a copy without spec.nodeName (else NodeName would pin it), as CA's drain simulation does.
    if (pod?.spec) c.podObjects[podSlot] = { ...pod, spec: { ...pod.spec, nodeName: undefined } };
  }

  /** Number of virtual moves so far (a mark for `revertTo`). */
  get mark(): number {
    return this.moves.length;
  }

  /** Undoes the virtual moves made after `mark`, newest first. */
  revertTo(mark: number): void {
    const c = this.c;
    while (this.moves.length > mark) {
      const [pod, node, obj] = this.moves.pop()!;
      c.unbind(pod);
      if (node >= 0) c.bind(pod, node);
      if (obj) c.podObjects[pod] = obj;
    }
  }

  /** Adds a template node (a Node object as a new node of a pool would register); returns its slot. */
  addTemplate(node: Node): number {
    this.templates.push(node.metadata!.name!);
    const slot = addNode(this.c, node);
    this.c.warnings.length = 0;
    return slot;
  }

  /** Removes one template node (its virtual pods go back to pending first). */
  removeTemplate(name: string): void {
    const c = this.c;
    const slot = c.nodeByName.get(name);
    if (slot === undefined) return;
    for (const m of this.moves) if (m[0] >= 0 && c.pods.nodeSlot[m[0]] === slot) c.unbind(m[0]);
    c.removeNode(name);
    this.templates = this.templates.filter((n) => n !== name);
  }

  /** Undoes every virtual move and removes every template node. */
  revert(): void {
    this.revertTo(0);
    for (const name of [...this.templates]) this.removeTemplate(name);
  }

  /** Pods (slots) bound to a node, in the node's list order. */
  podsOn(nodeSlot: number): number[] {
    return this.c.podsOnNode(nodeSlot);
  }
}
