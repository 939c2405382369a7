/**
 * `NodeResourcesFitArgs` and `NodeResourcesBalancedAllocationArgs`: decoding, defaulting
 * (`pkg/scheduler/apis/config/v1/defaults.go`) and validation
 * (`pkg/scheduler/apis/config/validation/validation_pluginargs.go`), in that order as upstream.
 */
import type {
  NodeResourcesBalancedAllocationArgs,
  NodeResourcesFitArgs,
  ResourceSpec,
  ScoringStrategyType,
  UtilizationShapePoint,
} from "../profile.js";
import type { ConfigReader, KeyPath } from "./config-reader.js";
import { qualifiedNameError } from "./label-syntax.js";

/** defaults.go `defaultResourceSpec`. */
export function defaultResourceSpec(): ResourceSpec[] {
  return [
    { name: "cpu", weight: 1 },
    { name: "memory", weight: 1 },
  ];
}

const SCORING_STRATEGY_TYPES: readonly string[] = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"];

/** `config.MaxCustomPriorityScore`: shape scores are 0–10. */
const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** validateResources: each weight in (0, 100]. */
const MAX_RESOURCE_WEIGHT = 100;

export function defaultNodeResourcesFitArgs(): NodeResourcesFitArgs {
  return {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: { type: "LeastAllocated", resources: defaultResourceSpec() },
  };
}

export function readNodeResourcesFitArgs(r: ConfigReader, raw: Record<string, unknown>, path: KeyPath): NodeResourcesFitArgs {
  const args = defaultNodeResourcesFitArgs();
  const ignoredResources = r.strings(raw["ignoredResources"], [...path, "ignoredResources"]) ?? [];
  ignoredResources.forEach((name, i) => {
    const err = qualifiedNameError(name);
    if (err) r.report("INVALID_VALUE", [...path, "ignoredResources", i], err);
  });
  args.ignoredResources = ignoredResources;

  const groups = r.strings(raw["ignoredResourceGroups"], [...path, "ignoredResourceGroups"]) ?? [];
  groups.forEach((group, i) => {
    const at = [...path, "ignoredResourceGroups", i];
    if (group.includes("/")) r.report("INVALID_VALUE", at, "resource group name can't contain '/'");
    else {
      const err = qualifiedNameError(group);
      if (err) r.report("INVALID_VALUE", at, err);
    }
  });
  args.ignoredResourceGroups = groups;

  const sPath = [...path, "scoringStrategy"];
  const s = r.object(raw["scoringStrategy"], sPath, ["type", "resources", "requestedToCapacityRatio"]);
  if (s === undefined) return args; // defaults.go: absent → LeastAllocated over cpu and memory

  // A given strategy has no default type: an omitted type fails validation as upstream.
  const type = r.string(s["type"], [...sPath, "type"]) ?? "";
  if (!SCORING_STRATEGY_TYPES.includes(type)) {
    r.report("INVALID_VALUE", [...sPath, "type"], `unsupported value "${type}": supported values are ${SCORING_STRATEGY_TYPES.join(", ")}`);
  }
  let resources = readResourceSpecs(r, s["resources"], [...sPath, "resources"]);
  if (resources.length === 0) resources = defaultResourceSpec();
  resources.forEach((res, i) => {
    if (res.weight <= 0 || res.weight > MAX_RESOURCE_WEIGHT) {
      r.report("INVALID_VALUE", [...sPath, "resources", i, "weight"], `resource weight of ${res.name} not in valid range (0, 100]`);
    }
  });
  args.scoringStrategy = { type: type as ScoringStrategyType, resources };

  const rtcPath = [...sPath, "requestedToCapacityRatio"];
  const rtc = r.object(s["requestedToCapacityRatio"], rtcPath, ["shape"]);
  if (type === "RequestedToCapacityRatio") {
    if (rtc === undefined) r.report("MISSING_FIELD", rtcPath, "must be specified when type is RequestedToCapacityRatio");
    else args.scoringStrategy.requestedToCapacityRatio = { shape: readShape(r, rtc["shape"], [...rtcPath, "shape"]) };
  } else if (rtc !== undefined) {
    r.report("INVALID_VALUE", rtcPath, "must be nil when type is not RequestedToCapacityRatio");
  }
  return args;
}

export function defaultNodeResourcesBalancedAllocationArgs(): NodeResourcesBalancedAllocationArgs {
  return { resources: defaultResourceSpec() };
}

export function readNodeResourcesBalancedAllocationArgs(
  r: ConfigReader,
  raw: Record<string, unknown>,
  path: KeyPath,
): NodeResourcesBalancedAllocationArgs {
  const resources = readResourceSpecs(r, raw["resources"], [...path, "resources"]);
  if (resources.length === 0) return defaultNodeResourcesBalancedAllocationArgs();
  const seen = new Set<string>();
  resources.forEach((res, i) => {
    if (seen.has(res.name)) r.report("INVALID_VALUE", [...path, "resources", i, "name"], `duplicate resource "${res.name}"`);
    seen.add(res.name);
    // ValidateNodeResourcesBalancedAllocationArgs: the formula is unweighted.
    if (res.weight !== 1) r.report("INVALID_VALUE", [...path, "resources", i, "weight"], "must be 1");
  });
  return { resources };
}

/** `[{name, weight}]`, weight 0 or unset defaulted to 1 (defaults.go). */
function readResourceSpecs(r: ConfigReader, value: unknown, path: KeyPath): ResourceSpec[] {
  const out: ResourceSpec[] = [];
  (r.array(value, path) ?? []).forEach((item, i) => {
    const o = r.element(item, [...path, i], ["name", "weight"]);
    if (o === undefined) return;
    const name = r.string(o["name"], [...path, i, "name"]) ?? "";
    const weight = r.int(o["weight"], [...path, i, "weight"], { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }) ?? 0;
    out.push({ name, weight: weight === 0 ? 1 : weight });
  });
  return out;
}

/** validateFunctionShape: non-empty, strictly increasing utilization in 0–100, score 0–10. */
function readShape(r: ConfigReader, value: unknown, path: KeyPath): UtilizationShapePoint[] {
  const points: UtilizationShapePoint[] = [];
  (r.array(value, path) ?? []).forEach((item, i) => {
    const o = r.element(item, [...path, i], ["utilization", "score"]);
    if (o === undefined) return;
    points.push({
      utilization: r.int(o["utilization"], [...path, i, "utilization"]) ?? 0,
      score: r.int(o["score"], [...path, i, "score"]) ?? 0,
    });
  });
  if (points.length === 0) {
    r.report("MISSING_FIELD", path, "at least one point must be specified");
    return points;
  }
  for (let i = 1; i < points.length; i++) {
    if (points[i - 1]!.utilization >= points[i]!.utilization) {
      r.report("INVALID_VALUE", [...path, i, "utilization"], "values must be sorted in increasing order");
      break;
    }
  }
  points.forEach((p, i) => {
    if (p.utilization < 0 || p.utilization > 100) r.report("INVALID_VALUE", [...path, i, "utilization"], "not in valid range [0, 100]");
    if (p.score < 0 || p.score > MAX_CUSTOM_PRIORITY_SCORE) r.report("INVALID_VALUE", [...path, i, "score"], `not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`);
  });
  return points;
}
