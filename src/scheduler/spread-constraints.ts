/**
 * PodTopologySpread's constraints, compiled (podtopologyspread/common.go
 * `filterTopologySpreadConstraints`, `buildDefaultConstraints`; plugin.go
 * `systemDefaultConstraints`; helper/spread.go `DefaultSelector`).
 *
 * A pod with `topologySpreadConstraints` uses its own, split by `whenUnsatisfiable`
 * (DoNotSchedule → Filter, ScheduleAnyway → Score). A pod without any uses the profile's
 * default constraints (the system defaults under `defaultingType: System`) with one selector
 * built from the Services, ReplicationControllers, ReplicaSets and StatefulSets that select
 * it; when nothing selects it, it has no constraints. Defaults per constraint: `minDomains` 1,
 * `nodeAffinityPolicy: Honor`, `nodeTaintsPolicy: Ignore`; `matchLabelKeys` present on the
 * pod are ANDed into the selector as `key = value`.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { OwnerReference, Pod, TopologySpreadConstraint } from "../cluster/k8s-types.js";
import { EFFECT_NO_EXECUTE, EFFECT_NO_SCHEDULE } from "../cluster/node-table.js";
import type { CompiledPod } from "./compiled-pod.js";
import {
  packSelector,
  selectorRequirements,
  setRequirements,
  type CompiledSelector,
  type SelectorRequirement,
} from "./label-selector.js";
import { anyTermMatches } from "./node-selector.js";
import type { PodTopologySpreadArgs } from "./profile.js";
import { anyTolerates } from "./tolerations.js";

/** staging/src/k8s.io/api/core/v1/well_known_labels.go LabelHostname, LabelTopologyZone. */
export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

/** podtopologyspread/plugin.go systemDefaultConstraints. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

export interface SpreadConstraint {
  maxSkew: number;
  keyId: number;
  isHostname: boolean;
  selector: CompiledSelector;
  minDomains: number;
  /** nodeAffinityPolicy Honor: count only nodes matching the pod's required node affinity. */
  honorNodeAffinity: boolean;
  /** nodeTaintsPolicy Honor: count only nodes whose NoSchedule/NoExecute taints the pod tolerates. */
  honorNodeTaints: boolean;
}

export type UnsatisfiableAction = "DoNotSchedule" | "ScheduleAnyway";

/** Ids are per cluster (its interners), hence one cache per cluster. */
const ownCache = new WeakMap<ClusterState, WeakMap<Pod, Record<UnsatisfiableAction, SpreadConstraint[]>>>();

/**
 * The pod's constraints for one action (common.go getConstraints / initPreScoreState): its own
 * when it declares any, else the defaults with the DefaultSelector.
 */
export function spreadConstraints(c: ClusterState, pod: Pod, args: PodTopologySpreadArgs, action: UnsatisfiableAction): SpreadConstraint[] {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) {
    // A pod's own constraints depend only on the pod: compiled once per pod object.
    let perCluster = ownCache.get(c);
    if (perCluster === undefined) ownCache.set(c, (perCluster = new WeakMap()));
    let cached = perCluster.get(pod);
    if (cached === undefined) {
      cached = { DoNotSchedule: compileConstraints(c, own, pod, "DoNotSchedule", null), ScheduleAnyway: compileConstraints(c, own, pod, "ScheduleAnyway", null) };
      perCluster.set(pod, cached);
    }
    return cached[action];
  }
  const defaults = args.defaultingType === "System" ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  if (!defaults.some((d) => d.whenUnsatisfiable === action)) return [];
  return defaultConstraints(c, pod, args, defaults)[action];
}

/** Compiled default constraints of one cluster, valid while its selector sources are unchanged. */
interface DefaultsCache {
  args: PodTopologySpreadArgs;
  /** `selectorSources(c)` when the entries were built. */
  sources: Float64Array;
  byPod: Map<string, Record<UnsatisfiableAction, SpreadConstraint[]>>;
  /**
   * The entry each pod object last used, with the metadata it was keyed on: a replica's retries
   * and each PreFilter/PreScore pair skip building the key (~1 µs).
   * Metadata is compared by reference; pod labels are replaced, never edited in place
   * (timeline `apply` assigns a new labels object).
   */
  byObject: WeakMap<Pod, PodDefaults>;
}

interface PodDefaults {
  namespace: string | undefined;
  labels: unknown;
  ownerReferences: unknown;
  hit: Record<UnsatisfiableAction, SpreadConstraint[]>;
}

/** Distinct (namespace, labels, controller) keys kept at most; past it the cache starts over. */
const DEFAULTS_CACHE_LIMIT = 4096;

