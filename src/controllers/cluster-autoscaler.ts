/**
 * The cluster autoscaler (kubernetes/autoscaler cluster-autoscaler: core/static_autoscaler.go
 * `RunOnce`, core/scaleup, core/scaledown, estimator/binpacking_estimator.go, expander/),
 * for the node pools that have `autoscaling: {minCount, maxCount}`. One loop every
 * `scan-interval` (10 s, at multiples of it):
 *
 * Scale-up. Pods the scheduler reported unschedulable are first placed, in the snapshot, on
 * existing nodes and on nodes still being provisioned ("upcoming", as template nodes); those
 * that fit are left to the scheduler. For the rest, each pool below its max estimates how many
 * new nodes it needs: pods sorted by size relative to the pool's node, first-fit onto template
 * nodes with the scheduler's own PreFilter/Filter plugins (autoscaler-snapshot.ts). The
 * expander picks one pool (`random`, CA's default, or `least-waste`: least idle cpu + memory
 * fraction, ties at random); that pool grows by the estimate, capped at its max. A new node
 * registers `provisioningDelay` later (Ready=False with the `node.kubernetes.io/not-ready`
 * NoSchedule taint) and turns Ready `nodeReadyDelay` after that. No scale-down in a loop that
 * scaled up.
 *
 * Scale-down. A Ready node of an autoscaled pool whose utilization, max(Σ cpu requests /
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
 * Simplified: no balancing of similar pools; at most 30 non-empty candidates are checked per
 * loop (`scale-down-non-empty-candidates-count`); unready nodes are never candidates; a drain
 * that runs out of time deletes the node anyway instead of untainting it.

 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { Node, Pod, Taint } from "../cluster/k8s-types.js";
import { Band, type Rng } from "../engine/index.js";
import type { ClusterAutoscalerSettings, NodePool } from "../scenario/scenario-types.js";
import { DEFAULT_CA_SETTINGS } from "./autoscaling-defaults.js";
import { AutoscalerSnapshot } from "./autoscaler-snapshot.js";
import { TAINT_NODE_NOT_READY } from "./node-lifecycle.js";
import { blocksScaleDown, isDaemonSetPod, isExpendable, isReady, leastWaste, SCALE_DOWN_DISABLED, utilization } from "./scale-down-rules.js";

export { blocksScaleDown, leastWaste, utilization } from "./scale-down-rules.js";

/** cluster-autoscaler/utils/taints: the taint CA puts on a node it is removing. */
export const TAINT_TO_BE_DELETED = "ToBeDeletedByClusterAutoscaler";
/** --scale-down-non-empty-candidates-count. */
const NON_EMPTY_CANDIDATES = 30;
/** core/scaledown/actuation: EvictionRetryTime. */
const EVICTION_RETRY_US = 10_000_000;

/** Makes the Node objects of new pool nodes (the runtime owns node naming). */
export interface NodeProvisioner {
  /** The Node the next node of `pool` registers as (`<pool>-<index>`); advances the index. */
  newNode(pool: string): Node;
  /** The index the next node of `pool` will get. */
  nextIndex(pool: string): number;
  /** A Node object for node `index` of `pool`, without allocating the name (templates). */
  nodeAt(pool: string, index: number): Node;
}

export interface ClusterAutoscalerOptions {
  provisioner: NodeProvisioner;
  gauge?: (metric: string, scope: string, read: () => number) => void;
  /** The PodDisruptionBudgets selecting a pod, with their `disruptionsAllowed` now (none: no budget). */
  budgets?: (pod: Pod) => { name: string; disruptionsAllowed: number }[];
  /** `POST pods/<name>/eviction`; false when refused (429/500). Default: delete the pod. */
  evict?: (pod: Pod) => boolean;
}

/** One pool's scale-up option. */
export interface ScaleUpOption {
  pool: NodePool;
  nodes: number;
  /** Pod slots the new nodes would take. */
  pods: number[];
}

interface PoolState {
  pool: NodePool;
  /** Registered nodes of the pool (names), in registration order. */
  nodes: Set<string>;
  /**
   * Requested nodes not yet Ready: provisioning, or registered and starting (clusterstate's
   * upcoming = target − ready − unready: a registered node that never was Ready is NotStarted).
   */
  upcoming: number;
  /** Of `nodes`, those registered by CA and not yet Ready (counted in `upcoming` instead). */
  starting: number;
  deleting: number;
}

export class ClusterAutoscaler implements Actor {
  readonly name = "cluster-autoscaler";
  nodesAdded = 0;
  nodesRemoved = 0;
  /** When each scale-up was requested (tests, V38). */
  readonly scaleUps: { atUs: number; pool: string; nodes: number }[] = [];
  private ctx!: ActorContext;
  private s: ClusterAutoscalerSettings = { ...DEFAULT_CA_SETTINGS };
  private snap!: AutoscalerSnapshot;
  private rng!: Rng;
  private readonly pools = new Map<string, PoolState>();
  /** Node name → since when it is unneeded. */
  readonly unneededSince = new Map<string, number>();
  private readonly deleting = new Map<string, number>();
  private lastScaleUpUs = -Infinity;
  private lastDeleteUs = -Infinity;
  private readonly notTriggered = new Set<string>();
  private readonly registrations: string[] = [];
  private kScan = -1;
  private kRegister = -1;
  private kReady = -1;
  private kDrainCheck = -1;
  private readonly drainNames: string[] = [];
  /** Draining node → when its refused evictions are retried. */
  private readonly nextEvictionUs = new Map<string, number>();

