/**
 * Collects the semantic mistakes of one scenario document (bad quantities and durations,
 * unknown references, times past the end) as `InputErrorDetail`s positioned in the file, so
 * one `kubesim validate` reports all of them. Values overridden on the command line
 * (`--set spec.cluster.nodePools[0].count=10`) are reported as coming from `--set`.
 */
import { isAbsolute, join, dirname } from "node:path";
import { DurationError, parseDuration } from "../cluster/duration.js";
import { QuantityError, resourceValue } from "../cluster/quantity.js";
import { InputError, type ErrorCode, type InputErrorDetail, type SourcePosition } from "../errors.js";
import { pathToString, type KeyPath, type YamlDocument } from "./yaml-source.js";

/** Where values given with `--set` are said to come from. */
export const SET_FILE = "--set";

export class ScenarioChecker {
  readonly errors: InputErrorDetail[] = [];

  constructor(
    readonly doc: YamlDocument,
    /** The scenario file as given; relative paths inside it are relative to its folder. */
    readonly file: string,
    private readonly setPaths: readonly KeyPath[] = [],
  ) {}

  /** Position of a path, or `--set` when the value (or a parent of it) came from the command line. */
  positionOf(path: KeyPath, which: "key" | "value" = "value"): SourcePosition {
    for (const p of this.setPaths) {
      if (p.length <= path.length && p.every((seg, i) => seg === path[i])) return { file: SET_FILE, line: 0, column: 0 };
    }
    return this.doc.positionOf(path, which);
  }

  detail(path: KeyPath, code: ErrorCode, message: string, which?: "key" | "value"): InputErrorDetail {
    return { ...this.positionOf(path, which ?? (code === "UNKNOWN_FIELD" ? "key" : "value")), path: pathToString(path), code, message };
  }

  fail(path: KeyPath, code: ErrorCode, message: string, which?: "key" | "value"): void {
    this.errors.push(this.detail(path, code, message, which));
  }

  /** Keeps the details of an `InputError` thrown by a helper (manifests, scheduler config); rethrows anything else. */
  absorb(e: unknown): void {
    if (!(e instanceof InputError)) throw e;
    this.errors.push(...e.details);
  }

  /** A duration in microseconds; `defaultUs` when absent, or (with an error recorded) when it does not parse or is under `minUs`. */
  duration(path: KeyPath, value: string | number | undefined, defaultUs: number, minUs = 0): number {
    if (value === undefined) return defaultUs;
    let us: number;
    try {
      us = parseDuration(value);
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      this.fail(path, "INVALID_VALUE", e.message);
      return defaultUs;
    }
    if (us < minUs) {
      this.fail(path, "INVALID_VALUE", minUs === 1 ? `must be longer than 0, got ${JSON.stringify(value)}` : `must be at least ${minUs} µs, got ${JSON.stringify(value)}`);
      return defaultUs;
    }
    return us;
  }

  /** A quantity as kubesim's number for `resourceName` (millicores for cpu, else the integer value); `defaultValue` when absent or bad. */
  quantity(path: KeyPath, value: string | number | undefined, resourceName: string, defaultValue: number): number {
    if (value === undefined) return defaultValue;
    try {
      const v = resourceValue(resourceName, value);
      if (v < 0) {
        this.fail(path, "INVALID_VALUE", `must not be negative, got ${JSON.stringify(value)}`);
        return defaultValue;
      }
      return v;
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      this.fail(path, "INVALID_VALUE", e.message);
      return defaultValue;
    }
  }

  /** A path written in the scenario, as a path the process can open (and show in messages). */
  resolveFile(rel: string): string {
    return isAbsolute(rel) ? rel : join(dirname(this.file), rel);
  }
}

/** Errors in a stable, readable order: by file, then line, then column; at most `limit`. */
export function sortDetails(details: readonly InputErrorDetail[], limit: number): InputErrorDetail[] {
  const order = (d: InputErrorDetail) => d.file;
  return [...details]
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : a.line - b.line || a.column - b.column))
    .slice(0, limit);
}
