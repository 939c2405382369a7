/**
 * The kubelet's pod worker (pkg/kubelet/pod_workers.go, kuberuntime_manager.go `SyncPod`):
 * `syncPod` starts every container of a pod that needs it, one at a time: init containers first
 * (each treated as one that starts and completes; one that cannot start blocks the rest), then
 * app containers in order, going on past one that cannot start, as upstream's loop does. Per
 * container: ensure its image (`node-images.ts`), then create + start (timed by the node's
 * container runtime, `container-runtime.ts`). The same path serves first starts and restarts.
 *
 * Images: `imagePullPolicy` defaulted as upstream (`image-policy.ts`); a pod needing an image
 * another pod is already pulling on its node waits for that pull; `Always` on a cached image
 * costs the registry round trip only. Time from the first image attempt of a container that never
 * ran to its image being ready is pull time, which the pod startup SLI excludes.
 *
 * Registry outages (`world.faults`): a pull that would start while its registry is down fails at
 * once (`Pulling`, `Failed`, `Error: ErrImagePull`) and the image back-off (10 s doubling to
 * 300 s, `backoff.ts`) holds further pulls. The worker retries a failed sync 10 s later
 * (kubelet.go `backOffPeriod`; upstream adds up to 50 % jitter, kubesim does not), so the container
 * shows ImagePullBackOff (`BackOff`, `Error: ImagePullBackOff`) at the syncs inside the back-off.
 * Only the syncs where something changes are simulated: the first one inside a back-off, and the
 * one where it has passed. A pull already streaming when an outage begins completes.
 */
import type { ActorContext } from "../apiserver/actor.js";
import { Band } from "../engine/index.js";
import { ContainerLifecycle } from "./container-lifecycle.js";
import { ContainerRuntime } from "./container-runtime.js";
import { C_DONE, C_STARTING, C_WAITING, F_EVER_RAN, R_ERR_IMAGE_NEVER_PULL, R_ERR_IMAGE_PULL, R_IMAGE_PULL_BACKOFF } from "./container-table.js";
import { pullPolicyOf, registryHost } from "./image-policy.js";
import { grow, STAGE_RUNNING, STAGE_STARTING } from "./kubelet-pods.js";
import { NodeImages } from "./node-images.js";

/** pkg/kubelet/kubelet.go `backOffPeriod`: the pod worker retries a failed sync after this. */
export const POD_WORKER_BACKOFF_US = 10_000_000;

export abstract class PodWorker extends ContainerLifecycle {
  protected readonly images = new NodeImages();
  /** Sandbox and container start times per node (container-runtime.ts). */
  protected runtime!: ContainerRuntime;
  // Per pod (store id).
  /** Container index the pod worker is working on; −1 = idle. */
  protected cursor = new Int16Array(1024).fill(-1);
  /** A sync was asked for while the worker was busy. */
  private resync = new Uint8Array(1024);
  protected handle = new Float64Array(1024).fill(-1);
  private retryHandle = new Float64Array(1024).fill(-1);
  /** When the current container's image step began (first attempt, back-offs included); NaN = none. */
  private pullFromUs = new Float64Array(1024).fill(NaN);
  private pullStartUs = new Float64Array(1024);
  private pullEndUs = new Float64Array(1024);
  private pullBytes = new Float64Array(1024);
  private kPullStart = -1;
  private kPullFailed = -1;
  private kImageReady = -1;
  private kStarted = -1;
  private kRetry = -1;

  override start(ctx: ActorContext): void {
    super.start(ctx);
    this.runtime = new ContainerRuntime(ctx.scenario.kubelet, ctx.rng);
    const sim = ctx.sim;
    this.kPullStart = sim.handler((id) => this.onPullStart(id));
    this.kPullFailed = sim.handler((id) => this.onPullFailed(id));
    this.kImageReady = sim.handler((id) => this.onImageReady(id));
    this.kStarted = sim.handler((id) => this.onContainerStarted(id));
    this.kRetry = sim.handler((id) => {
      this.retryHandle[id] = -1;
      this.syncPod(id);
    });
  }

  /** The pod worker: start every container that needs it (kuberuntime_manager.go `SyncPod`). */
  protected syncPod(id: number): void {
    if (this.stage[id] !== STAGE_STARTING && this.stage[id] !== STAGE_RUNNING) return;
    if (this.nodeDown(id)) return;
    if (this.cursor[id]! >= 0) {
      this.resync[id] = 1;
      return;
    }
    if (this.retryHandle[id]! >= 0) this.ctx.sim.cancel(this.retryHandle[id]!);
    this.retryHandle[id] = -1;
    this.walk(id, 0);
  }

  /** Tries containers from index `from` on; stops at the first that started an async step. */
  private walk(id: number, from: number): void {
    const base = this.slotBase[id]!;
    const nInit = this.nInit[id]!;
    const n = nInit + this.nApp[id]!;
    const t = this.containers;
    for (let i = from; i < n; i++) {
      const st = t.state[base + i]!;
      if (i < nInit) {
        if (st === C_DONE) continue;
        // Init containers run one after another; one that cannot start blocks the rest.
        if (st === C_WAITING && this.tryStart(id, i)) return;
        return this.idle(id);
      }
      if (st === C_WAITING && this.tryStart(id, i)) return;
    }
    this.idle(id);
  }

