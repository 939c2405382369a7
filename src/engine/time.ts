/**
 * Simulated time: integer microseconds held in a plain `number`.
 *
 * A Float64 represents every integer up to 2^53 exactly, i.e. about 285 years of simulated
 * microseconds, so time arithmetic never rounds as long as callers add integers. Microseconds
 * are fine enough for the shortest Kubernetes durations we model (CFS throttling slices,
 * API-server request latencies) and coarse enough that simultaneous events really do tie.
 */

/** Microseconds per millisecond. */
export const US_PER_MS = 1_000;

/** Microseconds per second. */
export const US_PER_SECOND = 1_000_000;

/** Seconds (possibly fractional) to integer microseconds, rounded to the nearest microsecond. */
export function secondsToUs(seconds: number): number {
  return Math.round(seconds * US_PER_SECOND);
}

/** Integer microseconds to (fractional) seconds, for reports. */
export function usToSeconds(us: number): number {
  return us / US_PER_SECOND;
}
