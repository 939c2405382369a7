/**
 * Args that embed core/v1 scheduling types: `NodeAffinityArgs.addedAffinity` (a NodeAffinity)
 * and `PodTopologySpreadArgs` (default TopologySpreadConstraints). Decoded strictly, defaulted
 * and validated as `pkg/scheduler/apis/config/validation/validation_pluginargs.go` does
 * (`ValidateNodeAffinityArgs` through `nodeaffinity.NewNodeSelector` /
 * `NewPreferredSchedulingTerms`, `ValidatePodTopologySpreadArgs`).
 */
import type {
  NodeAffinity,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PreferredSchedulingTerm,
  TopologySpreadConstraint,
} from "../../cluster/k8s-types.js";
import type { NodeAffinityArgs, PodTopologySpreadArgs } from "../profile.js";
import type { ConfigReader, KeyPath } from "./config-reader.js";
import { labelValueError, qualifiedNameError } from "./label-syntax.js";

export function readNodeAffinityArgs(r: ConfigReader, raw: Record<string, unknown>, path: KeyPath): NodeAffinityArgs {
  const aPath = [...path, "addedAffinity"];
  const a = r.object(raw["addedAffinity"], aPath, [
    "requiredDuringSchedulingIgnoredDuringExecution",
    "preferredDuringSchedulingIgnoredDuringExecution",
  ]);
  if (a === undefined) return {};
  const affinity: NodeAffinity = {};

  const reqPath = [...aPath, "requiredDuringSchedulingIgnoredDuringExecution"];
  const req = r.object(a["requiredDuringSchedulingIgnoredDuringExecution"], reqPath, ["nodeSelectorTerms"]);
  if (req !== undefined) {
    const termsPath = [...reqPath, "nodeSelectorTerms"];
    const terms = (r.array(req["nodeSelectorTerms"], termsPath) ?? []).map((t, i) => readTerm(r, t, [...termsPath, i]));
    affinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms };
  }

  const prefPath = [...aPath, "preferredDuringSchedulingIgnoredDuringExecution"];
  const prefs = r.array(a["preferredDuringSchedulingIgnoredDuringExecution"], prefPath);
  if (prefs !== undefined) {
    affinity.preferredDuringSchedulingIgnoredDuringExecution = prefs.map((p, i): PreferredSchedulingTerm => {
      const o = r.element(p, [...prefPath, i], ["weight", "preference"]) ?? {};
      return {
        weight: r.int(o["weight"], [...prefPath, i, "weight"]) ?? 0,
        preference: readTerm(r, o["preference"], [...prefPath, i, "preference"]),
      };
    });
  }
  return { addedAffinity: affinity };
}

function readTerm(r: ConfigReader, value: unknown, path: KeyPath): NodeSelectorTerm {
  const o = r.object(value, path, ["matchExpressions", "matchFields"]) ?? {};
  const term: NodeSelectorTerm = {};
  const exprs = r.array(o["matchExpressions"], [...path, "matchExpressions"]);
  if (exprs !== undefined) {
    term.matchExpressions = exprs.map((e, i) => readRequirement(r, e, [...path, "matchExpressions", i], false));
  }
  const fields = r.array(o["matchFields"], [...path, "matchFields"]);
  if (fields !== undefined) {
    term.matchFields = fields.map((e, i) => readRequirement(r, e, [...path, "matchFields", i], true));
  }
  return term;
}

/** nodeaffinity.go `newNodeSelectorRequirement` / `nodeFieldSelector` validation. */
function readRequirement(r: ConfigReader, value: unknown, path: KeyPath, field: boolean): NodeSelectorRequirement {
  const o = r.object(value, path, ["key", "operator", "values"]) ?? {};
  const key = r.string(o["key"], [...path, "key"]) ?? "";
  const operator = r.string(o["operator"], [...path, "operator"]) ?? "";
  const values = r.strings(o["values"], [...path, "values"]) ?? [];
  const req: NodeSelectorRequirement = { key, operator, ...(o["values"] != null ? { values } : {}) };

  if (field) {
    // Only `metadata.name` with In/NotIn and exactly one value.
    if (key !== "metadata.name") r.report("INVALID_VALUE", [...path, "key"], `not a valid field selector key (only metadata.name)`);
    if (operator !== "In" && operator !== "NotIn") r.report("INVALID_VALUE", [...path, "operator"], `not a valid selector operator for a field (In or NotIn)`);
    else if (values.length !== 1) r.report("INVALID_VALUE", [...path, "values"], "must have exactly one value for a field selector");
    return req;
  }
  const keyErr = qualifiedNameError(key);
  if (keyErr) r.report("INVALID_VALUE", [...path, "key"], keyErr);
  switch (operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) r.report("INVALID_VALUE", [...path, "values"], "must be specified when `operator` is 'In' or 'NotIn'");
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) r.report("INVALID_VALUE", [...path, "values"], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1 || !/^[+-]?[0-9]+$/.test(values[0]!)) {
        r.report("INVALID_VALUE", [...path, "values"], "must be exactly one integer when `operator` is 'Gt' or 'Lt'");
      }
      break;
    default:
      r.report("INVALID_VALUE", [...path, "operator"], `unsupported operator "${operator}": In, NotIn, Exists, DoesNotExist, Gt, Lt`);
  }
  values.forEach((v, i) => {
    const err = labelValueError(v);
    if (err) r.report("INVALID_VALUE", [...path, "values", i], err);
  });
  return req;
}

