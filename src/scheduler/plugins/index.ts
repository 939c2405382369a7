/**
 * The plugin registry: every implemented plugin by its upstream name.
 *
 * The default profile (pkg/scheduler/apis/config/v1/default_plugins.go, Kubernetes v1.34),
 * filter and score order as upstream runs them; weights in parentheses:
 *
 *   NodeUnschedulable, NodeName, TaintToleration (3), NodeAffinity (2), NodePorts,
 *   NodeResourcesFit (1), VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone,
 *   PodTopologySpread (2), InterPodAffinity (2), DefaultPreemption (PostFilter),
 *   NodeResourcesBalancedAllocation (1), ImageLocality (1)
 *
 * `profile.ts defaultProfile()` carries the same list; DefaultPreemption is not in this
 * registry: each Scheduler builds its own (`attachDefaultPreemption`, it needs the scheduler's
 * framework, random stream and nominator) when the profile lists it. VolumeRestrictions and NodeVolumeLimits are not implemented
 * (ReadWriteOncePod conflicts and per-node attach limits are not modelled).
 * To add a plugin: write `plugins/<kebab-name>.ts` exporting a `const` that `satisfies` its
 * interfaces, and register it here.
 */
import type { Plugin } from "../framework/interfaces.js";
import { imageLocality } from "./image-locality.js";
import { interPodAffinity } from "./inter-pod-affinity.js";
import { nodeAffinity } from "./node-affinity.js";
import { nodeName } from "./node-name.js";
import { nodePorts } from "./node-ports.js";
import { nodeResourcesBalancedAllocation } from "./node-resources-balanced-allocation.js";
import { nodeResourcesFit } from "./node-resources-fit.js";
import { nodeUnschedulable } from "./node-unschedulable.js";
import { podTopologySpread } from "./pod-topology-spread.js";
import { taintToleration } from "./taint-toleration.js";
import { volumeBinding } from "./volume-binding.js";
import { volumeZone } from "./volume-zone.js";

/** In default-profile order. */
export const CORE_PLUGINS: readonly Plugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeBinding,
  volumeZone,
  podTopologySpread,
  interPodAffinity,
  nodeResourcesBalancedAllocation,
  imageLocality,
];

/** A registry holding the core plugins plus `extra` (later ones override by name). */
export function pluginRegistry(extra: readonly Plugin[] = []): Map<string, Plugin> {
  const m = new Map<string, Plugin>();
  for (const p of [...CORE_PLUGINS, ...extra]) m.set(p.name, p);
  return m;
}

export {
  imageLocality,
  interPodAffinity,
  nodeAffinity,
  nodeName,
  nodePorts,
  nodeResourcesBalancedAllocation,
  nodeResourcesFit,
  nodeUnschedulable,
  podTopologySpread,
  taintToleration,
  volumeBinding,
  volumeZone,
};
