/**
 * The part of the kubelet that acts on running containers: probes, exits, restarts with
 * CrashLoopBackOff. `PodWorker` (pod-worker.ts) extends it with the code that creates
 * containers, and `Kubelet` (kubelet.ts) with the reactions to the store.
 *
 * - Probes (`probes.ts`, `probe-transitions.ts`): one timer per container at most, set to the
 *   next probe-driven change; a healthy container with no `probeFailure` window has none.
 *   Readiness gates the pod's Ready condition (ledger `markReady`/`markNotReady`, so ReplicaSet
 *   availability, rollouts and endpoints follow). A startup or liveness failure kills the
 *   container: `Killing` ("failed liveness probe, will be restarted"), SIGTERM, and the exit
 *   `containerExitAfterSigtermUs` later with code 143 (128 + SIGTERM, reason `Error`), or at the
 *   grace period (probe-level `terminationGracePeriodSeconds`, else the pod's) with 137 (SIGKILL)
 *   when the process outlasts it. Events: one `Unhealthy` per flip (upstream repeats it on every
 *   failing probe; kubectl shows it once with a count).
 * - Exits (`containerExited`: a liveness kill, or another model such as OOM) follow
 *   `restartPolicy` (Always; OnFailure unless the code is 0; Never) and the CrashLoopBackOff
 *   schedule of `backoff.ts`: the first restart at once, then 10 s, 20 s, ... 300 s after the
 *   exit, reset once a container ran 10 minutes. The restart goes through the pod worker, so an
 *   `Always` image is pulled again. `restartCount` grows when the new container starts.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { ProbeKind } from "../apiserver/external-faults.js";
import { Band } from "../engine/index.js";
import { RunTimes } from "./container-exit.js";
import {
  C_BACKOFF,
  C_DONE,
  C_KILLING,
  C_RUNNING,
  C_STARTING,
  C_WAITING,
  type ExitReason,
  exitReasonId,
  F_EVER_RAN,
  F_READY,
  F_STARTED,
  P_LIVENESS_FAIL,
  P_NOT_READY,
  P_STARTUP_FAIL,
  P_STARTUP_OK,
  probesOf,
  R_COMPLETED,
  R_CRASH_LOOP_BACKOFF,
  R_ERROR,
  R_NONE,
  R_OOM_KILLED,
} from "./container-table.js";
import { KubeletPods, STAGE_NONE, STAGE_TERMINATING } from "./kubelet-pods.js";
import { podRef } from "./pod-status.js";
import { applyProbeTransition, containerStartedProbes, nextProbeTransition, probeTitle } from "./probe-transitions.js";
import { tickAfter } from "./probes.js";

/** Exit codes of a container stopped by a signal: 128 + SIGTERM (15), 128 + SIGKILL (9). */
export const EXIT_CODE_SIGTERM = 143;
export const EXIT_CODE_SIGKILL = 137;

export abstract class ContainerLifecycle extends KubeletPods {
  private kProbe = -1;
  private kExitDue = -1;
  private kRestartDue = -1;
  /** Run-to-completion containers (`kubesim.io/run-time`, container-exit.ts). */
  private runTimes!: RunTimes;

  /** The pod worker: start the containers that need it (kubelet.ts). */
  protected abstract syncPod(id: number): void;

  override start(ctx: ActorContext): void {
    super.start(ctx);
    this.runTimes = new RunTimes(ctx);
    this.kProbe = ctx.sim.handler((slot) => this.onProbe(slot));
    this.kExitDue = ctx.sim.handler((slot) => {
      const t = this.containers;
      t.lifeHandle[slot] = -1;
      if (!this.nodeDown(t.pod[slot]!)) this.exitNow(slot, t.pendingExitCode[slot]!, t.pendingReason[slot]!);
    });
    this.kRestartDue = ctx.sim.handler((slot) => {
      this.containers.lifeHandle[slot] = -1;
      if (!this.nodeDown(this.containers.pod[slot]!)) this.restartDue(slot);
    });
    ctx.world.faults.onProbeFailure((wl) => {
      for (const id of this.podsByWorkload.get(wl) ?? []) this.forEachApp(id, (s) => this.evaluate(s));
    });
    // An overloaded serving container's probes time out too (resource-dynamics.ts).
    ctx.world.faults.onPodProbeChange((id) => {
      if (id < this.stage.length && this.stage[id] !== STAGE_NONE) this.forEachApp(id, (s) => this.evaluate(s));
    });
  }

