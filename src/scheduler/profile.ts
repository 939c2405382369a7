/**
 * The resolved scheduler profile the framework consumes: which plugins run at which extension
 * point, in which order, with which score weights and arguments.
 *
 * Contract with `scheduler/config/` (KubeSchedulerConfiguration parsing): it produces exactly
 * this shape, with upstream defaulting already applied (`pkg/scheduler/apis/config/v1/
 * defaults.go`, `default_plugins.go`): `multiPoint` expanded into the per-point lists, disabled
 * plugins removed, weights defaulted, plugin args merged over their defaults. Plugin names are
 * upstream names verbatim; the framework rejects a name it has no implementation for.
 * `defaultProfile()` is the v1.34 default profile and the starting point for merges.
 */

/** A plugin name and its score weight (`plugins.score.enabled[].weight`). */
export interface WeightedPlugin {
  name: string;
  weight: number;
}

/** `ResourceSpec` in NodeResourcesFit / BalancedAllocation args. */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** `UtilizationShapePoint`: utilization 0–100, score 0–10 (`MaxCustomPriorityScore`). */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export type ScoringStrategyType = "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";

/** `NodeResourcesFitArgs` (pkg/scheduler/apis/config/types_pluginargs.go). */
export interface NodeResourcesFitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: {
    type: ScoringStrategyType;
    resources: ResourceSpec[];
    requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  };
}

/** `NodeResourcesBalancedAllocationArgs`. */
export interface NodeResourcesBalancedAllocationArgs {
  resources: ResourceSpec[];
}

/** `NodeAffinityArgs`: `addedAffinity` is a core/v1 NodeAffinity applied to every pod. */
export interface NodeAffinityArgs {
  addedAffinity?: import("../cluster/k8s-types.js").NodeAffinity;
}

/** `PodTopologySpreadArgs`. */
export interface PodTopologySpreadArgs {
  defaultConstraints: import("../cluster/k8s-types.js").TopologySpreadConstraint[];
  defaultingType: "System" | "List";
}

/** `InterPodAffinityArgs`. */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/** `DefaultPreemptionArgs`. */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}

export interface PluginArgs {
  NodeResourcesFit: NodeResourcesFitArgs;
  NodeResourcesBalancedAllocation: NodeResourcesBalancedAllocationArgs;
  NodeAffinity: NodeAffinityArgs;
  PodTopologySpread: PodTopologySpreadArgs;
  InterPodAffinity: InterPodAffinityArgs;
  DefaultPreemption: DefaultPreemptionArgs;
}

export interface SchedulerProfile {
  schedulerName: string;
  /** 0 = adaptive (`50 − N/125`, at least 5 %); 1–100 otherwise. */
  percentageOfNodesToScore: number;
  /** Filter plugins in run order (PreFilter runs for the same plugins, same order). */
  filter: string[];
  /** Score plugins in run order with weights (PreScore runs for the same plugins). */
  score: WeightedPlugin[];
  /** PostFilter plugins in order (DefaultPreemption). */
  postFilter: string[];
  pluginConfig: PluginArgs;
}

/** pkg/scheduler/apis/config/v1/default_plugins.go (v1.34): filter order of the default profile. */
const DEFAULT_FILTER = [
  "NodeUnschedulable",
  "NodeName",
  "TaintToleration",
  "NodeAffinity",
  "NodePorts",
  "NodeResourcesFit",
  "VolumeRestrictions",
  "NodeVolumeLimits",
  "VolumeBinding",
  "VolumeZone",
  "PodTopologySpread",
  "InterPodAffinity",
];

/** default_plugins.go (v1.34): score plugins and weights, in run order. */
const DEFAULT_SCORE: WeightedPlugin[] = [
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
];

/**
 * The v1.34 `default-scheduler` profile with default plugin args
 * (pkg/scheduler/apis/config/v1/defaults.go). Volume plugins are listed because upstream runs
 * them; the framework treats them as pass-through for pods without volumes (see plugins/index.ts).
 */
export function defaultProfile(): SchedulerProfile {
  return {
    schedulerName: "default-scheduler",
    percentageOfNodesToScore: 0,
    filter: [...DEFAULT_FILTER],
    score: DEFAULT_SCORE.map((p) => ({ ...p })),
    postFilter: ["DefaultPreemption"],
    pluginConfig: {
      NodeResourcesFit: {
        ignoredResources: [],
        ignoredResourceGroups: [],
        scoringStrategy: {
          type: "LeastAllocated",
          resources: [
            { name: "cpu", weight: 1 },
            { name: "memory", weight: 1 },
          ],
        },
      },
      NodeResourcesBalancedAllocation: {
        resources: [
          { name: "cpu", weight: 1 },
          { name: "memory", weight: 1 },
        ],
      },
      NodeAffinity: {},
      PodTopologySpread: { defaultConstraints: [], defaultingType: "System" },
      InterPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
      DefaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
    },
  };
}
