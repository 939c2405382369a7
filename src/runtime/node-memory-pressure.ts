/**
 * The node side of resource dynamics: which pods are on which node, node CPU contention, and
 * the kubelet's eviction manager and the kernel's global OOM killer for memory
 * (shared/reference/models.md §2; models in src/models/memory.ts):
 *
 * - every housekeeping interval (10 s, ticks on multiples of 10 s) each node's
 *   `memory.available = capacity − Σ working sets` is compared with `memory.available<100Mi`;
 *   when met, one pod is evicted (rankMemoryPressure order, grace period 0): the pod is marked
 *   Failed/Evicted with the kubelet's message, and removed, so its controller replaces it;
 * - the `MemoryPressure` condition is True while the threshold was met within the last
 *   `evictionPressureTransitionPeriod` (5 min), with the `node.kubernetes.io/memory-pressure`
 *   NoSchedule taint (TaintNodesByCondition, written here rather than by the node lifecycle
 *   controller);
 * - at every traffic sample and tick, if the pods' working sets reach the node's memory, the
 *   global OOM killer kills the container with the largest `oom_badness` until they fit.
 *
 * Simplification: the memory available to pods is allocatable + 100Mi (the system daemons use
 * exactly their reservation), so the threshold is met when the pods use more than allocatable.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { Node, NodeCondition, Pod, Taint } from "../cluster/k8s-types.js";
import { resourceValue } from "../cluster/quantity.js";
import { Band } from "../engine/index.js";
import { contentionScratch, shareNodeCpu } from "../models/cpu-contention.js";
import {
  EVICTED_REASON, EVICTION_HARD_MEMORY_AVAILABLE_BYTES, globalOomVictim, HOUSEKEEPING_INTERVAL_US, MEMORY_PRESSURE_TAINT,
  MemoryPressureState, oomScoreAdj, rankMemoryPressure, type QosName,
} from "../models/memory.js";

/** What the node side reads of the pods (ResourceDynamics' columns, by store id). */
export interface PodMemoryView {
  readonly workingSet: Float64Array;
  readonly memRequest: Float64Array;
  readonly cpuRequestMilli: Float64Array;
  readonly priority: Float64Array;
  readonly qos: Uint8Array;
  growNodes(n: number): void;
  /** Brings every pod's working set up to now (the leak grows between traffic samples). */
  refreshWorkingSets(nowUs: number): void;
}

const QOS_NAMES: readonly QosName[] = ["Guaranteed", "Burstable", "BestEffort"];

export class NodeMemoryPressure {
  evictions = 0;
  private readonly index = new Map<string, number>();
  private names: string[] = [];
  private nodes: (Node | undefined)[] = [];
  private coresOf: number[] = [];
  private memoryOf: number[] = [];
  private podSets: Set<number>[] = [];
  /** By node: the sum of its pods' working sets as the last checkGlobalOom left it. */
  private usedAfterOom: number[] = [];
  private states: MemoryPressureState[] = [];
  private scratch = contentionScratch(256);
  private kHousekeeping = -1;

  constructor(
    private readonly ctx: ActorContext,
    private readonly pods: PodMemoryView,
    private readonly oomKill: (podId: number) => void,
  ) {}

  start(): void {
    const sim = this.ctx.sim;
    this.kHousekeeping = sim.handler(() => this.housekeeping());
    sim.at(HOUSEKEEPING_INTERVAL_US, Band.WORKLOAD, this.kHousekeeping, 0);
  }

  onNode(t: WatchEventType, node: Node): void {
    const name = node.metadata!.name!;
    let n = this.index.get(name);
    if (t === "DELETED") {
      if (n !== undefined) this.nodes[n] = undefined;
      return;
    }
    if (n === undefined) {
      n = this.names.length;
      this.index.set(name, n);
      this.names.push(name);
      this.podSets.push(new Set());
      this.states.push(new MemoryPressureState());
      this.pods.growNodes(n + 1);
    }
    const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
    this.nodes[n] = node;
    this.coresOf[n] = alloc["cpu"] === undefined ? 0 : resourceValue("cpu", alloc["cpu"]) / 1000;
    this.memoryOf[n] = (alloc["memory"] === undefined ? 0 : resourceValue("memory", alloc["memory"])) + EVICTION_HARD_MEMORY_AVAILABLE_BYTES;
  }

  nodeIndex(name: string): number {
    return this.index.get(name) ?? -1;
  }

  cores(n: number): number {
    return this.coresOf[n] ?? 0;
  }

  add(n: number, id: number): void {
    this.podSets[n]!.add(id);
  }

  remove(n: number, id: number): void {
    this.podSets[n]?.delete(id);
  }

  podsOf(n: number): Iterable<number> {
    return this.podSets[n] ?? [];
  }

  /**
   * For nodes whose pods want more CPU than the node has, the allotment of each pod (weighted
   * water-filling through the QoS hierarchy); NaN elsewhere (uncontended: demand is met).
   */
  shareContended(nodeDemand: Float64Array, demand: Float64Array, allotted: Float64Array): void {
    for (let n = 0; n < this.names.length; n++) {
      const set = this.podSets[n]!;
      for (const id of set) allotted[id] = NaN;
      if (nodeDemand[n]! <= this.coresOf[n]!) continue;
      const ids = [...set];
      if (ids.length + 3 > this.scratch.demand.length) this.scratch = contentionScratch(ids.length * 2);
      const d = new Float64Array(ids.length);
      const req = new Float64Array(ids.length);
      const q = new Uint8Array(ids.length);
      const out = new Float64Array(ids.length);
      ids.forEach((id, i) => {
        d[i] = demand[id]!;
        req[i] = this.pods.cpuRequestMilli[id]!;
        q[i] = this.pods.qos[id]!;
      });
      shareNodeCpu(ids.length, d, req, q, this.coresOf[n]!, out, this.scratch);
      ids.forEach((id, i) => (allotted[id] = out[i]!));
    }
  }

