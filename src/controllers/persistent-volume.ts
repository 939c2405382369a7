/**
 * The persistent-volume controller (pkg/controller/volume/persistentvolume/pv_controller.go
 * `syncClaim`, `syncVolume`, `bind`) together with the external provisioner every dynamic
 * StorageClass has (kubernetes-csi/external-provisioner, sig-storage-lib-external-provisioner),
 * as one actor. Binding and provisioning take no simulated time (a simplification: a real
 * cloud disk takes seconds to create and attach, which pod startup here does not include).
 *
 * Claims:
 * - no class at all (`storageClassName` unset): the default StorageClass is written into the
 *   claim (retroactive default StorageClass assignment, GA in v1.28);
 * - unbound: the smallest matching Available PV is bound (component-helpers
 *   `FindMatchingVolume`); for a WaitForFirstConsumer class without the scheduler's
 *   `volume.kubernetes.io/selected-node`, nothing happens (`WaitForFirstConsumer` event): the
 *   scheduler picks the node; otherwise a class with a provisioner provisions a PV
 *   `pvc-<claim uid>` of the requested size and binds it; a claim without a class and without a
 *   matching PV stays Pending (`FailedBinding`);
 * - pre-bound (`spec.volumeName`) or reserved by the scheduler (a PV's `claimRef`): bound.
 * Binding writes the PV (`claimRef`, phase Bound) and the claim (`volumeName`,
 * `pv.kubernetes.io/bind-completed`, phase Bound).
 *
 * Where a provisioned volume lives (its `topology.kubernetes.io/zone` node affinity):
 * - WaitForFirstConsumer: the zone of the selected node (none if the node has no zone label);
 * - Immediate: topology-unaware, as external-provisioner does without a selected node
 *   (`GenerateAccessibilityRequirements`, the legacy `ChooseZoneForVolume` heuristic): the
 *   candidate zones are the class's `allowedTopologies` zones, else the zones of every node;
 *   sorted, the volume goes to zone `(fnv32(base) + index) mod n`, where a claim named
 *   `<template>-<set>-<ordinal>` has index = ordinal and base = `<set>`, so a StatefulSet's
 *   volumes go round-robin over the zones from an offset fixed by the set's name. Deterministic:
 *   no random draw.
 * Not modelled: reclaim (deleting a claim leaves its PV), volume expansion, CSIStorageCapacity,
 * access-mode conflicts between pods, claim `selector`s.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { KubeObject, Node } from "../cluster/k8s-types.js";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../cluster/k8s-storage-types.js";
import {
  ANN_BETA_STORAGE_CLASS,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  canProvision,
  claimClass,
  findMatchingVolume,
  isClaimBound,
  isDelayBinding,
  isVolumeBoundToClaim,
  LABEL_TOPOLOGY_ZONE,
  VolumeCatalog,
} from "../cluster/volume-catalog.js";
import { keyOf } from "./owner.js";
import { SyncQueue } from "./sync-queue.js";

/** external-provisioner: the annotation naming the provisioner on the PVs it creates. */
export const ANN_PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

