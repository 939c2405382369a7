/**
 * The storage objects the scheduler and the persistent-volume controller read
 * (PersistentVolumeClaims, PersistentVolumes, StorageClasses), and the pure rules both apply,
 * after `staging/src/k8s.io/component-helpers/storage/volume/{helpers.go,pv_helpers.go}`:
 * a claim's class (the beta annotation first), delayed binding, and `FindMatchingVolume`.
 *
 * Cold code: only pods with PersistentVolumeClaim volumes ever reach it.
 */
import type { PodSpec } from "./k8s-types.js";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "./k8s-storage-types.js";
import { parseBytes } from "./quantity.js";

/** component-helpers/storage/volume: set by the scheduler on a delayed claim to provision for a node. */
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
/** pv_controller.go annBindCompleted: the PV controller finished binding the claim. */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
/** pv_controller.go annBoundByController. */
export const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
/** core/v1 BetaStorageClassAnnotation, still honoured before `spec.storageClassName`. */
export const ANN_BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
/** storage/util IsDefaultStorageClassAnnotation. */
export const ANN_DEFAULT_STORAGE_CLASS = "storageclass.kubernetes.io/is-default-class";
/** component-helpers/storage/volume NotSupportedProvisioner: static (local) volumes only. */
export const NOT_SUPPORTED_PROVISIONER = "kubernetes.io/no-provisioner";
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

export class VolumeCatalog {
  /**
   * Whether storage is modelled for this cluster. The runtime always models it; a cluster
   * imported from a snapshot without any storage object does not (its volume plugins pass
   * every node, as before storage existed, with the import warning saying so).
   */
  enabled = false;
  /** By `namespace/name`. */
  readonly claims = new Map<string, PersistentVolumeClaim>();
  readonly volumes = new Map<string, PersistentVolume>();
  readonly classes = new Map<string, StorageClass>();

  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.claims.get(`${namespace}/${name}`);
  }

  /** Adds or replaces an object of kind PersistentVolumeClaim, PersistentVolume or StorageClass. */
  set(kind: string, obj: PersistentVolumeClaim | PersistentVolume | StorageClass): void {
    const m = obj.metadata ?? {};
    if (kind === "PersistentVolumeClaim") this.claims.set(`${m.namespace || "default"}/${m.name}`, obj as PersistentVolumeClaim);
    else if (kind === "PersistentVolume") this.volumes.set(m.name ?? "", obj as PersistentVolume);
    else if (kind === "StorageClass") this.classes.set(m.name ?? "", obj as StorageClass);
  }

  remove(kind: string, obj: PersistentVolumeClaim | PersistentVolume | StorageClass): void {
    const m = obj.metadata ?? {};
    if (kind === "PersistentVolumeClaim") this.claims.delete(`${m.namespace || "default"}/${m.name}`);
    else if (kind === "PersistentVolume") this.volumes.delete(m.name ?? "");
    else if (kind === "StorageClass") this.classes.delete(m.name ?? "");
  }

  /**
   * The default StorageClass (plugin/pkg/admission/storage/storageclass/setdefault and
   * `GetDefaultClass`): annotated `is-default-class: "true"`; with several, the newest, then
   * the name sorting first.
   */
  defaultClass(): StorageClass | undefined {
    let best: StorageClass | undefined;
    for (const sc of this.classes.values()) {
      if (sc.metadata?.annotations?.[ANN_DEFAULT_STORAGE_CLASS] !== "true") continue;
      if (!best) best = sc;
      else {
        const a = sc.metadata?.creationTimestamp ?? "";
        const b = best.metadata?.creationTimestamp ?? "";
        if (a > b || (a === b && (sc.metadata?.name ?? "") < (best.metadata?.name ?? ""))) best = sc;
      }
    }
    return best;
  }
}

/** `GetPersistentVolumeClaimClass`: the beta annotation, else `spec.storageClassName`, else "". */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? pvc.spec?.storageClassName ?? "";
}

/** `GetPersistentVolumeClass`. */
export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? pv.spec?.storageClassName ?? "";
}

/** The claim names of a pod's `persistentVolumeClaim` volumes, in volume order. */
export function podClaimNames(spec: PodSpec | undefined): string[] {
  const out: string[] = [];
  for (const v of spec?.volumes ?? []) if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName ?? "");
  return out;
}

const hasClaimsMemo = new WeakMap<PodSpec, boolean>();

