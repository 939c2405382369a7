/**
 * The pod status a kubelet posts (pkg/kubelet/kubelet_pods.go `generateAPIPodStatus`,
 * `getPhase`), built from the container slots:
 * - phase: `Pending` while some container has never run, `Running` while one runs or will
 *   restart, `Succeeded`/`Failed` once every container terminated for good (all exit 0 or not);
 * - conditions `ContainersReady` and `Ready`: every app container running and ready;
 * - `containerStatuses` (state with waiting/terminated reason and exit code, `ready`,
 *   `restartCount`) and, during initialisation with an error, `initContainerStatuses`.
 *
 * The common case, every container running and ready with no restart, shares one frozen object
 * (150,000 healthy pods must not cost 150,000 status objects); `kubesim get pods` then reads
 * READY and RESTARTS from the ledger.
 */
import type { Pod } from "../cluster/k8s-types.js";
import { goDuration } from "./backoff.js";
import { C_BACKOFF, C_DONE, C_KILLING, C_RUNNING, C_STARTING, C_WAITING, type ContainerTable, F_EVER_RAN, F_READY, R_COMPLETED, R_CRASH_LOOP_BACKOFF, R_ERROR, R_NONE, R_OOM_KILLED, REASON_TEXT } from "./container-table.js";

const cond = (ready: boolean) =>
  Object.freeze([
    Object.freeze({ type: "PodScheduled", status: "True" }),
    Object.freeze({ type: "Initialized", status: "True" }),
    Object.freeze({ type: "ContainersReady", status: ready ? "True" : "False" }),
    Object.freeze({ type: "Ready", status: ready ? "True" : "False" }),
  ]);

export const RUNNING_READY = Object.freeze({ phase: "Running", conditions: cond(true) });
const CONDITIONS_NOT_READY = cond(false);

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

/** `getPhase` over the app containers `[from, to)`. */
export function podPhase(t: ContainerTable, from: number, to: number): PodPhase {
  let waiting = 0;
  let live = 0;
  let failed = 0;
  for (let s = from; s < to; s++) {
    const st = t.state[s]!;
    if (st === C_DONE) {
      if (t.exitCode[s] !== 0) failed++;
    } else if ((t.flags[s]! & F_EVER_RAN) === 0) waiting++;
    else live++;
  }
  if (waiting > 0) return "Pending";
  if (live > 0) return "Running";
  return failed > 0 ? "Failed" : "Succeeded";
}

/** All app containers running and ready. */
export function containersReady(t: ContainerTable, from: number, to: number): boolean {
  for (let s = from; s < to; s++) if (t.state[s] !== C_RUNNING || (t.flags[s]! & F_READY) === 0) return false;
  return to > from;
}

/** `format.Pod`: `name_namespace(uid)`, as kubelet messages name a pod. */
export function podRef(pod: Pod): string {
  return `${pod.metadata!.name}_${pod.metadata!.namespace}(${pod.metadata!.uid})`;
}

function containerState(t: ContainerTable, s: number, pod: Pod, name: string): Record<string, unknown> {
  const st = t.state[s]!;
  const reason = REASON_TEXT[t.reason[s]!];
  const r = t.reason[s]!;
  const waiting = st === C_BACKOFF || st === C_WAITING || st === C_STARTING;
  if (waiting && r === R_CRASH_LOOP_BACKOFF) {
    // kuberuntime_manager.go doBackOff: "back-off %s restarting failed container=%s pod=%s".
    return { waiting: { reason, message: `back-off ${goDuration(t.crash.backoffUs[s]!)} restarting failed container=${name} pod=${podRef(pod)}` } };
  }
  if (st === C_RUNNING || st === C_KILLING) return { running: { startedAtUs: t.startedUs[s] } };
  if (st === C_DONE) return { terminated: { reason: reason || REASON_TEXT[R_COMPLETED], exitCode: t.exitCode[s] } };
  // A container about to restart at once still shows how it ended (no reason cached yet).
  if (waiting && (r === R_ERROR || r === R_OOM_KILLED || r === R_COMPLETED)) return { terminated: { reason, exitCode: t.exitCode[s] } };
  if (waiting) return r === R_NONE ? { waiting: {} } : { waiting: { reason } };
  return {};
}

function lastState(t: ContainerTable, s: number): Record<string, unknown> | undefined {
  if (t.exitCode[s] < 0 || t.state[s] === C_DONE) return undefined;
  return { terminated: { exitCode: t.exitCode[s], finishedAtUs: t.finishedUs[s] } };
}

/**
 * The status object for a pod whose slots start at `base` (`nInit` init then `nApp` app
 * containers). `initDone` = every init container completed.
 */
export function buildPodStatus(pod: Pod, t: ContainerTable, base: number, nInit: number, nApp: number, ready: boolean): Pod["status"] {
  const from = base + nInit;
  const to = from + nApp;
  const phase = podPhase(t, from, to);
  let plain = phase === "Running" && ready;
  for (let s = from; plain && s < to; s++) if (t.restarts[s] !== 0) plain = false;
  if (plain) return RUNNING_READY as Pod["status"];
  const status: Record<string, unknown> = { phase, conditions: ready ? RUNNING_READY.conditions : CONDITIONS_NOT_READY };
  const containers = pod.spec?.containers ?? [];
  status["containerStatuses"] = containers.map((c, i) => {
    const s = from + i;
    const out: Record<string, unknown> = { name: c.name, ready: t.state[s] === C_RUNNING && (t.flags[s]! & F_READY) !== 0, restartCount: t.restarts[s], state: containerState(t, s, pod, c.name) };
    const last = lastState(t, s);
    if (last) out["lastState"] = last;
    return out;
  });
  let initPending = false;
  for (let s = base; s < from; s++) if (t.state[s] !== C_DONE) initPending = true;
  if (initPending) {
    status["initContainerStatuses"] = (pod.spec?.initContainers ?? []).map((c, i) => {
      const s = base + i;
      const done = t.state[s] === C_DONE;
      return { name: c.name, ready: done, restartCount: t.restarts[s], state: done ? { terminated: { reason: "Completed", exitCode: 0 } } : containerState(t, s, pod, c.name) };
    });
    for (const cs of status["containerStatuses"] as { state: unknown }[]) cs.state = { waiting: { reason: "PodInitializing" } };
  }
  return status as Pod["status"];
}
