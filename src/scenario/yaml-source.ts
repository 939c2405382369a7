/**
 * YAML and JSON files (JSON is YAML) read with source positions, so every later mistake can be
 * reported as `file:line:column: path: message`. Large JSON dumps take a `JSON.parse` fast path
 * and find positions on demand (`json-locate.ts`).
 *
 * The parser is `yaml` (eemeli) in its default YAML 1.2 core schema with `<<` merge keys enabled
 * (go-yaml, which kubectl uses through sigs.k8s.io/yaml, supports them too). Simplification:
 * go-yaml resolves YAML 1.1 scalars (`yes`, `on` as booleans, `0755` as octal); here they stay
 * strings and decimal numbers, the YAML 1.2 reading. Manifests rarely rely on either.
 *
 * Hostile input is bounded: files over `MAX_YAML_FILE_BYTES` are refused before parsing,
 * alias expansion is capped at `MAX_ALIAS_COUNT` (billion-laughs documents), collections nested
 * past `MAX_NESTING` are refused before parsing (src/yaml-nesting.ts), and any other nesting deep
 * enough to overflow the stack is reported instead of crashing.
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { LineCounter, isMap, isNode, isScalar, parseAllDocuments, type Document } from "yaml";
import { InputError, inputError, type InputErrorDetail, type SourcePosition } from "../errors.js";
import { refuseDeepNesting } from "../yaml-nesting.js";
import { JsonLocator } from "./json-locate.js";

/**
 * Largest file read. The biggest real inputs are `kubectl get pods -A -o json` dumps of large
 * clusters: about 10 KiB per pod, so 64 MiB holds roughly 6,000 pods. Such JSON takes the fast
 * path below (`JSON.parse`); YAML that large would take about a minute and gigabytes of heap with
 * positions, so in practice YAML inputs are much smaller. Larger dumps should be trimmed.
 */
export const MAX_YAML_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Alias resolutions allowed per document (the `yaml` option `maxAliasCount`). Hand-written
 * manifests use a handful of anchors; a billion-laughs document needs thousands.
 */
export const MAX_ALIAS_COUNT = 100;

/** Syntax errors reported at once: enough to fix a file in one go, not a wall of noise. */
const MAX_REPORTED_SYNTAX_ERRORS = 20;

/** A key path: map keys as strings, sequence indexes as numbers. */
export type KeyPath = readonly (string | number)[];

