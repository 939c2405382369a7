/**
 * A HorizontalPodAutoscaler object read into what the controller needs, with the API server's
 * defaulting and validation (pkg/apis/autoscaling/v2/defaults.go, pkg/apis/autoscaling/validation):
 *
 * - `autoscaling/v2` (and `v2beta2`, the same shape) and `autoscaling/v1`
 *   (`targetCPUUtilizationPercentage`, default 80 %, becomes one cpu Utilization metric).
 * - `minReplicas` defaults to 1 and must be ≥ 1; `maxReplicas` is required, ≥ `minReplicas`.
 * - No metrics → cpu at 80 % utilization (`DefaultCPUUtilization`).
 * - Resource metrics: cpu or memory, target `Utilization` (`averageUtilization` > 0) or
 *   `AverageValue` (`averageValue` > 0). Pods, Object, External and ContainerResource metrics
 *   are kept as `unsupported` (the controller warns and ignores them, as it would a metric
 *   whose adapter returns nothing).
 * - `behavior`: nil stays nil (the controller then uses its legacy normalisation); otherwise
 *   unset rules are filled from the defaults below (`GenerateHPAScaleUpRules` / `...ScaleDownRules`).
 *
 * The parser is shared: the scenario loader runs it at load time with a reporter that turns a
 * key path into `file:line:column` (positioned errors), the controller runs it again on the
 * stored object with a reporter that warns.
 */
import { parseQuantity, quantityToMilli } from "../cluster/quantity.js";
import type { ErrorCode } from "../errors.js";

export type SpecPath = (string | number)[];
export type SpecReporter = (path: SpecPath, code: ErrorCode, message: string) => void;

export interface HpaMetric {
  resource: "cpu" | "memory";
  /** Percent of the pods' requests, or null for an AverageValue target. */
  averageUtilization: number | null;
  /** Per-pod average in milli-units (`Quantity.MilliValue()`), or null. */
  averageValueMilli: number | null;
}

export interface HpaScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface HpaScalingRules {
  /** Null only for scale-down rules without one: the controller's flag (300 s) applies. */
  stabilizationWindowSeconds: number | null;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: HpaScalingPolicy[];
  /** Per-HPA tolerance (HPAConfigurableTolerance, alpha in v1.33); null = the controller's. */
  tolerance: number | null;
}

export interface HpaSpec {
  targetApiVersion: string;
  targetKind: string;
  targetName: string;
  minReplicas: number;
  maxReplicas: number;
  metrics: HpaMetric[];
  /** Metric types kubesim does not simulate, for a warning. */
  unsupported: string[];
  behavior: { scaleUp: HpaScalingRules; scaleDown: HpaScalingRules } | null;
}

/** pkg/apis/autoscaling: DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;
/** pkg/apis/autoscaling/validation: MaxPeriodSeconds, MaxStabilizationWindowSeconds. */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

/** pkg/apis/autoscaling/v2/defaults.go: defaultHPAScaleUpRules (max of 4 pods and 100 % per 15 s, no window). */
export function defaultScaleUpRules(): HpaScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
    tolerance: null,
  };
}

/** defaultHPAScaleDownRules: 100 % per 15 s; the window comes from the controller flag. */
export function defaultScaleDownRules(): HpaScalingRules {
  return { stabilizationWindowSeconds: null, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }], tolerance: null };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads an HPA object; every mistake goes to `report` (paths relative to the object). Null when unusable. */
