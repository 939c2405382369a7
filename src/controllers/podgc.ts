/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go). Upstream lists every pod
 * each `gcCheckPeriod` (20 s, ticks from controller start) and:
 * - `gcTerminated`: when more than `--terminated-pod-gc-threshold` pods (default 12500; 0
 *   disables) are in phase Succeeded or Failed, force-deletes the excess, node-pressure
 *   evicted pods first (phase Failed, reason Evicted), then the oldest by creationTimestamp
 *   (whole seconds, as it reaches the informer) and name (`byEvictionAndCreationTimestamp`).
 *   Here the controller counts terminated pods from the watch and arms one check at the
 *   first 20-s tick at or after the moment the count passes the threshold.
 * - `gcOrphaned`: pods bound to a node that no longer exists are force-deleted once the node
 *   has been missing for `quarantineTime` (40 s): one timer per deleted node, at the first
 *   20-s tick at or after deletion + 40 s.
 * Not modelled: `gcUnscheduledTerminating` (an unbound pod is deleted at once here, so none
 * is ever unscheduled and terminating) and the out-of-service taint.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { Pod } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

/** gc_controller.go gcCheckPeriod. */
export const GC_CHECK_PERIOD_US = 20_000_000;
/** gc_controller.go quarantineTime. */
export const QUARANTINE_TIME_US = 40_000_000;

export class PodGcController implements Actor {
  readonly name = "pod-gc-controller";
  private ctx!: ActorContext;
  private readonly podsOnNode = new Map<string, Map<number, Pod>>();
  private readonly deletedNodes: string[] = [];
  /** Pods in phase Succeeded or Failed, by store id. */
  private readonly terminated = new Map<number, Pod>();
  private kCheck = -1;
  private kTerminated = -1;
  private terminatedCheckAtUs = -1;
  /** Pods force-deleted by `gcTerminated` (tests). */
  terminatedDeleted = 0;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.kCheck = ctx.sim.handler((i) => this.check(this.deletedNodes[i]!));
    this.kTerminated = ctx.sim.handler(() => this.gcTerminated());
    ctx.store.watch("Pod", (t, o, id) => {
      this.trackTerminated(t === "DELETED", o as Pod, id);
      const node = (o as Pod).spec?.nodeName;
      if (!node) return;
      let m = this.podsOnNode.get(node);
      if (t === "DELETED") m?.delete(id);
      else {
        if (!m) this.podsOnNode.set(node, (m = new Map()));
        m.set(id, o as Pod);
      }
    });
    ctx.store.watch("Node", (t, o) => {
      if (t !== "DELETED") return;
      const now = ctx.sim.nowUs;
      const at = Math.ceil((now + QUARANTINE_TIME_US) / GC_CHECK_PERIOD_US) * GC_CHECK_PERIOD_US;
      this.deletedNodes.push(o.metadata!.name!);
      ctx.sim.at(at, Band.CONTROLLER, this.kCheck, this.deletedNodes.length - 1);
    });
  }

  private check(node: string): void {
    const { store, ledger } = this.ctx;
    if (store.get("Node", undefined, node)) return; // re-created meanwhile
    const pods = this.podsOnNode.get(node);
    if (!pods) return;
    for (const [id, pod] of [...pods]) {
      if (store.get("Pod", pod.metadata!.namespace, pod.metadata!.name!) !== pod) continue;
      if (!ledger.evictionReason[id]) ledger.evictionReason[id] = "DeletionByPodGC";
      store.delete("Pod", pod);
    }
  }

  private trackTerminated(deleted: boolean, pod: Pod, id: number): void {
    const phase = pod.status?.phase;
    if (!deleted && isTerminalPhase(phase)) this.terminated.set(id, pod);
    else if (this.terminated.size > 0) this.terminated.delete(id);
    else return; // the common case: nothing terminated, nothing to do
    const threshold = this.ctx.scenario.controlPlane.terminatedPodGcThreshold;
    if (threshold <= 0 || this.terminated.size <= threshold || this.terminatedCheckAtUs >= 0) return;
    const at = Math.ceil(this.ctx.sim.nowUs / GC_CHECK_PERIOD_US) * GC_CHECK_PERIOD_US;
    this.terminatedCheckAtUs = at;
    this.ctx.sim.at(at, Band.CONTROLLER, this.kTerminated, 0);
  }

  private gcTerminated(): void {
    this.terminatedCheckAtUs = -1;
    const { store, ledger } = this.ctx;
    const doomed = terminatedPodsToDelete([...this.terminated.values()], this.ctx.scenario.controlPlane.terminatedPodGcThreshold, (p) => ledger.createdUs[store.idOf("Pod", p)] ?? 0);
    for (const pod of doomed) {
      this.terminatedDeleted++;
      store.deletePod(pod, true); // grace period 0: the kubelet has already stopped it
    }
  }
}

/**
 * `gcTerminated`'s choice: of `terminated` (phase Succeeded or Failed), the `count − threshold`
 * to delete, evicted pods first, then by creation second and name.
 */
export function terminatedPodsToDelete(terminated: readonly Pod[], threshold: number, createdUs: (p: Pod) => number): Pod[] {
  const excess = terminated.length - threshold;
  if (threshold <= 0 || excess <= 0) return [];
  const evicted = (p: Pod) => p.status?.phase === "Failed" && (p.status as { reason?: string }).reason === "Evicted";
  const second = (p: Pod) => Math.floor(createdUs(p) / 1_000_000);
  const sorted = [...terminated].sort((a, b) => {
    const ea = evicted(a);
    if (ea !== evicted(b)) return ea ? -1 : 1;
    const d = second(a) - second(b);
    if (d !== 0) return d;
    const na = a.metadata!.name!;
    const nb = b.metadata!.name!;
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  return sorted.slice(0, excess);
}
