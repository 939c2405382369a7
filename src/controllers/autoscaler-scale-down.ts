/**
 * The cluster autoscaler's scale-down (kubernetes/autoscaler cluster-autoscaler: core/scaledown
 * planner/ and actuation/), apart from cluster-autoscaler.ts because its state (how long each
 * node has been unneeded, the drains in flight) is read by nothing in scale-up.
 *
 * A Ready node of an autoscaled pool whose utilization, max(Σ cpu requests /
 * allocatable, Σ memory requests / allocatable), is below the threshold (0.5) is a candidate,
 * unless annotated `cluster-autoscaler.kubernetes.io/scale-down-disabled: "true"`. It is
 * unneeded if every pod on it can move (DaemonSet pods and expendable pods, priority below
 * `expendable-pods-priority-cutoff` −10, are not moved). What keeps a node, per FAQ.md "What
 * types of pods can prevent CA from removing a node?" (utils/drain rules): a pod annotated
 * `safe-to-evict: "false"`; unless annotated `safe-to-evict: "true"`, a pod with no controller,
 * a kube-system pod without a PodDisruptionBudget, or a pod with local storage (hostPath, an
 * emptyDir not in memory) not listed in `safe-to-evict-local-volumes`
 * (`--skip-nodes-with-system-pods` and `--skip-nodes-with-local-storage` default true); and any
 * pod whose budget allows fewer disruptions than the node would cause. Each pod must fit on
 * another node (not another unneeded one) in the snapshot. A node unneeded
 * without a break for `scale-down-unneeded-time` (10 min) is removed when no scale-up happened
 * in the last `scale-down-delay-after-add` (10 min), none was deleted in the last
 * `scale-down-delay-after-delete` (one scan), and its pool stays ≥ minCount: empty nodes up to
 * 10 at once, otherwise one node, drained: tainted `ToBeDeletedByClusterAutoscaler`, its pods
 * evicted through the Eviction API (a refusal is retried every 10 s), the Node deleted once
 * they are gone (at most `max-graceful-termination-sec`).
 *
 * Simplified: at most 30 non-empty candidates are checked per loop
 * (`scale-down-non-empty-candidates-count`); unready nodes are never candidates; a drain
 * that runs out of time deletes the node anyway instead of untainting it.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { Node, Pod, Taint } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import type { ClusterAutoscalerSettings } from "../scenario/scenario-types.js";
import type { AutoscalerSnapshot } from "./autoscaler-snapshot.js";
import type { ClusterAutoscalerOptions, PoolState } from "./cluster-autoscaler.js";
import { blocksScaleDown, isDaemonSetPod, isExpendable, isReady, SCALE_DOWN_DISABLED, utilization } from "./scale-down-rules.js";

/** cluster-autoscaler/utils/taints: the taint CA puts on a node it is removing. */
export const TAINT_TO_BE_DELETED = "ToBeDeletedByClusterAutoscaler";
/** --scale-down-non-empty-candidates-count. */
const NON_EMPTY_CANDIDATES = 30;
/** core/scaledown/actuation: EvictionRetryTime. */
const EVICTION_RETRY_US = 10_000_000;

/** What scale-down shares with the autoscaler loop that owns it. */
export interface ScaleDownOptions extends Pick<ClusterAutoscalerOptions, "budgets" | "evict"> {
  ctx: ActorContext;
  settings: ClusterAutoscalerSettings;
  snap: AutoscalerSnapshot;
  pools: ReadonlyMap<string, PoolState>;
  poolOfNode: (name: string) => PoolState | undefined;
  /** Node name → since when it is unneeded (the autoscaler reports it). */
  unneededSince: Map<string, number>;
}

export class ScaleDown {
  nodesRemoved = 0;
  private readonly ctx: ActorContext;
  private readonly s: ClusterAutoscalerSettings;
  private readonly snap: AutoscalerSnapshot;
  private readonly unneededSince: Map<string, number>;
  /** Node being deleted → since when. */
  private readonly deleting = new Map<string, number>();
  private lastDeleteUs = -Infinity;
  private readonly kDrainCheck: number;
  private readonly drainNames: string[] = [];
  /** Draining node → when its refused evictions are retried. */
  private readonly nextEvictionUs = new Map<string, number>();

  constructor(private readonly opts: ScaleDownOptions) {
    this.ctx = opts.ctx;
    this.s = opts.settings;
    this.snap = opts.snap;
    this.unneededSince = opts.unneededSince;
    this.kDrainCheck = opts.ctx.sim.handler((i) => this.drainCheck(i));
  }

