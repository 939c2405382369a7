/**
 * The next probe-driven change of one running container, from its slot in the `ContainerTable`
 * (prober/worker.go semantics, closed form in `probes.ts`):
 * - before the startup probe passes, only it runs: it passes (`P_STARTUP_OK`) or fails
 *   `failureThreshold` times (`P_STARTUP_FAIL`, the container is killed);
 * - after, liveness may fail (`P_LIVENESS_FAIL`) and readiness flips (`P_READY`, `P_NOT_READY`).
 * The earliest of these is the one to schedule; the caller applies it and asks again.
 */
import type { ProbeKind } from "../apiserver/external-faults.js";
import {
  type ContainerProbes,
  type ContainerTable,
  F_READINESS_MANUAL,
  F_READY,
  F_STARTED,
  P_LIVENESS_FAIL,
  P_NOT_READY,
  P_READY,
  P_STARTUP_FAIL,
  P_STARTUP_OK,
} from "./container-table.js";
import { failureFlipUs, firstProbeUs, successFlipUs, tickAfter, tickAtOrAfter } from "./probes.js";

export type WindowsOf = (probe: ProbeKind) => ArrayLike<number>;

export interface ProbeTransition {
  atUs: number;
  code: number;
}

const NONE: ProbeTransition = Object.freeze({ atUs: Infinity, code: 0 });

/** The earliest scheduled change (Infinity when nothing will change). */
export function nextProbeTransition(t: ContainerTable, slot: number, probes: ContainerProbes, phaseUs: number, windows: WindowsOf): ProbeTransition {
  const started = t.startedUs[slot]!;
  const flags = t.flags[slot]!;
  if ((flags & F_STARTED) === 0) {
    const p = probes.startup!;
    const first = firstProbeUs(p, phaseUs, started, t.startupFromUs[slot]!, false);
    const w = windows("startup");
    const ok = successFlipUs(p, phaseUs, first, w);
    const fail = failureFlipUs(p, phaseUs, first, w);
    return ok <= fail ? { atUs: ok, code: P_STARTUP_OK } : { atUs: fail, code: P_STARTUP_FAIL };
  }
  let best = NONE;
  const live = probes.liveness;
  if (live) {
    const at = failureFlipUs(live, phaseUs, firstProbeUs(live, phaseUs, started, t.livenessFromUs[slot]!, false), windows("liveness"));
    if (at < best.atUs) best = { atUs: at, code: P_LIVENESS_FAIL };
  }
  const ready = probes.readiness;
  if (ready) {
    const manual = (flags & F_READINESS_MANUAL) !== 0;
    const first = firstProbeUs(ready, phaseUs, started, t.readinessFromUs[slot]!, manual);
    const w = windows("readiness");
    // A tie with a liveness kill goes to the kill (it removes the container anyway).
    if (flags & F_READY) {
      const at = failureFlipUs(ready, phaseUs, first, w);
      if (at < best.atUs) best = { atUs: at, code: P_NOT_READY };
    } else {
      const at = successFlipUs(ready, phaseUs, first, w);
      if (at < best.atUs) best = { atUs: at, code: P_READY };
    }
  }
  return best;
}

/**
 * Bookkeeping after a transition at `nowUs`: where the next count of each affected probe starts.
 * Returns nothing; the caller handles kills and readiness of the pod.
 */
export function applyProbeTransition(t: ContainerTable, slot: number, probes: ContainerProbes, phaseUs: number, code: number, nowUs: number): void {
  switch (code) {
    case P_STARTUP_OK:
      t.flags[slot]! |= F_STARTED;
      // Liveness counts from its next tick; readiness runs at once (UpdatePodStatus trigger).
      if (probes.liveness) t.livenessFromUs[slot] = tickAfter(phaseUs, probes.liveness.periodUs, nowUs);
      t.readinessFromUs[slot] = nowUs;
      t.flags[slot]! |= F_READINESS_MANUAL;
      if (!probes.readiness) t.flags[slot]! |= F_READY;
      break;
    case P_READY:
      t.flags[slot] = (t.flags[slot]! | F_READY) & ~F_READINESS_MANUAL;
      t.readinessFromUs[slot] = tickAfter(phaseUs, probes.readiness!.periodUs, nowUs);
      break;
    case P_NOT_READY: {
      const p = probes.readiness!;
      t.flags[slot] = t.flags[slot]! & ~(F_READY | F_READINESS_MANUAL);
      // The failing probe ended now; the next starts at the next tick, or now if one was missed.
      t.readinessFromUs[slot] = p.timeoutUs >= p.periodUs ? nowUs : tickAtOrAfter(phaseUs, p.periodUs, nowUs);
      break;
    }
  }
}

/** Probe-state of a container that has just started (a first start or a restart) at `nowUs`. */
export function containerStartedProbes(t: ContainerTable, slot: number, probes: ContainerProbes, nowUs: number): void {
  t.startedUs[slot] = nowUs;
  t.startupFromUs[slot] = nowUs;
  t.livenessFromUs[slot] = nowUs;
  t.readinessFromUs[slot] = nowUs;
  let f = t.flags[slot]! & ~(F_STARTED | F_READY | F_READINESS_MANUAL);
  if (!probes.startup) {
    f |= F_STARTED | F_READINESS_MANUAL;
    if (!probes.readiness) f |= F_READY;
  }
  t.flags[slot] = f;
}

/** "Liveness", "Readiness", "Startup" (prober.go event messages). */
export function probeTitle(code: number): string {
  return code === P_LIVENESS_FAIL ? "Liveness" : code === P_NOT_READY ? "Readiness" : "Startup";
}
