/**
 * How deep the collections of a YAML text nest, checked before parsing by both YAML readers
 * (scenario/yaml-source.ts, scheduler/config/config-yaml.ts; hence its place beside
 * errors.ts). The parser recurses once or more per level; usually a stack overflow there
 * throws a RangeError, which the readers report, but when the stack runs out inside V8's
 * regular-expression compiler (the parser matches scalars with regular expressions, compiled
 * lazily) the process aborts with "RegExpCompiler Allocation failed" instead: the test suite
 * saw it with 2,000 levels of `[`.
 *
 * Levels counted: flow collections (`[…]`, `{…}`), block collections (a line indented deeper
 * than the lines it sits under), and compact sequence entries (`- - - x` on one line). The scan
 * knows just enough YAML not to refuse a document a person would write: quoted scalars,
 * comments and block scalars (`|`, `>`) are skipped, and outside a flow collection a bracket
 * opens one only where a value starts (a line's first character, after `key: `, `- ` or `? `).
 * Most misreadings make it count fewer levels, and the RangeError path stays behind it; the one
 * that counts more is a plain scalar continued over lines each indented deeper than the last,
 * which would need 256 such lines.
 */

import { inputError, type SourcePosition } from "./errors.js";

/** Nesting allowed: hand-written manifests use a dozen levels, generated ones a few dozen. */
export const MAX_NESTING = 256;

/** Throws RESOURCE_EXHAUSTION at the place where `text` (the file `file`) nests past MAX_NESTING. */
export function refuseDeepNesting(text: string, file: string): void {
  const at = nestingOverflow(text);
  if (at >= 0) throw inputError("RESOURCE_EXHAUSTION", "", `collections nested more than ${MAX_NESTING} deep`, positionOfOffset(text, file, at));
}

/** 1-based line and column of `offset`, counted in the text (before any parser has filled a LineCounter). */
function positionOfOffset(text: string, file: string, offset: number): SourcePosition {
  let line = 1;
  let start = 0;
  for (let n = text.indexOf("\n"); n >= 0 && n < offset; n = text.indexOf("\n", n + 1)) {
    line++;
    start = n + 1;
  }
  return { file, line, column: offset - start + 1 };
}

/** The offset where nesting first passes `limit` levels, or −1 when it never does. */
export function nestingOverflow(text: string, limit = MAX_NESTING): number {
  let flow = 0;
  /** Indentation of the open block collections, outermost first. */
  const blocks: number[] = [];
  /** Compact entries opened on this line after its first (`- - x`). */
  let compact = 0;
  let lineStart = 0;
  let lineSeen = false;
  /** Offset of the line's first character that is not blank. */
  let lineFirst = 0;
  /** Whether a value may start at the next non-blank character. */
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === NEWLINE) {
      lineStart = i + 1;
      lineSeen = false;
      valueStart = true;
      continue;
    }
    if (ch === SPACE || ch === TAB || ch === RETURN) continue;
    if (ch === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      i = endOfLine(text, i) - 1;
      continue;
    }
    if (!lineSeen) {
      lineSeen = true;
      lineFirst = i;
      if (flow === 0) {
        const indent = i - lineStart;
        while (blocks.length > 0 && blocks[blocks.length - 1]! >= indent) blocks.pop();
        blocks.push(indent);
        compact = 0;
        if (blocks.length > limit) return i;
      }
    }
    if (ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE) {
      if (flow > 0 || valueStart) {
        i = endOfQuoted(text, i);
        valueStart = false;
        continue;
      }
    } else if (ch === OPEN_BRACKET || ch === OPEN_BRACE) {
      if (flow > 0 || valueStart) {
        if (++flow + blocks.length + compact > limit) return i;
        valueStart = true;
        continue;
      }
    } else if (ch === CLOSE_BRACKET || ch === CLOSE_BRACE) {
      if (flow > 0) flow--;
    } else if (ch === COMMA && flow > 0) {
      valueStart = true;
      continue;
    } else if (valueStart && (ch === AMPERSAND || ch === BANG)) {
      // An anchor or a tag before the value: the value still starts after it.
      while (i + 1 < text.length && !isBlank(text.charCodeAt(i + 1))) i++;
      continue;
    } else if (flow === 0 && valueStart && (ch === PIPE || ch === GREATER)) {
      i = endOfBlockScalar(text, lineStart, i) - 1;
      continue;
    } else if ((ch === COLON || ch === DASH || ch === QUESTION) && isBlank(text.charCodeAt(i + 1))) {
      // `key: value`, `- item`, `? key`: a value starts next; a second `- ` on a line nests.
      if (flow === 0 && ch !== COLON && i !== lineFirst && ++compact + blocks.length > limit) return i;
      valueStart = true;
      continue;
    }
    valueStart = false;
  }
  return -1;
}

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;
const COLON = 58;
const DASH = 45;
const QUESTION = 63;
const PIPE = 124;
const GREATER = 62;
const BACKSLASH = 92;
const RETURN = 13;
const AMPERSAND = 38;
const BANG = 33;

/** Space, tab, line end, or past the end of the text. */
function isBlank(ch: number): boolean {
  return ch === SPACE || ch === TAB || ch === NEWLINE || ch === RETURN || Number.isNaN(ch);
}

function endOfLine(text: string, i: number): number {
  const n = text.indexOf("\n", i);
  return n < 0 ? text.length : n;
}

/** The offset of the quote that closes the scalar opened at `i` (`''` and `\"` escape). */
function endOfQuoted(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  for (let j = i + 1; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (quote === DOUBLE_QUOTE && ch === BACKSLASH) j++;
    else if (ch === quote) {
      if (quote === SINGLE_QUOTE && text.charCodeAt(j + 1) === SINGLE_QUOTE) j++;
      else return j;
    }
  }
  return text.length;
}

/**
 * The line end before the first line after the block scalar whose indicator is at `i` (a line
 * indented no deeper than the indicator's and not blank), or the text's end.
 */
function endOfBlockScalar(text: string, lineStart: number, i: number): number {
  let indent = 0;
  while (text.charCodeAt(lineStart + indent) === SPACE) indent++;
  let end = endOfLine(text, i);
  while (end < text.length) {
    const next = end + 1;
    let k = 0;
    while (text.charCodeAt(next + k) === SPACE) k++;
    const ch = text.charCodeAt(next + k);
    if (k <= indent && ch !== NEWLINE && ch !== RETURN && next + k < text.length) return end;
    end = endOfLine(text, next);
  }
  return text.length;
}