  /**
   * Another model says a container exited (an OOM kill: 137, "OOMKilled"; a crash: 1, "Error";
   * a finished batch process: 0, "Completed") at `tUs` ≥ now. `container` indexes
   * `spec.containers`. Ignored when that container is not running then. A reason other than
   * `ExitReason`'s counts as "Error".
   */
  containerExited(podId: number, exitCode: number, reason: ExitReason | string, tUs: number, container = 0): void {
    if (podId >= this.stage.length || this.stage[podId] === STAGE_NONE || container >= this.nApp[podId]!) return;
    const slot = this.slotBase[podId]! + this.nInit[podId]! + container;
    const t = this.containers;
    if (tUs <= this.ctx.sim.nowUs) return this.exitNow(slot, exitCode, exitReasonId(reason));
    this.cancelLife(slot);
    t.pendingExitCode[slot] = exitCode;
    t.pendingReason[slot] = exitReasonId(reason);
    t.lifeHandle[slot] = this.ctx.sim.at(tUs, Band.KUBELET, this.kExitDue, slot);
  }

  /** A pod imported as running: every container running, started and ready since now. */
  protected adoptRunning(id: number): void {
    const t = this.containers;
    const now = this.ctx.sim.nowUs;
    this.phaseUs[id] = now;
    this.forEachInit(id, (s) => {
      t.state[s] = C_DONE;
      t.exitCode[s] = 0;
      t.reason[s] = R_COMPLETED;
    });
    const pod = this.pods[id]!;
    this.forEachApp(id, (s, i) => {
      const probes = probesOf(pod.spec!.containers[i]!);
      t.state[s] = C_RUNNING;
      t.reason[s] = R_NONE;
      t.flags[s] = F_EVER_RAN;
      containerStartedProbes(t, s, probes, now);
      t.flags[s]! |= F_STARTED | F_READY;
      if (probes.readiness) t.readinessFromUs[s] = tickAfter(now, probes.readiness.periodUs, now);
      this.evaluate(s);
    });
    this.podReady[id] = 1;
    this.ctx.ledger.startedUs[id] = now;
    this.ctx.ledger.markReady(id, now);
  }

  /** Container `i` of pod `id` has just been started by the pod worker. */
  protected containerRunning(id: number, i: number): void {
    const t = this.containers;
    const slot = this.slotBase[id]! + i;
    const now = this.ctx.sim.nowUs;
    if (t.flags[slot]! & F_EVER_RAN) {
      t.restarts[slot]!++;
      this.ctx.ledger.restarts[id]!++;
    }
    t.flags[slot]! |= F_EVER_RAN;
    t.reason[slot] = R_NONE;
    this.dirty[id] = 1;
    if (i < this.nInit[id]!) {
      // An init container is modelled as one that completes as soon as it starts.
      t.state[slot] = C_DONE;
      t.exitCode[slot] = 0;
      t.reason[slot] = R_COMPLETED;
      return;
    }
    t.state[slot] = C_RUNNING;
    containerStartedProbes(t, slot, probesOf(this.pods[id]!.spec!.containers[i - this.nInit[id]!]!), now);
    this.evaluate(slot);
    const runUs = this.runTimes.plan(this.pods[id]!);
    if (runUs >= 0) this.containerExited(id, this.runTimes.exitCode, this.runTimes.exitCode === 0 ? "Completed" : "Error", now + Math.max(runUs, 1), i - this.nInit[id]!); // ≥ 1 µs: never inside the pod worker's loop
  }