  /** The Node is gone: its unneeded timer and its deletion end. */
  nodeDeleted(name: string, ps: PoolState): void {
    this.unneededSince.delete(name);
    if (this.deleting.delete(name)) ps.deleting--;
  }

  /** One loop's scale-down: updates the unneeded nodes, then removes the ripe ones (if no delay forbids it). */
  run(now: number, lastScaleUpUs: number): void {
    const snap = this.snap;
    const c = snap.c;
    const candidates: number[] = [];
    for (const ps of this.opts.pools.values()) {
      for (const name of ps.nodes) {
        const slot = c.nodeByName.get(name);
        if (slot === undefined || this.deleting.has(name) || !isReady(c.nodeObjects[slot])) continue;
        if (c.nodeObjects[slot]?.metadata?.annotations?.[SCALE_DOWN_DISABLED] === "true") continue;
        if (utilization(c, slot) < this.s.scaleDownUtilizationThreshold) candidates.push(slot);
      }
    }
    // Nodes already unneeded first (their timers continue), then by node order.
    candidates.sort((a, b) => Number(this.unneededSince.has(c.nodeName(b))) - Number(this.unneededSince.has(c.nodeName(a))));
    const removed = new Set<number>();
    const unneeded = new Set<string>();
    /** Disruptions of each budget taken by the nodes found unneeded so far in this scan. */
    const spent = new Map<string, number>();
    let nonEmpty = 0;
    try {
      const order = Array.from(c.nodeOrder());
      for (const slot of candidates) {
        const pods = this.snap.podsOn(slot).filter((p) => !isDaemonSetPod(c.podObjects[p]) && !isExpendable(c.podObjects[p]) && c.pods.terminating[p] === 0);
        if (pods.length > 0 && ++nonEmpty > NON_EMPTY_CANDIDATES) {
          const name = c.nodeName(slot);
          if (this.unneededSince.has(name)) unneeded.add(name);
          continue;
        }
        const spentBefore = new Map(spent);
        if (this.blocked(pods, spent)) continue;
        const mark = snap.mark;
        const dest = order.filter((n) => n !== slot && !removed.has(n) && !this.deleting.has(c.nodeName(n)));
        let ok = true;
        for (const p of pods) {
          snap.lift(p);
          const n = snap.firstFit(p, dest);
          if (n < 0) {
            ok = false;
            break;
          }
          snap.place(p, n);
        }
        if (!ok) {
          snap.revertTo(mark);
          spent.clear();
          for (const [k, v] of spentBefore) spent.set(k, v);
          continue;
        }
        removed.add(slot);
        unneeded.add(c.nodeName(slot));
      }
    } finally {
      snap.revert();
    }
    for (const name of [...this.unneededSince.keys()]) if (!unneeded.has(name)) this.unneededSince.delete(name);
    for (const name of unneeded) if (!this.unneededSince.has(name)) this.unneededSince.set(name, now);

    if (now - lastScaleUpUs < this.s.scaleDownDelayAfterAddUs || now - this.lastDeleteUs < this.s.scaleDownDelayAfterDeleteUs) return;
    const ripe = [...this.unneededSince].filter(([, since]) => now - since >= this.s.scaleDownUnneededTimeUs).map(([n]) => n);
    // Empty nodes first, up to max-empty-bulk-delete at once; else one node drained.
    const empty: string[] = [];
    const busy: string[] = [];
    for (const name of ripe) {
      const slot = c.nodeByName.get(name)!;
      if (snap.podsOn(slot).some((p) => !isDaemonSetPod(c.podObjects[p]))) busy.push(name);
      else empty.push(name);
    }
    const chosen: string[] = [];
    for (const name of empty.length > 0 ? empty : busy) {
      const ps = this.opts.poolOfNode(name)!;
      if (ps.nodes.size - ps.deleting - 1 < ps.pool.autoscaling!.minCount) continue;
      ps.deleting++;
      chosen.push(name);
      if (chosen.length >= (empty.length > 0 ? this.s.maxEmptyBulkDelete : 1)) break;
    }
    for (const name of chosen) this.removeNode(name, now);
  }

