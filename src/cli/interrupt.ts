/**
 * Work to undo when the user presses Ctrl-C (exit 130): temporary results folders are
 * removed so no half-written output is left behind.
 */
const cleanups = new Set<() => void>();

/** Registers a cleanup; returns a function that unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export function runInterruptCleanups(): void {
  for (const c of cleanups) {
    try {
      c();
    } catch {
      // best effort: we are exiting anyway
    }
  }
  cleanups.clear();
}
