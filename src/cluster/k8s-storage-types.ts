/**
 * Storage objects (core/v1 PersistentVolumeClaim and PersistentVolume, storage.k8s.io/v1
 * StorageClass): the fields kubesim reads, verbatim from `staging/src/k8s.io/api/{core,storage}/v1/
 * types.go`, every optional field optional (a manifest is untrusted input).
 */
import type { KubeObject, NodeSelector, ResourceRequirements } from "./k8s-types.js";

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  /** Unset: the default StorageClass is assigned; "" asks for a PV without a class. */
  storageClassName?: string;
  /** Set when the claim is bound (or pre-bound by the user) to this PV. */
  volumeName?: string;
  resources?: ResourceRequirements;
  /** `Filesystem` (default) or `Block`. */
  volumeMode?: string;
  selector?: import("./k8s-types.js").LabelSelector;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: PersistentVolumeClaimSpec;
  status?: {
    /** `Pending`, `Bound` or `Lost`. */
    phase?: "Pending" | "Bound" | "Lost" | string;
    capacity?: Record<string, string | number>;
    accessModes?: string[];
  };
}

export interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: Record<string, string | number>;
    accessModes?: string[];
    storageClassName?: string;
    claimRef?: ObjectReference;
    /** `Retain`, `Delete` (default for provisioned volumes) or `Recycle`. */
    persistentVolumeReclaimPolicy?: string;
    volumeMode?: string;
    /** Which nodes can reach the volume: a zonal disk carries `topology.kubernetes.io/zone In [z]`. */
    nodeAffinity?: { required?: NodeSelector };
    [source: string]: unknown;
  };
  status?: {
    /** `Pending`, `Available`, `Bound`, `Released` or `Failed`. */
    phase?: "Pending" | "Available" | "Bound" | "Released" | "Failed" | string;
  };
}

/** storage.k8s.io/v1 `TopologySelectorTerm`: requirements ANDed, each a key and its allowed values. */
export interface TopologySelectorTerm {
  matchLabelExpressions?: { key: string; values: string[] }[];
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  /** `Delete` (default) or `Retain`. */
  reclaimPolicy?: string;
  /** `Immediate` (default) or `WaitForFirstConsumer`. */
  volumeBindingMode?: "Immediate" | "WaitForFirstConsumer" | string;
  allowedTopologies?: TopologySelectorTerm[];
  allowVolumeExpansion?: boolean;
}
