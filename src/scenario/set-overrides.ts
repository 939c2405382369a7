/**
 * `--set <path>=<value>`: overrides one value of the scenario before it is validated, with the
 * same key-path syntax the errors print (`spec.cluster.nodePools[0].count=10`,
 * `spec.cluster.nodePools[0].labels["team.io/owner"]=web`). The value is read as YAML, so
 * `10` is a number, `true` a boolean, `[a, b]` a list and `5m` a string. A malformed
 * expression, or a path that runs through a scalar or past the end of a list, is a USAGE error.
 */
import { parse } from "yaml";
import { inputError } from "../errors.js";
import type { KeyPath } from "./yaml-source.js";
import { MAX_NESTING, nestingOverflow } from "../yaml-nesting.js";

export interface SetOverride {
  readonly path: KeyPath;
  readonly value: unknown;
  /** The expression as typed, for messages. */
  readonly text: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

const SHOWN_CHARS = 120;

/** A command-line argument as an error message quotes it: a pasted blob would drown the message, so at most SHOWN_CHARS characters. */
export function shownArgument(text: string): string {
  return JSON.stringify(text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);
}

/** Parses `path=value`. */
export function parseSetOverride(text: string): SetOverride {
  const usage = (why: string) => inputError("USAGE", "", `--set ${shownArgument(text)}: ${why}; expected <path>=<value>, e.g. spec.cluster.nodePools[0].count=10`);
  const path: (string | number)[] = [];
  let i = 0;
  while (i < text.length && text[i] !== "=") {
    if (text[i] === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) throw usage("unclosed [");
      const inner = text.slice(i + 1, close);
      if (/^[0-9]+$/.test(inner)) {
        if (path.length === 0) throw usage("the document is a map: the path starts with a key");
        path.push(Number(inner));
      }
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) path.push(JSON.parse(inner) as string);
      else throw usage(`[${inner}] is neither an index nor a quoted key`);
      i = close + 1;
      continue;
    }
    if (path.length > 0) {
      if (text[i] !== ".") throw usage(`unexpected ${JSON.stringify(text[i])} at character ${i + 1}`);
      i++;
    }
    const m = IDENT.exec(text.slice(i));
    if (m === null) throw usage(`expected a key at character ${i + 1}`);
    path.push(m[0]);
    i += m[0].length;
  }
  if (path.length === 0) throw usage("no path");
  if (text[i] !== "=") throw usage("no '='");
  const valueText = text.slice(i + 1);
  let value: unknown;
  // As for files (yaml-nesting.ts): too deep a value could overflow the parser's stack.
  if (nestingOverflow(valueText) >= 0) throw usage(`the value nests more than ${MAX_NESTING} levels`);
  try {
    value = valueText === "" ? "" : parse(valueText, { maxAliasCount: 0 });
  } catch (e) {
    throw usage(`the value is not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
  return { path, value, text };
}

/**
 * Applies overrides to a document value in place. Missing maps along the path are created;
 * a list index may replace an item or append one (index = length).
 */
export function applySetOverrides(root: unknown, overrides: readonly SetOverride[]): void {
  for (const o of overrides) {
    const usage = (why: string) => inputError("USAGE", "", `--set ${JSON.stringify(o.text)}: ${why}`);
    if (root === null || typeof root !== "object" || Array.isArray(root)) throw usage("the document is not a map");
    let node = root as Record<string | number, unknown>;
    for (let k = 0; k < o.path.length; k++) {
      const key = o.path[k]!;
      const last = k === o.path.length - 1;
      const here = k === 0 ? "the document" : `the value before ${JSON.stringify(key)}`;
      if (Array.isArray(node)) {
        if (typeof key !== "number") throw usage(`${here} is a list: use an index, not ${JSON.stringify(key)}`);
        if (key > node.length) throw usage(`index ${key} is past the end of a list of ${node.length}`);
      } else if (typeof key === "number") {
        throw usage(`${here} is a map, not a list: [${key}] does not apply`);
      }
      if (last) {
        node[key] = o.value;
        break;
      }
      let next = node[key];
      if (next === undefined || next === null) {
        next = typeof o.path[k + 1] === "number" ? [] : {};
        node[key] = next;
      }
      if (typeof next !== "object") throw usage(`${JSON.stringify(key)} holds ${JSON.stringify(next)}, which has no fields`);
      node = next as Record<string | number, unknown>;
    }
  }
}
