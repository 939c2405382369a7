/**
 * The Deployment controller (pkg/controller/deployment/: deployment_controller.go
 * `syncDeployment`, rolling.go, recreate.go, sync.go), one actor for every Deployment.
 *
 * - The ReplicaSet whose `pod-template-hash` equals the hash of the current template is the
 *   new set; the others are old. A template change (a rollout) creates a new set
 *   `<deployment>-<hash>`, sharing the template's `spec`.
 * - RollingUpdate (rolling.go `rolloutRolling`): `reconcileNewReplicaSet` grows the new set
 *   up to replicas + maxSurge pods in all; else `reconcileOldReplicaSets` first scales down
 *   old sets' unavailable pods (`cleanupUnhealthyReplicas`) and then old pods while more than
 *   replicas − maxUnavailable pods stay available (`scaleDownOldReplicaSetsForRollingUpdate`).
 *   The bounds count `spec.replicas` of every set, so at most replicas + maxSurge pods exist
 *   that are not terminating and at least replicas − maxUnavailable stay available.
 * - Recreate (recreate.go): old sets to 0, wait until none of their pods exists (terminating
 *   ones included), then the new set to `replicas`.
 * - Scaling without a template change goes through the same rolling arithmetic (the new set is
 *   the only one). Simplification: proportional scaling of several active sets in the middle of
 *   a rollout (`scale` in sync.go) is not modelled; the rolling bounds then use the new size.
 * - After a complete rollout, the oldest old sets beyond `revisionHistoryLimit` (default 10)
 *   are deleted unless they still have replicas (`cleanupDeployment`). `paused` stops all of this.
 * - Status: replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { Deployment, Pod, PodTemplateSpec } from "../cluster/k8s-types.js";
import {
  DEFAULT_REVISION_HISTORY_LIMIT,
  isRollingUpdate,
  maxUnavailable,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  replicasOf,
  templateHash,
} from "./deployment-util.js";
import { controllerRef, keyOf, ownerKey } from "./owner.js";
import type { ReplicaSetWithStatus } from "./replicaset.js";
import { SyncQueue } from "./sync-queue.js";

/** apps/v1 DeploymentStatus, the fields kubesim fills. */
export interface DeploymentStatus {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

export type DeploymentWithStatus = Deployment & { status?: DeploymentStatus };

const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

interface DeploymentState {
  d: DeploymentWithStatus;
  /** Owned ReplicaSets by key, in creation order. */
  sets: Map<string, ReplicaSetWithStatus>;
}

export class DeploymentController implements Actor {
  readonly name = "deployment-controller";
  private ctx!: ActorContext;
  private queue!: SyncQueue;
  private readonly deployments = new Map<string, DeploymentState>();
  /** ReplicaSet key → owning Deployment key. */
  private readonly ownerOfSet = new Map<string, string>();
  /** ReplicaSet key → pods that exist (terminating included), for Recreate. */
  private readonly podsOfSet = new Map<string, number>();

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.queue = new SyncQueue(ctx.sim, (k) => this.sync(k));
    ctx.store.watch("Deployment", (t, o) => this.onDeployment(t, o as DeploymentWithStatus));
    ctx.store.watch("ReplicaSet", (t, o) => this.onSet(t, o as ReplicaSetWithStatus));
    ctx.store.watch("Pod", (t, o) => this.onPod(t, o as Pod));
  }

  private onDeployment(t: WatchEventType, d: DeploymentWithStatus): void {
    const key = keyOf(d);
    if (t === "DELETED") {
      const st = this.deployments.get(key);
      this.deployments.delete(key);
      if (st) for (const rs of st.sets.values()) if (this.ctx.store.get("ReplicaSet", rs.metadata!.namespace, rs.metadata!.name!)) this.ctx.store.delete("ReplicaSet", rs);
      return;
    }
    const st = this.deployments.get(key);
    if (st) st.d = d;
    else this.deployments.set(key, { d, sets: new Map() });
    this.queue.add(key);
  }

