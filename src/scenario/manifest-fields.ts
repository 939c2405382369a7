/**
 * Typed access to the fields of a loaded Kubernetes object, for the code that interprets them
 * (node tables, workload controllers, the scheduler's pod view). A field of the wrong type or
 * out of range becomes an `InputError` that names the file, line, column and kubectl path:
 *
 *     nodes.yaml:14:17: items[2].status.allocatable.cpu: invalid quantity: got "4 cores"; ...
 *
 * Codes: `INVALID_TYPE` (a string where a number belongs), `INVALID_VALUE` (right type, wrong
 * value), `MISSING_FIELD` (required and absent), `RESOURCE_EXHAUSTION` (absurd counts).
 * An absent field and an explicit `null` are the same, as in Kubernetes' JSON decoding.
 */
import { QuantityError, resourceValue } from "../cluster/quantity.js";
import { InputError, type ErrorCode } from "../errors.js";
import type { LoadedObject } from "./manifests.js";
import { pathToString, type KeyPath } from "./yaml-source.js";

/**
 * Largest count kubesim accepts for replicas, parallelism, completions and the like. The scale
 * target is hundreds of thousands of pods on one machine; a million replicas of one workload is a
 * typo (or an attack) that would exhaust memory before the first event.
 */
export const MAX_OBJECT_COUNT = 1_000_000;

