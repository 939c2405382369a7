/**
 * Faults outside the cluster that the control plane cannot see, set by timeline actions and
 * read by the kubelet: image registries that are unreachable (`registryOutage`) and workloads
 * whose probes fail because something they depend on is down (`probeFailure`). Like
 * `NodeWorld`, not an API object: nothing here is written to the store.
 *
 * Windows are half-open `[from, until)` in simulated µs, kept per key as a flat sorted list of
 * disjoint pairs (overlapping windows merge), so a reader can compute outcomes in closed form.
 */
export type ProbeKind = "liveness" | "readiness" | "startup";

/** Workload key: `<namespace>/<Kind>/<name>`, e.g. `shop/Deployment/web`. */
export function workloadKey(namespace: string, kindSlashName: string): string {
  return `${namespace}/${kindSlashName}`;
}

export type ProbeFailureListener = (workload: string, probe: ProbeKind, fromUs: number) => void;

/** Probe failure windows of one pod's serving container, opened while it is overloaded. */
interface PodProbeWindows {
  container: number;
  windows: Record<ProbeKind, number[]>;
}

const EMPTY: readonly number[] = Object.freeze([]);

export class ExternalFaults {
  /** Registry host ("" = every registry) → windows. */
  private readonly registries = new Map<string, number[]>();
  private readonly probes = new Map<string, Record<ProbeKind, number[]>>();
  private readonly probeListeners: ProbeFailureListener[] = [];
  /** Pod store id → its overload windows (resource-dynamics.ts: probes queue behind requests). */
  private readonly podProbes = new Map<number, PodProbeWindows>();
  private readonly podListeners: ((podId: number) => void)[] = [];

  onPodProbeChange(fn: (podId: number) => void): void {
    this.podListeners.push(fn);
  }

  /**
   * From `fromUs` (now) until `podProbeRecovered`, probe `probe` of container `container` of pod
   * `podId` fails: the window is open-ended, `[from, ∞)`, and is closed at the recovery instant.
   */
  podProbeOverloaded(podId: number, container: number, probe: ProbeKind, fromUs: number): void {
    let p = this.podProbes.get(podId);
    if (!p || p.container !== container) this.podProbes.set(podId, (p = { container, windows: { liveness: [], readiness: [], startup: [] } }));
    addWindow(p.windows[probe], fromUs, Infinity);
    for (const fn of this.podListeners) fn(podId);
  }

  /** Closes the open overload window of a pod's probe at `atUs` (now). */
  podProbeRecovered(podId: number, probe: ProbeKind, atUs: number): void {
    const w = this.podProbes.get(podId)?.windows[probe];
    if (!w || w.length === 0 || w[w.length - 1] !== Infinity) return;
    if (atUs <= w[w.length - 2]!) w.length -= 2;
    else w[w.length - 1] = atUs;
    for (const fn of this.podListeners) fn(podId);
  }

  /** Forgets a deleted pod. */
  forgetPod(podId: number): void {
    this.podProbes.delete(podId);
  }

  /**
   * The failure windows of a probe of one container of a pod: its workload's (`probeFailure`)
   * and its own overload windows, merged. The workload's list itself when the pod has none.
   */
  containerProbeWindows(workload: string, podId: number, container: number, probe: ProbeKind): readonly number[] {
    const base = this.probeWindows(workload, probe);
    const p = this.podProbes.get(podId);
    if (!p || p.container !== container || p.windows[probe].length === 0) return base;
    if (base.length === 0) return p.windows[probe];
    const out = [...base];
    const own = p.windows[probe];
    for (let i = 0; i < own.length; i += 2) addWindow(out, own[i]!, own[i + 1]!);
    return out;
  }

  onProbeFailure(fn: ProbeFailureListener): void {
    this.probeListeners.push(fn);
  }

  /** `host` null = every registry. */
  registryOutage(host: string | null, fromUs: number, untilUs: number): void {
    const key = host ?? "";
    let w = this.registries.get(key);
    if (!w) this.registries.set(key, (w = []));
    addWindow(w, fromUs, untilUs);
  }

  /** The end of the outage of `host`'s registry that covers `t`, or NaN when it is reachable. */
  registryDownUntil(host: string, t: number): number {
    let until = NaN;
    for (const key of [host, ""]) {
      const w = this.registries.get(key);
      if (!w) continue;
      for (let i = 0; i < w.length; i += 2) {
        if (w[i]! <= t && t < w[i + 1]!) until = Number.isNaN(until) ? w[i + 1]! : Math.max(until, w[i + 1]!);
      }
    }
    return until;
  }

  probeFailure(workload: string, probe: ProbeKind, fromUs: number, untilUs: number): void {
    let byKind = this.probes.get(workload);
    if (!byKind) this.probes.set(workload, (byKind = { liveness: [], readiness: [], startup: [] }));
    addWindow(byKind[probe], fromUs, untilUs);
    for (const fn of this.probeListeners) fn(workload, probe, fromUs);
  }

  /** The failure windows of a workload's probe (flat `[from, until, ...]`). */
  probeWindows(workload: string, probe: ProbeKind): readonly number[] {
    return this.probes.get(workload)?.[probe] ?? EMPTY;
  }
}

/** Inserts `[from, until)` into a sorted flat list of disjoint windows, merging overlaps. */
export function addWindow(w: number[], from: number, until: number): void {
  if (!(until > from)) return;
  const out: number[] = [];
  let placed = false;
  for (let i = 0; i < w.length; i += 2) {
    const a = w[i]!;
    const b = w[i + 1]!;
    if (b < from) out.push(a, b);
    else if (until < a) {
      if (!placed) out.push(from, until);
      placed = true;
      out.push(a, b);
    } else {
      from = Math.min(from, a);
      until = Math.max(until, b);
    }
  }
  if (!placed) out.push(from, until);
  w.length = 0;
  for (const v of out) w.push(v);
}
