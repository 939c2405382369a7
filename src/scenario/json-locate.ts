/**
 * Positions in large JSON texts without building a YAML document: a scanner that walks the
 * text to one key path, skipping every value off the path. It serves the JSON fast path of
 * `yaml-source.ts`, where a 60 MB `kubectl get -o json` dump loads in about a second but a YAML
 * parse just to position one error would take over a minute. Cost: one pass over the text up to
 * the target.
 *
 * The text must be valid JSON (it already went through `JSON.parse`). With duplicate keys the
 * first occurrence is found, while `JSON.parse` keeps the last; machine-written dumps have none.
 */
import type { SourcePosition } from "../errors.js";
import type { KeyPath } from "./yaml-source.js";

/** Finds positions in one JSON text; the line index is built on first use. */
export class JsonLocator {
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  /** Position of `path` (its value, or its key), or of the nearest existing parent. */
  positionOf(path: KeyPath, which: "key" | "value" = "value"): SourcePosition {
    return this.position(locateInJson(this.text, path, which));
  }

  private position(offset: number): SourcePosition {
    if (this.lineStarts === undefined) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    // Last line start <= offset.
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

/** Character offset of `path` in valid JSON `text`, falling back to the nearest existing parent. */
export function locateInJson(text: string, path: KeyPath, which: "key" | "value"): number {
  let pos = skipSpace(text, 0);
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const parent = pos;
    const open = text.charCodeAt(pos);
    let found = false;
    if (open === OPEN_BRACKET && typeof segment === "number") {
      pos = skipSpace(text, pos + 1);
      for (let index = 0; pos < text.length && text.charCodeAt(pos) !== CLOSE_BRACKET; index++) {
        if (index === segment) {
          found = true;
          break;
        }
        pos = afterSeparator(text, skipValue(text, pos));
      }
    } else if (open === OPEN_BRACE) {
      const wanted = String(segment);
      pos = skipSpace(text, pos + 1);
      while (pos < text.length && text.charCodeAt(pos) !== CLOSE_BRACE) {
        const keyStart = pos;
        const keyEnd = skipString(text, pos);
        const key = decodeKey(text, keyStart, keyEnd);
        pos = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ":"
        if (key === wanted) {
          if (which === "key" && depth === path.length - 1) return keyStart;
          found = true;
          break;
        }
        pos = afterSeparator(text, skipValue(text, pos));
      }
    }
    if (!found) return parent;
  }
  return pos;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function skipSpace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    // JSON whitespace, plus a leading byte-order mark.
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) pos++;
    else return pos;
  }
}

/** After a value inside a container: past the "," if there is one, at the closer otherwise. */
function afterSeparator(text: string, pos: number): number {
  pos = skipSpace(text, pos);
  return text.charCodeAt(pos) === COMMA ? skipSpace(text, pos + 1) : pos;
}

/** Offset just past the string starting at `pos` (an opening quote). */
function skipString(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return text.length; // unterminated: only possible if the text was not valid JSON
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes("\\") ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** Offset just past the value starting at `pos`. */
function skipValue(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === QUOTE) return skipString(text, pos);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) i = skipString(text, i) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  // number, true, false, null
  let i = pos;
  for (;;) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || Number.isNaN(d)) {
      return i;
    }
    i++;
  }
}