  constructor(private readonly opts: ClusterAutoscalerOptions) {}

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    for (const p of ctx.scenario.nodePools) if (p.autoscaling) this.pools.set(p.name, { pool: p, nodes: new Set(), upcoming: 0, starting: 0, deleting: 0 });
    if (this.pools.size === 0) return;
    this.s = ctx.scenario.autoscaling?.clusterAutoscaler ?? this.s;
    this.snap = new AutoscalerSnapshot(ctx);
    this.rng = ctx.rng.stream("cluster-autoscaler");
    const sim = ctx.sim;
    this.kScan = sim.handler(() => this.scan());
    this.kRegister = sim.handler((i) => this.register(this.registrations[i]!));
    this.kReady = sim.handler((i) => this.markReady(this.registrations[i]!));
    this.kDrainCheck = sim.handler((i) => this.drainCheck(i));
    ctx.store.watch("Node", (t, o) => {
      const name = o.metadata!.name!;
      const ps = this.poolOfNode(name);
      if (!ps) return;
      if (t === "ADDED") ps.nodes.add(name);
      else if (t === "DELETED") {
        ps.nodes.delete(name);
        this.unneededSince.delete(name);
        if (this.deleting.delete(name)) ps.deleting--;
      }
    });
    const g = this.opts.gauge;
    g?.("cluster_autoscaler_upcoming_nodes", "cluster", () => {
      let n = 0;
      for (const p of this.pools.values()) n += p.upcoming;
      return n;
    });
    g?.("cluster_autoscaler_unneeded_nodes", "cluster", () => this.unneededSince.size);
    sim.at(0, Band.CONTROLLER, this.kScan, 0);
  }

  /** The pool's target size: registered and Ready-or-not nodes plus upcoming ones, minus those being deleted. */
  private targetSize(ps: PoolState): number {
    return ps.nodes.size - ps.starting + ps.upcoming - ps.deleting;
  }

  private poolOfNode(name: string): PoolState | undefined {
    const m = /^(.+)-(0|[1-9][0-9]*)$/.exec(name);
    return m ? this.pools.get(m[1]!) : undefined;
  }

  private scan(): void {
    const now = this.ctx.sim.nowUs;
    const scaledUp = this.scaleUp(now);
    if (scaledUp) this.lastScaleUpUs = now;
    else if (this.s.scaleDownEnabled) this.scaleDown(now);
    this.ctx.sim.at(now + this.s.scanIntervalUs, Band.CONTROLLER, this.kScan, 0);
  }

  // ---- scale-up ----

  private scaleUp(now: number): boolean {
    const snap = this.snap;
    const c = snap.c;
    const pending = [...snap.unschedulable].filter((p) => c.pods.nodeSlot[p] === -1 && c.pods.terminating[p] === 0 && !isExpendable(c.podObjects[p]));
    if (pending.length === 0) return false;
    try {
      // Upcoming nodes count as capacity already (clusterstate's upcoming nodes in the snapshot).
      let k = 0;
      for (const ps of this.pools.values()) for (let i = 0; i < ps.upcoming; i++) snap.addTemplate(this.template(ps.pool, k++));
      const nodes = Array.from(c.nodeOrder());
      const left = this.filterOutSchedulable(pending, nodes);
      if (left.length === 0) return false;
      const options: ScaleUpOption[] = [];
      for (const ps of this.pools.values()) {
        const room = ps.pool.autoscaling!.maxCount - this.targetSize(ps);
        if (room <= 0) continue;
        const o = this.estimate(ps.pool, left, room, k);
        if (o.nodes > 0) options.push(o);
      }
      if (options.length === 0) {
        for (const p of left) this.notTrigger(p);
        return false;
      }
      const best = this.expand(options);
      const ps = this.pools.get(best.pool.name)!;
      const from = this.targetSize(ps);
      const message = `pod triggered scale-up: [{${best.pool.name} ${from}->${from + best.nodes} (max: ${best.pool.autoscaling!.maxCount})}]`;
      for (const p of best.pods) {
        const pod = c.podObjects[p];
        if (pod) this.ctx.store.recordEvent("Normal", "TriggeredScaleUp", "Pod", pod, message);
      }
      for (let i = 0; i < best.nodes; i++) {
        this.registrations.push(best.pool.name);
        this.ctx.sim.at(now + this.s.provisioningDelayUs, Band.NODE_FAILURE, this.kRegister, this.registrations.length - 1);
      }
      ps.upcoming += best.nodes;
      this.scaleUps.push({ atUs: now, pool: best.pool.name, nodes: best.nodes });
      return true;
    } finally {
      snap.revert();
    }
  }

  /** Pending pods that fit on an existing or upcoming node are left to the scheduler. */
  private filterOutSchedulable(pending: number[], nodes: number[]): number[] {
    const left: number[] = [];
    const failedSpecs = new Set<unknown>();
    for (const p of pending) {
      const spec = this.snap.c.podObjects[p]?.spec;
      if (failedSpecs.has(spec)) {
        left.push(p);
        continue;
      }
      const n = this.snap.firstFit(p, nodes);
      if (n >= 0) this.snap.place(p, n);
      else {
        failedSpecs.add(spec);
        left.push(p);
      }
    }
    return left;
  }

  /** BinpackingNodeEstimator: first-fit decreasing onto up to `room` template nodes of the pool. */
  private estimate(pool: NodePool, pods: number[], room: number, k0: number): ScaleUpOption {
    const snap = this.snap;
    const c = snap.c;
    const mark = snap.mark;
    const score = (p: number): number => c.pods.requests[p]!.cpu / pool.cpuMillicores + c.pods.requests[p]!.memory / pool.memoryBytes;
    const sorted = [...pods].sort((a, b) => score(b) - score(a));
    const fresh: number[] = [];
    const names: string[] = [];
    const helped: number[] = [];
    const hopeless = new Set<unknown>();
    let k = k0;
    for (const p of sorted) {
      const spec = c.podObjects[p]?.spec;
      if (hopeless.has(spec)) continue;
      // The newest node first, then the others.
      let n = fresh.length > 0 && snap.fits(p, fresh[fresh.length - 1]!) ? fresh[fresh.length - 1]! : -1;
      if (n < 0) n = snap.firstFit(p, fresh);
      if (n < 0 && fresh.length < room) {
        const t = this.template(pool, k++);
        const slot = snap.addTemplate(t);
        if (snap.fits(p, slot)) {
          fresh.push(slot);
          names.push(t.metadata!.name!);
          n = slot;
        } else {
          snap.removeTemplate(t.metadata!.name!);
          hopeless.add(spec);
        }
      }
      if (n >= 0) {
        snap.place(p, n);
        helped.push(p);
      }
    }
    snap.revertTo(mark);
    for (const name of names) snap.removeTemplate(name);
    return { pool, nodes: fresh.length, pods: helped };
  }

  /** `random` (CA's default) or `least-waste` (ties broken at random). */
  private expand(options: ScaleUpOption[]): ScaleUpOption {
    let best = options;
    if (this.s.expander === "least-waste") best = leastWaste(options, (p) => this.snap.c.pods.requests[p]!);
    return best.length === 1 ? best[0]! : best[this.rng.int(best.length)]!;
  }

  private notTrigger(p: number): void {
    const pod = this.snap.c.podObjects[p];
    const ref = this.snap.c.pods.ref[p]!;
    if (!pod || this.notTriggered.has(ref)) return;
    this.notTriggered.add(ref);
    this.ctx.store.recordEvent("Normal", "NotTriggerScaleUp", "Pod", pod, "pod didn't trigger scale-up: it wouldn't fit on a new node of any pool below its maximum size");
  }

  private template(pool: NodePool, k: number): Node {
    const n = this.opts.provisioner.nodeAt(pool.name, this.opts.provisioner.nextIndex(pool.name) + k);
    const name = `template-node-for-${pool.name}-${k}`;
    n.metadata = { ...n.metadata, name, labels: { ...n.metadata?.labels, "kubernetes.io/hostname": name } };
    return n;
  }

  private register(pool: string): void {
    const ps = this.pools.get(pool)!;
    ps.starting++;
    const node = this.opts.provisioner.newNode(pool);
    // The kubelet registers before its runtime and network are ready (kubelet_node_status.go).
    node.status = { ...node.status, conditions: [{ type: "Ready", status: "False", reason: "KubeletNotReady", message: "container runtime network not ready" }] };
    node.spec = { ...node.spec, taints: [...(node.spec?.taints ?? []), { key: TAINT_NODE_NOT_READY, effect: "NoSchedule" }] };
    this.ctx.store.create("Node", node);
    this.nodesAdded++;
    this.registrations.push(node.metadata!.name!);
    this.ctx.sim.after(this.s.nodeReadyDelayUs, Band.NODE_FAILURE, this.kReady, this.registrations.length - 1);
  }

  private markReady(name: string): void {
    const node = this.ctx.store.get("Node", undefined, name) as Node | undefined;
    const ps = this.poolOfNode(name)!;
    ps.starting--;
    ps.upcoming--;
    if (!node) return;
    node.status = { ...node.status, conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }] };
    node.spec = { ...node.spec, taints: (node.spec?.taints ?? []).filter((t) => t.key !== TAINT_NODE_NOT_READY) };
    this.ctx.store.update("Node", node);
  }

  // ---- scale-down ----

  private scaleDown(now: number): void {
    const snap = this.snap;
    const c = snap.c;
    const candidates: number[] = [];
    for (const ps of this.pools.values()) {
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

    if (now - this.lastScaleUpUs < this.s.scaleDownDelayAfterAddUs || now - this.lastDeleteUs < this.s.scaleDownDelayAfterDeleteUs) return;
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
      const ps = this.poolOfNode(name)!;
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
