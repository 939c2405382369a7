/**
 * Simulated time as Kubernetes timestamps. Simulated time 0 is the Unix epoch, so
 * `creationTimestamp: 1970-01-01T00:02:00.000Z` reads as "2 minutes into the run" and no
 * wall-clock time ever reaches an object (outputs stay byte-identical).
 */
export function simTimestamp(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/** Inverse of `simTimestamp` (millisecond precision); NaN when absent or unparseable. */
export function parseSimTimestamp(ts: string | undefined): number {
  return ts === undefined ? NaN : Date.parse(ts) * 1000;
}
