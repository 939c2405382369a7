/**
 * The resolved scenario: what `kubesim run` simulates, after the scenario file has been
 * parsed, validated against the JSON Schema (`kubesim schema`), defaulted, and its manifest
 * paths loaded. This is the contract between the scenario loader (`load-scenario.ts`) and the
 * runtime (`src/runtime/`): the loader guarantees every field below is present and valid, so
 * the runtime never re-validates.
 *
 * Units are kubesim's: time in integer microseconds, cpu in millicores, memory in bytes.
 * The file format itself (`apiVersion: kubesim.io/v1alpha1`, `kind: Scenario`) is documented
 * in docs/scenarios.md and described by the JSON Schema.
 */
import type { ApiServerSettings } from "../apiserver/api-server-settings.js";
import type { SourcePosition } from "../errors.js";
import type { DnsSettings, WorkloadDns } from "../models/dns/dns-settings.js";
import type { MemoryProfile } from "../models/memory.js";
import type { CostDistribution } from "../models/response-curve.js";
import type { TrafficProfile } from "../models/traffic.js";
import type { LoadedObject } from "./manifests.js";
import type { PodTrace } from "./trace-specs.js";

export interface ResolvedScenario {
  name: string;
  /** The scenario file as given on the command line (for run.json and messages). */
  file: string;
  seed: number;
  durationUs: number;
  sampleIntervalUs: number;
  nodePools: NodePool[];
  /** Kubernetes objects from `spec.workloads` (manifest paths and inline objects) and `spec.cluster.nodes`, in order. */
  objects: LoadedObject[];
  /** The KubeSchedulerConfiguration document, if the scenario names one (file path or inline). */
  schedulerConfig: LoadedObject | null;
  kubelet: KubeletSettings;
  controlPlane: ControlPlaneSettings;
  timeline: TimelineAction[];
  slos: SloSpec[];
  /**
   * `spec.traffic`: request load per workload, driving the CPU (CFS) and memory models
   * (docs/resource-dynamics.md). The loader always sets it; optional so that scenarios built by
   * hand in tests need not (absent = no traffic).
   */
  traffic?: WorkloadTraffic[];
  /** Every input file read (scenario, manifests, configs), for run.json hashes. */
  inputFiles: string[];
  /** `spec.autoscaling` (HPA and cluster-autoscaler flags, pod usage profiles); absent = upstream defaults, no profiles. */
  autoscaling?: AutoscalingSettings;
  /** `spec.dns`: cluster DNS, CoreDNS and caches (docs/dns.md); absent = DNS is not modelled. */
  dns?: DnsSettings;
  /** `spec.apiServer`: the API server cost model (docs/api-server.md); absent = writes are free and instant. */
  apiServer?: ApiServerSettings;
  /** `spec.workloads[].trace`: pod traces replayed over the run (runtime/trace-replay.ts); absent = none. */
  traces?: PodTrace[];
}

