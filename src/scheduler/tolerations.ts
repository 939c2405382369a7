/**
 * Tolerations compiled to interned integers, and taint matching
 * (`staging/src/k8s.io/api/core/v1/toleration.go` `ToleratesTaint`).
 *
 * A toleration tolerates a taint iff its effect is empty or equal, its key is empty or equal,
 * and then operator `Exists` → yes; `Equal` (or empty) → values equal. An empty key with
 * `Exists` therefore tolerates every taint of the matching effect(s).
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { Toleration } from "../cluster/k8s-types.js";
import { EFFECT_NO_EXECUTE, EFFECT_NO_SCHEDULE, EFFECT_PREFER_NO_SCHEDULE } from "../cluster/node-table.js";

export interface CompiledTolerations {
  count: number;
  /** Taint key id, 0 = empty key. */
  key: Int32Array;
  /** Taint value id. */
  value: Int32Array;
  /** 1 = Exists, 0 = Equal; 2 = an unknown operator (tolerates nothing). */
  op: Uint8Array;
  /** 0 = every effect, else EFFECT_*; 255 = an unknown effect (tolerates nothing). */
  effect: Uint8Array;
}

const OP_EQUAL = 0;
const OP_EXISTS = 1;
const OP_UNKNOWN = 2;
const EFFECT_UNKNOWN = 255;

/** What a pod without tolerations compiles to (shared: compiled tolerations are never written after compiling). */
const NO_TOLERATIONS: CompiledTolerations = { count: 0, key: new Int32Array(0), value: new Int32Array(0), op: new Uint8Array(0), effect: new Uint8Array(0) };

export function compileTolerations(c: ClusterState, tols: readonly Toleration[] | undefined): CompiledTolerations {
  if (tols === undefined || tols.length === 0) return NO_TOLERATIONS;
  const list = tols;
  const out: CompiledTolerations = {
    count: list.length,
    key: new Int32Array(list.length),
    value: new Int32Array(list.length),
    op: new Uint8Array(list.length),
    effect: new Uint8Array(list.length),
  };
  list.forEach((t, i) => {
    out.key[i] = t.key ? c.interners.taintKeys.id(t.key) : 0;
    out.value[i] = c.interners.taintValues.id(t.value ?? "");
    out.op[i] = !t.operator || t.operator === "Equal" ? OP_EQUAL : t.operator === "Exists" ? OP_EXISTS : OP_UNKNOWN;
    out.effect[i] = effectId(t.effect);
  });
  return out;
}

function effectId(e: string | undefined): number {
  if (!e) return 0;
  if (e === "NoSchedule") return EFFECT_NO_SCHEDULE;
  if (e === "PreferNoSchedule") return EFFECT_PREFER_NO_SCHEDULE;
  if (e === "NoExecute") return EFFECT_NO_EXECUTE;
  return EFFECT_UNKNOWN;
}

/** toleration.go ToleratesTaint, for toleration `i`. */
export function toleratesTaint(t: CompiledTolerations, i: number, key: number, value: number, effect: number): boolean {
  const te = t.effect[i]!;
  if (te !== 0 && te !== effect) return false;
  const tk = t.key[i]!;
  if (tk !== 0 && tk !== key) return false;
  const op = t.op[i]!;
  if (op === OP_EXISTS) return true;
  return op === OP_EQUAL && t.value[i] === value;
}

/** Whether any toleration tolerates the taint (`TolerationsTolerateTaint`). */
export function anyTolerates(t: CompiledTolerations, key: number, value: number, effect: number): boolean {
  for (let i = 0; i < t.count; i++) if (toleratesTaint(t, i, key, value, effect)) return true;
  return false;
}