/** The raw value at `path` (relative to the object), or undefined if any step is missing. */
export function valueAt(loaded: LoadedObject, path: KeyPath): unknown {
  let v: unknown = loaded.object;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** An `InputError` positioned at a field of `loaded`; the path is reported from the document root. */
export function fieldError(loaded: LoadedObject, path: KeyPath, code: ErrorCode, message: string): InputError {
  const at = loaded.positionOf(path, code === "MISSING_FIELD" ? "key" : "value");
  return new InputError({ ...at, path: pathToString([...loaded.basePath, ...path]), code, message });
}

interface Presence<T> {
  /** Absent is an error (`MISSING_FIELD`). */
  required?: boolean;
  /** Returned when the field is absent. */
  default?: T;
}

/** Returns the value, or undefined/default/MISSING_FIELD when it is absent. */
function present<T>(loaded: LoadedObject, path: KeyPath, opts: Presence<T>): { value: unknown } | { absent: T | undefined } {
  const value = valueAt(loaded, path);
  if (value !== undefined && value !== null) return { value };
  if (opts.required) throw fieldError(loaded, path, "MISSING_FIELD", "required field is missing");
  return { absent: opts.default };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}

export interface IntOptions extends Presence<number> {
  min?: number;
  max?: number;
}

/** An integer field (int32/int64 in Kubernetes). A number with a fraction is a type error there too. */
export function expectInt(loaded: LoadedObject, path: KeyPath, opts: IntOptions & { default: number }): number;
export function expectInt(loaded: LoadedObject, path: KeyPath, opts: IntOptions & { required: true }): number;
export function expectInt(loaded: LoadedObject, path: KeyPath, opts?: IntOptions): number | undefined;
export function expectInt(loaded: LoadedObject, path: KeyPath, opts: IntOptions = {}): number | undefined {
  const p = present(loaded, path, opts);
  if ("absent" in p) return p.absent;
  const v = p.value;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw fieldError(loaded, path, "INVALID_TYPE", `expected an integer, got ${describe(v)}`);
  }
  if (opts.min !== undefined && v < opts.min) throw fieldError(loaded, path, "INVALID_VALUE", `must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw fieldError(loaded, path, "INVALID_VALUE", `must be at most ${opts.max}, got ${v}`);
  return v;
}

export interface CountOptions extends Presence<number> {
  /** Larger values are RESOURCE_EXHAUSTION. Default `MAX_OBJECT_COUNT`. */
  max?: number;
}

/** A non-negative count (replicas, parallelism, completions), capped against absurd sizes. */
export function expectCount(loaded: LoadedObject, path: KeyPath, opts: CountOptions & { default: number }): number;
export function expectCount(loaded: LoadedObject, path: KeyPath, opts: CountOptions & { required: true }): number;
export function expectCount(loaded: LoadedObject, path: KeyPath, opts?: CountOptions): number | undefined;
export function expectCount(loaded: LoadedObject, path: KeyPath, opts: CountOptions = {}): number | undefined {
  const v = expectInt(loaded, path, { required: opts.required, default: opts.default, min: 0 } as IntOptions);
  const max = opts.max ?? MAX_OBJECT_COUNT;
  if (v !== undefined && v > max) {
    throw fieldError(loaded, path, "RESOURCE_EXHAUSTION", `${v} is more than kubesim simulates (at most ${max})`);
  }
  return v;
}

export interface StringOptions extends Presence<string> {
  /** Allowed values (an enum such as `whenUnsatisfiable`). */
  oneOf?: readonly string[];
}

export function expectString(loaded: LoadedObject, path: KeyPath, opts: StringOptions & { default: string }): string;
export function expectString(loaded: LoadedObject, path: KeyPath, opts: StringOptions & { required: true }): string;
export function expectString(loaded: LoadedObject, path: KeyPath, opts?: StringOptions): string | undefined;
export function expectString(loaded: LoadedObject, path: KeyPath, opts: StringOptions = {}): string | undefined {
  const p = present(loaded, path, opts);
  if ("absent" in p) return p.absent;
  const v = p.value;
  if (typeof v !== "string") throw fieldError(loaded, path, "INVALID_TYPE", `expected a string, got ${describe(v)}`);
  if (opts.oneOf !== undefined && !opts.oneOf.includes(v)) {
    throw fieldError(loaded, path, "INVALID_VALUE", `must be one of ${opts.oneOf.join(", ")}; got ${JSON.stringify(v)}`);
  }
  return v;
}

export function expectBoolean(loaded: LoadedObject, path: KeyPath, opts: Presence<boolean> & { default: boolean }): boolean;
export function expectBoolean(loaded: LoadedObject, path: KeyPath, opts?: Presence<boolean>): boolean | undefined;
export function expectBoolean(loaded: LoadedObject, path: KeyPath, opts: Presence<boolean> = {}): boolean | undefined {
  const p = present(loaded, path, opts);
  if ("absent" in p) return p.absent;
  if (typeof p.value !== "boolean") {
    throw fieldError(loaded, path, "INVALID_TYPE", `expected true or false, got ${describe(p.value)}`);
  }
  return p.value;
}

export interface QuantityOptions extends Presence<number> {
  /** Accept negative values (Kubernetes parses them; requests and limits must not be negative). */
  allowNegative?: boolean;
}

/**
 * A resource quantity as kubesim's number for `resourceName`: millicores for `cpu`, the integer
 * value otherwise (see `resourceValue`). Negative values are refused unless allowed
 * (pkg/apis/core/validation: ValidateResourceQuantityValue requires non-negative requests).
 */
export function expectQuantity(loaded: LoadedObject, path: KeyPath, resourceName: string, opts: QuantityOptions & { default: number }): number;
export function expectQuantity(loaded: LoadedObject, path: KeyPath, resourceName: string, opts: QuantityOptions & { required: true }): number;
export function expectQuantity(loaded: LoadedObject, path: KeyPath, resourceName: string, opts?: QuantityOptions): number | undefined;
export function expectQuantity(
  loaded: LoadedObject,
  path: KeyPath,
  resourceName: string,
  opts: QuantityOptions = {},
): number | undefined {
  const p = present(loaded, path, opts);
  if ("absent" in p) return p.absent;
  const v = p.value;
  if (typeof v !== "string" && typeof v !== "number") {
    throw fieldError(loaded, path, "INVALID_TYPE", `expected a quantity (string or number), got ${describe(v)}`);
  }
  let result: number;
  try {
    result = resourceValue(resourceName, v);
  } catch (e) {
    if (e instanceof QuantityError) throw fieldError(loaded, path, "INVALID_VALUE", e.message);
    throw e;
  }
  if (result < 0 && !opts.allowNegative) throw fieldError(loaded, path, "INVALID_VALUE", `must not be negative, got ${JSON.stringify(v)}`);
  return result;
}

/** An `intstr.IntOrString` that is either a count or a percentage (`maxSurge`, `minAvailable`). */
export type IntOrPercent = { type: "int"; value: number } | { type: "percent"; value: number };

/**
 * staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go: GetScaledValueFromIntOrPercent
 * accepts an integer or a string of digits followed by "%"; anything else is an error.
 */
export function expectIntOrPercent(loaded: LoadedObject, path: KeyPath, opts: Presence<IntOrPercent> & { default: IntOrPercent }): IntOrPercent;
export function expectIntOrPercent(loaded: LoadedObject, path: KeyPath, opts?: Presence<IntOrPercent>): IntOrPercent | undefined;
export function expectIntOrPercent(loaded: LoadedObject, path: KeyPath, opts: Presence<IntOrPercent> = {}): IntOrPercent | undefined {
  const p = present(loaded, path, opts);
  if ("absent" in p) return p.absent;
  const v = p.value;
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw fieldError(loaded, path, "INVALID_TYPE", `expected an integer or a percentage, got ${describe(v)}`);
    if (v < 0) throw fieldError(loaded, path, "INVALID_VALUE", `must not be negative, got ${v}`);
    return { type: "int", value: v };
  }
  if (typeof v !== "string") throw fieldError(loaded, path, "INVALID_TYPE", `expected an integer or a percentage, got ${describe(v)}`);
  const m = /^([0-9]+)%$/.exec(v);
  if (m === null) throw fieldError(loaded, path, "INVALID_VALUE", `expected an integer or a percentage like "25%", got ${JSON.stringify(v)}`);
  return { type: "percent", value: Number(m[1]) };
}