export class PersistentVolumeController implements Actor {
  readonly name = "persistent-volume-controller";
  private ctx!: ActorContext;
  private queue!: SyncQueue;
  /** The controller's informer caches. */
  readonly catalog = new VolumeCatalog();
  private readonly nodes = new Map<string, Node>();
  /** `claim|reason` of the Pending-claim events already recorded (one per claim and reason). */
  private readonly told = new Set<string>();

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.queue = new SyncQueue(ctx.sim, (k) => this.sync(k));
    const s = ctx.store;
    s.watch("Node", (t, o) => {
      if (t === "DELETED") this.nodes.delete(o.metadata!.name!);
      else this.nodes.set(o.metadata!.name!, o as Node);
    });
    s.watch("StorageClass", (t, o) => {
      this.apply("StorageClass", t, o);
      // A new class may let Pending claims provision.
      if (t === "ADDED") for (const [k, pvc] of this.catalog.claims) if (!pvc.spec?.volumeName) this.queue.add(`c/${k}`);
    });
    s.watch("PersistentVolume", (t, o) => {
      this.apply("PersistentVolume", t, o);
      if (t !== "DELETED") this.queue.add(`v/${o.metadata!.name}`);
    });
    s.watch("PersistentVolumeClaim", (t, o) => {
      this.apply("PersistentVolumeClaim", t, o);
      if (t !== "DELETED") this.queue.add(`c/${keyOf(o)}`);
    });
  }

  private apply(kind: string, t: WatchEventType, o: KubeObject): void {
    if (t === "DELETED") this.catalog.remove(kind, o);
    else this.catalog.set(kind, o);
  }

  private sync(key: string): void {
    if (key.startsWith("v/")) {
      const pv = this.catalog.volumes.get(key.slice(2));
      if (pv) this.syncVolume(pv);
      return;
    }
    const [ns, name] = key.slice(2).split("/") as [string, string];
    const pvc = this.catalog.claim(ns, name);
    if (pvc && !pvc.metadata?.deletionTimestamp) this.syncClaim(pvc);
  }

  /** `syncVolume`: a PV reserved for a claim (by the scheduler, a user or a provisioner) gets bound. */
  private syncVolume(pv: PersistentVolume): void {
    const ref = pv.spec?.claimRef;
    if (!ref?.name || pv.status?.phase === "Bound") return;
    const pvc = this.catalog.claim(ref.namespace || "default", ref.name);
    if (!pvc || !isVolumeBoundToClaim(pv, pvc)) return;
    const want = pvc.spec?.volumeName;
    if (!want || want === pv.metadata!.name) this.bind(pv, pvc);
  }

  private syncClaim(pvc: PersistentVolumeClaim): void {
    const { store } = this.ctx;
    if (pvc.spec?.storageClassName === undefined && pvc.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] === undefined) {
      const def = this.catalog.defaultClass();
      if (def) {
        pvc.spec = { ...pvc.spec, storageClassName: def.metadata!.name! };
        store.update("PersistentVolumeClaim", pvc);
        return; // the update's watch event syncs it again
      }
    }
    const volumeName = pvc.spec?.volumeName;
    if (volumeName) {
      if (isClaimBound(pvc)) return;
      const pv = this.catalog.volumes.get(volumeName);
      if (pv && (!pv.spec?.claimRef || isVolumeBoundToClaim(pv, pvc))) this.bind(pv, pvc);
      return;
    }
    const delay = isDelayBinding(pvc, this.catalog);
    const pv = findMatchingVolume(pvc, this.catalog.volumes.values(), null, null, delay);
    if (pv) return this.bind(pv, pvc);
    const selected = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
    const cls = claimClass(pvc);
    if (delay && selected === undefined) {
      this.tell(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
    } else if (cls === "") {
      this.tell(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
    } else {
      const sc = this.catalog.classes.get(cls);
      if (!sc) this.tell(pvc, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${cls}" not found`);
      else if (!canProvision(sc)) {
        this.tell(pvc, "Normal", "ExternalProvisioning", `Waiting for a volume to be created either by the external provisioner '${sc.provisioner ?? ""}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
      } else return this.provision(pvc, sc, selected);
    }
    if (pvc.status?.phase !== "Pending") {
      pvc.status = { ...pvc.status, phase: "Pending" };
      store.update("PersistentVolumeClaim", pvc);
    }
  }

  /** Records a Pending claim's event once per claim and reason (upstream repeats it every resync). */
  private tell(pvc: PersistentVolumeClaim, type: "Normal" | "Warning", reason: string, message: string): void {
    const k = `${keyOf(pvc)}|${reason}`;
    if (this.told.has(k)) return;
    this.told.add(k);
    this.ctx.store.recordEvent(type, reason, "PersistentVolumeClaim", pvc, message);
  }

  private provision(pvc: PersistentVolumeClaim, sc: StorageClass, selectedNode: string | undefined): void {
    const { store } = this.ctx;
    const ref = `${pvc.metadata!.namespace || "default"}/${pvc.metadata!.name}`;
    store.recordEvent("Normal", "Provisioning", "PersistentVolumeClaim", pvc, `External provisioner is provisioning volume for claim "${ref}"`);
    const zone = selectedNode !== undefined ? this.nodes.get(selectedNode)?.metadata?.labels?.[LABEL_TOPOLOGY_ZONE] : chooseZoneForVolume(this.candidateZones(sc), pvc.metadata!.name!);
    const name = `pvc-${pvc.metadata!.uid}`;
    const pv: PersistentVolume = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name, annotations: { [ANN_PROVISIONED_BY]: sc.provisioner! } },
      spec: {
        capacity: { storage: pvc.spec?.resources?.requests?.["storage"] ?? "0" },
        accessModes: pvc.spec?.accessModes ?? [],
        storageClassName: sc.metadata!.name!,
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
        volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
        claimRef: { kind: "PersistentVolumeClaim", namespace: pvc.metadata!.namespace || "default", name: pvc.metadata!.name, uid: pvc.metadata!.uid },
        ...(zone !== undefined
          ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_TOPOLOGY_ZONE, operator: "In", values: [zone] }] }] } } }
          : {}),
      },
      status: { phase: "Pending" },
    };
    store.create("PersistentVolume", pv);
    this.catalog.set("PersistentVolume", pv);
    store.recordEvent("Normal", "ProvisioningSucceeded", "PersistentVolumeClaim", pvc, `Successfully provisioned volume ${name}`);
    this.bind(pv, pvc);
  }

  /** Zones an Immediate claim may be provisioned in: the class's allowed zones, else every node's zone. */
  private candidateZones(sc: StorageClass): string[] {
    const zones = new Set<string>();
    const terms = sc.allowedTopologies ?? [];
    if (terms.length > 0) {
      for (const t of terms) for (const e of t.matchLabelExpressions ?? []) if (e.key === LABEL_TOPOLOGY_ZONE) for (const v of e.values) zones.add(v);
    } else {
      for (const n of this.nodes.values()) {
        const z = n.metadata?.labels?.[LABEL_TOPOLOGY_ZONE];
        if (z !== undefined) zones.add(z);
      }
    }
    return [...zones].sort();
  }

  /** pv_controller.go `bind`: the PV's claimRef and phase, then the claim's volumeName and phase. */
  private bind(pv: PersistentVolume, pvc: PersistentVolumeClaim): void {
    const { store } = this.ctx;
    const m = pvc.metadata!;
    if (!isVolumeBoundToClaim(pv, pvc) || pv.status?.phase !== "Bound") {
      pv.spec = { ...pv.spec, claimRef: { kind: "PersistentVolumeClaim", namespace: m.namespace || "default", name: m.name, uid: m.uid } };
      pv.status = { ...pv.status, phase: "Bound" };
      store.update("PersistentVolume", pv);
    }
    const byController = !pvc.spec?.volumeName;
    pvc.spec = { ...pvc.spec, volumeName: pv.metadata!.name! };
    pvc.metadata = {
      ...m,
      annotations: { ...m.annotations, [ANN_BIND_COMPLETED]: "yes", ...(byController ? { [ANN_BOUND_BY_CONTROLLER]: "yes" } : {}) },
    };
    pvc.status = { ...pvc.status, phase: "Bound", capacity: pv.spec?.capacity, accessModes: pv.spec?.accessModes };
    store.update("PersistentVolumeClaim", pvc);
  }
}

/**
 * `ChooseZoneForVolume` / external-provisioner's Immediate-binding spread: zone
 * `(fnv32(base) + index) mod n` of the sorted zones, where `getPVCNameHashAndIndexOffset` takes
 * a trailing `-<integer>` as the index and hashes only the part between the last two dashes
 * before it (the StatefulSet name of `<claim>-<set>-<ordinal>`). Undefined when there are no zones.
 */
export function chooseZoneForVolume(zones: readonly string[], pvcName: string): string | undefined {
  if (zones.length === 0) return undefined;
  let hashString = pvcName;
  let index = 0;
  const lastDash = pvcName.lastIndexOf("-");
  if (lastDash !== -1) {
    const id = pvcName.slice(lastDash + 1);
    // strconv.ParseUint(s, 10, 32): decimal digits only, below 2^32.
    if (/^[0-9]+$/.test(id) && Number(id) < 2 ** 32) {
      index = Number(id);
      hashString = pvcName.slice(0, lastDash);
      const prev = hashString.lastIndexOf("-");
      if (prev !== -1) hashString = hashString.slice(prev + 1);
    }
  }
  return zones[((fnv32(hashString) + index) >>> 0) % zones.length];
}

/** FNV-1 32-bit (Go `hash/fnv.New32`: multiply, then XOR each byte), over the UTF-8 bytes. */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}