  /**
   * The kernel's global OOM killer on every node whose pods' working sets reach its memory.
   * Leaves each node's sum of working sets after the kills in `usedAfterOom`.
   */
  checkGlobalOom(): void {
    for (let n = 0; n < this.names.length; n++) {
      if (this.nodes[n] === undefined) continue;
      let used = this.used(n);
      for (let guard = this.podSets[n]!.size; guard > 0 && used >= this.memoryOf[n]!; guard--) {
        const ids = [...this.podSets[n]!].filter((id) => this.pods.workingSet[id]! > 0);
        const rss = ids.map((id) => this.pods.workingSet[id]!);
        const adj = ids.map((id) => oomScoreAdj(QOS_NAMES[this.pods.qos[id]!]!, this.pods.memRequest[id]!, this.memoryOf[n]!));
        const v = globalOomVictim(ids.length, rss, adj, this.memoryOf[n]!);
        if (v < 0) break;
        this.oomKill(ids[v]!);
        used = this.used(n);
      }
      this.usedAfterOom[n] = used;
    }
  }

  private used(n: number): number {
    let s = 0;
    for (const id of this.podSets[n]!) s += this.pods.workingSet[id]!;
    return s;
  }

  private housekeeping(): void {
    const sim = this.ctx.sim;
    const now = sim.nowUs;
    this.pods.refreshWorkingSets(now);
    this.checkGlobalOom();
    for (let n = 0; n < this.names.length; n++) {
      const node = this.nodes[n];
      if (node === undefined || this.ctx.world.isDown(this.names[n]!)) continue;
      const st = this.states[n]!;
      const before = st.pressure;
      // The sum checkGlobalOom just took: nothing has changed the node's pods since (an eviction
      // below touches only its own node). Summing them again cost scale-5000 ~0.7 s of CPU per
      // simulated half hour (housekeeping 1.6 → 1.0 s in a profile).
      const available = this.memoryOf[n]! - this.usedAfterOom[n]!;
      if (st.observe(now, available)) {
        const ids = [...this.podSets[n]!];
        const order = rankMemoryPressure(ids.map((_, i) => i), ids.map((id) => this.pods.workingSet[id]!), ids.map((id) => this.pods.memRequest[id]!), ids.map((id) => this.pods.priority[id]!));
        if (order.length > 0) this.evict(ids[order[0]!]!, available);
      }
      if (st.pressure !== before) this.setPressure(node, st.pressure);
    }
    const next = now + HOUSEKEEPING_INTERVAL_US;
    if (next <= this.ctx.scenario.durationUs) sim.at(next, Band.WORKLOAD, this.kHousekeeping, 0);
  }

  /** pkg/kubelet/eviction: the pod fails with reason Evicted and the kubelet's message; grace period 0. */
  private evict(id: number, availableBytes: number): void {
    const { store, ledger } = this.ctx;
    const pod = this.podObject(id);
    if (pod === undefined) return;
    const ws = this.pods.workingSet[id]!;
    const req = this.pods.memRequest[id]!;
    // eviction/helpers.go nodeLowMessageFmt and containerMessageFmt.
    const c = pod.spec!.containers[0]!;
    const message =
      `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${Math.floor(availableBytes / 1024)}Ki. ` +
      `Container ${c.name} was using ${Math.floor(ws / 1024)}Ki, request is ${req}, has larger consumption of memory. `;
    store.recordEvent("Warning", EVICTED_REASON, "Pod", pod, message);
    ledger.evictionReason[id] = EVICTED_REASON;
    ledger.markNotReady(id);
    pod.status = { ...(pod.status ?? {}), phase: "Failed", reason: EVICTED_REASON, message } as Pod["status"];
    this.evictions++;
    this.pods.workingSet[id] = 0;
    // Failed/Evicted is posted (pod-status history, watchers), then the pod is removed so that
    // its controller replaces it at once (upstream it stays Failed until pod GC; the ReplicaSet
    // already ignores it).
    store.update("Pod", pod);
    store.delete("Pod", pod);
  }

  private podObject(id: number): Pod | undefined {
    const L = this.ctx.ledger;
    return this.ctx.store.get("Pod", L.namespace[id], L.name[id]!) as Pod | undefined;
  }

  private setPressure(node: Node, on: boolean): void {
    const cond: NodeCondition = on
      ? { type: "MemoryPressure", status: "True", reason: "KubeletHasInsufficientMemory", message: "kubelet has insufficient memory available" }
      : { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" };
    const conditions = (node.status?.conditions ?? []).filter((c) => c.type !== "MemoryPressure");
    node.status = { ...(node.status ?? {}), conditions: [...conditions, cond] };
    const taints: Taint[] = (node.spec?.taints ?? []).filter((t) => t.key !== MEMORY_PRESSURE_TAINT);
    if (on) taints.push({ key: MEMORY_PRESSURE_TAINT, effect: "NoSchedule" });
    node.spec = { ...(node.spec ?? {}), taints };
    this.ctx.store.update("Node", node);
  }
}