/**
 * Whether a pod spec has PersistentVolumeClaim volumes: the per-pod flag that keeps the volume
 * plugins off the hot path. Memoised per spec object (pods of a template share one).
 */
export function hasClaims(spec: PodSpec | undefined): boolean {
  if (!spec?.volumes) return false;
  let v = hasClaimsMemo.get(spec);
  if (v === undefined) {
    v = spec.volumes.some((x) => x.persistentVolumeClaim !== undefined);
    hasClaimsMemo.set(spec, v);
  }
  return v;
}

/** `isPVCFullyBound`: a volume name and the PV controller's bind-completed annotation. */
export function isClaimBound(pvc: PersistentVolumeClaim): boolean {
  return !!pvc.spec?.volumeName && pvc.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
}

/**
 * `IsDelayBindingMode`: the claim's class exists and says WaitForFirstConsumer. A class that
 * does not exist means Immediate (so do claims without a class).
 */
export function isDelayBinding(pvc: PersistentVolumeClaim, catalog: VolumeCatalog): boolean {
  const name = claimClass(pvc);
  if (name === "") return false;
  return catalog.classes.get(name)?.volumeBindingMode === "WaitForFirstConsumer";
}

/** `storage` request in bytes (0 when unset or unparseable). */
export function claimRequestBytes(pvc: PersistentVolumeClaim): number {
  return bytes(pvc.spec?.resources?.requests?.["storage"]);
}

export function volumeCapacityBytes(pv: PersistentVolume): number {
  return bytes(pv.spec?.capacity?.["storage"]);
}

function bytes(q: string | number | undefined): number {
  if (q === undefined) return 0;
  try {
    return parseBytes(q);
  } catch {
    return 0;
  }
}

/** The PV is reserved for this claim (`IsVolumeBoundToClaim`: name, namespace and, when set, uid). */
export function isVolumeBoundToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const r = pv.spec?.claimRef;
  if (!r) return false;
  const m = pvc.metadata ?? {};
  if (r.name !== m.name || (r.namespace || "default") !== (m.namespace || "default")) return false;
  return !r.uid || r.uid === m.uid;
}

/**
 * `FindMatchingVolume` (component-helpers/storage/volume/pv_helpers.go): the smallest PV of the
 * claim's class that is Available (or already reserved for the claim), large enough, with every
 * requested access mode, the same volume mode, and whose node affinity `nodeOk` accepts. With
 * no node (the PV controller) and delayed binding, only PVs reserved for the claim match: the
 * scheduler chooses the others. Claim `selector`s are not modelled (a PV must simply match).
 */
export function findMatchingVolume(
  pvc: PersistentVolumeClaim,
  volumes: Iterable<PersistentVolume>,
  nodeOk: ((pv: PersistentVolume) => boolean) | null,
  excluded: ReadonlySet<string> | null,
  delayBinding: boolean,
): PersistentVolume | null {
  const want = claimRequestBytes(pvc);
  const cls = claimClass(pvc);
  const modes = pvc.spec?.accessModes ?? [];
  const mode = pvc.spec?.volumeMode ?? "Filesystem";
  let best: PersistentVolume | null = null;
  let bestSize = Infinity;
  for (const pv of volumes) {
    const name = pv.metadata?.name ?? "";
    if (excluded?.has(name)) continue;
    const size = volumeCapacityBytes(pv);
    if (size < want) continue;
    if ((pv.spec?.volumeMode ?? "Filesystem") !== mode) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    const nodeAffinityValid = nodeOk === null || nodeOk(pv);
    if (isVolumeBoundToClaim(pv, pvc)) return nodeAffinityValid ? pv : null;
    if (nodeOk === null && delayBinding) continue;
    if (pv.spec?.claimRef) continue;
    if ((pv.status?.phase ?? "Available") !== "Available") continue;
    if (volumeClass(pv) !== cls) continue;
    if (!nodeAffinityValid) continue;
    const pvModes = pv.spec?.accessModes ?? [];
    if (!modes.every((m) => pvModes.includes(m))) continue;
    if (size < bestSize) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}

/** A class that can provision dynamically (`checkVolumeProvisions`). */
export function canProvision(sc: StorageClass | undefined): boolean {
  return !!sc && !!sc.provisioner && sc.provisioner !== NOT_SUPPORTED_PROVISIONER;
}