export interface NodePool {
  name: string;
  count: number;
  /** Allocatable per node (from `allocatable` or the instance type's table). */
  cpuMillicores: number;
  memoryBytes: number;
  pods: number;
  ephemeralStorageBytes: number;
  /** Extended resources, e.g. `nvidia.com/gpu`. */
  scalars: Record<string, number>;
  instanceType: string | null;
  labels: Record<string, string>;
  taints: { key: string; value: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
  /** Nodes are spread round-robin over these zones (`topology.kubernetes.io/zone`); empty = no zone label. */
  zones: string[];
  region: string | null;
  pricePerHour: number;
  /** Images already present on every node of the pool (pre-pulled). */
  images: { name: string; sizeBytes: number }[];
  source: SourcePosition;
  /** `autoscaling: {minCount, maxCount}`: the cluster autoscaler manages the pool's size; absent = fixed size. */
  autoscaling?: { minCount: number; maxCount: number };
}

/**
 * `spec.autoscaling`: kube-controller-manager HPA flags, cluster-autoscaler flags, and what
 * metrics-server reports for pods (a simulator input until a traffic model drives usage).
 * Defaults and their upstream sources: src/controllers/autoscaling-defaults.ts.
 */
export interface AutoscalingSettings {
  horizontalPodAutoscaler: HpaControllerSettings;
  clusterAutoscaler: ClusterAutoscalerSettings;
  /** metrics-server `--metric-resolution`: scrape period, also the window of a CPU rate. */
  metricResolutionUs: number;
  podUsage: PodUsageProfile[];
}

export interface HpaControllerSettings {
  /** `--horizontal-pod-autoscaler-sync-period`. */
  syncPeriodUs: number;
  /** `--horizontal-pod-autoscaler-tolerance`. */
  tolerance: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`. */
  downscaleStabilizationUs: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period`. */
  cpuInitializationPeriodUs: number;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay`. */
  initialReadinessDelayUs: number;
}

export interface ClusterAutoscalerSettings {
  scanIntervalUs: number;
  expander: "random" | "least-waste";
  /** Scale-up request → Node object registered (VM create, boot, kubelet registration). */
  provisioningDelayUs: number;
  /** Node registered (NotReady, not-ready taint) → Ready (runtime and CNI up). */
  nodeReadyDelayUs: number;
  scaleDownEnabled: boolean;
  scaleDownUtilizationThreshold: number;
  scaleDownUnneededTimeUs: number;
  scaleDownDelayAfterAddUs: number;
  scaleDownDelayAfterDeleteUs: number;
  maxGracefulTerminationUs: number;
  maxEmptyBulkDelete: number;
}

/**
 * Usage of one resource by a workload's pods over time. `per: workload`: `base`/`peak` are the
 * workload's total, split evenly over its Ready pods (unready pods get no traffic: 0); `per:
 * pod`: every running pod uses the value. Values are millicores or bytes, or percent of the
 * pod's request when `percent`. Shapes: constant (`base`), step (`base`, then `peak` from
 * `at`), spike (`peak` during [`at`, `at` + `for`)); `ramp` makes each change linear.
 */
export interface PodUsageProfile {
  target: WorkloadRef;
  resource: "cpu" | "memory";
  per: "workload" | "pod";
  shape: "constant" | "step" | "spike";
  base: number;
  peak: number;
  percent: boolean;
  atUs: number;
  forUs: number;
  rampUs: number;
  source: SourcePosition;
}

/** Kubelet and container-runtime timings (documented defaults in docs/scenarios.md). */
export interface KubeletSettings {
  /** RunPodSandbox on an idle node: the fixed time, or the median of a lognormal (`sandboxCreationP99Us`). */
  sandboxCreationUs: number;
  /** Create + start one container on an idle node: fixed, or the median of a lognormal. */
  containerStartUs: number;
  /**
   * p99 of RunPodSandbox on an idle node. Absent or equal to `sandboxCreationUs`: every sandbox
   * takes exactly `sandboxCreationUs` (the scalar form). Otherwise lognormal (container-runtime.ts).
   */
  sandboxCreationP99Us?: number;
  /** p99 of one container start on an idle node; absent or equal to `containerStartUs`: fixed. */
  containerStartP99Us?: number;
  /**
   * Each other pod on the node lengthens a runtime operation by this fraction (0.115: +11.5 %
   * per pod). Absent = 0: timings do not depend on the node's load.
   */
  runtimeSlowdownPerPod?: number;
  /** RunPodSandbox calls one node serves at once; the rest wait, first come first served. Absent = no limit. */
  parallelSandboxCreations?: number;
  /** Image pull bandwidth per node, bytes per second. */
  imagePullBytesPerSec: number;
  /** Fixed registry round-trip per pull. */
  imagePullLatencyUs: number;
  /** Size assumed for images with no size given (node `status.images` or `spec.images`). */
  defaultImageSizeBytes: number;
  /** Image sizes by image name, from the scenario. */
  imageSizes: Record<string, number>;
  /** Lease renewal period (kubelet `nodeLeaseDurationSeconds` / renew interval): 10 s. */
  nodeLeaseRenewIntervalUs: number;
  /**
   * Kubelet `cpuCFSQuota`: enforce CPU limits as CFS quotas (default true). False runs the same
   * workloads without CPU limits, to compare. Absent = true.
   */
  cpuCFSQuota?: boolean;
  /** Kubelet `cpuCFSQuotaPeriod` (default 100 ms). Absent = 100 ms. */
  cpuCFSQuotaPeriodUs?: number;
}

/** One `spec.traffic[]` entry: the load on a workload's pods and how its containers use CPU and memory. */
export interface WorkloadTraffic {
  target: WorkloadRef;
  /** The container serving the requests (default: the first). */
  container: string | null;
  rate: TrafficProfile;
  /** CPU time one request needs, on one thread. */
  cpuPerRequest: CostDistribution;
  /** Worker threads per container (requests beyond wait in a queue). */
  threads: number;
  /** `cpu.cfs_burst_us` (0 = off; the kubelet does not set it, a what-if knob). */
  cfsBurstUs: number;
  memory: MemoryProfile;
  /** `dns`: the names its pods look up (with `spec.dns`); absent = none. */
  dns?: WorkloadDns;
  source: SourcePosition;
}

/** Control-plane timings (kube-controller-manager flags and their defaults). */
export interface ControlPlaneSettings {
  /** `--node-monitor-grace-period`: 50 s in v1.34. */
  nodeMonitorGracePeriodUs: number;
  /** `--node-monitor-period`: 5 s. */
  nodeMonitorPeriodUs: number;
  /** DefaultTolerationSeconds admission: 300 s for not-ready / unreachable. */
  defaultTolerationSeconds: number;
  /** `--terminated-pod-gc-threshold`: 12500. */
  terminatedPodGcThreshold: number;
}

export type TimelineAction =
  | { at: number; action: "apply"; objects: LoadedObject[]; source: SourcePosition }
  | { at: number; action: "scale"; target: WorkloadRef; replicas: number; source: SourcePosition }
  | { at: number; action: "rollout"; target: WorkloadRef; image?: string; env?: Record<string, string>; source: SourcePosition }
  | { at: number; action: "cordon" | "uncordon" | "drain" | "deleteNode" | "failNode" | "recoverNode"; node: string; source: SourcePosition }
  | { at: number; action: "failZone" | "recoverZone"; zone: string; source: SourcePosition }
  | { at: number; action: "registryOutage"; durationUs: number; registry: string | null; source: SourcePosition }
  | { at: number; action: "probeFailure"; target: WorkloadRef; probe: "liveness" | "readiness" | "startup"; durationUs: number; source: SourcePosition }
  | { at: number; action: "addNodes"; pool: string; count: number; source: SourcePosition };

export interface WorkloadRef {
  kind: "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job";
  namespace: string;
  name: string;
}

export type SloStat = "p50" | "p90" | "p95" | "p99" | "p99_9" | "max" | "mean" | "min" | "count" | "final" | "sum";

/** One objective: `stat(metric) <= max` (or `>= min`), optionally sustained `for` a duration. */
export interface SloSpec {
  name: string;
  metric: string;
  stat: SloStat;
  max: number | null;
  min: number | null;
  /** Unit the threshold and the observed value are shown in. */
  unit: string;
  forUs: number | null;
  /**
   * `from`: only what happens from this simulated instant on is judged (null: the whole run).
   * Latencies: observations that started at or after it; gauges: samples at or after it;
   * counters: the increase after it (slo-windows.ts, slo-check.ts). Absent rather than null
   * without `from`, so that run.json and the run id of such scenarios keep their bytes.
   */
  fromUs?: number;
  /** Where it came from: a preset name, or the scenario position. */
  preset: string | null;
  source: SourcePosition;
}
