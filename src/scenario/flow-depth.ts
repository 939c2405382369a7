/**
 * How deep YAML flow collections (`[…]`, `{…}`) nest, checked before parsing. The parser
 * recurses once or more per level; usually a stack overflow there throws a RangeError, which
 * yaml-source.ts reports, but when the stack runs out inside V8's regular-expression compiler
 * (the parser matches scalars with regular expressions, compiled lazily) the process aborts
 * with "RegExpCompiler Allocation failed" instead: the test suite saw it with 2,000 levels.
 *
 * The scan knows just enough YAML to never refuse a document a person would write: quoted
 * scalars, comments and block scalars (`|`, `>`) are skipped, and outside a flow collection a
 * bracket opens one only where a value starts (a line's first character, after `key: `, `- `
 * or `? `). Anything it misreads can only make it count fewer levels, and the RangeError path
 * stays behind it.
 */

/** Nesting allowed: hand-written manifests use a few levels, generated ones a few dozen. */
export const MAX_FLOW_DEPTH = 256;

/** The offset of the bracket that opens level `limit + 1`, or −1 when no flow collection nests that deep. */
export function flowDepthOverflow(text: string, limit = MAX_FLOW_DEPTH): number {
  let depth = 0;
  let lineStart = 0;
  /** Whether a value may start at the next non-blank character (block context). */
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === NEWLINE) {
      lineStart = i + 1;
      valueStart = true;
      continue;
    }
    if (ch === SPACE || ch === TAB) continue;
    if (ch === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      i = endOfLine(text, i) - 1;
      continue;
    }
    if (ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE) {
      if (depth > 0 || valueStart) {
        i = endOfQuoted(text, i);
        valueStart = false;
        continue;
      }
    } else if (ch === OPEN_BRACKET || ch === OPEN_BRACE) {
      if (depth > 0 || valueStart) {
        if (++depth > limit) return i;
        valueStart = true;
        continue;
      }
    } else if (ch === CLOSE_BRACKET || ch === CLOSE_BRACE) {
      if (depth > 0) depth--;
    } else if (ch === COMMA && depth > 0) {
      valueStart = true;
      continue;
    } else if (valueStart && (ch === AMPERSAND || ch === BANG)) {
      // An anchor or a tag before the value: the value still starts after it.
      while (i + 1 < text.length && !isBlank(text.charCodeAt(i + 1))) i++;
      continue;
    } else if (depth === 0 && valueStart && (ch === PIPE || ch === GREATER)) {
      i = endOfBlockScalar(text, lineStart, i) - 1;
      continue;
    } else if ((ch === COLON || ch === DASH || ch === QUESTION) && isBlank(text.charCodeAt(i + 1))) {
      // `key: value`, `- item`, `? key`: a value starts next.
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

/** The start of the first line after the block scalar whose indicator is at `i`: less or equally indented and not blank. */
function endOfBlockScalar(text: string, lineStart: number, i: number): number {
  let indent = 0;
  while (text.charCodeAt(lineStart + indent) === SPACE) indent++;
  let next = endOfLine(text, i) + 1;
  while (next < text.length) {
    let k = 0;
    while (text.charCodeAt(next + k) === SPACE) k++;
    const ch = text.charCodeAt(next + k);
    if (k <= indent && ch !== NEWLINE && ch !== RETURN && next + k < text.length) return next;
    next = endOfLine(text, next) + 1;
  }
  return text.length;
}