  /** Schedules (or applies at once) the container's next probe-driven change. */
  private evaluate(slot: number): void {
    const t = this.containers;
    this.cancelProbe(slot);
    const id = t.pod[slot]!;
    if (t.state[slot] !== C_RUNNING || this.nodeDown(id)) return;
    const probes = this.probesOfSlot(slot);
    const wl = this.workload[id]!;
    const container = slot - this.slotBase[id]! - this.nInit[id]!;
    const windows = (k: ProbeKind) => this.ctx.world.faults.containerProbeWindows(wl, id, container, k);
    const now = this.ctx.sim.nowUs;
    for (;;) {
      const next = nextProbeTransition(t, slot, probes, this.phaseUs[id]!, windows);
      if (next.atUs === Infinity) return;
      if (next.atUs > now) {
        t.probeNext[slot] = next.code;
        t.probeHandle[slot] = this.ctx.sim.at(next.atUs, Band.KUBELET, this.kProbe, slot);
        return;
      }
      if (!this.applyProbe(slot, next.code)) return;
    }
  }

  private onProbe(slot: number): void {
    const t = this.containers;
    t.probeHandle[slot] = -1;
    if (this.nodeDown(t.pod[slot]!)) return;
    if (this.applyProbe(slot, t.probeNext[slot]!)) this.evaluate(slot);
  }

  /** Applies a probe flip now; false when the container was killed (nothing more to probe). */
  private applyProbe(slot: number, code: number): boolean {
    const t = this.containers;
    const id = t.pod[slot]!;
    const pod = this.pods[id]!;
    const probes = this.probesOfSlot(slot);
    const name = pod.spec!.containers[slot - this.slotBase[id]! - this.nInit[id]!]!.name;
    if (code === P_LIVENESS_FAIL || code === P_STARTUP_FAIL || code === P_NOT_READY) {
      // prober.go: "%s probe failed: %s", with the output of a probe that hit its timeout.
      this.ctx.store.recordEvent("Warning", "Unhealthy", "Pod", pod, `${probeTitle(code)} probe failed: context deadline exceeded`);
    }
    if (code === P_LIVENESS_FAIL || code === P_STARTUP_FAIL) {
      this.kill(slot, code === P_LIVENESS_FAIL ? probes.liveness!.terminationGraceUs : probes.startup!.terminationGraceUs, `Container ${name} failed ${code === P_LIVENESS_FAIL ? "liveness" : "startup"} probe, will be restarted`);
      return false;
    }
    applyProbeTransition(t, slot, probes, this.phaseUs[id]!, code, this.ctx.sim.nowUs);
    if (code !== P_STARTUP_OK) this.dirty[id] = 1;
    this.podChanged(id);
    return true;
  }

