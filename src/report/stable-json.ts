/**
 * JSON whose bytes depend only on the value: object keys sorted, numbers in one format, a
 * final newline. `run.json` and `summary.json` are written with it, so two identical runs
 * give byte-identical files whatever order the code happened to build the objects in.
 *
 * - Keys are sorted by UTF-16 code units (`Array.prototype.sort`'s default), never by
 *   locale. `JSON.stringify` cannot do this even on a re-keyed copy: JavaScript objects list
 *   integer-like keys ("2", "10") first in numeric order.
 * - Numbers use ECMAScript's Number-to-String (the shortest text that reads back as the same
 *   double; exponent form from 1e21 up and below 1e-6), which the language specification
 *   fixes exactly, so every engine and machine prints the same digits. `-0` prints as `0`.
 *   NaN and ±Infinity have no JSON form and throw (JSON.stringify would silently write null).
 * - `undefined` object members are omitted, as JSON.stringify does; anything else JSON
 *   cannot represent (undefined in an array, bigint, functions, Map, Set, class instances
 *   without `toJSON`, cycles) throws a TypeError naming the key path.
 */

/** Serialises `value` deterministically (see the module comment). `indent` 0 gives one line. */
export function stableStringify(value: unknown, indent = 2): string {
  if (!Number.isInteger(indent) || indent < 0 || indent > 10) throw new RangeError(`indent must be 0..10, got ${indent}`);
  return write(value, "$", "", " ".repeat(indent), new Set()) + "\n";
}

function write(value: unknown, path: string, outer: string, step: string, open: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON representation`);
      return Object.is(value, -0) ? "0" : String(value);
    case "object":
      break;
    default:
      throw new TypeError(`${path}: a ${typeof value} has no JSON representation`);
  }
  const obj = value as object;
  if (typeof (obj as { toJSON?: unknown }).toJSON === "function") {
    return write((obj as { toJSON(): unknown }).toJSON(), path, outer, step, open);
  }
  if (open.has(obj)) throw new TypeError(`${path}: circular reference`);
  open.add(obj);
  const inner = outer + step;
  // With indent 0 everything goes on one line, as JSON.stringify(value) does.
  const nl = step === "" ? "" : "\n";
  const colon = step === "" ? ":" : ": ";
  let out: string;
  if (Array.isArray(obj)) {
    if (obj.length === 0) out = "[]";
    else {
      const items = obj.map((item, i) => {
        if (item === undefined) throw new TypeError(`${path}[${i}]: undefined has no JSON representation`);
        return inner + write(item, `${path}[${i}]`, inner, step, open);
      });
      out = `[${nl}${items.join(`,${nl}`)}${nl}${outer}]`;
    }
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${path}: a ${obj.constructor?.name ?? "non-plain object"} has no JSON representation`);
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    if (keys.length === 0) out = "{}";
    else {
      const members = keys.map((k) => inner + JSON.stringify(k) + colon + write(record[k], `${path}.${k}`, inner, step, open));
      out = `{${nl}${members.join(`,${nl}`)}${nl}${outer}}`;
    }
  }
  open.delete(obj);
  return out;
}
