/**
 * Nominated pods (`pkg/scheduler/backend/queue/nominator.go`): pods whose preemption chose a
 * node and which wait there for their victims to go, with `status.nominatedNodeName` set.
 *
 * While nominated, a pod reserves its resources on the node against pods of equal or lower
 * priority: `RunFilterPluginsWithNominatedPods` runs the filters once with those pods added as
 * if running (`addGENominatedPods`), and the node must pass that run as well as the plain one
 * (schedule-one.ts `filtersWithNominatedPods`). A nomination ends when the pod is bound (the
 * assume step's `DeleteNominatedPodIfExists`), deleted, or renominated / cleared by a later
 * PostFilter.
 *
 * Hot-path contract: `total` and `countOnNode[node]` are the only things a filter loop reads;
 * when they are 0 no nominated-pod work happens at all.
 */
import type { ClusterState } from "../cluster/cluster-state.js";

export class Nominator {
  /** Nominations in the whole cluster; 0 keeps every cycle on the plain filter path. */
  total = 0;
  /** By node slot: pods nominated there. */
  countOnNode = new Int32Array(16);
  /** By pod slot: the nominated node slot, −1 when none. */
  private nodeOfPod = new Int32Array(64).fill(-1);
  /** By node slot: nominated pod slots in nomination order (cold; only while the count is > 0). */
  private readonly podsOnNode = new Map<number, number[]>();

  /** The node `pod` is nominated to, −1 when none. */
  nodeOf(pod: number): number {
    return pod < this.nodeOfPod.length ? this.nodeOfPod[pod]! : -1;
  }

  /** Pods nominated to `node`, in nomination order (do not mutate). */
  podsOn(node: number): readonly number[] {
    return this.podsOnNode.get(node) ?? EMPTY;
  }

  /** `AddNominatedPod`: nominates `pod` to `node`, replacing an earlier nomination. */
  add(pod: number, node: number): void {
    this.remove(pod);
    if (pod >= this.nodeOfPod.length) {
      const next = new Int32Array(Math.max(pod + 1, this.nodeOfPod.length * 2)).fill(-1);
      next.set(this.nodeOfPod);
      this.nodeOfPod = next;
    }
    if (node >= this.countOnNode.length) {
      const next = new Int32Array(Math.max(node + 1, this.countOnNode.length * 2));
      next.set(this.countOnNode);
      this.countOnNode = next;
    }
    this.nodeOfPod[pod] = node;
    this.countOnNode[node]!++;
    this.total++;
    const list = this.podsOnNode.get(node);
    if (list) list.push(pod);
    else this.podsOnNode.set(node, [pod]);
  }

  /** `DeleteNominatedPodIfExists`: returns the node the pod was nominated to, or −1. */
  remove(pod: number): number {
    const node = this.nodeOf(pod);
    if (node < 0) return -1;
    this.nodeOfPod[pod] = -1;
    this.countOnNode[node]!--;
    this.total--;
    const list = this.podsOnNode.get(node)!;
    list.splice(list.indexOf(pod), 1);
    if (list.length === 0) this.podsOnNode.delete(node);
    return node;
  }

  /** Drops every nomination to a node that is gone (its slot may be reused); returns the pods. */
  clearNode(node: number): number[] {
    const pods = [...this.podsOn(node)];
    for (const p of pods) this.remove(p);
    return pods;
  }
}

const EMPTY: readonly number[] = [];

/** Pending pods loaded with `status.nominatedNodeName` (a dump taken mid-preemption) start nominated. */
export function loadNominations(c: ClusterState, nominator: Nominator): void {
  const p = c.pods;
  for (let s = 0; s < p.end; s++) {
    if (p.live[s] !== 1 || p.nodeSlot[s] !== -1) continue;
    const name = c.podObjects[s]?.status?.nominatedNodeName;
    const node = name ? c.nodeByName.get(name) : undefined;
    if (node !== undefined) nominator.add(s, node);
  }
}