  /** kuberuntime_container.go `killContainer`: SIGTERM, SIGKILL at the grace period. */
  private kill(slot: number, probeGraceUs: number, message: string): void {
    const t = this.containers;
    const id = t.pod[slot]!;
    const pod = this.pods[id]!;
    this.cancelProbe(slot);
    t.state[slot] = C_KILLING;
    this.ctx.store.recordEvent("Normal", "Killing", "Pod", pod, message);
    const graceUs = Number.isNaN(probeGraceUs) ? (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1e6 : probeGraceUs;
    const exitUs = this.ctx.tunables.containerExitAfterSigtermUs;
    const sigterm = exitUs <= graceUs;
    this.cancelLife(slot);
    t.pendingExitCode[slot] = sigterm ? EXIT_CODE_SIGTERM : EXIT_CODE_SIGKILL;
    t.pendingReason[slot] = R_ERROR;
    t.lifeHandle[slot] = this.ctx.sim.at(this.ctx.sim.nowUs + (sigterm ? exitUs : graceUs), Band.KUBELET, this.kExitDue, slot);
  }

  /** The container's process ended now: record it, then restart per `restartPolicy` and back-off. */
  private exitNow(slot: number, exitCode: number, reason: number): void {
    const t = this.containers;
    const id = t.pod[slot]!;
    const st = t.state[slot];
    if ((st !== C_RUNNING && st !== C_KILLING) || this.stage[id] === STAGE_TERMINATING) return;
    const { ledger, sim, store } = this.ctx;
    const now = sim.nowUs;
    this.cancelProbe(slot);
    this.cancelLife(slot);
    t.finishedUs[slot] = now;
    t.exitCode[slot] = exitCode;
    t.flags[slot]! &= ~F_READY;
    ledger.lastExitCode[id] = exitCode;
    if (reason === R_OOM_KILLED) ledger.oomKills[id]!++;
    this.dirty[id] = 1;
    const pod = this.pods[id]!;
    const policy = pod.spec?.restartPolicy ?? "Always";
    if (policy === "Never" || (policy === "OnFailure" && exitCode === 0)) {
      t.state[slot] = C_DONE;
      t.reason[slot] = exitCode === 0 && reason === R_ERROR ? R_COMPLETED : reason;
      return this.podChanged(id);
    }
    const at = t.crash.restartAt(slot, now, now);
    if (at === now) {
      // kubelet_pods.go convertToAPIContainerStatuses: with no back-off reason cached, the
      // container keeps showing Terminated (Error, OOMKilled, Completed) until the new one runs.
      this.setWaiting(slot, exitCode === 0 && reason === R_ERROR ? R_COMPLETED : reason);
      this.podChanged(id);
      return this.syncPod(id);
    }
    t.state[slot] = C_BACKOFF;
    t.reason[slot] = R_CRASH_LOOP_BACKOFF;
    const name = pod.spec!.containers[slot - this.slotBase[id]! - this.nInit[id]!]!.name;
    // kuberuntime_manager.go doBackOff; the waiting message (pod-status.ts) carries the delay.
    store.recordEvent("Warning", "BackOff", "Pod", pod, `Back-off restarting failed container ${name} in pod ${podRef(pod)}`);
    t.lifeHandle[slot] = sim.at(at, Band.KUBELET, this.kRestartDue, slot);
    this.podChanged(id);
  }

  /** The back-off has passed: the restart decision (`Next`) and a pod sync. */
  private restartDue(slot: number): void {
    const t = this.containers;
    const now = this.ctx.sim.nowUs;
    const at = t.crash.restartAt(slot, t.finishedUs[slot]!, now);
    if (at > now) {
      t.lifeHandle[slot] = this.ctx.sim.at(at, Band.KUBELET, this.kRestartDue, slot);
      return;
    }
    const id = t.pod[slot]!;
    // Still shown as CrashLoopBackOff (the reason cache) until the new container runs.
    this.setWaiting(slot, R_CRASH_LOOP_BACKOFF);
    this.podChanged(id);
    this.syncPod(id);
  }

  /** After a node outage: repost readiness, re-time probes, run what came due meanwhile. */
  protected resumeAfterOutage(id: number): void {
    const t = this.containers;
    const now = this.ctx.sim.nowUs;
    if (this.podReady[id] && !this.ctx.ledger.isReady(id)) {
      this.podReady[id] = 0;
      this.dirty[id] = 1;
    }
    this.forEachApp(id, (s) => {
      const st = t.state[s];
      if (st === C_RUNNING && t.probeHandle[s]! < 0) {
        t.startupFromUs[s] = Math.max(t.startupFromUs[s]!, now);
        t.livenessFromUs[s] = Math.max(t.livenessFromUs[s]!, now);
        t.readinessFromUs[s] = Math.max(t.readinessFromUs[s]!, now);
        this.evaluate(s);
      } else if (st === C_KILLING && t.lifeHandle[s]! < 0) this.exitNow(s, t.pendingExitCode[s]!, t.pendingReason[s]!);
      else if (st === C_BACKOFF && t.lifeHandle[s]! < 0) this.restartDue(s);
    });
    this.podChanged(id);
  }

  private probesOfSlot(slot: number) {
    const id = this.containers.pod[slot]!;
    return probesOf(this.pods[id]!.spec!.containers[slot - this.slotBase[id]! - this.nInit[id]!]!);
  }

  private cancelProbe(slot: number): void {
    const h = this.containers.probeHandle[slot]!;
    if (h >= 0) this.ctx.sim.cancel(h);
    this.containers.probeHandle[slot] = -1;
  }

  private cancelLife(slot: number): void {
    const h = this.containers.lifeHandle[slot]!;
    if (h >= 0) this.ctx.sim.cancel(h);
    this.containers.lifeHandle[slot] = -1;
  }

  protected cancelContainers(id: number): void {
    if (this.stage[id] === STAGE_NONE) return;
    const base = this.slotBase[id]!;
    for (let s = base; s < base + this.nInit[id]! + this.nApp[id]!; s++) {
      this.cancelProbe(s);
      this.cancelLife(s);
      if (this.containers.state[s] === C_STARTING) this.containers.state[s] = C_WAITING;
    }
  }

}