/** One YAML document (between `---` markers) of a file. */
export interface YamlDocument {
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** The document as plain JavaScript (objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  /**
   * Where `path` sits in the file: the value's first character, or with `which = "key"` the
   * key's. For a path that does not exist, the position of its nearest existing parent.
   */
  positionOf(path: KeyPath, which?: "key" | "value"): SourcePosition;
}

export interface YamlDocumentSet {
  /** The file name shown in messages (`displayName`, or the path as given). */
  readonly file: string;
  readonly documents: YamlDocument[];
  /** Parser warnings (e.g. unresolved tags), already prefixed with `file:line:column`. */
  readonly warnings: string[];
}

/** Reads and parses a YAML or JSON file; every failure is an `InputError`. */
export function readYamlFile(file: string, displayName?: string): YamlDocumentSet {
  const shown = displayName ?? file;
  return parseYamlText(readBoundedText(file, shown), shown);
}

/** Reads a text file, refusing it before reading if it is over the size cap. */
function readBoundedText(file: string, shown: string): string {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw inputError("FILE_UNREADABLE", "", `cannot open: ${errnoText(e)}`, { file: shown });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw inputError("FILE_UNREADABLE", "", "not a regular file", { file: shown });
    if (stat.size > MAX_YAML_FILE_BYTES) {
      throw inputError(
        "FILE_UNREADABLE",
        "",
        `file is ${stat.size} bytes, over the ${MAX_YAML_FILE_BYTES}-byte limit; split or trim it`,
        { file: shown },
      );
    }
    const buf = readFileSync(fd);
    // The file may have grown between fstat and the read.
    if (buf.length > MAX_YAML_FILE_BYTES) {
      throw inputError("FILE_UNREADABLE", "", `file grew over the ${MAX_YAML_FILE_BYTES}-byte limit while read`, {
        file: shown,
      });
    }
    return buf.toString("utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw inputError("FILE_UNREADABLE", "", `cannot read: ${errnoText(e)}`, { file: shown });
  } finally {
    closeSync(fd);
  }
}

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code} ${err.message}` : String(e);
}

/** Parses YAML/JSON text already in memory (inline content, tests). */
export function parseYamlText(text: string, displayName: string): YamlDocumentSet {
  if (text.length > MAX_YAML_FILE_BYTES) {
    throw inputError("FILE_UNREADABLE", "", `text is over the ${MAX_YAML_FILE_BYTES}-character limit`, {
      file: displayName,
    });
  }
  return parseJsonFast(text, displayName) ?? parseYaml(text, displayName);
}

/**
 * JSON texts at least this long take the fast path below. Such files are `kubectl get -o json`
 * dumps, written by a machine and free of duplicate keys, the one thing the fast path does not
 * check; hand-written JSON is far smaller and keeps the strict YAML path.
 */
export const FAST_JSON_MIN_BYTES = 1024 * 1024;

/**
 * Fast path for large JSON: `JSON.parse` is far faster than building a YAML document with
 * positions (measured on 2 shared cores: a 62 MB pod dump loads in about 1 s and 200 MB of heap;
 * the YAML path reads about 1 MB/s and holds ~50 bytes of heap per input byte). Positions are
 * found only when asked for (an error, a warning) by `JsonLocator`, which scans the text.
 * Duplicate keys keep the last value here, as in Go's encoding/json. Invalid JSON falls through to
 * the YAML path, which reports positioned syntax errors.
 */
function parseJsonFast(text: string, displayName: string): YamlDocumentSet | undefined {
  if (text.length < FAST_JSON_MIN_BYTES) return undefined;
  if (!/^\s*[{[]/.test(text)) return undefined; // \s includes the byte-order mark
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  const locator = new JsonLocator(text, displayName);
  const positionOf = (path: KeyPath, which: "key" | "value" = "value"): SourcePosition => locator.positionOf(path, which);
  return { file: displayName, documents: [{ index: 0, value, positionOf }], warnings: [] };
}

function positionAt(lineCounter: LineCounter, file: string, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, column: col };
}

function parseYaml(text: string, displayName: string): YamlDocumentSet {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => positionAt(lineCounter, displayName, offset);

  refuseDeepNesting(text, displayName);
  let parsed: Document.Parsed[];
  try {
    const result = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
    parsed = Array.isArray(result) ? result : []; // an EmptyStream: no documents at all
  } catch (e) {
    throw exhaustionOrRethrow(e, { file: displayName, line: 0, column: 0 });
  }

  const syntax: InputErrorDetail[] = [];
  const warnings: string[] = [];
  for (const doc of parsed) {
    for (const err of doc.errors) {
      if (syntax.length < MAX_REPORTED_SYNTAX_ERRORS) {
        // yaml reports nesting deep enough to overflow the stack as its own RESOURCE_EXHAUSTION.
        const code = err.code === "RESOURCE_EXHAUSTION" ? "RESOURCE_EXHAUSTION" : "YAML_SYNTAX";
        syntax.push({ ...at(err.pos[0]), path: "", code, message: `${err.code}: ${err.message}` });
      }
    }
    for (const w of doc.warnings) {
      const p = at(w.pos[0]);
      warnings.push(`${p.file}:${p.line}:${p.column}: ${w.message}`);
    }
  }
  if (syntax.length > 0) throw new InputError(syntax);

  const documents = parsed.map((doc, index): YamlDocument => {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw exhaustionOrRethrow(e, at(doc.range[0]));
    }
    return { index, value, positionOf: (path, which = "value") => at(offsetOf(doc, path, which)) };
  });
  return { file: displayName, documents, warnings };
}

/** Alias bombs and stack-deep nesting become RESOURCE_EXHAUSTION; anything else is a bug. */
function exhaustionOrRethrow(e: unknown, where: SourcePosition): unknown {
  // yaml's toJS throws ReferenceError("Excessive alias count indicates a resource exhaustion attack").
  if (e instanceof ReferenceError && /alias/i.test(e.message)) {
    return inputError(
      "RESOURCE_EXHAUSTION",
      "",
      `aliases expand more than ${MAX_ALIAS_COUNT} times (a "billion laughs" document?)`,
      where,
    );
  }
  if (e instanceof RangeError) {
    return inputError("RESOURCE_EXHAUSTION", "", "nesting too deep to parse", where);
  }
  return e;
}

/** Character offset of `path` in `doc`, falling back to the nearest existing parent. */
function offsetOf(doc: Document.Parsed, path: KeyPath, which: "key" | "value"): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (which === "key" && depth === path.length && depth > 0) {
      const keyOffset = keyOffsetOf(doc, prefix);
      if (keyOffset !== undefined) return keyOffset;
    }
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return doc.range[0];
}

/** Offset of the last key of `path` in its parent map; undefined if not a map key. */
function keyOffsetOf(doc: Document.Parsed, path: KeyPath): number | undefined {
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  for (const pair of parent.items) {
    const key = pair.key;
    const matches = isScalar(key) ? key.value === last || String(key.value) === String(last) : key === last;
    if (matches && isNode(key) && key.range) return key.range[0];
  }
  return undefined;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * A key path in kubectl syntax: `spec.template.spec.containers[0].resources`; keys that are not
 * plain identifiers go in quoted brackets: `metadata.labels["app.kubernetes.io/name"]`.
 */
export function pathToString(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out.length === 0 ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
