/**
 * Reading a scheduler configuration file into a `PositionedDocument`. This is the one function to
 * swap for `scenario/yaml-source.ts` `readYamlFile`: that module sits in a higher layer, so the
 * scheduler cannot import it; the scenario layer passes its documents to
 * `loadSchedulerConfiguration` instead, and this reader serves the stand-alone file path.
 * Same bounds: a size cap and a nesting cap (yaml-nesting.ts) before parsing, an alias-expansion
 * cap, syntax errors with positions.
 */
import { readFileSync, statSync } from "node:fs";
import { isMap, isNode, isScalar, LineCounter, parseAllDocuments, type Document } from "yaml";
import { InputError, inputError, type SourcePosition } from "../../errors.js";
import type { KeyPath, PositionedDocument } from "./config-reader.js";
import { refuseDeepNesting } from "../../yaml-nesting.js";

/** A KubeSchedulerConfiguration is a few KiB; 4 MiB is generous and bounds memory. */
export const MAX_CONFIG_FILE_BYTES = 4 * 1024 * 1024;

/** yaml's `maxAliasCount`: real configs use a handful of anchors, alias bombs thousands. */
const MAX_ALIAS_COUNT = 100;

export function readConfigFile(file: string): PositionedDocument {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_FILE_BYTES) {
      throw inputError("FILE_UNREADABLE", "", `file is ${size} bytes, over the ${MAX_CONFIG_FILE_BYTES}-byte limit`, { file });
    }
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw inputError("FILE_UNREADABLE", "", `cannot read: ${(e as Error).message}`, { file });
  }
  return parseConfigText(text, file);
}

/** Parses configuration text (a file's content, or inline YAML in tests). */
export function parseConfigText(text: string, file: string): PositionedDocument {
  const lines = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  refuseDeepNesting(text, file);
  const parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const syntax = docs.flatMap((d) => d.errors.map((e) => ({ ...at(e.pos[0]), path: "", code: "YAML_SYNTAX" as const, message: e.message })));
  if (syntax.length > 0) throw new InputError(syntax);
  if (docs.length !== 1) {
    throw inputError("INVALID_VALUE", "", `expected one YAML document, found ${docs.length}`, { file, line: 1, column: 1 });
  }
  const doc = docs[0]!;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      throw inputError("RESOURCE_EXHAUSTION", "", "aliases expand too often or nesting is too deep", at(0));
    }
    throw e;
  }
  return { value, positionOf: (path, which = "value") => at(offsetOf(doc, path, which)) };
}

/** Offset of `path` (its key with `which = "key"`), else of its nearest existing parent. */
function offsetOf(doc: Document.Parsed, path: KeyPath, which: "key" | "value"): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (which === "key" && depth === path.length && depth > 0) {
      const parent = depth === 1 ? doc.contents : doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === prefix[depth - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
      }
    }
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return doc.range[0];
}
