/**
 * A pending pod in the form the plugins read: requests as numbers, tolerations, node
 * selectors and images as interned integers. Built once per pod (cold code, may allocate);
 * the filter and score loops then touch only its typed arrays and the cluster tables.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { Container, Pod } from "../cluster/k8s-types.js";
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
  // Built once per scheduling attempt: the common pod (no selector, affinity or tolerations)
  // shares the empty arrays instead of allocating its own.
  let preferredTerms: CompiledTerm[] = NO_TERMS;
  let preferredWeights = NO_INTS;
  const preferred = aff?.preferredDuringSchedulingIgnoredDuringExecution;
  if (preferred !== undefined && preferred.some((p) => p.weight !== 0)) {
    const kept = preferred.filter((p) => p.weight !== 0);
    preferredTerms = kept.map((p) => compileTerm(c, p.preference));
    preferredWeights = Int32Array.from(kept, (p) => p.weight);
  }
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
    nodeSelector: compileNodeSelector(c, spec.nodeSelector),
    requiredTerms: required ? (required.nodeSelectorTerms ?? []).map((t) => compileTerm(c, t)) : null,
    preferredTerms,
    preferredWeights,
    images: compileImages(c, spec.initContainers, spec.containers),
  };
}

const NO_TERMS: CompiledTerm[] = [];
const NO_INTS = new Int32Array(0);

/** `spec.nodeSelector` as `[keyId, valueId]` pairs. */
function compileNodeSelector(c: ClusterState, selector: Readonly<Record<string, string>> | undefined): Int32Array {
  if (selector === undefined) return NO_INTS;
  const keys = Object.keys(selector);
  if (keys.length === 0) return NO_INTS;
  const out = new Int32Array(keys.length * 2);
  const I = c.interners;
  for (let i = 0; i < keys.length; i++) {
    out[2 * i] = I.labelKeys.id(keys[i]!);
    out[2 * i + 1] = I.labelValues.id(selector[keys[i]!]!);
  }
  return out;
}

/** Normalized image name id per init and app container, in that order (ImageLocality). */
function compileImages(c: ClusterState, init: readonly Container[] | undefined, app: readonly Container[] | undefined): Int32Array {
  const nInit = init?.length ?? 0;
  const n = nInit + (app?.length ?? 0);
  if (n === 0) return NO_INTS;
  const out = new Int32Array(n);
  const images = c.interners.images;
  for (let i = 0; i < n; i++) {
    const image = (i < nInit ? init![i]! : app![i - nInit]!).image ?? "";
    out[i] = images.id(normalizedImageName(image));
  }
  return out;
}

/**
 * imagelocality/image_locality.go normalizedImageName: append ":latest" when the part after
 * the last "/" carries no tag.
 */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return name + ":latest";
  return name;
}
