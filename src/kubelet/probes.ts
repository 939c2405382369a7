/**
 * Container probes in closed form (pkg/kubelet/prober/worker.go, prober_manager.go).
 *
 * Upstream, one worker per container and probe runs `doProbe` when the worker starts and then on
 * a `periodSeconds` ticker; a probe is skipped while
 * `int(time.Since(StartedAt).Seconds()) < initialDelaySeconds`; a result only takes effect after
 * `failureThreshold` consecutive failures or `successThreshold` consecutive successes. kubesim
 * never ticks: a probe's outcome is a function of time (it fails while its workload's
 * `probeFailure` window is open, and succeeds otherwise), so the instant of the next change can
 * be computed from the ticker grid and the windows, and only that instant is scheduled.
 *
 * Timing rules, each from upstream:
 * - Grid: ticks at `phase + k × period`, `phase` = when the kubelet started the pod's workers
 *   (kubelet.go `SyncPod` → `probeManager.AddPod`, before containers start). The grid survives
 *   container restarts, as the worker does.
 * - A readiness probe also runs at once when the container is found running and not yet ready
 *   (prober_manager.go `UpdatePodStatus` → `manualTriggerCh`): at container start, and when the
 *   startup probe succeeds.
 * - A failing probe is modelled as one that hangs until `timeoutSeconds` (the dependency is down),
 *   so its result lands `timeout` after it started. The ticker keeps one tick while the probe
 *   runs (Go's `time.Ticker` channel holds one), so with `timeout ≥ period` failing probes follow
 *   each other every `timeout`. A passing probe takes no time.
 * - Liveness and startup failures put the worker on hold until the container is replaced.
 */
import type { Probe } from "../cluster/k8s-types.js";

const S = 1_000_000;

/** A probe with the API defaults applied (pkg/apis/core/v1/defaults.go `SetDefaults_Probe`). */
export interface ResolvedProbe {
  initialDelayUs: number;
  /** periodSeconds, default 10. */
  periodUs: number;
  /** timeoutSeconds, default 1. */
  timeoutUs: number;
  /** failureThreshold, default 3. */
  failureThreshold: number;
  /** successThreshold, default 1 (must be 1 for liveness and startup). */
  successThreshold: number;
  /** Probe-level terminationGracePeriodSeconds (KEP-2238), or NaN for the pod's. */
  terminationGraceUs: number;
}

export const DEFAULT_PROBE_PERIOD_S = 10;
export const DEFAULT_PROBE_TIMEOUT_S = 1;
export const DEFAULT_PROBE_FAILURE_THRESHOLD = 3;
export const DEFAULT_PROBE_SUCCESS_THRESHOLD = 1;

export function resolveProbe(p: Probe | undefined): ResolvedProbe | null {
  if (!p) return null;
  const grace = (p as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds;
  return {
    initialDelayUs: Math.max(0, p.initialDelaySeconds ?? 0) * S,
    periodUs: Math.max(1, p.periodSeconds || DEFAULT_PROBE_PERIOD_S) * S,
    timeoutUs: Math.max(1, p.timeoutSeconds || DEFAULT_PROBE_TIMEOUT_S) * S,
    failureThreshold: Math.max(1, p.failureThreshold || DEFAULT_PROBE_FAILURE_THRESHOLD),
    successThreshold: Math.max(1, p.successThreshold || DEFAULT_PROBE_SUCCESS_THRESHOLD),
    terminationGraceUs: grace === undefined || grace === null ? NaN : grace * S,
  };
}

/** First grid tick at or after `t`. */
export function tickAtOrAfter(phaseUs: number, periodUs: number, t: number): number {
  if (t <= phaseUs) return phaseUs;
  return phaseUs + Math.ceil((t - phaseUs) / periodUs) * periodUs;
}

/** First grid tick strictly after `t`. */
export function tickAfter(phaseUs: number, periodUs: number, t: number): number {
  if (t < phaseUs) return phaseUs;
  return phaseUs + (Math.floor((t - phaseUs) / periodUs) + 1) * periodUs;
}

/**
 * Where probing resumes: the first probe at or after `fromUs` that counts, given the container's
 * `initialDelay` (probes before `startedUs + initialDelay` are skipped) and an optional manual
 * trigger at `fromUs` (readiness at container start or startup success).
 */
export function firstProbeUs(p: ResolvedProbe, phaseUs: number, startedUs: number, fromUs: number, manual: boolean): number {
  const valid = startedUs + p.initialDelayUs;
  if (manual && fromUs >= valid) return fromUs;
  return tickAtOrAfter(phaseUs, p.periodUs, Math.max(fromUs, valid));
}

/**
 * The next probe's start after one that started at `x`: the next tick, or `x + timeout` when a
 * failing probe outlasted a tick (see the module comment).
 */
function nextProbe(p: ResolvedProbe, phaseUs: number, x: number, failed: boolean): number {
  if (failed && p.timeoutUs >= p.periodUs) return x + p.timeoutUs;
  return tickAfter(phaseUs, p.periodUs, x);
}

/** Index of the first window (flat `[from, until, ...]`, sorted, disjoint) that ends after `t`. */
function windowAfter(w: ArrayLike<number>, t: number, from: number): number {
  let i = from;
  while (i < w.length && w[i + 1]! <= t) i += 2;
  return i;
}

/**
 * When the result flips to Failure: the time the `failureThreshold`-th consecutive failing probe
 * (probes from `firstUs` on) reports, or Infinity. Probes fail when they start inside a window.
 */
export function failureFlipUs(p: ResolvedProbe, phaseUs: number, firstUs: number, windows: ArrayLike<number>): number {
  let x = firstUs;
  let run = 0;
  let w = 0;
  for (;;) {
    w = windowAfter(windows, x, w);
    if (w >= windows.length) return Infinity;
    const from = windows[w]!;
    if (x < from) {
      // Healthy until the window: skip to its first probe (any run so far is broken by a success).
      run = 0;
      x = tickAtOrAfter(phaseUs, p.periodUs, from);
      continue;
    }
    run++;
    if (run === p.failureThreshold) return x + p.timeoutUs;
    x = nextProbe(p, phaseUs, x, true);
  }
}

/**
 * When the result flips to Success: the start of the `successThreshold`-th consecutive passing
 * probe from `firstUs` on (passing probes take no time). Always finite: windows end.
 */
export function successFlipUs(p: ResolvedProbe, phaseUs: number, firstUs: number, windows: ArrayLike<number>): number {
  let x = firstUs;
  let run = 0;
  let w = 0;
  for (;;) {
    w = windowAfter(windows, x, w);
    const inWindow = w < windows.length && windows[w]! <= x;
    if (!inWindow) {
      run++;
      if (run === p.successThreshold) return x;
      x = nextProbe(p, phaseUs, x, false);
      continue;
    }
    run = 0;
    // Failing until the window ends: the first probe that starts at or after its end.
    const until = windows[w + 1]!;
    if (p.timeoutUs >= p.periodUs) {
      const k = Math.ceil((until - x) / p.timeoutUs);
      x += k * p.timeoutUs;
    } else {
      x = tickAtOrAfter(phaseUs, p.periodUs, until);
    }
  }
}
