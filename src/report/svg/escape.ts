/**
 * Text that goes into report.html and its inline SVG: every string from a results folder
 * (pod names, event messages, scenario names, command arguments) passes through `escapeXml`
 * before it is written, so no input can open a tag, close an attribute or start a script.
 * One function serves both HTML and SVG: the five characters it replaces are the ones either
 * syntax gives meaning to in text and in quoted attributes.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes `& < > " '`; safe in element text and in single- or double-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A string usable as an `id` and `#fragment`: ASCII letters, digits, `-` and `_` only (other
 * characters become `-`), starting with a letter. Callers keep ids unique.
 */
export function slug(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return /^[A-Za-z]/.test(s) ? s : `x-${s}`;
}
