/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go
 * `updateStatefulSet`, stateful_set_utils.go), one actor for every StatefulSet.
 *
 * Identity: pod `<set>-<ordinal>` for ordinals 0 … replicas−1, with the template's labels plus
 * `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
 * `controller-revision-hash`, `hostname` = its name and `subdomain` = `serviceName`. Each
 * `volumeClaimTemplates` entry becomes a claim `<template>-<set>-<ordinal>` (labels: the
 * template's plus the set's `matchLabels`), created before the pod and never deleted by the
 * controller (the default `persistentVolumeClaimRetentionPolicy`, Retain/Retain): a recreated
 * or rescheduled pod gets its old volume back. A deleted or evicted pod is recreated with the
 * same name once the old object is gone (never two pods of one identity).
 *
 * One sync, as upstream:
 *  1. ordinals below `replicas`: a Failed/Succeeded pod is deleted; a missing one is created
 *     (claims first). With `podManagementPolicy: OrderedReady` (default, "monotonic") the sync
 *     stops at the first pod it created, or that is Terminating, or not Running and Ready (and
 *     available for `minReadySeconds`): pod N+1 is created only once pod N is Ready.
 *     `Parallel` creates every missing pod at once.
 *  2. ordinals at or above `replicas` (condemned), highest first: deleted, one at a time and
 *     only when the previous one is gone (OrderedReady), or all at once (Parallel).
 *  3. `updateStrategy: RollingUpdate` (default): from the highest ordinal down to `partition`,
 *     the first pod not at the update revision is deleted (step 1 recreates it from the new
 *     template); the walk stops at any pod that is not healthy. Pods below `partition` are
 *     created from the current revision. `OnDelete`: pods change only when deleted.
 * Revisions are the template hash (deployment-util.ts `templateHash`), each written once as a
 * ControllerRevision `<set>-<hash>`; the current revision becomes the update revision once
 * every replica is updated and ready. Status: replicas, readyReplicas, availableReplicas,
 * currentReplicas, updatedReplicas, currentRevision, updateRevision.
 *
 * Not modelled: `maxUnavailable` (alpha gate MaxUnavailableStatefulSet), `spec.ordinals.start`,
 * claim deletion policies (a warning), orphan adoption.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { KubeObject, Pod, PodSpec, PodTemplateSpec, StatefulSet, Volume } from "../cluster/k8s-types.js";
import type { PersistentVolumeClaim } from "../cluster/k8s-storage-types.js";
import { templateHash } from "./deployment-util.js";
import { controllerRef, keyOf, ownerKey } from "./owner.js";
import { SyncQueue } from "./sync-queue.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

export const LABEL_POD_NAME = "statefulset.kubernetes.io/pod-name";
export const LABEL_POD_INDEX = "apps.kubernetes.io/pod-index";
export const LABEL_CONTROLLER_REVISION_HASH = "controller-revision-hash";

/** apps/v1 StatefulSetStatus, the fields kubesim fills. */
export interface StatefulSetStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
}

export type StatefulSetWithStatus = StatefulSet & { status?: StatefulSetStatus };

interface Member {
  id: number;
  pod: Pod;
}

interface SetState {
  set: StatefulSetWithStatus;
  /** Pods by ordinal. */
  pods: Map<number, Member>;
  /** Revision name → template (the ControllerRevisions). */
  templates: Map<string, PodTemplateSpec>;
  currentRevision: string;
}

/** stateful_set_utils.go getParentNameAndOrdinal: `<parent>-<ordinal>`; −1 when the name is not of that form. */
export function ordinalOf(setName: string, podName: string): number {
  if (!podName.startsWith(setName + "-")) return -1;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

/** `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`. */
export function claimName(template: string, setName: string, ordinal: number): string {
  return `${template}-${setName}-${ordinal}`;
}

export class StatefulSetController implements Actor {
  readonly name = "statefulset-controller";
  private ctx!: ActorContext;
  private queue!: SyncQueue;
  private readonly sets = new Map<string, SetState>();

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.queue = new SyncQueue(ctx.sim, (k) => this.sync(k));
    ctx.store.watch("StatefulSet", (t, o) => this.onSet(t, o as StatefulSet));
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
  }

  private onSet(t: WatchEventType, set: StatefulSet): void {
    const key = keyOf(set);
    if (t === "DELETED") {
      const st = this.sets.get(key);
      this.sets.delete(key);
      // The garbage collector deletes the pods (background propagation); claims are retained.
      if (st) for (const m of st.pods.values()) if (this.ctx.store.get("Pod", m.pod.metadata!.namespace, m.pod.metadata!.name!) === m.pod) this.ctx.store.deletePod(m.pod);
      return;
    }
    const st = this.sets.get(key);
    if (st) st.set = set;
    else {
      this.sets.set(key, { set, pods: new Map(), templates: new Map(), currentRevision: "" });
      const policy = set.spec?.["persistentVolumeClaimRetentionPolicy" as never] as { whenDeleted?: string; whenScaled?: string } | undefined;
      if (policy && (policy.whenDeleted === "Delete" || policy.whenScaled === "Delete")) {
        this.ctx.warn(`StatefulSet ${key}: persistentVolumeClaimRetentionPolicy Delete is not modelled; its claims are retained`);
      }
    }
    this.queue.add(key);
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const key = ownerKey(pod, "StatefulSet");
    if (key === null) return;
    const st = this.sets.get(key);
    if (!st) return;
    const ord = ordinalOf(st.set.metadata!.name!, pod.metadata!.name!);
    if (ord < 0) return;
    if (t === "DELETED") {
      if (st.pods.get(ord)?.id === id) st.pods.delete(ord);
    } else st.pods.set(ord, { id, pod });
    this.queue.add(key);
  }

  private sync(key: string): void {
    const st = this.sets.get(key);
    if (!st) return;
    const updateRevision = this.revisionOf(st);
    if (st.currentRevision === "") st.currentRevision = updateRevision;
    this.reconcile(st, updateRevision);
    this.updateStatus(st, updateRevision);
  }

  /** The update revision's name, writing its ControllerRevision the first time. */
  private revisionOf(st: SetState): string {
    const set = st.set;
    const name = `${set.metadata!.name}-${templateHash(set.spec?.template ?? {})}`;
    if (!st.templates.has(name)) {
      st.templates.set(name, set.spec?.template ?? {});
      const rev: KubeObject & { data?: unknown; revision?: number } = {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: { name, namespace: set.metadata!.namespace || "default", labels: set.spec?.template?.metadata?.labels, ownerReferences: [controllerRef("apps/v1", "StatefulSet", set)] },
        data: { spec: { template: set.spec?.template } },
        revision: st.templates.size,
      };
      if (!this.ctx.store.get("ControllerRevision", rev.metadata!.namespace, name)) this.ctx.store.create("ControllerRevision", rev);
    }
    return name;
  }

  private reconcile(st: SetState, updateRevision: string): void {
    const set = st.set;
    const replicas = set.spec?.replicas ?? 1;
    const monotonic = set.spec?.podManagementPolicy !== "Parallel";
    const { store } = this.ctx;

    // 1. The replicas, lowest ordinal first.
    for (let ord = 0; ord < replicas; ord++) {
      const m = st.pods.get(ord);
      if (!m) {
        this.createClaims(set, ord);
        const pod = this.newPod(st, ord, updateRevision);
        const id = store.create("Pod", pod);
        // Refused by admission (API server model: a webhook under failurePolicy Fail); a later sync retries.
        if (id < 0) return store.recordEvent("Warning", "FailedCreate", "StatefulSet", set, `create Pod ${pod.metadata!.name} in StatefulSet ${set.metadata!.name} failed error: ${store.lastError}`);
        st.pods.set(ord, { id, pod });
        store.recordEvent("Normal", "SuccessfulCreate", "StatefulSet", set, `create Pod ${pod.metadata!.name} in StatefulSet ${set.metadata!.name} successful`);
        if (monotonic) return;
        continue;
      }
      const phase = m.pod.status?.phase;
      if (isTerminalPhase(phase)) {
        if (!m.pod.metadata?.deletionTimestamp) this.deletePod(set, m);
        if (monotonic) return;
        continue;
      }
      if (phase === "Pending" || phase === undefined) this.createClaims(set, ord);
      if (m.pod.metadata?.deletionTimestamp || !this.isAvailable(st, m)) {
        if (monotonic) return;
      }
    }

    // 2. Condemned pods, highest ordinal first.
    const condemned = [...st.pods.keys()].filter((o) => o >= replicas).sort((a, b) => b - a);
    for (const ord of condemned) {
      const m = st.pods.get(ord)!;
      if (m.pod.metadata?.deletionTimestamp) {
        if (monotonic) return;
        continue;
      }
      this.deletePod(set, m);
      if (monotonic) return;
    }

    // 3. Rolling update, highest ordinal first, down to the partition.
    const strategy = set.spec?.updateStrategy;
    if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate") return;
    const partition = strategy?.rollingUpdate?.partition ?? 0;
    for (let ord = replicas - 1; ord >= partition; ord--) {
      const m = st.pods.get(ord);
      if (!m) return;
      if (m.pod.metadata?.labels?.[LABEL_CONTROLLER_REVISION_HASH] !== updateRevision && !m.pod.metadata?.deletionTimestamp) {
        this.deletePod(set, m);
        return;
      }
      if (!this.isHealthy(m)) return;
    }
  }

  /** Running and Ready (`isRunningAndReady`) and not Terminating. */
  private isHealthy(m: Member): boolean {
    return !m.pod.metadata?.deletionTimestamp && m.pod.status?.phase === "Running" && this.ctx.ledger.isReady(m.id);
  }

  /** `isRunningAndAvailable`: Running and Ready for `minReadySeconds`; queues a resync for when it will be. */
  private isAvailable(st: SetState, m: Member): boolean {
    if (m.pod.status?.phase !== "Running" || !this.ctx.ledger.isReady(m.id)) return false;
    const minReadyUs = (st.set.spec?.minReadySeconds ?? 0) * 1e6;
    if (minReadyUs === 0) return true;
    const at = this.ctx.ledger.lastReadyUs[m.id]! + minReadyUs;
    if (at <= this.ctx.sim.nowUs) return true;
    this.queue.addAt(keyOf(st.set), at);
    return false;
  }

  private deletePod(set: StatefulSet, m: Member): void {
    this.ctx.store.recordEvent("Normal", "SuccessfulDelete", "StatefulSet", set, `delete Pod ${m.pod.metadata!.name} in StatefulSet ${set.metadata!.name} successful`);
    this.ctx.store.deletePod(m.pod);
  }

  /** `createPersistentVolumeClaims`: every missing claim of the pod at `ordinal`. */
  private createClaims(set: StatefulSet, ordinal: number): void {
    const { store } = this.ctx;
    const ns = set.metadata!.namespace || "default";
    const setName = set.metadata!.name!;
    for (const tpl of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(tpl.metadata?.name ?? "", setName, ordinal);
      if (store.get("PersistentVolumeClaim", ns, name)) continue;
      const claim: PersistentVolumeClaim = {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
          name,
          namespace: ns,
          labels: { ...tpl.metadata?.labels, ...set.spec?.selector?.matchLabels },
          ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        },
        spec: structuredClone(tpl.spec ?? {}),
        status: { phase: "Pending" },
      };
      store.create("PersistentVolumeClaim", claim);
      store.recordEvent("Normal", "SuccessfulCreate", "StatefulSet", set, `create Claim ${name} Pod ${setName}-${ordinal} in StatefulSet ${setName} success`);
    }
  }

  /**
   * `newVersionedStatefulSetPod`: the current revision's template below the partition of a
   * RollingUpdate, the update revision's otherwise. The spec is the template's (shallow copy)
   * with the pod's identity and its claims.
   */
  private newPod(st: SetState, ordinal: number, updateRevision: string): Pod {
    const set = st.set;
    const strategy = set.spec?.updateStrategy;
    const rolling = (strategy?.type ?? "RollingUpdate") === "RollingUpdate";
    const revision = rolling && ordinal < (strategy?.rollingUpdate?.partition ?? 0) && st.templates.has(st.currentRevision) ? st.currentRevision : updateRevision;
    const tpl = st.templates.get(revision)!;
    const setName = set.metadata!.name!;
    const name = `${setName}-${ordinal}`;
    const claimVolumes: Volume[] = (set.spec?.volumeClaimTemplates ?? []).map((c) => ({
      name: c.metadata?.name ?? "",
      persistentVolumeClaim: { claimName: claimName(c.metadata?.name ?? "", setName, ordinal) },
    }));
    const names = new Set(claimVolumes.map((v) => v.name));
    const spec = {
      ...tpl.spec!,
      hostname: name,
      ...(set.spec?.serviceName ? { subdomain: set.spec.serviceName } : {}),
      ...(claimVolumes.length > 0 ? { volumes: [...(tpl.spec?.volumes ?? []).filter((v) => !names.has(v.name)), ...claimVolumes] } : {}),
    } as PodSpec;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: set.metadata!.namespace || "default",
        labels: { ...tpl.metadata?.labels, [LABEL_POD_NAME]: name, [LABEL_POD_INDEX]: String(ordinal), [LABEL_CONTROLLER_REVISION_HASH]: revision },
        annotations: tpl.metadata?.annotations,
        ownerReferences: [controllerRef("apps/v1", "StatefulSet", set)],
      },
      spec,
      status: { phase: "Pending" },
    };
  }

  private updateStatus(st: SetState, updateRevision: string): void {
    const { ledger, sim, store } = this.ctx;
    const set = st.set;
    const minReadyUs = (set.spec?.minReadySeconds ?? 0) * 1e6;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let current = 0;
    let updated = 0;
    for (const m of st.pods.values()) {
      if (m.pod.metadata?.deletionTimestamp) continue;
      replicas++;
      const rev = m.pod.metadata?.labels?.[LABEL_CONTROLLER_REVISION_HASH];
      if (rev === st.currentRevision) current++;
      if (rev === updateRevision) updated++;
      if (m.pod.status?.phase === "Running" && ledger.isReady(m.id)) {
        ready++;
        if (ledger.lastReadyUs[m.id]! + minReadyUs <= sim.nowUs) available++;
      }
    }
    const want = set.spec?.replicas ?? 1;
    // completeRollingUpdate: the update is done once every replica is updated and ready.
    if (updated === want && ready === want && replicas === want) {
      st.currentRevision = updateRevision;
      current = updated;
    }
    const s = set.status;
    const next: StatefulSetStatus = { replicas, readyReplicas: ready, availableReplicas: available, currentReplicas: current, updatedReplicas: updated, currentRevision: st.currentRevision, updateRevision };
    if (s && Object.entries(next).every(([k, v]) => s[k as keyof StatefulSetStatus] === v)) return;
    set.status = next;
    store.update("StatefulSet", set);
  }
}
