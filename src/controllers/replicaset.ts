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
 * Counts of active and ready pods are kept per set as pod events arrive, so a sync costs O(1)
 * unless it deletes pods (ranking) or `minReadySeconds` is set (availability scan): a pod
 * turning Ready must not cost a walk over its 10,000 siblings.
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
import { podsToDelete, type RankedPod } from "./pod-ranking.js";
import { SyncQueue } from "./sync-queue.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

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
  /** Pods counted FLAG_ACTIVE / FLAG_READY (kept incrementally: a sync is O(1) unless it deletes). */
  active: number;
  ready: number;
}

const FLAG_ACTIVE = 1;
const FLAG_READY = 2;

export class ReplicaSetController implements Actor {
  readonly name = "replicaset-controller";
  private ctx!: ActorContext;
  private rng!: Rng;
  private queue!: SyncQueue;
  private readonly sets = new Map<string, SetState>();
  /** By pod store id: the flags last counted for it. */
  private flags = new Uint8Array(1024);
  /** Batch sizes of the last slow-start creation (tests, debugging). */
  lastBatches: number[] = [];
  /** Failed syncs in a row per ReplicaSet (workqueue rate limiter), while creates are refused. */
  private readonly failures = new Map<string, number>();

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
    else this.sets.set(key, { rs, pods: new Map(), active: 0, ready: 0 });
    this.queue.add(key);
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const key = ownerKey(pod, "ReplicaSet");
    if (key === null) return;
    const st = this.sets.get(key);
    if (!st) return;
    if (t === "DELETED") st.pods.delete(id);
    else st.pods.set(id, pod);
    this.recount(st, id, t === "DELETED" ? 0 : this.flagsOf(pod, id));
    this.queue.add(key);
  }

  /** FLAG_ACTIVE when `IsPodActive`, plus FLAG_READY when it is also Ready now. */
  private flagsOf(pod: Pod, id: number): number {
    const phase = pod.status?.phase;
    if (pod.metadata?.deletionTimestamp || isTerminalPhase(phase)) return 0;
    return FLAG_ACTIVE | (this.ctx.ledger.isReady(id) ? FLAG_READY : 0);
  }

  /** Applies a pod's new flags to its set's counts (each pod's last flags are remembered). */
  private recount(st: SetState, id: number, flags: number): void {
    if (id >= this.flags.length) {
      const next = new Uint8Array(Math.max(id + 1, this.flags.length * 2));
      next.set(this.flags);
      this.flags = next;
    }
    const old = this.flags[id]!;
    if (old === flags) return;
    st.active += (flags & FLAG_ACTIVE) - (old & FLAG_ACTIVE);
    st.ready += ((flags & FLAG_READY) - (old & FLAG_READY)) / FLAG_READY;
    this.flags[id] = flags;
  }

  private sync(key: string): void {
    const st = this.sets.get(key);
    if (!st) return;
    const { store, ledger, sim } = this.ctx;
    const rs = st.rs;
    const want = rs.spec?.replicas ?? 1;
    const diff = st.active - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.lastBatches = slowStartBatches(n);
      for (const size of this.lastBatches) {
        for (let i = 0; i < size; i++) {
          const pod = this.newPod(rs);
          const id = store.create("Pod", pod);
          if (id < 0) return this.createFailed(key, rs);
          st.pods.set(id, pod);
          this.recount(st, id, FLAG_ACTIVE);
        }
      }
    } else if (diff > 0) {
      const active: RankedPod[] = [];
      for (const [id, pod] of st.pods) if (this.flags[id]! & FLAG_ACTIVE) active.push({ id, pod });
      for (const v of podsToDelete(active, Math.min(diff, BURST_REPLICAS), ledger)) {
        if (store.deletePod(v.pod)) st.pods.delete(v.id);
        this.recount(st, v.id, 0);
      }
    }
    this.failures.delete(key);
    // calculateStatus: available = ready for minReadySeconds (a scan only when that is set).
    const minReadyUs = (rs.spec?.minReadySeconds ?? 0) * 1e6;
    let available = st.ready;
    if (minReadyUs > 0) {
      available = 0;
      let nextAvailableUs = Infinity;
      for (const id of st.pods.keys()) {
        if ((this.flags[id]! & FLAG_READY) === 0) continue;
        const at = ledger.lastReadyUs[id]! + minReadyUs;
        if (at <= sim.nowUs) available++;
        else nextAvailableUs = Math.min(nextAvailableUs, at);
      }
      if (nextAvailableUs !== Infinity) this.queue.addAt(key, nextAvailableUs);
    }
    const s = (rs.status ??= { replicas: 0, readyReplicas: 0, availableReplicas: 0 });
    if (s.replicas !== st.active || s.readyReplicas !== st.ready || s.availableReplicas !== available) {
      s.replicas = st.active;
      s.readyReplicas = st.ready;
      s.availableReplicas = available;
      store.update("ReplicaSet", rs);
    }
  }

  /**
   * Admission refused a create (a webhook with failurePolicy Fail, under the API server model):
   * `FailedCreate`, no more batches, and the sync is retried with the workqueue's per-item
   * backoff, 5 ms doubling up to 1000 s (client-go workqueue DefaultControllerRateLimiter).
   * Pod events of the set still resync it at once, as upstream.
   */
  private createFailed(key: string, rs: ReplicaSet): void {
    const { store, sim } = this.ctx;
    store.recordEvent("Warning", "FailedCreate", "ReplicaSet", rs, `Error creating: ${store.lastError}`);
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.queue.addAt(key, sim.nowUs + Math.min(5000 * 2 ** n, 1_000_000_000));
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
