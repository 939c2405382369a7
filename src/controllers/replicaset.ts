/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go `syncReplicaSet`,
 * `manageReplicas`, `calculateStatus`), one actor for every ReplicaSet.
 *
 * - Active pods are the set's pods that are not terminal and have no `deletionTimestamp`
 *   (controller_utils.go `IsPodActive`), so an evicted pod is replaced at once even while it
 *   is still Terminating.
 * - Too few: create up to `burstReplicas` (500) pods per sync in slow-start batches 1, 2, 4, …
 *   (`slowStartBatch`, `SlowStartInitialBatchSize` = 1). Creation never fails in the store yet,
 *   so every batch succeeds; the batching is kept for the API server model, which will make
 *   creates fail (429) and stop the remaining batches as upstream does.
 * - Too many: delete up to 500 pods ranked by `getPodsToDelete` (pod-ranking.ts).
 * - Pods are named `<set>-<5 random chars>` from the `"replicaset"` stream, with the set as
 *   controlling owner and the template's labels; they share the template's `spec` object.
 * - Status: `replicas`, `readyReplicas`, `availableReplicas` (ready for `minReadySeconds`); a
 *   resync is queued for the moment a ready pod becomes available.
 *
 * Expectations (upstream `ControllerExpectations`) are implicit: the controller indexes the
 * pods it creates immediately, because store writes commit immediately. Orphan adoption by
 * selector is not modelled: only pods whose controller reference names the set are counted.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { Pod, ReplicaSet } from "../cluster/k8s-types.js";
import type { Rng } from "../engine/index.js";
import { controllerRef, keyOf, ownerKey, randomSuffix } from "./owner.js";
import { isPodReady, podsToDelete, type RankedPod } from "./pod-ranking.js";
import { SyncQueue } from "./sync-queue.js";

/** replica_set.go BurstReplicas: creations or deletions per sync. */
export const BURST_REPLICAS = 500;
/** controller_utils.go SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** apps/v1 ReplicaSetStatus, the fields kubesim fills. */
export interface ReplicaSetStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export type ReplicaSetWithStatus = ReplicaSet & { status?: ReplicaSetStatus };

interface SetState {
  rs: ReplicaSetWithStatus;
  /** Owned pods by store id, in creation order. */
  pods: Map<number, Pod>;
}

export class ReplicaSetController implements Actor {
  readonly name = "replicaset-controller";
  private ctx!: ActorContext;
  private rng!: Rng;
  private queue!: SyncQueue;
  private readonly sets = new Map<string, SetState>();
  /** Batch sizes of the last slow-start creation (tests, debugging). */
  lastBatches: number[] = [];

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.rng = ctx.rng.stream("replicaset");
    this.queue = new SyncQueue(ctx.sim, (k) => this.sync(k));
    ctx.store.watch("ReplicaSet", (t, o) => this.onSet(t, o as ReplicaSet));
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
  }

  private onSet(t: WatchEventType, rs: ReplicaSet): void {
    const key = keyOf(rs);
    if (t === "DELETED") {
      const st = this.sets.get(key);
      this.sets.delete(key);
      // The garbage collector deletes the dependents (background propagation).
      if (st) for (const pod of st.pods.values()) if (this.ctx.store.get("Pod", pod.metadata!.namespace, pod.metadata!.name!)) this.ctx.store.deletePod(pod);
      return;
    }
    const st = this.sets.get(key);
    if (st) st.rs = rs;
    else this.sets.set(key, { rs, pods: new Map() });
    this.queue.add(key);
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const key = ownerKey(pod, "ReplicaSet");
    if (key === null) return;
    const st = this.sets.get(key);
    if (!st) return;
    if (t === "DELETED") st.pods.delete(id);
    else st.pods.set(id, pod);
    this.queue.add(key);
  }

  private sync(key: string): void {
    const st = this.sets.get(key);
    if (!st) return;
    const { store, ledger, sim } = this.ctx;
    const rs = st.rs;
    const want = rs.spec?.replicas ?? 1;
    const active: RankedPod[] = [];
    for (const [id, pod] of st.pods) {
      const phase = pod.status?.phase;
      if (!pod.metadata?.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed") active.push({ id, pod });
    }
    const diff = active.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.lastBatches = slowStartBatches(n);
      for (const size of this.lastBatches) {
        for (let i = 0; i < size; i++) {
          const pod = this.newPod(rs);
          const id = store.create("Pod", pod);
          st.pods.set(id, pod);
          active.push({ id, pod });
        }
      }
    } else if (diff > 0) {
      const victims = podsToDelete(active, Math.min(diff, BURST_REPLICAS), ledger);
      const gone = new Set(victims.map((v) => v.id));
      for (const v of victims) {
        if (store.deletePod(v.pod)) st.pods.delete(v.id);
      }
      for (let i = active.length - 1; i >= 0; i--) if (gone.has(active[i]!.id)) active.splice(i, 1);
    }
    // calculateStatus.
    const minReadyUs = (rs.spec?.minReadySeconds ?? 0) * 1e6;
    let ready = 0;
    let available = 0;
    let nextAvailableUs = Infinity;
    for (const p of active) {
      if (!isPodReady(ledger, p.id)) continue;
      ready++;
      const at = ledger.readyUs[p.id]! + minReadyUs;
      if (at <= sim.nowUs) available++;
      else nextAvailableUs = Math.min(nextAvailableUs, at);
    }
    if (nextAvailableUs !== Infinity) this.queue.addAt(key, nextAvailableUs);
    const s = (rs.status ??= { replicas: 0, readyReplicas: 0, availableReplicas: 0 });
    if (s.replicas !== active.length || s.readyReplicas !== ready || s.availableReplicas !== available) {
      s.replicas = active.length;
      s.readyReplicas = ready;
      s.availableReplicas = available;
      store.update("ReplicaSet", rs);
    }
  }

  private newPod(rs: ReplicaSet): Pod {
    const store = this.ctx.store;
    const ns = rs.metadata!.namespace || "default";
    let name: string;
    do name = `${rs.metadata!.name}-${randomSuffix((n) => this.rng.int(n))}`;
    while (store.get("Pod", ns, name) !== undefined);
    const tpl = rs.spec!.template!;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: ns,
        labels: tpl.metadata?.labels,
        annotations: tpl.metadata?.annotations,
        ownerReferences: [controllerRef("apps/v1", "ReplicaSet", rs)],
      },
      spec: tpl.spec!,
      status: { phase: "Pending" },
    };
  }
}

/** Batch sizes for `n` creations: 1, 2, 4, … , the remainder (controller_utils.go slowStartBatch). */
export function slowStartBatches(n: number): number[] {
  const out: number[] = [];
  let size = SLOW_START_INITIAL_BATCH_SIZE;
  for (let remaining = n; remaining > 0; remaining -= size, size *= 2) {
    size = Math.min(size, remaining);
    out.push(size);
  }
  return out;
}