  /** Taints the node, evicts its pods, and deletes the Node once they are gone. */
  private removeNode(name: string, now: number): void {
    const { store } = this.ctx;
    const node = store.get("Node", undefined, name) as Node | undefined;
    if (!node) return;
    this.lastDeleteUs = now;
    this.deleting.set(name, now);
    this.unneededSince.delete(name);
    const taint: Taint = { key: TAINT_TO_BE_DELETED, value: String(Math.floor(now / 1e6)), effect: "NoSchedule" };
    node.spec = { ...node.spec, taints: [...(node.spec?.taints ?? []), taint] };
    store.update("Node", node);
    store.recordEvent("Normal", "ScaleDown", "Node", node, "marked the node as toBeDeleted/unschedulable");
    const slot = this.snap.c.nodeByName.get(name);
    let evicted = 0;
    if (slot !== undefined) {
      for (const p of this.snap.podsOn(slot)) {
        const pod = this.snap.c.podObjects[p];
        if (!pod || isDaemonSetPod(pod) || pod.metadata?.deletionTimestamp) continue;
        store.recordEvent("Normal", "ScaleDown", "Pod", pod, "deleting pod for node scale down");
        this.evictOne(pod);
        evicted++;
      }
    }
    this.drainNames.push(name);
    this.nextEvictionUs.set(name, now + EVICTION_RETRY_US);
    // An empty node goes at once; a drained one when its pods are gone (checked every second).
    if (evicted === 0) this.drainCheck(this.drainNames.length - 1);
    else this.ctx.sim.after(1_000_000, Band.CONTROLLER, this.kDrainCheck, this.drainNames.length - 1);
  }

  /** Evicts one pod (through the Eviction API when wired); false when a budget refused it. */
  private evictOne(pod: Pod): boolean {
    const { store, ledger } = this.ctx;
    const id = store.idOf("Pod", pod);
    const known = id >= 0 && ledger.has(id);
    const before = known ? ledger.evictionReason[id] : undefined;
    // Set first: the deletion's watchers read it.
    if (known) ledger.evictionReason[id] = "ScaleDown";
    const ok = this.opts.evict ? this.opts.evict(pod) : (store.deletePod(pod), true);
    if (!ok && known) ledger.evictionReason[id] = before!;
    return ok;
  }

  /**
   * Whether one of the node's pods keeps it (FAQ.md; utils/drain and the PDB rule). Budgets
   * already spent on nodes found unneeded earlier in this scan count (CA's RemainingPdbTracker);
   * when the node is not blocked its pods are charged to them.
   */
  private blocked(pods: readonly number[], spent: Map<string, number>): boolean {
    const c = this.snap.c;
    const onNode = new Map<string, number>();
    let limits: Map<string, number> | null = null;
    for (const p of pods) {
      const pod = c.podObjects[p];
      if (!pod) continue;
      const budgets = this.opts.budgets?.(pod) ?? [];
      if (blocksScaleDown(pod, budgets.length > 0)) return true;
      for (const b of budgets) {
        onNode.set(b.name, (onNode.get(b.name) ?? 0) + 1);
        (limits ??= new Map()).set(b.name, b.disruptionsAllowed);
      }
    }
    // drainability/rules/pdb: removing the node must not take more pods than a budget allows.
    for (const [name, n] of onNode) if (n + (spent.get(name) ?? 0) > limits!.get(name)!) return true;
    for (const [name, n] of onNode) spent.set(name, (spent.get(name) ?? 0) + n);
    return false;
  }

  /** Deletes a draining node once only DaemonSet pods remain, or after the graceful-termination cap. */
  private drainCheck(i: number): void {
    const name = this.drainNames[i]!;
    const since = this.deleting.get(name);
    if (since === undefined) return;
    const { store, sim } = this.ctx;
    const slot = this.snap.c.nodeByName.get(name);
    const left = slot === undefined ? 0 : this.snap.podsOn(slot).filter((p) => !isDaemonSetPod(this.snap.c.podObjects[p])).length;
    if (left > 0 && sim.nowUs - since < this.s.maxGracefulTerminationUs) {
      if (sim.nowUs >= (this.nextEvictionUs.get(name) ?? Infinity)) {
        // Pods a budget refused are asked again (upstream retries every EvictionRetryTime).
        this.nextEvictionUs.set(name, sim.nowUs + EVICTION_RETRY_US);
        for (const p of this.snap.podsOn(slot!)) {
          const pod = this.snap.c.podObjects[p];
          if (pod && !isDaemonSetPod(pod) && !pod.metadata?.deletionTimestamp) this.evictOne(pod);
        }
      }
      sim.after(1_000_000, Band.CONTROLLER, this.kDrainCheck, i);
      return;
    }
    this.nextEvictionUs.delete(name);
    const node = store.get("Node", undefined, name) as Node | undefined;
    if (node) {
      store.recordEvent("Normal", "RemovingNode", "Node", node, "Removing Node " + name + " event: Removing Node " + name + " from Controller");
      store.delete("Node", node);
      this.nodesRemoved++;
    }
  }
}
