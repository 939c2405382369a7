/**
 * The cluster autoscaler (kubernetes/autoscaler cluster-autoscaler: core/static_autoscaler.go
 * `RunOnce`, core/scaleup, estimator/binpacking_estimator.go, expander/), for the node pools
 * that have `autoscaling: {minCount, maxCount}`: the loop, the pools' sizes and scale-up.
 * Scale-down is autoscaler-scale-down.ts. One loop every `scan-interval` (10 s, at multiples
 * of it):
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
 * Simplified: no balancing of similar pools.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { Node, Pod } from "../cluster/k8s-types.js";
import { Band, type Rng } from "../engine/index.js";
import type { ClusterAutoscalerSettings, NodePool } from "../scenario/scenario-types.js";
import { ScaleDown } from "./autoscaler-scale-down.js";
import { AutoscalerSnapshot } from "./autoscaler-snapshot.js";
import { DEFAULT_CA_SETTINGS } from "./autoscaling-defaults.js";
import { TAINT_NODE_NOT_READY } from "./node-lifecycle.js";
import { isExpendable, leastWaste } from "./scale-down-rules.js";

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

/** One autoscaled node pool (CA's node group) and its size bookkeeping. */
export interface PoolState {
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
  /** When each scale-up was requested (tests, V38). */
  readonly scaleUps: { atUs: number; pool: string; nodes: number }[] = [];
  private ctx!: ActorContext;
  private s: ClusterAutoscalerSettings = { ...DEFAULT_CA_SETTINGS };
  private snap!: AutoscalerSnapshot;
  private rng!: Rng;
  private readonly pools = new Map<string, PoolState>();
  /** Node name → since when it is unneeded. */
  readonly unneededSince = new Map<string, number>();
  /** Made in `start` when a pool autoscales. */
  private scaleDown?: ScaleDown;
  private lastScaleUpUs = -Infinity;
  private readonly notTriggered = new Set<string>();
  private readonly registrations: string[] = [];
  private kScan = -1;
  private kRegister = -1;
  private kReady = -1;

  constructor(private readonly opts: ClusterAutoscalerOptions) {}

  /** Nodes scale-down has deleted. */
  get nodesRemoved(): number {
    return this.scaleDown?.nodesRemoved ?? 0;
  }

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
    const { budgets, evict } = this.opts;
    this.scaleDown = new ScaleDown({ ctx, settings: this.s, snap: this.snap, pools: this.pools, poolOfNode: (name) => this.poolOfNode(name), unneededSince: this.unneededSince, budgets, evict });
    ctx.store.watch("Node", (t, o) => {
      const name = o.metadata!.name!;
      const ps = this.poolOfNode(name);
      if (!ps) return;
      if (t === "ADDED") ps.nodes.add(name);
      else if (t === "DELETED") {
        ps.nodes.delete(name);
        this.scaleDown!.nodeDeleted(name, ps);
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
    else if (this.s.scaleDownEnabled) this.scaleDown!.run(now, this.lastScaleUpUs);
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
}
