/**
 * `--range <path>=<from>..<to>[/<step>]` and `--range <path>=<a>,<b>,<c>`: the values one
 * scenario key takes in a sweep. The key path has the `--set` syntax
 * (`spec.cluster.nodePools[0].count`, scenario/set-overrides.ts), so every value becomes one
 * `--set path=value` override of a run.
 *
 * - `10..40/2` is 10, 12, ..., 40: `to` is included when the steps land on it, and the step
 *   defaults to 1. Decimals are allowed (`0.5..1/0.1`); each value is rounded to 9 decimals so
 *   that 0.1 steps do not print as 0.30000000000000004.
 * - `m6i.xlarge,m6i.2xlarge` is a list, each item read as YAML like a `--set` value (`4` a
 *   number, `m6i.xlarge` a string), in the order given.
 *
 * A malformed range, an empty or reversed one, or more than `MAX_RANGE_VALUES` values is a
 * USAGE error (exit 2) naming `--range`.
 */
import { parse } from "yaml";
import { inputError } from "../errors.js";
import { parseSetOverride, shownArgument } from "../scenario/set-overrides.js";
import { pathToString, type KeyPath } from "../scenario/yaml-source.js";
import { MAX_NESTING, nestingOverflow } from "../yaml-nesting.js";

/** Values one range may hold: a node count up to the scenario cap (100,000 pool nodes) fits. */
export const MAX_RANGE_VALUES = 100_000;

export type RangeValue = number | string | boolean;

export interface SweepRange {
  /** The path as `--set` writes it (`spec.cluster.nodePools[0].count`). */
  readonly path: string;
  readonly keyPath: KeyPath;
  readonly values: readonly RangeValue[];
  /** `from..to/step`: values ascend, so find-min can bisect over them. */
  readonly numeric: boolean;
  /** As typed, for messages and the reproduce command. */
  readonly text: string;
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses one `--range` argument. */
export function parseRange(text: string, flag = "--range"): SweepRange {
  const usage = (why: string) =>
    inputError("USAGE", flag, `${shownArgument(text)}: ${why}; expected <path>=<from>..<to>[/<step>] or <path>=<a>,<b>,..., e.g. spec.cluster.nodePools[0].count=2..20/2`);
  const eq = text.indexOf("=");
  if (eq <= 0) throw usage("no '='");
  const pathText = text.slice(0, eq);
  const spec = text.slice(eq + 1).trim();
  let keyPath: KeyPath;
  try {
    keyPath = parseSetOverride(`${pathText}=0`).path;
  } catch {
    throw usage(`${JSON.stringify(pathText)} is not a key path`);
  }
  if (spec === "") throw usage("no values after '='");
  const path = pathToString(keyPath);
  if (spec.includes("..")) {
    const m = /^([^/]+?)\.\.([^/]+?)(?:\/(.+))?$/.exec(spec);
    if (m === null) throw usage(`${JSON.stringify(spec)} is not <from>..<to>[/<step>]`);
    const [from, to, step] = [m[1]!.trim(), m[2]!.trim(), (m[3] ?? "1").trim()];
    for (const [name, v] of [["from", from], ["to", to], ["step", step]] as const) {
      if (!NUMBER.test(v) || !Number.isFinite(Number(v))) throw usage(`${name} ${JSON.stringify(v)} is not a number`);
    }
    const [a, b, s] = [Number(from), Number(to), Number(step)];
    if (s <= 0) throw usage("the step must be greater than 0");
    if (b < a) throw usage(`from ${from} is greater than to ${to}`);
    // A tolerance of 1e-9 steps lets 0..1/0.1 end at 1 despite binary rounding.
    const n = Math.floor((b - a) / s + 1e-9) + 1;
    if (n > MAX_RANGE_VALUES) throw inputError("RESOURCE_EXHAUSTION", flag, `${shownArgument(text)}: ${n} values; at most ${MAX_RANGE_VALUES}`);
    const values: number[] = [];
    for (let k = 0; k < n; k++) values.push(round9(a + k * s));
    return { path, keyPath, values, numeric: true, text };
  }
  const items = spec.split(",").map((v) => v.trim());
  if (items.some((v) => v === "")) throw usage("an empty item in the list");
  if (items.length > MAX_RANGE_VALUES) throw inputError("RESOURCE_EXHAUSTION", flag, `${shownArgument(text)}: ${items.length} values; at most ${MAX_RANGE_VALUES}`);
  const values = items.map((v): RangeValue => {
    let x: unknown;
    // As for --set values (set-overrides.ts): too deep an item could overflow the parser's stack.
    if (nestingOverflow(v) >= 0) throw usage(`an item nests more than ${MAX_NESTING} levels`);
    try {
      x = parse(v, { maxAliasCount: 0 });
    } catch {
      throw usage(`${JSON.stringify(v)} is not a scalar`);
    }
    if (typeof x === "number" && Number.isFinite(x)) return x;
    if (typeof x === "string" || typeof x === "boolean") return x;
    throw usage(`${JSON.stringify(v)} is not a number, string or boolean`);
  });
  if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) throw usage("a value is listed twice");
  const numeric = values.every((v) => typeof v === "number") && values.every((v, i) => i === 0 || (v as number) > (values[i - 1] as number));
  return { path, keyPath, values, numeric, text };
}

function round9(x: number): number {
  const r = Number(x.toFixed(9));
  return Object.is(r, -0) ? 0 : r;
}

/** The `--set` text of one value (strings quoted only when YAML would read them otherwise). */
export function setText(range: Pick<SweepRange, "path">, value: RangeValue): string {
  if (typeof value !== "string") return `${range.path}=${String(value)}`;
  const plain = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(value) && parse(value) === value;
  return `${range.path}=${plain ? value : JSON.stringify(value)}`;
}

/** A CSV column name for a path: plain identifier characters only (`spec_cluster_nodePools_0_count`). */
export function columnName(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}
