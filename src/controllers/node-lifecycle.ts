/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * `monitorNodeHealth`, and the taint eviction controller pkg/controller/tainteviction).
 *
 * Leases in closed form: a live node's kubelet renews its Lease every
 * `kubelet.nodeLeaseRenewIntervalUs` (10 s) at a per-node phase drawn from the "node-lease"
 * stream; no engine event per renewal. The controller's monitor runs every
 * `nodeMonitorPeriodUs` (5 s, ticks at multiples of it). When a node goes down at t, its last
 * renewal is the last phase + k·10 s ≤ t, and the node turns NotReady (Ready=Unknown,
 * "Kubelet stopped posting node status.") at the first monitor tick strictly after lastRenewal +
 * `nodeMonitorGracePeriodUs` (50 s), i.e. (50, 55] s after the last renewal: one event per
 * failure, none per tick. Simplification: upstream's `probeTimestamp` is the controller's own
 * clock when it first saw the renewal (a monitor tick), not the renewal time, so a real
 * controller can be up to one more period (5 s) later.
 *
 * NotReady adds the `node.kubernetes.io/unreachable` taints (NoSchedule, and NoExecute with
 * `timeAdded`), and records `NodeNotReady`. Pods there are evicted (a `deletionTimestamp` and a
 * `TaintManagerEviction` event) when their toleration of the NoExecute taint runs out: a pod's
 * own toleration (`tolerationSeconds`, or forever without it), else the 300 s the
 * DefaultTolerationSeconds admission plugin would have added
 * (plugin/pkg/admission/defaulttolerationseconds); DaemonSet pods tolerate it forever
 * (pkg/controller/daemon/util `AddOrUpdateDaemonPodTolerations`). The admission defaults are
 * applied here when the toleration is read, not written into the (shared) pod spec.
 * Evicted pods stay Terminating while the node is down; their ReplicaSet replaces them.
 *
 * NotReady also marks the node's pods Ready=False (`MarkPodsNotReady`), so they stop counting
 * as available. Recovery: the next monitor tick at or after the kubelet's first renewal (at
 * recovery) sees the lease, sets Ready=True, removes the taints and records `NodeReady`;
 * pending evictions are cancelled, and the kubelet reports its running pods Ready again.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import { simTimestamp } from "../apiserver/sim-time.js";
import type { Node, Pod, Toleration } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import { controllerOf } from "./owner.js";

/** pkg/apis/core/v1 well-known taints (staging/src/k8s.io/api/core/v1/well_known_taints.go). */
export const TAINT_NODE_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_NODE_NOT_READY = "node.kubernetes.io/not-ready";

const POD_NOT_READY_CONDITIONS = Object.freeze([Object.freeze({ type: "Ready", status: "False", reason: "NodeNotReady" })]) as unknown as NonNullable<Pod["status"]>["conditions"];

interface NodeState {
  node: Node;
  leasePhaseUs: number;
  /** Bumped on every health change, so stale timers do nothing. */
  epoch: number;
  notReady: boolean;
  /** When the unreachable NoExecute taint was added (its `timeAdded`). */
  taintedAtUs: number;
  pods: Map<number, Pod>;
}