  /** The worker has nothing in flight: a pending resync, the first Running, the next retry. */
  private idle(id: number): void {
    this.cursor[id] = -1;
    if (this.resync[id]) {
      this.resync[id] = 0;
      return this.syncPod(id);
    }
    this.podChanged(id);
    const t = this.containers;
    const base = this.slotBase[id]!;
    let retry = Infinity;
    for (let s = base; s < base + this.nInit[id]! + this.nApp[id]!; s++) {
      if (t.state[s] !== C_WAITING) continue;
      const r = t.reason[s];
      // Syncs fall every 10 s after the failed pull: the first one in back-off shows ImagePullBackOff.
      if (r === R_ERR_IMAGE_PULL) retry = Math.min(retry, t.image.lastUpdateUs[s]! + POD_WORKER_BACKOFF_US);
      else if (r === R_IMAGE_PULL_BACKOFF) retry = Math.min(retry, t.image.lastUpdateUs[s]! + t.image.backoffUs[s]!);
    }
    if (retry !== Infinity) this.retryHandle[id] = this.ctx.sim.at(Math.max(retry, this.ctx.sim.nowUs), Band.KUBELET, this.kRetry, id);
  }

  /** Begins starting container `i`; false when it cannot start now (no async step begun). */
  private tryStart(id: number, i: number): boolean {
    const { sim, store, scenario } = this.ctx;
    const now = sim.nowUs;
    const k = scenario.kubelet;
    const pod = this.pods[id]!;
    const c = this.containerAt(pod, i)!;
    const slot = this.slotBase[id]! + i;
    const t = this.containers;
    const n = this.nodeOf[id]!;
    const image = c.image ?? "";
    const policy = pullPolicyOf(c);
    const presentAt = this.images.presentAt(n, image);
    const present = presentAt !== undefined;
    if (Number.isNaN(this.pullFromUs[id]!)) this.pullFromUs[id] = now;
    if (policy === "Never" && !present) {
      if (t.reason[slot] !== R_ERR_IMAGE_NEVER_PULL) store.recordEvent("Warning", "ErrImageNeverPull", "Pod", pod, `Container image "${image}" is not present with pull policy of Never`);
      this.setWaiting(slot, R_ERR_IMAGE_NEVER_PULL);
      return false;
    }
    if (presentAt !== undefined && presentAt > now) {
      // Another pod is pulling this image on this node: wait for it.
      this.begin(id, i, presentAt, this.kImageReady);
      return true;
    }
    if (present && policy !== "Always") {
      this.pullFromUs[id] = NaN;
      store.recordEvent("Normal", "Pulled", "Pod", pod, `Container image "${image}" already present on machine`);
      this.begin(id, i, now + this.containerStartUs(id), this.kStarted);
      return true;
    }
    if (t.image.isInBackOffSinceUpdate(slot, now)) {
      if (t.reason[slot] !== R_IMAGE_PULL_BACKOFF) {
        store.recordEvent("Normal", "BackOff", "Pod", pod, `Back-off pulling image "${image}"`);
        store.recordEvent("Warning", "Failed", "Pod", pod, "Error: ImagePullBackOff");
      }
      this.setWaiting(slot, R_IMAGE_PULL_BACKOFF);
      return false;
    }
    const startUs = this.images.pullStartUs(n, now);
    if (!Number.isNaN(this.ctx.world.faults.registryDownUntil(registryHost(image), startUs))) {
      // The registry is unreachable when the pull would begin: it fails then, taking no time.
      if (startUs === now) {
        this.cursor[id] = i;
        this.pullFailed(id);
        return false;
      }
      this.begin(id, i, startUs, this.kPullFailed);
      return true;
    }
    const pull = this.images.bookPull(n, image, startUs, k);
    this.pullEndUs[id] = pull.endUs;
    this.pullBytes[id] = pull.bytes;
    // Start at once when the node is free, so the pull's end is queued before any waiter's.
    this.cursor[id] = i;
    this.starting(slot);
    if (startUs === now) this.onPullStart(id);
    else this.schedule(id, startUs, this.kPullStart);
    return true;
  }

  private begin(id: number, i: number, atUs: number, kind: number): void {
    this.cursor[id] = i;
    this.starting(this.slotBase[id]! + i);
    this.schedule(id, atUs, kind);
  }

  /**
   * Being created. The status keeps its reason (ContainerCreating for a first start; the last
   * error, e.g. ImagePullBackOff or CrashLoopBackOff, otherwise) until the container runs: the
   * kubelet's reason cache is cleared only by a successful start.
   */
  private starting(slot: number): void {
    this.containers.state[slot] = C_STARTING;
  }

  private currentImage(id: number): string {
    return this.containerAt(this.pods[id]!, this.cursor[id]!)!.image ?? "";
  }