  private onSet(t: WatchEventType, rs: ReplicaSetWithStatus): void {
    const dkey = ownerKey(rs, "Deployment");
    if (dkey === null) return;
    const key = keyOf(rs);
    const st = this.deployments.get(dkey);
    if (t === "DELETED") {
      st?.sets.delete(key);
      this.ownerOfSet.delete(key);
    } else {
      st?.sets.set(key, rs);
      this.ownerOfSet.set(key, dkey);
    }
    if (st) this.queue.add(dkey);
  }

  private onPod(t: WatchEventType, pod: Pod): void {
    if (t === "MODIFIED") return;
    const rsKey = ownerKey(pod, "ReplicaSet");
    if (rsKey === null) return;
    this.podsOfSet.set(rsKey, (this.podsOfSet.get(rsKey) ?? 0) + (t === "ADDED" ? 1 : -1));
    const dkey = this.ownerOfSet.get(rsKey);
    if (t === "DELETED" && dkey !== undefined && !isRollingUpdate(this.deployments.get(dkey)?.d ?? {})) this.queue.add(dkey);
  }

  private sync(key: string): void {
    const st = this.deployments.get(key);
    if (!st || st.d.spec?.paused) return;
    const d = st.d;
    const hash = templateHash(d.spec?.template ?? {});
    let newRS: ReplicaSetWithStatus | undefined;
    const old: ReplicaSetWithStatus[] = [];
    for (const rs of st.sets.values()) {
      if (rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash) newRS = rs;
      else old.push(rs);
    }
    if (isRollingUpdate(d)) this.rolloutRolling(st, hash, newRS, old);
    else this.rolloutRecreate(st, hash, newRS, old);
    this.updateStatus(st, hash);
  }

  private rolloutRolling(st: DeploymentState, hash: string, newRS: ReplicaSetWithStatus | undefined, old: ReplicaSetWithStatus[]): void {
    const d = st.d;
    if (!newRS) {
      newRS = this.createSet(st, hash, newRSNewReplicas(d, sumSpec(old), 0));
      return;
    }
    // reconcileNewReplicaSet.
    const want = replicasOf(d);
    const cur = specReplicas(newRS);
    if (cur > want) return this.scale(newRS, want);
    if (cur < want) {
      const next = newRSNewReplicas(d, sumSpec(old) + cur, cur);
      if (next !== cur) return this.scale(newRS, next);
    }
    // reconcileOldReplicaSets.
    if (sumSpec(old) > 0) {
      const minAvailable = want - maxUnavailable(d);
      const allPods = sumSpec(old) + cur;
      const newUnavailable = cur - (newRS.status?.availableReplicas ?? 0);
      const maxScaledDown = allPods - minAvailable - newUnavailable;
      if (maxScaledDown <= 0) return;
      // cleanupUnhealthyReplicas.
      let cleaned = 0;
      for (const rs of old) {
        if (cleaned >= maxScaledDown) break;
        const r = specReplicas(rs);
        const avail = rs.status?.availableReplicas ?? 0;
        if (r === 0 || r === avail) continue;
        const n = Math.min(maxScaledDown - cleaned, r - avail);
        this.scale(rs, r - n);
        cleaned += n;
      }
      // scaleDownOldReplicaSetsForRollingUpdate.
      let available = newRS.status?.availableReplicas ?? 0;
      for (const rs of old) available += rs.status?.availableReplicas ?? 0;
      if (available <= minAvailable) return;
      const total = available - minAvailable;
      let done = 0;
      for (const rs of old) {
        if (done >= total) break;
        const r = specReplicas(rs);
        if (r === 0) continue;
        const n = Math.min(r, total - done);
        this.scale(rs, r - n);
        done += n;
      }
      return;
    }
    if ((newRS.status?.availableReplicas ?? 0) >= want) this.cleanup(st, old);
  }

