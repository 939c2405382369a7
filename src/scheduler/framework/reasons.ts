/**
 * Filter failure reasons, interned to small integers.
 *
 * Each plugin declares its upstream reason text as an exported constant and registers it
 * once at module load (`const R = reasonId(ERR_REASON_X)`); the hot path carries the id inside
 * a status (status.ts), and only reports turn ids back into text. Registration order is
 * module load order, the same on the main thread and in workers.
 */
const texts: string[] = [""];
const ids = new Map<string, number>();

/** The id of a reason text, registering it on first use. Never 0. */
export function reasonId(text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = texts.length;
    texts.push(text);
    ids.set(text, id);
  }
  return id;
}

export function reasonText(id: number): string {
  const t = texts[id];
  if (t === undefined || id === 0) throw new RangeError(`unknown reason id ${id}`);
  return t;
}