const defaultsCache = new WeakMap<ClusterState, DefaultsCache>();

/**
 * The profile's default constraints for pods with this namespace, labels and controller, as of
 * the current Services and controllers. Building the DefaultSelector walks every Service, so
 * replicas and retries share the compiled result: without it PreScore cost ~3–4 µs a cycle with
 * no Service and ~230–340 µs with 1,000; with it about 1 µs (the key) whatever their number.
 */
function defaultConstraints(
  c: ClusterState,
  pod: Pod,
  args: PodTopologySpreadArgs,
  defaults: readonly TopologySpreadConstraint[],
): Record<UnsatisfiableAction, SpreadConstraint[]> {
  const m = pod.metadata;
  // Nothing can select the pod (no Service, and no controller to look up): no constraints,
  // without building the cache key (~3–4 µs of PreScore per cycle otherwise).
  if (c.services.length === 0 && (noControllerLists(c) || controllerOf(pod) === undefined)) return NO_DEFAULTS;
  let cache = defaultsCache.get(c);
  if (cache === undefined || cache.args !== args || !sameSelectorSources(c, cache.sources) || cache.byPod.size >= DEFAULTS_CACHE_LIMIT) {
    cache = { args, sources: selectorSources(c), byPod: new Map(), byObject: new WeakMap() };
    defaultsCache.set(c, cache);
  }
  const seen = cache.byObject.get(pod);
  if (seen !== undefined && seen.namespace === m?.namespace && seen.labels === m?.labels && seen.ownerReferences === m?.ownerReferences) return seen.hit;
  const key = selectorInputsKey(pod);
  let hit = cache.byPod.get(key);
  if (hit === undefined) {
    const sel = defaultSelector(c, pod);
    const packed = sel === null || sel.length === 0 ? null : packSelector(c, sel);
    hit = {
      DoNotSchedule: packed === null ? [] : compileConstraints(c, defaults, pod, "DoNotSchedule", packed),
      ScheduleAnyway: packed === null ? [] : compileConstraints(c, defaults, pod, "ScheduleAnyway", packed),
    };
    cache.byPod.set(key, hit);
  }
  cache.byObject.set(pod, { namespace: m?.namespace, labels: m?.labels, ownerReferences: m?.ownerReferences, hit });
  return hit;
}

const NO_DEFAULTS: Record<UnsatisfiableAction, SpreadConstraint[]> = { DoNotSchedule: [], ScheduleAnyway: [] };

function noControllerLists(c: ClusterState): boolean {
  return c.replicationControllers.length === 0 && c.replicaSets.length === 0 && c.statefulSets.length === 0;
}

/** The owner reference with `controller: true` (metav1.GetControllerOf). */
function controllerOf(pod: Pod): OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((o) => o.controller === true);
}

/** The pod's namespace, labels and controller: what the DefaultSelector reads of it. */
function selectorInputsKey(pod: Pod): string {
  const m = pod.metadata;
  // NUL-separated: no label key or value can hold one. Half the cost of JSON.stringify.
  let key = m?.namespace ?? "default";
  const labels = m?.labels;
  if (labels) for (const k in labels) key += "\u0000" + k + "\u0000" + labels[k];
  const owner = controllerOf(pod);
  if (owner !== undefined) key += "\u0001" + owner.apiVersion + "\u0000" + owner.kind + "\u0000" + owner.name;
  return key;
}

/**
 * What the DefaultSelector reads besides the pod: the Service and controller lists. The policy
 * watches bump `policyVersion` on every add, update (objects are updated in place) and delete;
 * the lengths also catch code that pushes to the lists directly (the manifest import, tests).
 */
function selectorSources(c: ClusterState): Float64Array {
  return Float64Array.of(c.policyVersion, c.services.length, c.replicationControllers.length, c.replicaSets.length, c.statefulSets.length);
}

function sameSelectorSources(c: ClusterState, s: Float64Array): boolean {
  return (
    s[0] === c.policyVersion &&
    s[1] === c.services.length &&
    s[2] === c.replicationControllers.length &&
    s[3] === c.replicaSets.length &&
    s[4] === c.statefulSets.length
  );
}

