/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go `gcOrphaned`): pods bound
 * to a node that no longer exists are force-deleted. Upstream checks every `gcCheckPeriod`
 * (20 s) and deletes an orphan only once its node has been missing for `quarantineTime`
 * (40 s); here one timer fires at the first 20-s tick at or after deletion + 40 s, per deleted
 * node. Not modelled yet: `--terminated-pod-gc-threshold` (no pod reaches Succeeded/Failed
 * until the Job engineer's work) and unscheduled terminating pods.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { Pod } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";

/** gc_controller.go gcCheckPeriod. */
export const GC_CHECK_PERIOD_US = 20_000_000;
/** gc_controller.go quarantineTime. */
export const QUARANTINE_TIME_US = 40_000_000;

export class PodGcController implements Actor {
  readonly name = "pod-gc-controller";
  private ctx!: ActorContext;
  private readonly podsOnNode = new Map<string, Map<number, Pod>>();
  private readonly deletedNodes: string[] = [];
  private kCheck = -1;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.kCheck = ctx.sim.handler((i) => this.check(this.deletedNodes[i]!));
    ctx.store.watch("Pod", (t, o, id) => {
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
}