export function parseHpaSpec(obj: unknown, report: SpecReporter): HpaSpec | null {
  const o = isObj(obj) ? obj : {};
  const apiVersion = typeof o["apiVersion"] === "string" ? (o["apiVersion"] as string) : "";
  const spec = o["spec"];
  if (!isObj(spec)) {
    report(["spec"], "MISSING_FIELD", "a HorizontalPodAutoscaler needs a spec");
    return null;
  }
  let ok = true;
  const fail = (path: SpecPath, code: ErrorCode, message: string): void => {
    ok = false;
    report(path, code, message);
  };
  const int = (path: SpecPath, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      fail(path, "INVALID_TYPE", "must be an integer");
      return null;
    }
    if (v < min || v > max) {
      fail(path, "INVALID_VALUE", max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be between ${min} and ${max}`);
      return null;
    }
    return v;
  };

  const ref = spec["scaleTargetRef"];
  let targetKind = "";
  let targetName = "";
  let targetApiVersion = "";
  if (!isObj(ref)) fail(["spec", "scaleTargetRef"], "MISSING_FIELD", "scaleTargetRef (kind, name) is required");
  else {
    targetKind = typeof ref["kind"] === "string" ? (ref["kind"] as string) : "";
    targetName = typeof ref["name"] === "string" ? (ref["name"] as string) : "";
    targetApiVersion = typeof ref["apiVersion"] === "string" ? (ref["apiVersion"] as string) : "";
    if (targetKind === "") fail(["spec", "scaleTargetRef", "kind"], "MISSING_FIELD", "the target's kind is required");
    if (targetName === "") fail(["spec", "scaleTargetRef", "name"], "MISSING_FIELD", "the target's name is required");
  }

  // HPAScaleToZero (alpha, off) is not modelled: minReplicas ≥ 1.
  const minReplicas = int(["spec", "minReplicas"], spec["minReplicas"], 1) ?? 1;
  let maxReplicas = 0;
  if (spec["maxReplicas"] === undefined) fail(["spec", "maxReplicas"], "MISSING_FIELD", "maxReplicas is required");
  else maxReplicas = int(["spec", "maxReplicas"], spec["maxReplicas"], 1) ?? 0;
  if (maxReplicas > 0 && maxReplicas < minReplicas) fail(["spec", "maxReplicas"], "INVALID_VALUE", `must be greater than or equal to minReplicas (${minReplicas})`);

  const metrics: HpaMetric[] = [];
  const unsupported: string[] = [];
  if (apiVersion === "autoscaling/v1") {
    const u = int(["spec", "targetCPUUtilizationPercentage"], spec["targetCPUUtilizationPercentage"], 1);
    metrics.push({ resource: "cpu", averageUtilization: u ?? DEFAULT_CPU_UTILIZATION, averageValueMilli: null });
  } else {
    if (apiVersion !== "autoscaling/v2" && apiVersion !== "autoscaling/v2beta2") {
      fail(["apiVersion"], "INVALID_VALUE", `${apiVersion || "(none)"}: kubesim reads autoscaling/v2 (and v2beta2, v1) HorizontalPodAutoscalers`);
    }
    const list = spec["metrics"];
    if (list !== undefined && list !== null && !Array.isArray(list)) fail(["spec", "metrics"], "INVALID_TYPE", "must be a list");
    const items = Array.isArray(list) ? list : [];
    items.forEach((m, i) => {
      const at: SpecPath = ["spec", "metrics", i];
      if (!isObj(m)) return fail(at, "INVALID_TYPE", "a metric is a map with type and a source");
      const type = m["type"];
      if (type !== "Resource") {
        if (type === "Pods" || type === "Object" || type === "External" || type === "ContainerResource") unsupported.push(String(type));
        else fail([...at, "type"], "INVALID_VALUE", "must be Resource, ContainerResource, Pods, Object or External");
        return;
      }
      // Other types are ignored above; an HPA with only those keeps no metric kubesim can compute.
      const r = m["resource"];
      if (!isObj(r)) return fail([...at, "resource"], "MISSING_FIELD", "a Resource metric needs resource (name, target)");
      const name = r["name"];
      if (name !== "cpu" && name !== "memory") return fail([...at, "resource", "name"], "INVALID_VALUE", "kubesim simulates cpu and memory resource metrics");
      const t = r["target"];
      if (!isObj(t)) return fail([...at, "resource", "target"], "MISSING_FIELD", "target (type and averageUtilization or averageValue) is required");
      if (t["type"] === "Utilization") {
        const u = int([...at, "resource", "target", "averageUtilization"], t["averageUtilization"], 1);
        if (u === null) {
          if (t["averageUtilization"] === undefined) fail([...at, "resource", "target", "averageUtilization"], "MISSING_FIELD", "must be set for a Utilization target");
          return;
        }
        metrics.push({ resource: name, averageUtilization: u, averageValueMilli: null });
      } else if (t["type"] === "AverageValue") {
        const v = t["averageValue"];
        const milli = v === undefined ? null : milliValue(v);
        if (milli === null || milli <= 0) return fail([...at, "resource", "target", "averageValue"], v === undefined ? "MISSING_FIELD" : "INVALID_VALUE", "must be a positive quantity for an AverageValue target");
        metrics.push({ resource: name, averageUtilization: null, averageValueMilli: milli });
      } else {
        fail([...at, "resource", "target", "type"], "INVALID_VALUE", "a Resource metric's target type is Utilization or AverageValue");
      }
    });
    if (items.length === 0) metrics.push({ resource: "cpu", averageUtilization: DEFAULT_CPU_UTILIZATION, averageValueMilli: null });
  }

  let behavior: HpaSpec["behavior"] = null;
  const b = spec["behavior"];
  if (b !== undefined && b !== null && apiVersion !== "autoscaling/v1") {
    if (!isObj(b)) fail(["spec", "behavior"], "INVALID_TYPE", "must be a map");
    else {
      behavior = {
        scaleUp: rules(b["scaleUp"], ["spec", "behavior", "scaleUp"], defaultScaleUpRules(), fail, int),
        scaleDown: rules(b["scaleDown"], ["spec", "behavior", "scaleDown"], defaultScaleDownRules(), fail, int),
      };
    }
  }
  if (!ok) return null;
  return { targetApiVersion, targetKind, targetName, minReplicas, maxReplicas, metrics, unsupported, behavior };
}

/** copyHPAScalingRules over the defaults, then validateScalingRules. */
function rules(
  v: unknown,
  at: SpecPath,
  def: HpaScalingRules,
  fail: SpecReporter,
  int: (path: SpecPath, v: unknown, min: number, max?: number) => number | null,
): HpaScalingRules {
  if (v === undefined || v === null) return def;
  if (!isObj(v)) {
    fail(at, "INVALID_TYPE", "must be a map");
    return def;
  }
  const w = int([...at, "stabilizationWindowSeconds"], v["stabilizationWindowSeconds"], 0, MAX_STABILIZATION_WINDOW_SECONDS);
  if (w !== null) def.stabilizationWindowSeconds = w;
  const sp = v["selectPolicy"];
  if (sp !== undefined) {
    if (sp === "Max" || sp === "Min" || sp === "Disabled") def.selectPolicy = sp;
    else fail([...at, "selectPolicy"], "INVALID_VALUE", "must be Max, Min or Disabled");
  }
  const tol = v["tolerance"];
  if (tol !== undefined) {
    const t = milliValue(tol);
    if (t === null || t < 0) fail([...at, "tolerance"], "INVALID_VALUE", "must be a non-negative quantity, e.g. 0.05");
    else def.tolerance = t / 1000;
  }
  const ps = v["policies"];
  if (ps !== undefined && ps !== null) {
    if (!Array.isArray(ps) || ps.length === 0) fail([...at, "policies"], "INVALID_VALUE", "must specify at least one Policy");
    else {
      def.policies = [];
      ps.forEach((p, i) => {
        const pa: SpecPath = [...at, "policies", i];
        if (!isObj(p)) return fail(pa, "INVALID_TYPE", "a policy is a map with type, value and periodSeconds");
        if (p["type"] !== "Pods" && p["type"] !== "Percent") return fail([...pa, "type"], "INVALID_VALUE", "must be Pods or Percent");
        const value = int([...pa, "value"], p["value"], 1);
        const period = int([...pa, "periodSeconds"], p["periodSeconds"], 1, MAX_PERIOD_SECONDS);
        if (value === null && p["value"] === undefined) fail([...pa, "value"], "MISSING_FIELD", "must be greater than zero");
        if (period === null && p["periodSeconds"] === undefined) fail([...pa, "periodSeconds"], "MISSING_FIELD", "must be greater than zero");
        if (value !== null && period !== null) def.policies.push({ type: p["type"], value, periodSeconds: period });
      });
    }
  }
  return def;
}

/** `resource.Quantity.MilliValue()` (rounded up) of a quantity written as a string or number; null if it is not one. */
function milliValue(v: unknown): number | null {
  if (typeof v !== "string" && typeof v !== "number") return null;
  try {
    return quantityToMilli(parseQuantity(v));
  } catch {
    return null;
  }
}
