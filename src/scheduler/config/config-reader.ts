/**
 * Strict reading of an untyped YAML value with source positions: every unknown key, wrong type
 * or bad value becomes an `InputErrorDetail` (file, line, column, kubectl-style key path, code),
 * and reading continues so that one run reports every mistake it can.
 *
 * Decoding follows the Kubernetes config decoder (strict JSON into Go structs): `null` means
 * "unset", integers must be integral JSON numbers within the Go type's range, and an unknown
 * field is an error rather than silently dropped.
 */
import { InputError, type ErrorCode, type InputErrorDetail, type SourcePosition } from "../../errors.js";

/** A key path: map keys as strings, sequence indexes as numbers. */
export type KeyPath = readonly (string | number)[];

/**
 * One parsed document with a position lookup. `scenario/yaml-source.ts` `YamlDocument` has
 * this shape, so the scenario layer can pass its documents in directly.
 */
export interface PositionedDocument {
  readonly value: unknown;
  positionOf(path: KeyPath, which?: "key" | "value"): SourcePosition;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `profiles[0].pluginConfig[1].args.scoringStrategy.type`; odd keys as `["a/b"]`. */
export function pathToString(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out.length === 0 ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export type RawObject = Record<string, unknown>;

export interface IntBounds {
  min?: number;
  max?: number;
}

/** Go's int32 range (most config integers are `*int32`). */
export const INT32: Required<IntBounds> = { min: -2147483648, max: 2147483647 };

export class ConfigReader {
  readonly errors: InputErrorDetail[] = [];

  constructor(private readonly doc: PositionedDocument) {}

  /** Records an error at `path` (at the key for UNKNOWN_FIELD, else at the value). */
  report(code: ErrorCode, path: KeyPath, message: string): void {
    const at = this.doc.positionOf(path, code === "UNKNOWN_FIELD" ? "key" : "value");
    this.errors.push({ ...at, path: pathToString(path), code, message });
  }

  /** Throws every recorded error as one `InputError`. */
  throwIfErrors(): void {
    if (this.errors.length > 0) throw new InputError(this.errors.slice());
  }

  /**
   * A mapping whose keys must all be in `known`; unknown keys are reported and skipped.
   * Returns undefined (after reporting) for a non-mapping, and for null/absent.
   */
  object(value: unknown, path: KeyPath, known: readonly string[]): RawObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.report("INVALID_TYPE", path, `expected a mapping, got ${describe(value)}`);
      return undefined;
    }
    const obj = value as RawObject;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.report("UNKNOWN_FIELD", [...path, key], `unknown field "${key}" (known: ${known.join(", ")})`);
      }
    }
    return obj;
  }

  /** A list element that must be a mapping: unlike a field, a null element is an error. */
  element(value: unknown, path: KeyPath, known: readonly string[]): RawObject | undefined {
    if (value === null || value === undefined) {
      this.report("INVALID_TYPE", path, "expected a mapping, got null");
      return undefined;
    }
    return this.object(value, path, known);
  }

  /** A sequence; null/absent → undefined. */
  array(value: unknown, path: KeyPath): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.report("INVALID_TYPE", path, `expected a list, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: KeyPath): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      this.report("INVALID_TYPE", path, `expected a string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  bool(value: unknown, path: KeyPath): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") {
      this.report("INVALID_TYPE", path, `expected true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** A JSON number (float64 in Go). */
  number(value: unknown, path: KeyPath): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.report("INVALID_TYPE", path, `expected a number, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** An integer within the Go type's range (`INT32` by default). */
  int(value: unknown, path: KeyPath, range: IntBounds = INT32): number | undefined {
    const n = this.number(value, path);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) {
      this.report("INVALID_TYPE", path, `expected an integer, got ${n}`);
      return undefined;
    }
    const min = range.min ?? INT32.min;
    const max = range.max ?? INT32.max;
    if (n < min || n > max) {
      this.report("INVALID_TYPE", path, `${n} does not fit the field's integer type [${min}, ${max}]`);
      return undefined;
    }
    return n;
  }

  /** A list of strings. */
  strings(value: unknown, path: KeyPath): string[] | undefined {
    const list = this.array(value, path);
    if (list === undefined) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      const s = this.string(item, [...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** A document without positions (values built in code): every position is unknown. */
export function unpositioned(value: unknown, file = ""): PositionedDocument {
  return { value, positionOf: () => ({ file, line: 0, column: 0 }) };
}
