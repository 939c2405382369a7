/**
 * `spec.autoscaling` resolved (HPA and cluster-autoscaler flags, metrics-server resolution,
 * pod usage profiles), and the load-time check of HorizontalPodAutoscaler manifests: the
 * controller's own parser (controllers/hpa-spec.ts) with its mistakes positioned in the file.
 * Defaults: controllers/autoscaling-defaults.ts. Documented in docs/autoscaling.md.
 */
import { DEFAULT_CA_SETTINGS, DEFAULT_HPA_SETTINGS, DEFAULT_METRIC_RESOLUTION_US } from "../controllers/autoscaling-defaults.js";
import { parseHpaSpec } from "../controllers/hpa-spec.js";
import { InputError, type InputErrorDetail } from "../errors.js";
import type { LoadedObject } from "./manifests.js";
import type { RawAutoscaling, RawPodUsage } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { AutoscalingSettings, PodUsageProfile } from "./scenario-types.js";
import { parseWorkloadRef } from "./timeline.js";
import { pathToString } from "./yaml-source.js";

export function resolveAutoscaling(raw: RawAutoscaling, ck: ScenarioChecker, objects: readonly LoadedObject[], objectsComplete: boolean): AutoscalingSettings {
  const at = (...p: (string | number)[]) => ["spec", "autoscaling", ...p];
  const h = raw.horizontalPodAutoscaler ?? {};
  const c = raw.clusterAutoscaler ?? {};
  const H = DEFAULT_HPA_SETTINGS;
  const C = DEFAULT_CA_SETTINGS;
  const scanIntervalUs = ck.duration(at("clusterAutoscaler", "scanInterval"), c.scanInterval, C.scanIntervalUs, 1);
  return {
    horizontalPodAutoscaler: {
      syncPeriodUs: ck.duration(at("horizontalPodAutoscaler", "syncPeriod"), h.syncPeriod, H.syncPeriodUs, 1),
      tolerance: h.tolerance ?? H.tolerance,
      downscaleStabilizationUs: ck.duration(at("horizontalPodAutoscaler", "downscaleStabilization"), h.downscaleStabilization, H.downscaleStabilizationUs),
      cpuInitializationPeriodUs: ck.duration(at("horizontalPodAutoscaler", "cpuInitializationPeriod"), h.cpuInitializationPeriod, H.cpuInitializationPeriodUs),
      initialReadinessDelayUs: ck.duration(at("horizontalPodAutoscaler", "initialReadinessDelay"), h.initialReadinessDelay, H.initialReadinessDelayUs),
    },
    clusterAutoscaler: {
      scanIntervalUs,
      expander: c.expander ?? C.expander,
      provisioningDelayUs: ck.duration(at("clusterAutoscaler", "provisioningDelay"), c.provisioningDelay, C.provisioningDelayUs),
      nodeReadyDelayUs: ck.duration(at("clusterAutoscaler", "nodeReadyDelay"), c.nodeReadyDelay, C.nodeReadyDelayUs),
      scaleDownEnabled: c.scaleDownEnabled ?? C.scaleDownEnabled,
      scaleDownUtilizationThreshold: c.scaleDownUtilizationThreshold ?? C.scaleDownUtilizationThreshold,
      scaleDownUnneededTimeUs: ck.duration(at("clusterAutoscaler", "scaleDownUnneededTime"), c.scaleDownUnneededTime, C.scaleDownUnneededTimeUs),
      scaleDownDelayAfterAddUs: ck.duration(at("clusterAutoscaler", "scaleDownDelayAfterAdd"), c.scaleDownDelayAfterAdd, C.scaleDownDelayAfterAddUs),
      // Upstream defaults it to the scan interval.
      scaleDownDelayAfterDeleteUs: ck.duration(at("clusterAutoscaler", "scaleDownDelayAfterDelete"), c.scaleDownDelayAfterDelete, scanIntervalUs),
      maxGracefulTerminationUs: ck.duration(at("clusterAutoscaler", "maxGracefulTermination"), c.maxGracefulTermination, C.maxGracefulTerminationUs),
      maxEmptyBulkDelete: c.maxEmptyBulkDelete ?? C.maxEmptyBulkDelete,
    },
    metricResolutionUs: ck.duration(at("metricResolution"), raw.metricResolution, DEFAULT_METRIC_RESOLUTION_US, 1),
    podUsage: (raw.podUsage ?? []).map((u, i) => podUsage(u, at("podUsage", i), ck, objects, objectsComplete)).filter((p): p is PodUsageProfile => p !== null),
  };
}

function podUsage(u: RawPodUsage, at: (string | number)[], ck: ScenarioChecker, objects: readonly LoadedObject[], objectsComplete: boolean): PodUsageProfile | null {
  const ref = parseWorkloadRef(u.target);
  if (typeof ref === "string") {
    ck.fail([...at, "target"], "INVALID_VALUE", ref);
    return null;
  }
  if (objectsComplete && !objects.some((o) => o.kind === ref.kind && (o.namespace || "default") === ref.namespace && o.name === ref.name)) {
    ck.fail([...at, "target"], "UNKNOWN_REFERENCE", `no ${ref.kind} ${ref.namespace}/${ref.name} among spec.workloads`);
  }
  const per = u.per ?? "workload";
  const shape = u.shape ?? "constant";
  const value = (key: "base" | "peak", v: string | number | undefined): { n: number; percent: boolean } => {
    if (v === undefined) return { n: 0, percent: false };
    if (typeof v === "string" && v.trim().endsWith("%")) {
      const n = Number(v.trim().slice(0, -1));
      if (!Number.isFinite(n) || n < 0) ck.fail([...at, key], "INVALID_VALUE", `expected a percentage like 90%, got ${JSON.stringify(v)}`);
      if (per !== "pod") ck.fail([...at, key], "INVALID_VALUE", "a percentage of the pod's request needs per: pod (per: workload takes the workload's total, e.g. 12 cores)");
      return { n, percent: true };
    }
    return { n: ck.quantity([...at, key], v, u.resource, 0), percent: false };
  };
  const base = value("base", u.base);
  const peak = shape === "constant" ? base : value("peak", u.peak);
  if (shape !== "constant") {
    if (u.peak === undefined) ck.fail([...at, "shape"], "MISSING_FIELD", `a ${shape} needs peak`);
    else if (peak.percent !== base.percent) ck.fail([...at, "peak"], "INVALID_VALUE", "base and peak must both be percentages or both quantities");
    if (u.at === undefined) ck.fail([...at, "shape"], "MISSING_FIELD", `a ${shape} needs at`);
    if (shape === "spike" && u.for === undefined) ck.fail([...at, "shape"], "MISSING_FIELD", "a spike needs for");
  }
  return {
    target: ref,
    resource: u.resource,
    per,
    shape,
    base: base.n,
    peak: peak.n,
    percent: base.percent,
    atUs: ck.duration([...at, "at"], u.at, 0),
    forUs: ck.duration([...at, "for"], u.for, 0),
    rampUs: ck.duration([...at, "ramp"], u.ramp, 0),
    source: ck.positionOf(at),
  };
}

/** HorizontalPodAutoscaler manifests, checked as the API server would, with positions. */
export function checkHpaObject(o: LoadedObject): void {
  const details: InputErrorDetail[] = [];
  parseHpaSpec(o.object, (path, code, message) => {
    details.push({ ...o.positionOf(path, code === "MISSING_FIELD" ? "key" : "value"), path: pathToString([...o.basePath, ...path]), code, message });
  });
  if (details.length > 0) throw new InputError(details);
}
