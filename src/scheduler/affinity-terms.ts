/**
 * Pod (anti-)affinity terms compiled to interned integers (`framework/types.go` `AffinityTerm`,
 * `newAffinityTerm`, `getNamespacesFromPodAffinityTerm`; `interpodaffinity/plugin.go
 * mergeAffinityTermNamespacesIfNotEmpty`).
 *
 * A term matches a pod when the pod's namespace is listed (default: the term owner's own
 * namespace, when neither `namespaces` nor `namespaceSelector` is given) or the namespace's
 * labels satisfy `namespaceSelector` (missing = nothing, `{}` = every namespace), and the pod's
 * labels satisfy `labelSelector` (missing = nothing). `matchLabelKeys` / `mismatchLabelKeys`
 * are merged into a non-nil `labelSelector` as `key In (v)` / `key NotIn (v)` with the owner's
 * label values, as the API server does at pod creation (pkg/registry/core/pod/strategy.go
 * applyMatchLabelKeysAndMismatchLabelKeys, KEP-3633).
 *
 * Compiled once per pod object and cluster (cold); `termMatchesPod` allocates nothing.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { Pod, PodAffinityTerm } from "../cluster/k8s-types.js";
import { EVERYTHING, NOTHING, packSelector, SEL_IN, SEL_NOT_IN, selectorMatches, selectorRequirements, type CompiledSelector } from "./label-selector.js";
import { namespacesMatching } from "./namespace-labels.js";

export interface AffinityTerm {
  selector: CompiledSelector;
  keyId: number;
  /** Namespace ids matched by name. */
  namespaces: Int32Array;
  /** `NOTHING` when the term has no namespaceSelector. */
  nsSelector: CompiledSelector;
  /** The preferred term's weight (0 for required terms). */
  weight: number;
}

export interface PodAffinityTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

const NONE: PodAffinityTerms = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };
const EMPTY_LABELS = new Int32Array(0);

/** Ids are per cluster (its interners), hence one cache per cluster. */
const cache = new WeakMap<ClusterState, WeakMap<Pod, PodAffinityTerms>>();

/** The pod's compiled terms (`PodInfo.Required/PreferredAffinityTerms`), cached per pod object. */
export function podAffinityTerms(c: ClusterState, pod: Pod | undefined): PodAffinityTerms {
  const aff = pod?.spec?.affinity;
  if (pod === undefined || (!aff?.podAffinity && !aff?.podAntiAffinity)) return NONE;
  let perCluster = cache.get(c);
  if (perCluster === undefined) cache.set(c, (perCluster = new WeakMap()));
  let t = perCluster.get(pod);
  if (t === undefined) {
    const ns = pod.metadata?.namespace ?? "default";
    const labels = pod.metadata?.labels ?? {};
    const req = (list: PodAffinityTerm[] | undefined) => (list ?? []).map((x) => compileAffinityTerm(c, x, 0, ns, labels));
    const pref = (list: { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined) =>
      (list ?? []).map((x) => compileAffinityTerm(c, x.podAffinityTerm, x.weight, ns, labels));
    t = {
      requiredAffinity: req(aff.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      requiredAntiAffinity: req(aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      preferredAffinity: pref(aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: pref(aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    };
    perCluster.set(pod, t);
  }
  return t;
}

/**
 * The compiled terms of the pod in each slot, checked against `c.podObjects[slot]` identity
 * (slots are reused): a per-cycle walk over thousands of pods reads an array, not a WeakMap.
 */
export class SlotTerms {
  private readonly objs: (Pod | undefined)[] = [];
  private readonly terms: PodAffinityTerms[] = [];

  get(c: ClusterState, slot: number): PodAffinityTerms {
    const obj = c.podObjects[slot];
    if (this.objs[slot] === obj && obj !== undefined) return this.terms[slot]!;
    const t = podAffinityTerms(c, obj);
    this.objs[slot] = obj;
    this.terms[slot] = t;
    return t;
  }
}

const slotTerms = new WeakMap<ClusterState, SlotTerms>();

/** The cluster's `SlotTerms` (once per cycle). */
export function slotTermsOf(c: ClusterState): SlotTerms {
  let t = slotTerms.get(c);
  if (t === undefined) slotTerms.set(c, (t = new SlotTerms()));
  return t;
}

function compileAffinityTerm(c: ClusterState, t: PodAffinityTerm, weight: number, ownerNs: string, ownerLabels: Record<string, string>): AffinityTerm {
  let reqs = selectorRequirements(t.labelSelector);
  if (reqs !== null && t.labelSelector) {
    for (const k of t.matchLabelKeys ?? []) if (k in ownerLabels) reqs.push({ key: k, op: SEL_IN, values: [ownerLabels[k]!] });
    for (const k of t.mismatchLabelKeys ?? []) if (k in ownerLabels) reqs.push({ key: k, op: SEL_NOT_IN, values: [ownerLabels[k]!] });
  } else reqs = null;
  const names = t.namespaces ?? [];
  const nsNames = names.length === 0 && t.namespaceSelector == null ? [ownerNs] : names;
  return {
    selector: packSelector(c, reqs),
    keyId: c.interners.labelKeys.id(t.topologyKey),
    namespaces: Int32Array.from(nsNames.map((n) => c.interners.namespaces.id(n))),
    nsSelector: t.namespaceSelector == null ? NOTHING : packSelector(c, selectorRequirements(t.namespaceSelector)),
    weight,
  };
}

/**
 * plugin.go mergeAffinityTermNamespacesIfNotEmpty, for the incoming pod's terms: a
 * namespaceSelector with requirements becomes the list of namespaces it selects now, and
 * then matches nothing by itself. Returns `terms` itself when no term needs it.
 */
export function withMergedNamespaces(c: ClusterState, terms: AffinityTerm[]): AffinityTerm[] {
  if (!terms.some(needsMerge)) return terms;
  return terms.map((t) => {
    if (!needsMerge(t)) return t;
    const ids = new Set<number>(t.namespaces);
    for (const id of namespacesMatching(c, t.nsSelector)) ids.add(id);
    return { ...t, namespaces: Int32Array.from(ids), nsSelector: NOTHING };
  });
}

function needsMerge(t: AffinityTerm): boolean {
  return t.nsSelector !== NOTHING && t.nsSelector !== EVERYTHING && t.nsSelector.valid;
}

/** `AffinityTerm.Matches(pod, nsLabels)` for the pod in `slot`; nsLabels null = none. */
export function termMatchesPod(c: ClusterState, t: AffinityTerm, slot: number, nsLabels: Int32Array | null): boolean {
  const ns = c.pods.namespaceId[slot]!;
  let inNs = false;
  for (let i = 0; i < t.namespaces.length && !inNs; i++) inNs = t.namespaces[i] === ns;
  if (!inNs && !selectorMatches(t.nsSelector, nsLabels ?? EMPTY_LABELS)) return false;
  return selectorMatches(t.selector, c.pods.labels[slot]!);
}

/** interpodaffinity/filtering.go podMatchesAllAffinityTerms (false for no terms). */
export function matchesAllTerms(c: ClusterState, terms: readonly AffinityTerm[], slot: number): boolean {
  if (terms.length === 0) return false;
  for (let i = 0; i < terms.length; i++) if (!termMatchesPod(c, terms[i]!, slot, null)) return false;
  return true;
}
