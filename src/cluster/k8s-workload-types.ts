/**
 * Workload and cluster-policy objects (apps/v1, batch/v1, policy/v1, scheduling.k8s.io/v1,
 * core/v1 Service, ReplicationController and Namespace): the part of `k8s-types.ts` that is not
 * about pods and nodes themselves. Same rules: field names verbatim, optional as in Kubernetes.
 * Import them through `k8s-types.ts`, which re-exports this file.
 */
import type { IntOrString, KubeObject, LabelSelector, ObjectMeta, PodTemplateSpec, ResourceRequirements } from "./k8s-types.js";

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: IntOrString;
  protocol?: "TCP" | "UDP" | "SCTP" | string;
  nodePort?: number;
}

export interface Service extends KubeObject {
  spec?: {
    /** Plain map (not a LabelSelector), as in core/v1 ServiceSpec. */
    selector?: Record<string, string>;
    ports?: ServicePort[];
    /** `ClusterIP` (default), `NodePort`, `LoadBalancer` or `ExternalName`. */
    type?: string;
    clusterIP?: string;
  };
}

export interface ReplicaSet extends KubeObject {
  spec?: {
    /** Default 1. */
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    minReadySeconds?: number;
  };
}

/** core/v1: the selector is a plain map, and the template is optional. */
export interface ReplicationController extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: Record<string, string>;
    template?: PodTemplateSpec;
    minReadySeconds?: number;
  };
}

export interface RollingUpdateDeployment {
  /** Default 25%. */
  maxUnavailable?: IntOrString;
  /** Default 25%. */
  maxSurge?: IntOrString;
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    strategy?: {
      /** `RollingUpdate` (default) or `Recreate`. */
      type?: "RollingUpdate" | "Recreate" | string;
      rollingUpdate?: RollingUpdateDeployment;
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
}

export interface PersistentVolumeClaimTemplate {
  metadata?: ObjectMeta;
  spec?: {
    accessModes?: string[];
    storageClassName?: string;
    resources?: ResourceRequirements;
  };
}

export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    serviceName?: string;
    /** `OrderedReady` (default) or `Parallel`. */
    podManagementPolicy?: "OrderedReady" | "Parallel" | string;
    updateStrategy?: {
      type?: "RollingUpdate" | "OnDelete" | string;
      rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString };
    };
    volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
    minReadySeconds?: number;
  };
}

export interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    updateStrategy?: {
      type?: "RollingUpdate" | "OnDelete" | string;
      rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
    };
    minReadySeconds?: number;
  };
}

export interface Job extends KubeObject {
  spec?: {
    /** Default 1. */
    parallelism?: number;
    /** Unset: the job is done when any pod succeeds (work-queue pattern). */
    completions?: number;
    /** `NonIndexed` (default) or `Indexed`. */
    completionMode?: "NonIndexed" | "Indexed" | string;
    /** Default 6. */
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
  };
}

// ---------------------------------------------------------------------------------------------
// Cluster policy objects

/** scheduling.k8s.io/v1. */
export interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: "PreemptLowerPriority" | "Never" | string;
  description?: string;
}

/** policy/v1. `minAvailable` and `maxUnavailable` are mutually exclusive. */
export interface PodDisruptionBudget extends KubeObject {
  spec?: {
    minAvailable?: IntOrString;
    maxUnavailable?: IntOrString;
    selector?: LabelSelector;
    /** `IfHealthyBudget` (default) or `AlwaysAllow`. */
    unhealthyPodEvictionPolicy?: string;
  };
}

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: "Active" | "Terminating" | string };
}
