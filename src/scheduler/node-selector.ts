/**
 * Node selector terms compiled to interned integers, and matching them against the node
 * label matrix (`staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/
 * nodeaffinity.go`).
 *
 * Terms are ORed; requirements within a term (matchExpressions and matchFields) are ANDed.
 * A term with no requirements matches nothing, and so does a term that fails to parse
 * (unknown operator, wrong value count, invalid label value, a field other than
 * `metadata.name`): `valid` is false for it.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { NodeSelectorRequirement, NodeSelectorTerm } from "../cluster/k8s-types.js";

export const OP_IN = 1;
export const OP_NOT_IN = 2;
export const OP_EXISTS = 3;
export const OP_DOES_NOT_EXIST = 4;
export const OP_GT = 5;
export const OP_LT = 6;

const OPS: Record<string, number> = { In: OP_IN, NotIn: OP_NOT_IN, Exists: OP_EXISTS, DoesNotExist: OP_DOES_NOT_EXIST, Gt: OP_GT, Lt: OP_LT };

export interface CompiledRequirement {
  /** Label key id; for a field requirement, unused. */
  key: number;
  op: number;
  /** Value ids (label values, or node name ids for `metadata.name`). */
  values: Int32Array;
  /** The integer for Gt/Lt. */
  bound: number;
}

export interface CompiledTerm {
  valid: boolean;
  labels: CompiledRequirement[];
  /** `matchFields` on `metadata.name`. */
  names: CompiledRequirement[];
}

// apimachinery/pkg/util/validation: IsValidLabelValue (≤ 63 chars, alphanumeric ends).
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// IsQualifiedName: optional DNS-subdomain prefix and a name of ≤ 63 chars.
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function compileTerm(c: ClusterState, t: NodeSelectorTerm): CompiledTerm {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  const out: CompiledTerm = { valid: exprs.length + fields.length > 0, labels: [], names: [] };
  for (const r of exprs) {
    const req = compileRequirement(c, r, false);
    if (req) out.labels.push(req);
    else out.valid = false;
  }
  for (const r of fields) {
    const req = r.key === "metadata.name" ? compileRequirement(c, r, true) : null;
    if (req && (req.op === OP_IN || req.op === OP_NOT_IN)) out.names.push(req);
    else out.valid = false;
  }
  return out;
}

function compileRequirement(c: ClusterState, r: NodeSelectorRequirement, field: boolean): CompiledRequirement | null {
  const op = OPS[r.operator];
  const values = r.values ?? [];
  if (op === undefined) return null;
  if (!field && (r.key.length > 316 || !QUALIFIED_NAME.test(r.key))) return null;
  if ((op === OP_IN || op === OP_NOT_IN) && values.length === 0) return null;
  if ((op === OP_EXISTS || op === OP_DOES_NOT_EXIST) && values.length > 0) return null;
  let bound = 0;
  if (op === OP_GT || op === OP_LT) {
    if (values.length !== 1 || !/^[+-]?[0-9]+$/.test(values[0]!)) return null;
    bound = Number(values[0]);
  }
  if (!field && values.some((v) => v.length > 63 || !LABEL_VALUE.test(v))) return null;
  const interner = field ? c.interners.nodeNames : c.interners.labelValues;
  return {
    key: field ? 0 : c.interners.labelKeys.id(r.key),
    op,
    values: Int32Array.from(values.map((v) => interner.id(v))),
    bound,
  };
}

/** Whether one compiled term matches node `n`. */
export function termMatches(c: ClusterState, term: CompiledTerm, n: number): boolean {
  if (!term.valid) return false;
  const t = c.nodes;
  for (let i = 0; i < term.labels.length; i++) {
    const r = term.labels[i]!;
    if (!requirementMatches(r, t.label(n, r.key), c.labelValueNumeric)) return false;
  }
  for (let i = 0; i < term.names.length; i++) {
    const r = term.names[i]!;
    const has = includes(r.values, t.nameId[n]!);
    if (r.op === OP_IN ? !has : has) return false;
  }
  return true;
}

/** Whether any of the ORed terms matches node `n`. */
export function anyTermMatches(c: ClusterState, terms: readonly CompiledTerm[], n: number): boolean {
  for (let i = 0; i < terms.length; i++) if (termMatches(c, terms[i]!, n)) return true;
  return false;
}

function requirementMatches(r: CompiledRequirement, v: number, numeric: Float64Array): boolean {
  switch (r.op) {
    case OP_IN:
      return v !== 0 && includes(r.values, v);
    case OP_NOT_IN:
      return v === 0 || !includes(r.values, v);
    case OP_EXISTS:
      return v !== 0;
    case OP_DOES_NOT_EXIST:
      return v === 0;
    case OP_GT:
      return v !== 0 && numeric[v]! > r.bound;
    case OP_LT:
      return v !== 0 && numeric[v]! < r.bound;
    default:
      return false;
  }
}

function includes(a: Int32Array, v: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === v) return true;
  return false;
}
