/**
 * The kubelet's per-container state, in typed arrays indexed by a container slot. A pod gets
 * `initContainers.length + containers.length` consecutive slots when its kubelet first sees it
 * (init containers first); slots are never reused, as store ids are not.
 *
 * Each slot holds what `ContainerStatus` holds upstream (state, waiting/terminated reason, exit
 * code, restart count, started/ready), the probe bookkeeping (`probes.ts`: where each probe's
 * count of consecutive results starts) and the two back-off entries (`backoff.ts`).
 */
import type { Container } from "../cluster/k8s-types.js";
import { type BackoffTable, crashLoopBackoffTable, imagePullBackoffTable } from "./backoff.js";
import { resolveProbe, type ResolvedProbe } from "./probes.js";

/** Container states (what `kubectl describe` shows as State, plus the kubelet's own steps). */
export const C_WAITING = 0; // needs a start; `reason` says why it is not running
export const C_STARTING = 1; // the pod worker is pulling its image or creating it
export const C_RUNNING = 2;
export const C_KILLING = 3; // stop signalled, exit pending
export const C_BACKOFF = 4; // exited; restart due at a known time (CrashLoopBackOff)
export const C_DONE = 5; // terminated and not restarted (init containers: completed)

/** Waiting/terminated reasons, interned; `REASON_TEXT` has the upstream strings. */
export const R_NONE = 0;
export const R_CONTAINER_CREATING = 1;
export const R_ERR_IMAGE_PULL = 2;
export const R_IMAGE_PULL_BACKOFF = 3;
export const R_ERR_IMAGE_NEVER_PULL = 4;
export const R_CRASH_LOOP_BACKOFF = 5;
export const R_COMPLETED = 6;
export const R_ERROR = 7;
export const R_OOM_KILLED = 8;

/** pkg/kubelet/images/types.go, kuberuntime_container.go, the CRI's terminated reasons. */
export const REASON_TEXT = ["", "ContainerCreating", "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "CrashLoopBackOff", "Completed", "Error", "OOMKilled"] as const;
export type ExitReason = "Completed" | "Error" | "OOMKilled";

export function exitReasonId(r: ExitReason | string): number {
  return r === "OOMKilled" ? R_OOM_KILLED : r === "Completed" ? R_COMPLETED : R_ERROR;
}

/** Flags. */
export const F_STARTED = 1; // startup probe passed (or none)
export const F_READY = 2; // readiness passed (or none) while running
export const F_READINESS_MANUAL = 4; // a readiness probe runs at `readinessFromUs` itself (manual trigger)
export const F_EVER_RAN = 8;

/** Probe transitions a slot may have scheduled (`probeNext`). */
export const P_STARTUP_OK = 1;
export const P_STARTUP_FAIL = 2;
export const P_LIVENESS_FAIL = 3;
export const P_READY = 4;
export const P_NOT_READY = 5;

export interface ContainerProbes {
  startup: ResolvedProbe | null;
  readiness: ResolvedProbe | null;
  liveness: ResolvedProbe | null;
}

const probeCache = new WeakMap<Container, ContainerProbes>();

/** Probes with defaults applied, cached per container object (pods of a template share it). */
export function probesOf(c: Container): ContainerProbes {
  let p = probeCache.get(c);
  if (!p) {
    p = { startup: resolveProbe(c.startupProbe), readiness: resolveProbe(c.readinessProbe), liveness: resolveProbe(c.livenessProbe) };
    probeCache.set(c, p);
  }
  return p;
}

export class ContainerTable {
  size = 0;
  pod = new Int32Array(0);
  state = new Uint8Array(0);
  reason = new Uint8Array(0);
  flags = new Uint8Array(0);
  exitCode = new Int16Array(0);
  restarts = new Int32Array(0);
  startedUs = new Float64Array(0);
  finishedUs = new Float64Array(0);
  probeHandle = new Float64Array(0);
  probeNext = new Uint8Array(0);
  lifeHandle = new Float64Array(0);
  livenessFromUs = new Float64Array(0);
  readinessFromUs = new Float64Array(0);
  startupFromUs = new Float64Array(0);
  pendingExitCode = new Int16Array(0);
  pendingReason = new Uint8Array(0);
  readonly crash: BackoffTable = crashLoopBackoffTable();
  readonly image: BackoffTable = imagePullBackoffTable();

  /** `n` new slots for pod `podId`, all waiting to be created; returns the first. */
  alloc(podId: number, n: number): number {
    const base = this.size;
    this.ensure(base + n);
    for (let s = base; s < base + n; s++) {
      this.pod[s] = podId;
      this.state[s] = C_WAITING;
      this.reason[s] = R_CONTAINER_CREATING;
      this.exitCode[s] = -1;
      this.probeHandle[s] = -1;
      this.lifeHandle[s] = -1;
    }
    this.size = base + n;
    return base;
  }

  private ensure(n: number): void {
    this.crash.ensure(n);
    this.image.ensure(n);
    if (n <= this.pod.length) return;
    const cap = Math.max(n, this.pod.length * 2, 1024);
    const g = <T extends Int32Array | Uint8Array | Int16Array | Float64Array>(a: T, make: (c: number) => T): T => {
      const b = make(cap);
      b.set(a as never);
      return b;
    };
    this.pod = g(this.pod, (c) => new Int32Array(c));
    this.state = g(this.state, (c) => new Uint8Array(c));
    this.reason = g(this.reason, (c) => new Uint8Array(c));
    this.flags = g(this.flags, (c) => new Uint8Array(c));
    this.exitCode = g(this.exitCode, (c) => new Int16Array(c));
    this.restarts = g(this.restarts, (c) => new Int32Array(c));
    this.startedUs = g(this.startedUs, (c) => new Float64Array(c));
    this.finishedUs = g(this.finishedUs, (c) => new Float64Array(c));
    this.probeHandle = g(this.probeHandle, (c) => new Float64Array(c));
    this.probeNext = g(this.probeNext, (c) => new Uint8Array(c));
    this.lifeHandle = g(this.lifeHandle, (c) => new Float64Array(c));
    this.livenessFromUs = g(this.livenessFromUs, (c) => new Float64Array(c));
    this.readinessFromUs = g(this.readinessFromUs, (c) => new Float64Array(c));
    this.startupFromUs = g(this.startupFromUs, (c) => new Float64Array(c));
    this.pendingExitCode = g(this.pendingExitCode, (c) => new Int16Array(c));
    this.pendingReason = g(this.pendingReason, (c) => new Uint8Array(c));
  }
}