  private rolloutRecreate(st: DeploymentState, hash: string, newRS: ReplicaSetWithStatus | undefined, old: ReplicaSetWithStatus[]): void {
    let scaledDown = false;
    for (const rs of old) {
      if (specReplicas(rs) > 0) {
        this.scale(rs, 0);
        scaledDown = true;
      }
    }
    if (scaledDown) return;
    for (const rs of old) if ((this.podsOfSet.get(keyOf(rs)) ?? 0) > 0) return;
    const want = replicasOf(st.d);
    if (!newRS) this.createSet(st, hash, want);
    else if (specReplicas(newRS) !== want) this.scale(newRS, want);
    else if ((newRS.status?.availableReplicas ?? 0) >= want) this.cleanup(st, old);
  }

  private createSet(st: DeploymentState, hash: string, replicas: number): ReplicaSetWithStatus {
    const d = st.d;
    const tpl: PodTemplateSpec = d.spec?.template ?? {};
    const labels = { ...(tpl.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    let revision = 0;
    for (const rs of st.sets.values()) revision = Math.max(revision, Number(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0));
    const rs: ReplicaSetWithStatus = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${d.metadata!.name}-${hash}`,
        namespace: d.metadata!.namespace || "default",
        labels,
        annotations: { [REVISION_ANNOTATION]: String(revision + 1) },
        ownerReferences: [controllerRef("apps/v1", "Deployment", d)],
      },
      spec: {
        replicas,
        minReadySeconds: d.spec?.minReadySeconds ?? 0,
        selector: {
          ...d.spec?.selector,
          matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
        },
        template: { metadata: { ...tpl.metadata, labels }, spec: tpl.spec! },
      },
    };
    this.ctx.store.create("ReplicaSet", rs);
    st.sets.set(keyOf(rs), rs);
    this.ownerOfSet.set(keyOf(rs), keyOf(d));
    return rs;
  }

  private scale(rs: ReplicaSetWithStatus, replicas: number): void {
    rs.spec!.replicas = replicas;
    this.ctx.store.update("ReplicaSet", rs);
  }

  /**
   * `cleanupDeployment`: of the old sets (oldest revision first), the first
   * len − `revisionHistoryLimit` are deleted, skipping any that still has replicas.
   */
  private cleanup(st: DeploymentState, old: ReplicaSetWithStatus[]): void {
    const limit = st.d.spec?.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
    const excess = old.length - limit;
    for (let i = 0; i < excess; i++) {
      const rs = old[i]!;
      if (specReplicas(rs) !== 0 || (rs.status?.replicas ?? 0) !== 0) continue;
      st.sets.delete(keyOf(rs));
      this.ctx.store.delete("ReplicaSet", rs);
    }
  }

  private updateStatus(st: DeploymentState, hash: string): void {
    const s: DeploymentStatus = { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 };
    for (const rs of st.sets.values()) {
      const r = rs.status;
      s.replicas += r?.replicas ?? 0;
      s.readyReplicas += r?.readyReplicas ?? 0;
      s.availableReplicas += r?.availableReplicas ?? 0;
      if (rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash) s.updatedReplicas = r?.replicas ?? 0;
    }
    s.unavailableReplicas = Math.max(0, replicasOf(st.d) - s.availableReplicas);
    const p = st.d.status;
    if (p && p.replicas === s.replicas && p.updatedReplicas === s.updatedReplicas && p.readyReplicas === s.readyReplicas && p.availableReplicas === s.availableReplicas && p.unavailableReplicas === s.unavailableReplicas) return;
    st.d.status = s;
    this.ctx.store.update("Deployment", st.d);
  }
}

function specReplicas(rs: ReplicaSetWithStatus): number {
  return rs.spec?.replicas ?? 1;
}

function sumSpec(sets: readonly ReplicaSetWithStatus[]): number {
  let n = 0;
  for (const rs of sets) n += specReplicas(rs);
  return n;
}
