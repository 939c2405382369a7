/**
 * `pluginConfig[].args`: dispatch by plugin name to the typed decoder, defaults for plugins
 * that got no entry (`setDefaults_KubeSchedulerProfile` appends defaulted args for every
 * enabled plugin), and the small args types that need no file of their own.
 */
import type { DefaultPreemptionArgs, InterPodAffinityArgs, PluginArgs } from "../profile.js";
import type { ConfigReader, KeyPath } from "./config-reader.js";
import {
  defaultNodeResourcesBalancedAllocationArgs,
  defaultNodeResourcesFitArgs,
  readNodeResourcesBalancedAllocationArgs,
  readNodeResourcesFitArgs,
} from "./resource-args.js";
import { defaultPodTopologySpreadArgs, readNodeAffinityArgs, readPodTopologySpreadArgs } from "./selector-args.js";

/** The default args of every plugin that has args (defaults.go `SetDefaults_*Args`). */
export function defaultPluginArgs(): PluginArgs {
  return {
    NodeResourcesFit: defaultNodeResourcesFitArgs(),
    NodeResourcesBalancedAllocation: defaultNodeResourcesBalancedAllocationArgs(),
    NodeAffinity: {},
    PodTopologySpread: defaultPodTopologySpreadArgs(),
    InterPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
    DefaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
  };
}

/** Known argument fields per plugin (the `<Name>Args` kinds of kubescheduler.config.k8s.io/v1). */
const ARGS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  NodeResourcesFit: ["ignoredResources", "ignoredResourceGroups", "scoringStrategy"],
  NodeResourcesBalancedAllocation: ["resources"],
  NodeAffinity: ["addedAffinity"],
  PodTopologySpread: ["defaultConstraints", "defaultingType"],
  InterPodAffinity: ["hardPodAffinityWeight", "ignorePreferredTermsOfExistingPods"],
  DefaultPreemption: ["minCandidateNodesPercentage", "minCandidateNodesAbsolute"],
  VolumeBinding: ["bindTimeoutSeconds", "shape"],
};

/**
 * Decodes `args` of plugin `name` (known to be in-tree) into `into`. Args may carry their own
 * `apiVersion` and `kind` (`<Name>Args`), as many real configurations do.
 */
export function readPluginArgs(r: ConfigReader, name: string, value: unknown, path: KeyPath, into: PluginArgs): void {
  const fields = ARGS_FIELDS[name] ?? [];
  const raw = r.object(value, path, ["apiVersion", "kind", ...fields]);
  if (raw === undefined) return;
  const kind = r.string(raw["kind"], [...path, "kind"]);
  if (kind !== undefined && kind !== `${name}Args`) {
    r.report("INVALID_VALUE", [...path, "kind"], `args of ${name} must be of kind ${name}Args`);
  }
  const apiVersion = r.string(raw["apiVersion"], [...path, "apiVersion"]);
  if (apiVersion !== undefined && apiVersion !== "kubescheduler.config.k8s.io/v1") {
    r.report("INVALID_VALUE", [...path, "apiVersion"], "must be kubescheduler.config.k8s.io/v1");
  }
  switch (name) {
    case "NodeResourcesFit":
      into.NodeResourcesFit = readNodeResourcesFitArgs(r, raw, path);
      break;
    case "NodeResourcesBalancedAllocation":
      into.NodeResourcesBalancedAllocation = readNodeResourcesBalancedAllocationArgs(r, raw, path);
      break;
    case "NodeAffinity":
      into.NodeAffinity = readNodeAffinityArgs(r, raw, path);
      break;
    case "PodTopologySpread":
      into.PodTopologySpread = readPodTopologySpreadArgs(r, raw, path);
      break;
    case "InterPodAffinity":
      into.InterPodAffinity = readInterPodAffinityArgs(r, raw, path);
      break;
    case "DefaultPreemption":
      into.DefaultPreemption = readDefaultPreemptionArgs(r, raw, path);
      break;
    case "VolumeBinding":
      readVolumeBindingArgs(r, raw, path);
      break;
    default:
      break; // a plugin without args: any field was reported as unknown above
  }
}

/** ValidateInterPodAffinityArgs: hardPodAffinityWeight in [0, 100]. */
function readInterPodAffinityArgs(r: ConfigReader, raw: Record<string, unknown>, path: KeyPath): InterPodAffinityArgs {
  const wPath = [...path, "hardPodAffinityWeight"];
  const weight = r.int(raw["hardPodAffinityWeight"], wPath) ?? 1;
  if (weight < 0 || weight > 100) r.report("INVALID_VALUE", wPath, "not in valid range [0, 100]");
  const ignore = r.bool(raw["ignorePreferredTermsOfExistingPods"], [...path, "ignorePreferredTermsOfExistingPods"]) ?? false;
  return { hardPodAffinityWeight: weight, ignorePreferredTermsOfExistingPods: ignore };
}

/** ValidateDefaultPreemptionArgs: percentage in [0, 100], absolute ≥ 0, not both 0. */
function readDefaultPreemptionArgs(r: ConfigReader, raw: Record<string, unknown>, path: KeyPath): DefaultPreemptionArgs {
  const pPath = [...path, "minCandidateNodesPercentage"];
  const aPath = [...path, "minCandidateNodesAbsolute"];
  const pct = r.int(raw["minCandidateNodesPercentage"], pPath) ?? 10;
  const abs = r.int(raw["minCandidateNodesAbsolute"], aPath) ?? 100;
  if (pct < 0 || pct > 100) r.report("INVALID_VALUE", pPath, "not in valid range [0, 100]");
  if (abs < 0) r.report("INVALID_VALUE", aPath, "not in valid range [0, inf)");
  if (pct === 0 && abs === 0) {
    r.report("INVALID_VALUE", pPath, "cannot be zero at the same time as minCandidateNodesAbsolute");
    r.report("INVALID_VALUE", aPath, "cannot be zero at the same time as minCandidateNodesPercentage");
  }
  return { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs };
}

/**
 * ValidateVolumeBindingArgs: bindTimeoutSeconds ≥ 0; `shape` only with the StorageCapacityScoring
 * gate, which is off. kubesim binds no volumes, so the values are checked and dropped.
 */
function readVolumeBindingArgs(r: ConfigReader, raw: Record<string, unknown>, path: KeyPath): void {
  const tPath = [...path, "bindTimeoutSeconds"];
  const timeout = r.int(raw["bindTimeoutSeconds"], tPath, { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  if (timeout !== undefined && timeout < 0) r.report("INVALID_VALUE", tPath, "should not be a negative value");
  if (raw["shape"] != null) {
    r.report("INVALID_VALUE", [...path, "shape"], "unexpected field `shape`: the StorageCapacityScoring feature gate is off");
  }
}
