/**
 * A pending pod in the form the plugins read: requests as numbers, tolerations, node
 * selectors and images as interned integers. Built once per pod (cold code, may allocate);
 * the filter and score loops then touch only its typed arrays and the cluster tables.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { Pod } from "../cluster/k8s-types.js";
import { compileTerm, type CompiledTerm } from "./node-selector.js";
import { compileTolerations, type CompiledTolerations } from "./tolerations.js";

export interface CompiledPod {
  slot: number;
  /** `namespace/name`. */
  ref: string;
  /** The source object, for plugins that need cold fields (topology spread, pod affinity). */
  object: Pod;
  namespaceId: number;
  priority: number;
  cpu: number;
  memory: number;
  ephemeralStorage: number;
  nonZeroCpu: number;
  nonZeroMemory: number;
  scalarIds: Int32Array;
  scalarAmounts: Float64Array;
  hostPortKeys: Int32Array;
  hostPortIps: Int32Array;
  /** Node name id of `spec.nodeName`, 0 when unset. */
  nodeNameId: number;
  tolerations: CompiledTolerations;
  /** `spec.nodeSelector` as `[keyId, valueId]` pairs. */
  nodeSelector: Int32Array;
  /** Required node affinity terms (ORed), or null when the pod has none. */
  requiredTerms: CompiledTerm[] | null;
  /** Preferred node affinity terms with their weights. */
  preferredTerms: CompiledTerm[];
  preferredWeights: Int32Array;
  /** Normalized image name id per init and app container (ImageLocality). */
  images: Int32Array;
}

export function compilePod(c: ClusterState, slot: number): CompiledPod {
  const pod = c.podObjects[slot];
  if (!pod?.spec) throw new Error(`pod slot ${slot} has no source object`);
  const spec = pod.spec;
  const I = c.interners;
  const r = c.pods.requests[slot]!;
  const aff = spec.affinity?.nodeAffinity;
  const required = aff?.requiredDuringSchedulingIgnoredDuringExecution;
  const preferred = (aff?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((p) => p.weight !== 0);
  const selector: number[] = [];
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) selector.push(I.labelKeys.id(k), I.labelValues.id(v));
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  return {
    slot,
    ref: c.pods.ref[slot]!,
    object: pod,
    namespaceId: c.pods.namespaceId[slot]!,
    priority: c.pods.priority[slot]!,
    cpu: r.cpu,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    nonZeroCpu: r.nonZeroCpu,
    nonZeroMemory: r.nonZeroMemory,
    scalarIds: r.scalarIds,
    scalarAmounts: r.scalarAmounts,
    hostPortKeys: r.hostPortKeys,
    hostPortIps: r.hostPortIps,
    nodeNameId: spec.nodeName ? I.nodeNames.id(spec.nodeName) : 0,
    tolerations: compileTolerations(c, spec.tolerations),
    nodeSelector: Int32Array.from(selector),
    requiredTerms: required ? (required.nodeSelectorTerms ?? []).map((t) => compileTerm(c, t)) : null,
    preferredTerms: preferred.map((p) => compileTerm(c, p.preference)),
    preferredWeights: Int32Array.from(preferred.map((p) => p.weight)),
    images: Int32Array.from(containers.map((ct) => I.images.id(normalizedImageName(ct.image ?? "")))),
  };
}

/**
 * imagelocality/image_locality.go normalizedImageName: append ":latest" when the part after
 * the last "/" carries no tag.
 */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return name + ":latest";
  return name;
}
