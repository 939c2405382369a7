/**
 * meta/v1 LabelSelectors compiled to interned integers, and matching them against label pairs
 * (`[keyId, valueId, ...]`, the pod table's form), after
 * `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector` and
 * `staging/src/k8s.io/apimachinery/pkg/labels/selector.go Requirement.Matches`.
 *
 * A missing selector (`nil`) matches nothing (`labels.Nothing()`); an empty one (`{}`) matches
 * everything. `matchLabels` become `key = value` requirements; `In` needs the key with a listed
 * value, `NotIn` is also satisfied when the key is absent, `Exists` / `DoesNotExist` test the
 * key only. A selector that fails to parse (unknown operator, In/NotIn without values,
 * Exists/DoesNotExist with values) is `nothing` too: upstream turns the parse error into a
 * scheduling error, and the API server would have rejected such a pod in the first place.
 *
 * Compiled once per pod (cold, may allocate); `selectorMatches` allocates nothing.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { LabelSelector } from "../cluster/k8s-types.js";

export const SEL_IN = 1;
export const SEL_NOT_IN = 2;
export const SEL_EXISTS = 3;
export const SEL_DOES_NOT_EXIST = 4;

const OPS: Record<string, number> = { In: SEL_IN, NotIn: SEL_NOT_IN, Exists: SEL_EXISTS, DoesNotExist: SEL_DOES_NOT_EXIST };

export interface CompiledSelector {
  /** False: matches nothing (`labels.Nothing()`). */
  readonly valid: boolean;
  /** Equal for selectors with the same requirements in the same order (memo key). */
  readonly key: string;
  /** Per requirement: key id, operator, and its values as `values[start[i] .. start[i+1])`. */
  readonly keys: Int32Array;
  readonly ops: Uint8Array;
  readonly start: Int32Array;
  readonly values: Int32Array;
}

/** `labels.Nothing()`. */
export const NOTHING: CompiledSelector = { valid: false, key: "nothing", keys: new Int32Array(0), ops: new Uint8Array(0), start: new Int32Array(1), values: new Int32Array(0) };
/** `labels.Everything()`. */
export const EVERYTHING: CompiledSelector = { valid: true, key: "", keys: new Int32Array(0), ops: new Uint8Array(0), start: new Int32Array(1), values: new Int32Array(0) };

/** One requirement before packing: key, operator and value strings. */
export interface SelectorRequirement {
  key: string;
  op: number;
  values: readonly string[];
}

/** The requirements of a LabelSelector, or null when it is nil or does not parse. */
export function selectorRequirements(sel: LabelSelector | null | undefined): SelectorRequirement[] | null {
  if (sel === null || sel === undefined) return null;
  const out: SelectorRequirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) out.push({ key: k, op: SEL_IN, values: [v] });
  for (const r of sel.matchExpressions ?? []) {
    const op = OPS[r.operator];
    const values = r.values ?? [];
    if (op === undefined) return null;
    if ((op === SEL_IN || op === SEL_NOT_IN) && values.length === 0) return null;
    if ((op === SEL_EXISTS || op === SEL_DOES_NOT_EXIST) && values.length > 0) return null;
    out.push({ key: r.key, op, values });
  }
  return out;
}

/** Packs requirements (null = nothing) into a compiled selector over the cluster's interners. */
export function packSelector(c: ClusterState, reqs: readonly SelectorRequirement[] | null): CompiledSelector {
  if (reqs === null) return NOTHING;
  if (reqs.length === 0) return EVERYTHING;
  const I = c.interners;
  const keys = new Int32Array(reqs.length);
  const ops = new Uint8Array(reqs.length);
  const start = new Int32Array(reqs.length + 1);
  const values: number[] = [];
  // The memo key `k<op>v,v;k<op>v`, built in the same loop: PodTopologySpread packs its default
  // selector every cycle, where mapping, slicing and joining arrays cost more than the rest.
  let key = "";
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i]!;
    keys[i] = I.labelKeys.id(r.key);
    ops[i] = r.op;
    start[i] = values.length;
    key += `${i === 0 ? "" : ";"}${keys[i]}${"=!+-"[r.op - 1]}`;
    for (let j = 0; j < r.values.length; j++) {
      const v = I.labelValues.id(r.values[j]!);
      values.push(v);
      key += j === 0 ? `${v}` : `,${v}`;
    }
  }
  start[reqs.length] = values.length;
  return { valid: true, key, keys, ops, start, values: Int32Array.from(values) };
}

/** `metav1.LabelSelectorAsSelector`. */
export function compileLabelSelector(c: ClusterState, sel: LabelSelector | null | undefined): CompiledSelector {
  return packSelector(c, selectorRequirements(sel));
}

/** `labels.SelectorFromSet` (a Service's or ReplicationController's plain-map selector). */
export function setRequirements(set: Record<string, string>): SelectorRequirement[] {
  return Object.entries(set).map(([key, v]) => ({ key, op: SEL_IN, values: [v] }));
}

/** The value id of `keyId` in sorted-or-not label pairs, 0 when absent. */
function pairValue(labels: Int32Array, keyId: number): number {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === keyId) return labels[i + 1]!;
  return 0;
}

/** Whether label pairs `[keyId, valueId, ...]` satisfy the selector. No allocation. */
export function selectorMatches(sel: CompiledSelector, labels: Int32Array): boolean {
  if (!sel.valid) return false;
  const { keys, ops, start, values } = sel;
  for (let i = 0; i < keys.length; i++) {
    const v = pairValue(labels, keys[i]!);
    const op = ops[i]!;
    if (op === SEL_EXISTS) {
      if (v === 0) return false;
      continue;
    }
    if (op === SEL_DOES_NOT_EXIST) {
      if (v !== 0) return false;
      continue;
    }
    let listed = false;
    if (v !== 0) for (let j = start[i]!; j < start[i + 1]! && !listed; j++) listed = values[j] === v;
    if (op === SEL_IN ? !listed : listed) return false;
  }
  return true;
}

/** Label pairs of a plain map, interned (namespace labels; cold). */
export function internLabels(c: ClusterState, labels: Record<string, string>): Int32Array {
  const out: number[] = [];
  for (const [k, v] of Object.entries(labels)) out.push(c.interners.labelKeys.id(k), c.interners.labelValues.id(v));
  return Int32Array.from(out);
}
