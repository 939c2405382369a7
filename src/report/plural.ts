/** `1 file`, `2 files`: a count and its noun, for messages and summaries (English plurals in -s only). */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
