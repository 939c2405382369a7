/**
 * Pod backoff arithmetic of the scheduling queue, in integer microseconds of simulated time.
 *
 * Duration (`pkg/scheduler/backend/queue/backoff_queue.go` `calculateBackoffDuration`):
 * `d(n) = min(initial · 2^(n−1), max)` for n = Attempts ≥ 1 (1 s, 2 s, 4 s, 8 s, 10 s, 10 s, …
 * with the defaults), and 0 for a pod never attempted. n counts every pop (v1.33 semantics;
 * master counts unschedulable and error failures separately).
 *
 * Two flush models, both with the flush ticker firing on whole seconds of simulated time
 * (the simulated scheduler starts at t = 0, so `wait.Until(…, 1s)` ticks there too):
 *
 * - `windowed` (default; v1.33+ `SchedulerPopFromBackoffQ`, KEP-5142,
 *   `backoffQOrderingWindowDuration = time.Second`): expiry = truncate(Timestamp + d, 1 s);
 *   a pod is backing off while expiry ≥ truncate(now), so it completes at expiry + 1 s.
 *   Inside one window pods are ordered like activeQ, and an idle scheduler may pop the head of
 *   backoffQ early (not for error backoff).
 * - `exact` (≤ v1.32): expiry = Timestamp + d; backing off while expiry > now; the 1-s flush
 *   moves it at the first tick ≥ expiry, in expiry order.
 *
 * The windowed model is the default because it is what v1.33/v1.34 (kubesim's target) run.
 */

export const US_PER_SECOND = 1_000_000;

/** `pkg/scheduler/backend/queue/backoff_queue.go: backoffQOrderingWindowDuration` (and the pre-1.33 flush period). */
export const BACKOFF_FLUSH_PERIOD_US = US_PER_SECOND;

/** `scheduling_queue.go Run`: `flushUnschedulablePodsLeftover` every 30 s. */
export const LEFTOVER_FLUSH_PERIOD_US = 30 * US_PER_SECOND;

/** `scheduling_queue.go: DefaultPodMaxInUnschedulablePodsDuration = 5 * time.Minute`. */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_US = 5 * 60 * US_PER_SECOND;

/** `scheduling_queue.go: DefaultPodInitialBackoffDuration = 1s` (config `podInitialBackoffSeconds`). */
export const DEFAULT_POD_INITIAL_BACKOFF_US = 1 * US_PER_SECOND;

/** `scheduling_queue.go: DefaultPodMaxBackoffDuration = 10s` (config `podMaxBackoffSeconds`). */
export const DEFAULT_POD_MAX_BACKOFF_US = 10 * US_PER_SECOND;

export type BackoffMode = "windowed" | "exact";

/** `d(n)`: the backoff after the n-th attempt, doubling from `initialUs`, capped at `maxUs`. */
export function backoffDurationUs(attempts: number, initialUs: number, maxUs: number): number {
  if (attempts <= 0) return 0;
  let d = initialUs;
  // Doubling by addition with the cap checked first, as upstream does to avoid overflow.
  for (let i = 1; i < attempts; i++) {
    if (d > maxUs - d) return maxUs;
    d += d;
  }
  return d;
}

/** Start of the whole-second window holding `t` (`time.Truncate(time.Second)`; t ≥ 0). */
export function windowStartUs(t: number): number {
  return t - (t % BACKOFF_FLUSH_PERIOD_US);
}

/**
 * The backoff expiry as the queue stores it: Timestamp + d(n), truncated to its window in the
 * windowed mode. A never-attempted pod has expiry 0 (it never backs off).
 */
export function backoffExpiryUs(
  timestampUs: number,
  attempts: number,
  initialUs: number,
  maxUs: number,
  mode: BackoffMode,
): number {
  if (attempts <= 0) return 0;
  const raw = timestampUs + backoffDurationUs(attempts, initialUs, maxUs);
  return mode === "windowed" ? windowStartUs(raw) : raw;
}

/** `backoffQueue.isPodBackingoff` at time `nowUs` for a stored expiry. */
export function isBackingOff(expiryUs: number, attempts: number, nowUs: number, mode: BackoffMode): boolean {
  if (attempts <= 0) return false;
  return mode === "windowed" ? expiryUs >= windowStartUs(nowUs) : expiryUs > nowUs;
}

/** The first flush tick (a whole second) at which a pod with this stored expiry leaves backoffQ. */
export function backoffCompletionTickUs(expiryUs: number, mode: BackoffMode): number {
  if (mode === "windowed") return windowStartUs(expiryUs) + BACKOFF_FLUSH_PERIOD_US;
  return Math.ceil(expiryUs / BACKOFF_FLUSH_PERIOD_US) * BACKOFF_FLUSH_PERIOD_US;
}

/** The last tick of a periodic flush at or before `nowUs` (ticks at 0, period, 2·period, …). */
export function lastTickUs(nowUs: number, periodUs: number): number {
  return nowUs - (nowUs % periodUs);
}
