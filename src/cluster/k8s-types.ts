/**
 * The subset of Kubernetes API objects kubesim reads, as they appear in manifests and in
 * `kubectl get -o yaml|json` dumps.
 *
 * Field names are verbatim from `staging/src/k8s.io/api/{core,apps,batch,policy,scheduling}/v1`
 * `types.go`, and every field that is optional there is optional here: a manifest is untrusted
 * input, so readers must not assume a field is present. These are plain shapes for cold code
 * (loading, validation, reports); the simulation itself works on the typed-array tables built
 * from them. Quantities stay `string | number` exactly as written (`"500m"`, `4`, `"1.5Gi"`);
 * `quantity.ts` turns them into millicores and bytes.
 */

/** A resource quantity as written in a manifest: `"500m"`, `"1.5Gi"`, or a YAML number. */
export type QuantityValue = string | number;

/** `intstr.IntOrString` (`staging/src/k8s.io/apimachinery/pkg/util/intstr`): `1` or `"25%"`. */
export type IntOrString = number | string;

/** `ResourceList`: resource name (`cpu`, `memory`, `nvidia.com/gpu`, ...) to quantity. */
export type ResourceList = Record<string, QuantityValue>;

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  ownerReferences?: OwnerReference[];
  /** RFC 3339 timestamp. */
  creationTimestamp?: string;
  /** RFC 3339 timestamp; set when the object is being deleted. */
  deletionTimestamp?: string;
}

/** Every top-level object: `apiVersion`, `kind`, `metadata`. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

// ---------------------------------------------------------------------------------------------
// Selectors and affinity (core/v1 and meta/v1)

/** Operators of `LabelSelectorRequirement` (meta/v1): In, NotIn, Exists, DoesNotExist. */
export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator | string;
  values?: string[];
}

/** meta/v1 `LabelSelector`. An empty selector matches everything; a missing one, nothing. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Operators of `NodeSelectorRequirement` (core/v1): also Gt and Lt on integer values. */
export type NodeSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

export interface NodeSelectorRequirement {
  key: string;
  operator: NodeSelectorOperator | string;
  values?: string[];
}

/** Requirements within a term are ANDed. `matchFields` supports only `metadata.name`. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** Terms are ORed. */
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  /** 1-100. */
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  /** Empty or missing (with no namespaceSelector) means the pod's own namespace. */
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
  /** 1-100. */
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** Same shape as `PodAffinity`; a separate name as in core/v1. */
export type PodAntiAffinity = PodAffinity;

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAntiAffinity;
}

// ---------------------------------------------------------------------------------------------
// Taints and tolerations (core/v1)

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  /** `Equal` (default) or `Exists`. */
  operator?: "Equal" | "Exists" | string;
  value?: string;
  /** Empty matches every effect. */
  effect?: TaintEffect | "" | string;
  /** Only for NoExecute: how long the pod stays bound after the taint appears. */
  tolerationSeconds?: number;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  /** `DoNotSchedule` (filter) or `ScheduleAnyway` (score). */
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway" | string;
  labelSelector?: LabelSelector;
  minDomains?: number;
  /** `Honor` (default) or `Ignore`. */
  nodeAffinityPolicy?: "Honor" | "Ignore" | string;
  /** `Ignore` (default) or `Honor`. */
  nodeTaintsPolicy?: "Honor" | "Ignore" | string;
  matchLabelKeys?: string[];
}

// ---------------------------------------------------------------------------------------------
// Pods and containers (core/v1)

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  /** `TCP` (default), `UDP` or `SCTP`. */
  protocol?: "TCP" | "UDP" | "SCTP" | string;
}

export interface Probe {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface Container {
  name: string;
  image?: string;
  /** `Always`, `IfNotPresent` or `Never`; the default depends on the image tag. */
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never" | string;
  command?: string[];
  args?: string[];
  resources?: ResourceRequirements;
  ports?: ContainerPort[];
  /** Only on init containers: `Always` makes it a sidecar (KEP-753). */
  restartPolicy?: "Always" | string;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}

export interface PodDNSConfigOption {
  name?: string;
  value?: string;
}

export interface PodDNSConfig {
  nameservers?: string[];
  searches?: string[];
  /** e.g. `{ name: "ndots", value: "5" }`. */
  options?: PodDNSConfigOption[];
}

/** Only the fields kubesim reads; other volume sources pass through untyped. */
export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [source: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  /** RuntimeClass overhead, added to the pod's requests by the scheduler. */
  overhead?: ResourceList;
  /** Pod-level resources (KEP-2837). */
  resources?: ResourceRequirements;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  priority?: number;
  priorityClassName?: string;
  /** `PreemptLowerPriority` (default) or `Never`. */
  preemptionPolicy?: "PreemptLowerPriority" | "Never" | string;
  /** Default `default-scheduler`. */
  schedulerName?: string;
  volumes?: Volume[];
  /** `Always` (default), `OnFailure` or `Never`. */
  restartPolicy?: "Always" | "OnFailure" | "Never" | string;
  /** `ClusterFirst` (default), `ClusterFirstWithHostNet`, `Default` or `None`. */
  dnsPolicy?: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None" | string;
  dnsConfig?: PodDNSConfig;
  hostNetwork?: boolean;
  /** Default 30. */
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
}

export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown" | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface PodStatus {
  /** `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`. */
  phase?: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown" | string;
  nominatedNodeName?: string;
  startTime?: string;
  conditions?: PodCondition[];
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

// ---------------------------------------------------------------------------------------------
// Nodes (core/v1)

export interface ContainerImage {
  names?: string[];
  sizeBytes?: number;
}

export interface NodeCondition {
  type: string;
  status: "True" | "False" | "Unknown" | string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
  podCIDR?: string;
  providerID?: string;
}

export interface NodeStatus {
  allocatable?: ResourceList;
  capacity?: ResourceList;
  images?: ContainerImage[];
  conditions?: NodeCondition[];
}

export interface Node extends KubeObject {
  spec?: NodeSpec;
  status?: NodeStatus;
}

/** `v1/List` and the typed lists (`NodeList`, `PodList`, ...) that `kubectl get -o yaml` prints. */
export interface KubeList extends KubeObject {
  items?: unknown[];
}

// Workload and policy objects live in their own file; re-exported so callers import one module.
export type * from "./k8s-workload-types.js";