  private onPullStart(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    this.pullStartUs[id] = this.ctx.sim.nowUs;
    this.ctx.store.recordEvent("Normal", "Pulling", "Pod", this.pods[id]!, `Pulling image "${this.currentImage(id)}"`);
    this.schedule(id, this.pullEndUs[id]!, this.kImageReady);
  }

  private onPullFailed(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    const i = this.cursor[id]!;
    this.pullFailed(id);
    // Init containers block the pod; app containers let the worker go on to the next one.
    if (i < this.nInit[id]!) this.idle(id);
    else this.walk(id, i + 1);
  }

  /** images/image_manager.go: `Failed to pull image`, `Error: ErrImagePull`, back-off `Next`. */
  private pullFailed(id: number): void {
    const { store, sim } = this.ctx;
    const i = this.cursor[id]!;
    const slot = this.slotBase[id]! + i;
    const pod = this.pods[id]!;
    const image = this.currentImage(id);
    const host = registryHost(image);
    store.recordEvent("Normal", "Pulling", "Pod", pod, `Pulling image "${image}"`);
    store.recordEvent("Warning", "Failed", "Pod", pod, `Failed to pull image "${image}": failed to resolve reference "${image}": failed to do request: dial tcp: lookup ${host}: connection refused`);
    store.recordEvent("Warning", "Failed", "Pod", pod, "Error: ErrImagePull");
    this.containers.image.next(slot, sim.nowUs, sim.nowUs);
    this.cursor[id] = -1;
    this.setWaiting(slot, R_ERR_IMAGE_PULL);
  }

  private onImageReady(id: number): void {
    this.handle[id] = -1;
    const { sim, store, ledger } = this.ctx;
    if (this.nodeDown(id)) return;
    const now = sim.nowUs;
    const pod = this.pods[id]!;
    const image = this.currentImage(id);
    // Image time the startup SLI excludes: from the first attempt (back-offs included) to now.
    const waited = now - this.pullFromUs[id]!;
    this.pullFromUs[id] = NaN;
    if (!(this.containers.flags[this.slotBase[id]! + this.cursor[id]!]! & F_EVER_RAN)) ledger.pullUs[id] = ledger.pullUs[id]! + waited;
    if (this.pullEndUs[id] === now) {
      // kuberuntime_image.go: "Successfully pulled image %q in %v (%v including waiting). Image size: %v bytes."
      const took = fmtSeconds(now - this.pullStartUs[id]!);
      store.recordEvent("Normal", "Pulled", "Pod", pod, `Successfully pulled image "${image}" in ${took} (${fmtSeconds(waited)} including waiting). Image size: ${this.pullBytes[id]} bytes.`);
    } else {
      store.recordEvent("Normal", "Pulled", "Pod", pod, `Container image "${image}" already present on machine`);
    }
    this.schedule(id, now + this.containerStartUs(id), this.kStarted);
  }

  private onContainerStarted(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    const pod = this.pods[id]!;
    const i = this.cursor[id]!;
    const c = this.containerAt(pod, i)!;
    this.ctx.store.recordEvent("Normal", "Created", "Pod", pod, `Created container: ${c.name}`);
    this.ctx.store.recordEvent("Normal", "Started", "Pod", pod, `Started container ${c.name}`);
    this.cursor[id] = -1;
    this.containerRunning(id, i);
    this.walk(id, i + 1);
  }

  /** How many pods other than `id` are on its node now (the runtime's load). */
  protected abstract otherPodsOnNode(id: number): number;

  /** One container create + start for pod `id`, on its node's runtime as loaded now. */
  private containerStartUs(id: number): number {
    return this.runtime.containerStartUs(this.nodeOf[id]!, this.otherPodsOnNode(id));
  }

  protected schedule(id: number, atUs: number, kind: number): void {
    this.handle[id] = this.ctx.sim.at(atUs, Band.KUBELET, kind, id);
  }

  /** Cancels the pod's and its containers' timers. */
  protected cancelAll(id: number): void {
    const sim = this.ctx.sim;
    if (this.handle[id]! >= 0) sim.cancel(this.handle[id]!);
    if (this.retryHandle[id]! >= 0) sim.cancel(this.retryHandle[id]!);
    this.handle[id] = -1;
    this.retryHandle[id] = -1;
    this.cursor[id] = -1;
    this.cancelContainers(id);
  }

  protected override ensurePods(n: number): void {
    if (n <= this.cursor.length) return super.ensurePods(n);
    super.ensurePods(n);
    const cap = Math.max(n, this.cursor.length * 2);
    const cu = new Int16Array(cap).fill(-1);
    cu.set(this.cursor);
    this.cursor = cu;
    const rs = new Uint8Array(cap);
    rs.set(this.resync);
    this.resync = rs;
    this.handle = grow(this.handle, cap, -1);
    this.retryHandle = grow(this.retryHandle, cap, -1);
    this.pullFromUs = grow(this.pullFromUs, cap, NaN);
    this.pullStartUs = grow(this.pullStartUs, cap, 0);
    this.pullEndUs = grow(this.pullEndUs, cap, 0);
    this.pullBytes = grow(this.pullBytes, cap, 0);
  }
}

function fmtSeconds(us: number): string {
  return `${Math.round(us / 1000) / 1000}s`;
}