export class NodeLifecycleController implements Actor {
  readonly name = "node-lifecycle-controller";
  /** Pods evicted by the taint manager. */
  evictions = 0;
  private ctx!: ActorContext;
  private readonly nodes = new Map<string, NodeState>();
  /** Timer arguments: index → [node, epoch, kind]. */
  private readonly timers: { node: string; epoch: number }[] = [];
  private kNotReady = -1;
  private kReady = -1;
  private kEvict = -1;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    const rng = ctx.rng.stream("node-lease");
    this.kNotReady = ctx.sim.handler((i) => this.timer(i, (st) => this.markNotReady(st)));
    this.kReady = ctx.sim.handler((i) => this.timer(i, (st) => this.markReady(st)));
    this.kEvict = ctx.sim.handler((i) => this.timer(i, (st) => this.evictDue(st)));
    ctx.store.watch("Node", (t, o) => {
      const name = o.metadata!.name!;
      if (t === "ADDED") this.nodes.set(name, { node: o as Node, leasePhaseUs: rng.int(ctx.scenario.kubelet.nodeLeaseRenewIntervalUs), epoch: 0, notReady: false, taintedAtUs: NaN, pods: new Map() });
      else if (t === "DELETED") this.nodes.delete(name);
      else {
        const st = this.nodes.get(name);
        if (st) st.node = o as Node;
      }
    });
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
    ctx.world.onChange((node, down, now) => this.onWorld(node, down, now));
  }

  /** The NotReady time for a node that went down at `downUs` (exported for tests). */
  notReadyAtUs(node: string, downUs: number): number {
    const st = this.nodes.get(node)!;
    const { nodeLeaseRenewIntervalUs: renew } = this.ctx.scenario.kubelet;
    const { nodeMonitorGracePeriodUs: grace, nodeMonitorPeriodUs: period } = this.ctx.scenario.controlPlane;
    const lastRenew = downUs < st.leasePhaseUs ? 0 : st.leasePhaseUs + Math.floor((downUs - st.leasePhaseUs) / renew) * renew;
    // tryUpdateNodeHealth: `now.After(probeTimestamp + gracePeriod)` is strict, so a tick that
    // lands exactly on lastRenew + grace still sees the node healthy: (50, 55] s after it.
    return (Math.floor((lastRenew + grace) / period) + 1) * period;
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const st = this.nodes.get(nodeName);
    if (!st) return;
    if (t === "DELETED") st.pods.delete(id);
    else if (!st.pods.has(id)) {
      st.pods.set(id, pod);
      // A pod bound to a node already NotReady gets its own eviction deadline.
      if (st.notReady) this.scheduleEvictions(st);
    }
  }

  private onWorld(node: string, down: boolean, now: number): void {
    const st = this.nodes.get(node);
    if (!st) return;
    st.epoch++;
    const sim = this.ctx.sim;
    if (down) {
      sim.at(Math.max(now, this.notReadyAtUs(node, now)), Band.CONTROLLER, this.kNotReady, this.timerArg(st));
    } else if (st.notReady) {
      const period = this.ctx.scenario.controlPlane.nodeMonitorPeriodUs;
      sim.at(Math.ceil(now / period) * period, Band.CONTROLLER, this.kReady, this.timerArg(st));
    }
  }

  private timerArg(st: NodeState): number {
    this.timers.push({ node: st.node.metadata!.name!, epoch: st.epoch });
    return this.timers.length - 1;
  }

  private timer(i: number, fn: (st: NodeState) => void): void {
    const t = this.timers[i]!;
    const st = this.nodes.get(t.node);
    if (st && st.epoch === t.epoch) fn(st);
  }

  private markNotReady(st: NodeState): void {
    const { store, sim } = this.ctx;
    const node = st.node;
    st.notReady = true;
    st.taintedAtUs = sim.nowUs;
    const ts = simTimestamp(sim.nowUs);
    node.status = {
      ...node.status,
      conditions: [{ type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: ts }],
    };
    const taints = (node.spec?.taints ?? []).filter((t) => t.key !== TAINT_NODE_UNREACHABLE);
    taints.push({ key: TAINT_NODE_UNREACHABLE, effect: "NoSchedule" }, { key: TAINT_NODE_UNREACHABLE, effect: "NoExecute", timeAdded: ts });
    node.spec = { ...node.spec, taints };
    store.update("Node", node);
    store.recordEvent("Normal", "NodeNotReady", "Node", node, `Node ${node.metadata!.name} status is now: NodeNotReady`);
    this.markPodsNotReady(st);
    this.scheduleEvictions(st);
  }

  private markReady(st: NodeState): void {
    const { store } = this.ctx;
    const node = st.node;
    st.notReady = false;
    node.status = { ...node.status, conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }] };
    node.spec = { ...node.spec, taints: (node.spec?.taints ?? []).filter((t) => t.key !== TAINT_NODE_UNREACHABLE) };
    store.update("Node", node);
    store.recordEvent("Normal", "NodeReady", "Node", node, `Node ${node.metadata!.name} status is now: NodeReady`);
  }

  /**
   * `MarkPodsNotReady` (pkg/controller/util/node/controller_utils.go): every pod on the node
   * gets Ready=False and a `NodeNotReady` warning, so its ReplicaSet and Deployment stop
   * counting it as available at once (the kubelet cannot report anything).
   */
  private markPodsNotReady(st: NodeState): void {
    const { store, ledger } = this.ctx;
    for (const [id, pod] of st.pods) {
      if (!ledger.isReady(id)) continue;
      ledger.markNotReady(id);
      pod.status = { ...pod.status, conditions: POD_NOT_READY_CONDITIONS };
      store.recordEvent("Warning", "NodeNotReady", "Pod", pod, "Node is not ready");
      store.update("Pod", pod);
    }
  }

  /** One timer per distinct deadline on the node. */
  private scheduleEvictions(st: NodeState): void {
    const now = this.ctx.sim.nowUs;
    const deadlines = new Set<number>();
    for (const pod of st.pods.values()) {
      const s = this.tolerationSeconds(pod);
      if (s !== Infinity && !pod.metadata?.deletionTimestamp) deadlines.add(Math.max(now, this.notReadySinceUs(st) + s * 1e6));
    }
    for (const at of [...deadlines].sort((a, b) => a - b)) this.ctx.sim.at(at, Band.CONTROLLER, this.kEvict, this.timerArg(st));
  }

  private notReadySinceUs(st: NodeState): number {
    return st.taintedAtUs;
  }

  private evictDue(st: NodeState): void {
    const { store, sim, ledger } = this.ctx;
    const since = this.notReadySinceUs(st);
    for (const [id, pod] of st.pods) {
      if (pod.metadata?.deletionTimestamp) continue;
      if (since + this.tolerationSeconds(pod) * 1e6 > sim.nowUs) continue;
      const ref = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
      store.recordEvent("Normal", "TaintManagerEviction", "Pod", pod, `Marking for deletion Pod ${ref}`);
      ledger.evictionReason[id] = "TaintManagerEviction";
      this.evictions++;
      store.deletePod(pod);
    }
  }

  /**
   * Seconds the pod tolerates `unreachable:NoExecute` (Infinity = forever): the smallest
   * `tolerationSeconds` among the matching tolerations, forever when none of them sets it,
   * at once when it is negative (tainteviction `getMinTolerationTime`).
   */
  tolerationSeconds(pod: Pod): number {
    if (controllerOf(pod)?.kind === "DaemonSet") return Infinity;
    const matching = (pod.spec?.tolerations ?? []).filter((t) => toleratesUnreachable(t));
    if (matching.length === 0) return this.ctx.scenario.controlPlane.defaultTolerationSeconds;
    let min = Infinity;
    for (const t of matching) if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) min = Math.min(min, Math.max(0, t.tolerationSeconds));
    return min;
  }
}

function toleratesUnreachable(t: Toleration): boolean {
  if (t.effect && t.effect !== "NoExecute") return false;
  if (!t.key) return t.operator === "Exists";
  return t.key === TAINT_NODE_UNREACHABLE;
}
