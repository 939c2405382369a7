/**
 * The kubelets of every node, as one actor with per-node state in typed arrays
 * (pkg/kubelet/kubelet.go). Three layers, one concept each: `KubeletPods` (kubelet-pods.ts: per-
 * pod bookkeeping and the status it posts), `ContainerLifecycle` (container-lifecycle.ts: probes,
 * exits, restarts and CrashLoopBackOff), `PodWorker` (pod-worker.ts: creating containers, image
 * pulls, registry outages). This class reacts to the store: pods bound to its nodes, deletions,
 * nodes added and removed, machines that recover.
 *
 * Startup begins with the sandbox, timed by the node's container runtime (container-runtime.ts:
 * fixed or lognormal, slowed by the other pods on the node, optionally a per-node limit of
 * parallel sandbox creations); the probe tickers start then.
 *
 * Termination: when a pod on a live node gets a `deletionTimestamp`, it stops being Ready,
 * `Killing` events for its running containers, and it is removed after
 * min(`terminationGracePeriodSeconds` (default 30 s), `tunables.containerExitAfterSigtermUs`),
 * at once when none runs. preStop hooks are not modelled.
 *
 * A down node's kubelet does nothing: its pods stay as they are (startup paused, Terminating
 * pods stay, probes and restarts wait) until the node recovers, when paused startups restart
 * from the sandbox, pending terminations complete, and probes and restarts are re-timed.
 */
import type { ActorContext } from "../apiserver/actor.js";
import { CLIENT_KUBELET } from "../apiserver/apf/flow-schemas.js";
import { workloadKey } from "../apiserver/external-faults.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { Node, Pod } from "../cluster/k8s-types.js";
import { C_KILLING, C_RUNNING, C_STARTING, C_WAITING } from "./container-table.js";
import { STAGE_NONE, STAGE_RUNNING, STAGE_STARTING, STAGE_TERMINATING } from "./kubelet-pods.js";
import { PodWorker } from "./pod-worker.js";