function compileConstraints(
  c: ClusterState,
  list: readonly TopologySpreadConstraint[],
  pod: Pod,
  action: UnsatisfiableAction,
  selector: CompiledSelector | null,
): SpreadConstraint[] {
  const podLabels = pod.metadata?.labels ?? {};
  const out: SpreadConstraint[] = [];
  for (const t of list) {
    if (t.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: t.maxSkew,
      keyId: c.interners.labelKeys.id(t.topologyKey),
      isHostname: t.topologyKey === LABEL_HOSTNAME,
      selector: selector ?? constraintSelector(c, t, podLabels),
      minDomains: t.minDomains ?? 1,
      honorNodeAffinity: (t.nodeAffinityPolicy ?? "Honor") === "Honor",
      honorNodeTaints: (t.nodeTaintsPolicy ?? "Ignore") === "Honor",
    });
  }
  return out;
}

/** The constraint's selector with matchLabelKeys merged (common.go mergeLabelSetWithSelector). */
function constraintSelector(c: ClusterState, t: TopologySpreadConstraint, podLabels: Record<string, string>): CompiledSelector {
  const base = selectorRequirements(t.labelSelector);
  const set: Record<string, string> = {};
  for (const k of t.matchLabelKeys ?? []) if (k in podLabels) set[k] = podLabels[k]!;
  if (Object.keys(set).length === 0) return packSelector(c, base);
  // A nil selector has no requirements to add: the merge is the label set alone.
  return packSelector(c, [...setRequirements(set), ...(base ?? [])]);
}

/**
 * helper/spread.go DefaultSelector: the union of the selectors of the pod's Services (same
 * namespace, non-nil selector matching the pod's labels), then its controlling
 * ReplicationController's, ReplicaSet's or StatefulSet's. Null when it selects nothing.
 */
export function defaultSelector(c: ClusterState, pod: Pod): SelectorRequirement[] | null {
  const ns = pod.metadata?.namespace ?? "default";
  const labels = pod.metadata?.labels ?? {};
  const set: Record<string, string> = {};
  for (const s of c.services) {
    const sel = s.spec?.selector;
    if ((s.metadata?.namespace ?? "default") !== ns || sel === undefined || sel === null) continue;
    if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(set, sel);
  }
  let reqs = setRequirements(set);
  const owner = controllerOf(pod);
  if (owner) {
    const sameNs = (o: { metadata?: { name?: string; namespace?: string } }) => o.metadata?.name === owner.name && (o.metadata?.namespace ?? "default") === ns;
    if (owner.apiVersion === "v1" && owner.kind === "ReplicationController") {
      const rc = c.replicationControllers.find(sameNs);
      if (rc) reqs = setRequirements({ ...set, ...rc.spec?.selector });
    } else if (owner.apiVersion === "apps/v1" && (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet")) {
      const w = owner.kind === "ReplicaSet" ? c.replicaSets.find(sameNs) : c.statefulSets.find(sameNs);
      const extra = w ? selectorRequirements(w.spec?.selector) : null;
      if (extra) reqs = [...reqs, ...extra];
    }
  }
  return reqs.length === 0 ? null : reqs;
}

/** `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: nodeSelector and required terms. */
export function matchesRequiredNodeAffinity(c: ClusterState, pod: CompiledPod, node: number): boolean {
  const sel = pod.nodeSelector;
  for (let i = 0; i < sel.length; i += 2) if (c.nodes.label(node, sel[i]!) !== sel[i + 1]) return false;
  return pod.requiredTerms === null || anyTermMatches(c, pod.requiredTerms, node);
}

/** helper.DoNotScheduleTaintsFilterFunc: every NoSchedule / NoExecute taint is tolerated. */
export function toleratesHardTaints(c: ClusterState, pod: CompiledPod, node: number): boolean {
  const t = c.nodes;
  const base = node * t.taintStride;
  for (let i = 0; i < t.taintCount[node]!; i++) {
    const e = t.taintEffect[base + i]!;
    if (e !== EFFECT_NO_SCHEDULE && e !== EFFECT_NO_EXECUTE) continue;
    if (!anyTolerates(pod.tolerations, t.taintKey[base + i]!, t.taintValue[base + i]!, e)) return false;
  }
  return true;
}

/** common.go matchNodeInclusionPolicies. */
export function passesInclusionPolicies(c: ClusterState, pod: CompiledPod, k: SpreadConstraint, node: number): boolean {
  if (k.honorNodeAffinity && !matchesRequiredNodeAffinity(c, pod, node)) return false;
  return !k.honorNodeTaints || toleratesHardTaints(c, pod, node);
}

/** common.go nodeLabelsMatchSpreadConstraints: the node has every constraint's key. */
export function hasAllKeys(c: ClusterState, list: readonly SpreadConstraint[], node: number): boolean {
  for (let i = 0; i < list.length; i++) if (c.nodes.label(node, list[i]!.keyId) === 0) return false;
  return true;
}
