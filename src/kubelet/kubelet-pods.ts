/**
 * The kubelet's per-pod bookkeeping, shared by its two halves (`ContainerLifecycle`, `Kubelet`):
 * which node a pod is on, its container slots in the `ContainerTable` (init containers first),
 * the workload it belongs to (for `probeFailure` windows), and the status it posts.
 *
 * Status is posted (`podChanged`) only when something a user could see changed: a slot marks the
 * pod dirty; Ready is recomputed every time (all app containers running and ready, init
 * containers done) and mirrored into the ledger (`markReady` / `markNotReady`), which ReplicaSet
 * availability, rollouts and endpoints read.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import { CLIENT_KUBELET } from "../apiserver/apf/flow-schemas.js";
import type { Container, Pod } from "../cluster/k8s-types.js";
import { C_DONE, C_WAITING, ContainerTable } from "./container-table.js";
import { buildPodStatus, containersReady, podPhase } from "./pod-status.js";

export const STAGE_NONE = 0;
export const STAGE_STARTING = 1;
export const STAGE_RUNNING = 2;
export const STAGE_TERMINATING = 3;

export abstract class KubeletPods implements Actor {
  abstract readonly name: string;
  protected ctx!: ActorContext;
  protected nodeNames: string[] = [];
  protected readonly containers = new ContainerTable();
  // Per pod (store id).
  protected pods: (Pod | undefined)[] = [];
  protected stage = new Uint8Array(1024);
  protected nodeOf = new Int32Array(1024);
  protected slotBase = new Int32Array(1024);
  protected nInit = new Int16Array(1024);
  protected nApp = new Int16Array(1024);
  /** Phase of the pod's probe tickers (the kubelet's first sync of the pod). */
  protected phaseUs = new Float64Array(1024);
  protected podReady = new Uint8Array(1024);
  protected dirty = new Uint8Array(1024);
  protected workload: string[] = [];
  protected readonly podsByWorkload = new Map<string, Set<number>>();

  start(ctx: ActorContext): void {
    this.ctx = ctx;
  }

  protected track(id: number, pod: Pod, workload: string): void {
    const nInit = pod.spec?.initContainers?.length ?? 0;
    const nApp = pod.spec?.containers?.length ?? 0;
    this.pods[id] = pod;
    this.slotBase[id] = this.containers.alloc(id, nInit + nApp);
    this.nInit[id] = nInit;
    this.nApp[id] = nApp;
    this.podReady[id] = 0;
    this.dirty[id] = 0;
    this.workload[id] = workload;
    let set = this.podsByWorkload.get(workload);
    if (!set) this.podsByWorkload.set(workload, (set = new Set()));
    set.add(id);
  }

  protected forget(id: number): void {
    this.podsByWorkload.get(this.workload[id]!)?.delete(id);
    this.stage[id] = STAGE_NONE;
    this.pods[id] = undefined;
  }

  protected nodeDown(id: number): boolean {
    return this.ctx.world.isDown(this.nodeNames[this.nodeOf[id]!]!);
  }

  /** Init containers then app containers, in order. */
  protected containerAt(pod: Pod, i: number): Container | undefined {
    const init = pod.spec?.initContainers ?? [];
    return i < init.length ? init[i] : pod.spec?.containers[i - init.length];
  }

  protected forEachInit(id: number, fn: (slot: number, i: number) => void): void {
    const base = this.slotBase[id]!;
    for (let i = 0; i < this.nInit[id]!; i++) fn(base + i, i);
  }

  protected forEachApp(id: number, fn: (slot: number, i: number) => void): void {
    const base = this.slotBase[id]! + this.nInit[id]!;
    for (let i = 0; i < this.nApp[id]!; i++) fn(base + i, i);
  }

  protected setWaiting(slot: number, reason: number): void {
    const t = this.containers;
    if (t.state[slot] === C_WAITING && t.reason[slot] === reason) return;
    t.state[slot] = C_WAITING;
    t.reason[slot] = reason;
    this.dirty[t.pod[slot]!] = 1;
  }

  /** Recomputes the pod's Ready and phase and posts its status when anything changed. */
  protected podChanged(id: number): void {
    const st = this.stage[id];
    if (st !== STAGE_STARTING && st !== STAGE_RUNNING) return;
    const t = this.containers;
    const from = this.slotBase[id]! + this.nInit[id]!;
    const to = from + this.nApp[id]!;
    let initDone = true;
    for (let s = this.slotBase[id]!; s < from; s++) if (t.state[s] !== C_DONE) initDone = false;
    this.setPodReady(id, initDone && containersReady(t, from, to), true);
    if (!this.dirty[id]) return;
    this.dirty[id] = 0;
    const { ledger, sim, store } = this.ctx;
    const phase = podPhase(t, from, to);
    if (phase !== "Pending" && st === STAGE_STARTING) {
      this.stage[id] = STAGE_RUNNING;
      if (Number.isNaN(ledger.startedUs[id]!)) ledger.startedUs[id] = sim.nowUs;
    }
    const pod = this.pods[id]!;
    pod.status = buildPodStatus(pod, t, this.slotBase[id]!, this.nInit[id]!, this.nApp[id]!, this.podReady[id] === 1);
    // The kubelet's own client (rate limit, priority level) under the API server model.
    const client = store.client;
    store.client = CLIENT_KUBELET;
    store.update("Pod", pod);
    store.client = client;
  }

  protected setPodReady(id: number, ready: boolean, post: boolean): void {
    if ((this.podReady[id] === 1) === ready) return;
    this.podReady[id] = ready ? 1 : 0;
    if (ready) this.ctx.ledger.markReady(id, this.ctx.sim.nowUs);
    else this.ctx.ledger.markNotReady(id);
    if (post) this.dirty[id] = 1;
  }

  protected ensurePods(n: number): void {
    if (n <= this.stage.length) return;
    const cap = Math.max(n, this.stage.length * 2);
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const i16 = (a: Int16Array) => {
      const b = new Int16Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.stage = u8(this.stage);
    this.podReady = u8(this.podReady);
    this.dirty = u8(this.dirty);
    this.nodeOf = i32(this.nodeOf);
    this.slotBase = i32(this.slotBase);
    this.nInit = i16(this.nInit);
    this.nApp = i16(this.nApp);
    this.phaseUs = grow(this.phaseUs, cap, 0);
  }
}

export function grow(a: Float64Array, n: number, fill: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(n, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}
