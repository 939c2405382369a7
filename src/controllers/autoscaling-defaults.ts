/**
 * Defaults of the autoscaling loops, each with where it comes from: the HPA controller's
 * kube-controller-manager flags (pkg/controller/podautoscaler/config/v1alpha1/defaults.go),
 * metrics-server's resolution, and cluster-autoscaler's flags (cluster-autoscaler/FAQ.md,
 * "What are the parameters to CA?"). The provisioning delays are kubesim parameters: a cloud
 * VM's boot time depends on the provider and image (shared/reference/models.md §5.2: 30–120 s).
 */
import type { AutoscalingSettings, ClusterAutoscalerSettings, HpaControllerSettings } from "../scenario/scenario-types.js";

const S = 1_000_000;

export const DEFAULT_HPA_SETTINGS: Readonly<HpaControllerSettings> = Object.freeze({
  /** --horizontal-pod-autoscaler-sync-period 15s. */
  syncPeriodUs: 15 * S,
  /** --horizontal-pod-autoscaler-tolerance 0.1. */
  tolerance: 0.1,
  /** --horizontal-pod-autoscaler-downscale-stabilization 5m. */
  downscaleStabilizationUs: 300 * S,
  /** --horizontal-pod-autoscaler-cpu-initialization-period 5m. */
  cpuInitializationPeriodUs: 300 * S,
  /** --horizontal-pod-autoscaler-initial-readiness-delay 30s. */
  initialReadinessDelayUs: 30 * S,
});

export const DEFAULT_CA_SETTINGS: Readonly<ClusterAutoscalerSettings> = Object.freeze({
  /** --scan-interval 10s. */
  scanIntervalUs: 10 * S,
  /** --expander random (the flag's default; least-waste is the common production choice). */
  expander: "random" as const,
  /**
   * kubesim parameter: scale-up request → the kubelet registers the Node. 60 s sits in the
   * 30–120 s range clouds show for a VM to boot and join (models.md §5.2, V38).
   */
  provisioningDelayUs: 60 * S,
  /** kubesim parameter: registration → Ready (container runtime and CNI up, not-ready taint removed). */
  nodeReadyDelayUs: 10 * S,
  /** --scale-down-enabled true. */
  scaleDownEnabled: true,
  /** --scale-down-utilization-threshold 0.5. */
  scaleDownUtilizationThreshold: 0.5,
  /** --scale-down-unneeded-time 10m. */
  scaleDownUnneededTimeUs: 600 * S,
  /** --scale-down-delay-after-add 10m. */
  scaleDownDelayAfterAddUs: 600 * S,
  /** --scale-down-delay-after-delete: defaults to scan-interval. */
  scaleDownDelayAfterDeleteUs: 10 * S,
  /** --max-graceful-termination-sec 600. */
  maxGracefulTerminationUs: 600 * S,
  /** --max-empty-bulk-delete 10. */
  maxEmptyBulkDelete: 10,
});

/** metrics-server --metric-resolution 15s (the CPU rate is taken over one such window). */
export const DEFAULT_METRIC_RESOLUTION_US = 15 * S;

/** `spec.autoscaling` when the scenario has none. */
export function defaultAutoscaling(): AutoscalingSettings {
  return {
    horizontalPodAutoscaler: { ...DEFAULT_HPA_SETTINGS },
    clusterAutoscaler: { ...DEFAULT_CA_SETTINGS },
    metricResolutionUs: DEFAULT_METRIC_RESOLUTION_US,
    podUsage: [],
  };
}