export function defaultPodTopologySpreadArgs(): PodTopologySpreadArgs {
  return { defaultConstraints: [], defaultingType: "System" };
}

const CONSTRAINT_KEYS = [
  "maxSkew",
  "topologyKey",
  "whenUnsatisfiable",
  "labelSelector",
  "minDomains",
  "nodeAffinityPolicy",
  "nodeTaintsPolicy",
  "matchLabelKeys",
];

export function readPodTopologySpreadArgs(r: ConfigReader, raw: Record<string, unknown>, path: KeyPath): PodTopologySpreadArgs {
  const cPath = [...path, "defaultConstraints"];
  const constraints: TopologySpreadConstraint[] = [];
  (r.array(raw["defaultConstraints"], cPath) ?? []).forEach((item, i) => {
    const at = [...cPath, i];
    const o = r.element(item, at, CONSTRAINT_KEYS) ?? {};
    const c: TopologySpreadConstraint = {
      maxSkew: r.int(o["maxSkew"], [...at, "maxSkew"]) ?? 0,
      topologyKey: r.string(o["topologyKey"], [...at, "topologyKey"]) ?? "",
      whenUnsatisfiable: r.string(o["whenUnsatisfiable"], [...at, "whenUnsatisfiable"]) ?? "",
    };
    const minDomains = r.int(o["minDomains"], [...at, "minDomains"]);
    if (minDomains !== undefined) c.minDomains = minDomains;
    const nap = r.string(o["nodeAffinityPolicy"], [...at, "nodeAffinityPolicy"]);
    if (nap !== undefined) c.nodeAffinityPolicy = nap;
    const ntp = r.string(o["nodeTaintsPolicy"], [...at, "nodeTaintsPolicy"]);
    if (ntp !== undefined) c.nodeTaintsPolicy = ntp;
    const mlk = r.strings(o["matchLabelKeys"], [...at, "matchLabelKeys"]);
    if (mlk !== undefined) c.matchLabelKeys = mlk;

    if (c.maxSkew <= 0) r.report("INVALID_VALUE", [...at, "maxSkew"], "not in valid range (0, inf)");
    if (c.topologyKey === "") r.report("MISSING_FIELD", [...at, "topologyKey"], "can not be empty");
    else {
      const err = qualifiedNameError(c.topologyKey);
      if (err) r.report("INVALID_VALUE", [...at, "topologyKey"], err);
    }
    if (c.whenUnsatisfiable === "") r.report("MISSING_FIELD", [...at, "whenUnsatisfiable"], "can not be empty");
    else if (c.whenUnsatisfiable !== "DoNotSchedule" && c.whenUnsatisfiable !== "ScheduleAnyway") {
      r.report("INVALID_VALUE", [...at, "whenUnsatisfiable"], `unsupported value "${c.whenUnsatisfiable}": DoNotSchedule, ScheduleAnyway`);
    }
    // The selector is deduced per pod from its owners (Services, ReplicaSets, ...).
    if (o["labelSelector"] != null) r.report("INVALID_VALUE", [...at, "labelSelector"], "constraint must not define a selector, as they are deduced for each pod");
    const dup = constraints.findIndex((d) => d.topologyKey === c.topologyKey && d.whenUnsatisfiable === c.whenUnsatisfiable);
    if (dup >= 0) r.report("INVALID_VALUE", at, `duplicate of defaultConstraints[${dup}] {${c.topologyKey}, ${c.whenUnsatisfiable}}`);
    constraints.push(c);
  });

  // defaults.go: an empty defaultingType means System.
  const dPath = [...path, "defaultingType"];
  const defaultingType = r.string(raw["defaultingType"], dPath) || "System";
  if (defaultingType !== "System" && defaultingType !== "List") {
    r.report("INVALID_VALUE", dPath, `unsupported value "${defaultingType}": System, List`);
  } else if (defaultingType === "System" && constraints.length > 0) {
    r.report("INVALID_VALUE", dPath, "must be List when .defaultConstraints are not empty");
  }
  return { defaultConstraints: constraints, defaultingType: defaultingType as "System" | "List" };
}
