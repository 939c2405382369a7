/**
 * The scenario document as written, after it passed the JSON Schema (`schema.ts`): these types
 * say what the schema guarantees (shapes, required keys), nothing more. Values are still
 * unparsed text (durations, quantities, targets); `load-scenario.ts` turns them into the
 * `ResolvedScenario`.
 */
import type { RawApiServer } from "./api-server-fields.js";
import type { KubeObject } from "../cluster/k8s-types.js";
import type { RawDns, RawWorkloadDns } from "./dns-fields.js";
import type { RawTrace } from "./trace-specs.js";

/** A duration or quantity as written: `"5m"`, `30` (seconds), `"16Gi"`, `4`. */
export type RawScalar = string | number;

/** A runtime timing's distribution form: lognormal through its median and 99th percentile. */
export interface RawStartupTime {
  median: RawScalar;
  p99: RawScalar;
}

export interface RawScenario {
  apiVersion: string;
  kind: string;
  metadata: { name: string; description?: string };
  spec: RawSpec;
}

export interface RawSpec {
  seed?: number;
  duration: RawScalar;
  sampleInterval?: RawScalar;
  cluster?: { nodePools?: RawNodePool[]; nodes?: string[] };
  scheduler?: { config?: string | Record<string, unknown> };
  kubelet?: {
    sandboxCreation?: RawScalar | RawStartupTime;
    containerStart?: RawScalar | RawStartupTime;
    runtimeSlowdownPerPod?: number;
    parallelSandboxCreations?: number;
    imagePullBandwidth?: RawScalar;
    imagePullLatency?: RawScalar;
    defaultImageSize?: RawScalar;
    imageSizes?: Record<string, RawScalar>;
    nodeLeaseRenewInterval?: RawScalar;
    cpuCFSQuota?: boolean;
    cpuCFSQuotaPeriod?: RawScalar;
  };
  controlPlane?: {
    nodeMonitorGracePeriod?: RawScalar;
    nodeMonitorPeriod?: RawScalar;
    defaultTolerationSeconds?: number;
    terminatedPodGcThreshold?: number;
  };
  workloads?: RawWorkload[];
  timeline?: RawAction[];
  slos?: RawSlo[];
  autoscaling?: RawAutoscaling;
  traffic?: RawTraffic[];
  /** `spec.dns` (dns-fields.ts resolves it). */
  dns?: RawDns;
  /** `spec.apiServer` (api-server-fields.ts resolves it). */
  apiServer?: RawApiServer;
}

/** `spec.traffic[]` as written (traffic-specs.ts resolves it). */
export interface RawTraffic {
  target: string;
  container?: string;
  rate: {
    profile: "constant" | "diurnal" | "step" | "spike" | "csv";
    rps?: number;
    amplitude?: number;
    period?: RawScalar;
    peakAt?: RawScalar;
    steps?: { at: RawScalar; rps: number }[];
    at?: RawScalar;
    duration?: RawScalar;
    peakRps?: number;
    ramp?: RawScalar;
    file?: string;
    column?: string;
    timeColumn?: string;
    step?: RawScalar;
    scale?: number;
    loop?: boolean;
  };
  cpuPerRequest: { distribution?: "constant" | "exponential" | "lognormal"; mean: RawScalar; cv?: number };
  threads?: number;
  cfsBurst?: RawScalar;
  /** What the pods look up (dns-fields.ts). */
  dns?: RawWorkloadDns;
  memory?: {
    base?: RawScalar;
    perInFlight?: RawScalar;
    leakPerMinute?: RawScalar;
    spikes?: { every: RawScalar; size: RawScalar; duration: RawScalar };
  };
}

export interface RawNodePool {
  name: string;
  count: number;
  instanceType?: string;
  allocatable?: Record<string, RawScalar>;
  zones?: string[];
  region?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
  pricePerHour?: number;
  images?: { name: string; size?: RawScalar }[];
  autoscaling?: { minCount: number; maxCount: number };
}

export interface RawWorkload {
  manifests?: string[];
  object?: KubeObject;
  /** A pod trace to replay (trace-specs.ts). */
  trace?: RawTrace;
}

/** One timeline entry; which keys are present depends on `action` (the schema's oneOf). */
export interface RawAction {
  at: RawScalar;
  action: string;
  target?: string;
  replicas?: number;
  image?: string;
  env?: Record<string, string>;
  node?: string;
  zone?: string;
  duration?: RawScalar;
  registry?: string;
  probe?: "liveness" | "readiness" | "startup";
  manifests?: string[];
  pool?: string;
  count?: number;
}

export interface RawSlo {
  name?: string;
  preset?: string;
  metric?: string;
  stat?: string;
  max?: RawScalar;
  min?: RawScalar;
  for?: RawScalar;
  from?: RawScalar;
}

/** `spec.autoscaling` (docs/autoscaling.md). */
export interface RawAutoscaling {
  horizontalPodAutoscaler?: { syncPeriod?: RawScalar; tolerance?: number; downscaleStabilization?: RawScalar; cpuInitializationPeriod?: RawScalar; initialReadinessDelay?: RawScalar };
  clusterAutoscaler?: {
    scanInterval?: RawScalar;
    expander?: "random" | "least-waste";
    provisioningDelay?: RawScalar;
    nodeReadyDelay?: RawScalar;
    scaleDownEnabled?: boolean;
    scaleDownUtilizationThreshold?: number;
    scaleDownUnneededTime?: RawScalar;
    scaleDownDelayAfterAdd?: RawScalar;
    scaleDownDelayAfterDelete?: RawScalar;
    maxGracefulTermination?: RawScalar;
    maxEmptyBulkDelete?: number;
  };
  metricResolution?: RawScalar;
  podUsage?: RawPodUsage[];
}

export interface RawPodUsage {
  target: string;
  resource: "cpu" | "memory";
  per?: "workload" | "pod";
  shape?: "constant" | "step" | "spike";
  base: RawScalar;
  peak?: RawScalar;
  at?: RawScalar;
  for?: RawScalar;
  ramp?: RawScalar;
}