/** pkg/apis/core/v1/defaults.go: DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_S = 30;

export class Kubelet extends PodWorker {
  readonly name = "kubelet";

  // Per node (kubelet node index).
  private readonly nodeIndex = new Map<string, number>();
  private podsOnNode: Set<number>[] = [];
  private kSandbox = -1;
  private kKilled = -1;

  override start(ctx: ActorContext): void {
    super.start(ctx);
    const sim = ctx.sim;
    this.kSandbox = sim.handler((id) => this.afterSandbox(id));
    this.kKilled = sim.handler((id) => this.onKilled(id));
    ctx.store.watch("Node", (t, o) => this.onNode(t, o as Node));
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
    ctx.world.onChange((node, down) => {
      if (!down) this.onNodeRecovered(node);
    });
  }

  private onNode(t: WatchEventType, node: Node): void {
    const name = node.metadata!.name!;
    if (t === "ADDED") {
      const i = this.nodeNames.length;
      this.nodeIndex.set(name, i);
      this.nodeNames.push(name);
      this.images.addNode(i, node);
      this.runtime.addNode(i, name);
      this.podsOnNode[i] = new Set();
    } else if (t === "DELETED") {
      const i = this.nodeIndex.get(name);
      if (i === undefined) return;
      // The machine is gone: nothing more happens to its pods here (pod GC removes them).
      for (const id of this.podsOnNode[i]!) this.cancelAll(id);
      this.podsOnNode[i]!.clear();
      this.nodeIndex.delete(name);
    }
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    if (t === "DELETED") {
      if (id < this.stage.length && this.stage[id] !== STAGE_NONE) {
        this.cancelAll(id);
        this.podsOnNode[this.nodeOf[id]!]?.delete(id);
        this.forget(id);
      }
      return;
    }
    this.ensurePods(id + 1);
    const nodeName = pod.spec?.nodeName;
    if (this.stage[id] === STAGE_NONE) {
      if (!nodeName) return;
      const n = this.nodeIndex.get(nodeName);
      if (n === undefined) return;
      this.nodeOf[id] = n;
      this.podsOnNode[n]!.add(id);
      const { ledger } = this.ctx;
      this.track(id, pod, workloadKey(ledger.namespace[id] ?? pod.metadata?.namespace ?? "default", ledger.workload[id] ?? ""));
      if (t === "ADDED" && pod.status?.phase === "Running") {
        // Imported as already running (a cluster snapshot): no startup to simulate.
        this.stage[id] = STAGE_RUNNING;
        this.adoptRunning(id);
      } else {
        this.stage[id] = STAGE_STARTING;
        this.beginStartup(id);
      }
    }
    if (pod.metadata?.deletionTimestamp && this.stage[id] !== STAGE_TERMINATING) this.beginTermination(id);
  }

  private beginStartup(id: number): void {
    this.cursor[id] = -1;
    if (this.nodeDown(id)) return;
    const now = this.ctx.sim.nowUs;
    this.phaseUs[id] = now; // probe workers start with the pod's first sync
    this.cursor[id] = 0; // busy: the sandbox
    const n = this.nodeOf[id]!;
    this.schedule(id, this.runtime.bookSandbox(n, now, this.otherPodsOnNode(id)), this.kSandbox);
  }

  protected otherPodsOnNode(id: number): number {
    return this.podsOnNode[this.nodeOf[id]!]!.size - 1;
  }

  private afterSandbox(id: number): void {
    this.handle[id] = -1;
    this.cursor[id] = -1;
    if (this.nodeDown(id)) return;
    this.syncPod(id);
  }

  private beginTermination(id: number): void {
    this.cancelAll(id);
    this.stage[id] = STAGE_TERMINATING;
    if (this.nodeDown(id)) return;
    const pod = this.pods[id]!;
    const t = this.containers;
    const base = this.slotBase[id]! + this.nInit[id]!;
    let running = false;
    (pod.spec?.containers ?? []).forEach((c, i) => {
      const st = t.state[base + i];
      if (st !== C_RUNNING && st !== C_KILLING) return;
      running = true;
      this.ctx.store.recordEvent("Normal", "Killing", "Pod", pod, `Stopping container ${c.name}`);
    });
    // prober/worker.go: a pod being deleted fails readiness at once (it leaves the endpoints).
    this.setPodReady(id, false, false);
    const graceUs = (pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_S) * 1e6;
    const delay = running ? Math.min(graceUs, this.ctx.tunables.containerExitAfterSigtermUs) : 0;
    this.schedule(id, this.ctx.sim.nowUs + delay, this.kKilled);
  }

  private onKilled(id: number): void {
    this.handle[id] = -1;
    const pod = this.pods[id]!;
    const store = this.ctx.store;
    if (store.get("Pod", pod.metadata!.namespace, pod.metadata!.name!) !== pod) return;
    const client = store.client;
    store.client = CLIENT_KUBELET;
    store.delete("Pod", pod);
    store.client = client;
  }

  private onNodeRecovered(node: string): void {
    const n = this.nodeIndex.get(node);
    if (n === undefined) return;
    for (const id of [...this.podsOnNode[n]!]) {
      const st = this.stage[id];
      if (st === STAGE_TERMINATING) {
        this.stage[id] = STAGE_RUNNING;
        this.beginTermination(id);
      } else if (st === STAGE_STARTING && this.handle[id]! < 0 && this.cursor[id]! >= 0) {
        // Paused mid-step: start over from the sandbox.
        this.resetStarting(id);
        this.beginStartup(id);
      } else if (st === STAGE_STARTING || st === STAGE_RUNNING) {
        this.resumeAfterOutage(id); // status posted again, probes and restarts re-timed
        if (this.handle[id]! < 0 && this.cursor[id]! < 0) this.syncPod(id);
      }
    }
  }

  /** Containers caught mid-start by a node failure go back to waiting. */
  private resetStarting(id: number): void {
    const t = this.containers;
    const base = this.slotBase[id]!;
    for (let s = base; s < base + this.nInit[id]! + this.nApp[id]!; s++) if (t.state[s] === C_STARTING) t.state[s] = C_WAITING;
  }
}
