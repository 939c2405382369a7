/**
 * The in-tree plugins a KubeSchedulerConfiguration may name, the extension points each one
 * implements, and the default plugin set.
 *
 * Upstream decides "implements" by Go interface satisfaction (`reflect.Type.Implements` in
 * `pkg/scheduler/framework/runtime/framework.go`); the table below lists those interfaces per
 * plugin as of v1.34 (`pkg/scheduler/framework/plugins/*`, and the expanded default set in
 * `pkg/scheduler/apis/config/testing/defaults/defaults.go ExpandedPluginsV1`).
 */

/** Extension points of `plugins` in `kubescheduler.config.k8s.io/v1`, in upstream field order. */
export const EXTENSION_POINTS = [
  "preEnqueue",
  "queueSort",
  "preFilter",
  "filter",
  "postFilter",
  "preScore",
  "score",
  "reserve",
  "permit",
  "preBind",
  "bind",
  "postBind",
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** The `plugins` keys: every extension point plus `multiPoint`. */
export const PLUGINS_KEYS = ["multiPoint", ...EXTENSION_POINTS] as const;
export type PluginsKey = (typeof PLUGINS_KEYS)[number];

/** Extension points implemented by each in-tree plugin (v1.34). */
export const IN_TREE_PLUGINS: Readonly<Record<string, readonly ExtensionPoint[]>> = {
  SchedulingGates: ["preEnqueue"],
  PrioritySort: ["queueSort"],
  NodeUnschedulable: ["filter"],
  NodeName: ["filter"],
  TaintToleration: ["filter", "preScore", "score"],
  NodeAffinity: ["preFilter", "filter", "preScore", "score"],
  NodePorts: ["preFilter", "filter"],
  NodeResourcesFit: ["preFilter", "filter", "preScore", "score"],
  VolumeRestrictions: ["preFilter", "filter"],
  NodeVolumeLimits: ["preFilter", "filter"],
  // Implements Score even though it only scores with the StorageCapacityScoring gate (off):
  // its PreScore returns Skip otherwise.
  VolumeBinding: ["preFilter", "filter", "preScore", "score", "reserve", "preBind"],
  VolumeZone: ["preFilter", "filter"],
  PodTopologySpread: ["preFilter", "filter", "preScore", "score"],
  InterPodAffinity: ["preFilter", "filter", "preScore", "score"],
  DynamicResources: ["preEnqueue", "preFilter", "filter", "postFilter", "reserve", "preBind"],
  DefaultPreemption: ["postFilter"],
  NodeResourcesBalancedAllocation: ["preScore", "score"],
  ImageLocality: ["score"],
  DefaultBinder: ["bind"],
};

/**
 * Plugins that older configurations still name; they are gone from the v1 registry
 * (`pkg/scheduler/apis/config/validation/validation.go` lists the v1beta2 removals).
 */
export const REMOVED_PLUGINS: Readonly<Record<string, string>> = {
  EBSLimits: "use NodeVolumeLimits",
  GCEPDLimits: "use NodeVolumeLimits",
  AzureDiskLimits: "use NodeVolumeLimits",
  CinderLimits: "use NodeVolumeLimits",
  NodeResourcesLeastAllocated: "use NodeResourcesFit scoringStrategy",
  NodeResourcesMostAllocated: "use NodeResourcesFit scoringStrategy",
  RequestedToCapacityRatio: "use NodeResourcesFit scoringStrategy",
  NodeLabel: "no replacement",
  ServiceAffinity: "no replacement",
  NodePreferAvoidPods: "no replacement",
  SelectorSpread: "use PodTopologySpread",
};

export function isInTreePlugin(name: string): boolean {
  return Object.hasOwn(IN_TREE_PLUGINS, name);
}

export function implementsPoint(name: string, point: ExtensionPoint): boolean {
  return IN_TREE_PLUGINS[name]?.includes(point) ?? false;
}

/** A plugin reference in a plugin set; `weight` undefined when the YAML gives none. */
export interface PluginRef {
  name: string;
  weight?: number;
}

/**
 * `pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins` (v1.34), all through
 * `multiPoint`, in Filter/Score run order. DynamicResources is not listed: kubesim models no
 * ResourceClaims, so it would never act (upstream inserts it before DefaultPreemption when the
 * DynamicResourceAllocation gate is on).
 */
export const DEFAULT_MULTI_POINT: readonly PluginRef[] = [
  { name: "SchedulingGates" },
  { name: "PrioritySort" },
  { name: "NodeUnschedulable" },
  { name: "NodeName" },
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodePorts" },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "VolumeRestrictions" },
  { name: "NodeVolumeLimits" },
  { name: "VolumeBinding" },
  { name: "VolumeZone" },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "DefaultPreemption" },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
  { name: "DefaultBinder" },
];
