/**
 * The kubelets of every node, as one actor with per-node state in typed arrays
 * (pkg/kubelet/kubelet.go `SyncPod`, kuberuntime_manager.go, images/image_manager.go).
 *
 * Startup of a pod bound to a node, one engine event per step:
 *   sandbox (`kubelet.sandboxCreationUs`) → for each container in order (init containers
 *   first, each treated like an app container that starts and is done): ensure its image →
 *   create + start (`kubelet.containerStartUs`) → Running and Ready.
 * Images: a per-node cache pre-filled from the node's `status.images` (pool `images`);
 * `imagePullPolicy` defaulted as upstream; pulls on a node are serialised
 * (`serializeImagePulls: true`, the kubelet default) at `imagePullBytesPerSec` plus
 * `imagePullLatencyUs`; a pod needing an image another pod is already pulling on that node
 * waits for that pull. `Always` on a cached image costs the registry round trip only. Time
 * from the start of an image step to the image being ready is recorded as pull time, which the
 * pod startup SLI excludes. Events: Pulling, Pulled, Created, Started, Killing, ErrImageNeverPull.
 *
 * Termination: when a pod on a live node gets a `deletionTimestamp`, `Killing` events and the
 * pod is removed after min(`terminationGracePeriodSeconds` (default 30 s),
 * `tunables.containerExitAfterSigtermUs`).
 *
 * A down node's kubelet does nothing: its pods stay as they are (startup paused, Terminating
 * pods stay) until the node recovers, when paused startups restart from the sandbox and pending
 * terminations complete.
 *
 * Hooks for the next engineers: `readinessDelayUs` (readiness probes: Ready later than
 * Running), `pullDelayHook` (registry outages: extra wait before a pull may start).
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { Container, Node, Pod } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import { pullDurationUs, pullPolicyOf } from "./image-policy.js";

/** pkg/apis/core/v1/defaults.go: DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_S = 30;

const STAGE_NONE = 0;
const STAGE_STARTING = 1;
const STAGE_RUNNING = 2;
const STAGE_TERMINATING = 3;
/** Startup cannot continue (ErrImageNeverPull). */
const STAGE_STUCK = 4;

const RUNNING_READY = Object.freeze({
  phase: "Running",
  conditions: Object.freeze([
    Object.freeze({ type: "PodScheduled", status: "True" }),
    Object.freeze({ type: "Initialized", status: "True" }),
    Object.freeze({ type: "ContainersReady", status: "True" }),
    Object.freeze({ type: "Ready", status: "True" }),
  ]),
});

export class Kubelet implements Actor {
  readonly name = "kubelet";
  /** Hook: extra time between Running and Ready (readiness probes); 0 = Ready at start. */
  readinessDelayUs: (pod: Pod) => number = () => 0;
  /** Hook: earliest time a pull of `image` may start on `node` (registry outages). */
  pullDelayHook: (image: string, node: string, nowUs: number) => number = (_i, _n, now) => now;

  private ctx!: ActorContext;
  // Per node (kubelet node index).
  private readonly nodeIndex = new Map<string, number>();
  private nodeNames: string[] = [];
  private pullFreeUs = new Float64Array(64);
  /** Per node: image → time it is (or will be) present; −Infinity = pre-pulled. */
  private images: Map<string, number>[] = [];
  private imageSizes: Map<string, number>[] = [];
  private podsOnNode: Set<number>[] = [];
  // Per pod (store id).
  private pods: (Pod | undefined)[] = [];
  private stage = new Uint8Array(1024);
  private nodeOf = new Int32Array(1024);
  private nextContainer = new Int16Array(1024);
  private handle = new Float64Array(1024).fill(-1);
  private stepStartUs = new Float64Array(1024);
  private pullStartUs = new Float64Array(1024);
  private pullEndUs = new Float64Array(1024);
  private pullBytes = new Float64Array(1024);
  private kSandbox = -1;
  private kPullStart = -1;
  private kImageReady = -1;
  private kStarted = -1;
  private kReady = -1;
  private kKilled = -1;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    const sim = ctx.sim;
    this.kSandbox = sim.handler((id) => this.startNextContainer(id));
    this.kPullStart = sim.handler((id) => this.onPullStart(id));
    this.kImageReady = sim.handler((id) => this.onImageReady(id));
    this.kStarted = sim.handler((id) => this.onContainerStarted(id));
    this.kReady = sim.handler((id) => this.onReady(id));
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
      if (i >= this.pullFreeUs.length) this.pullFreeUs = grow(this.pullFreeUs, i + 1, 0);
      const cache = new Map<string, number>();
      const sizes = new Map<string, number>();
      for (const im of node.status?.images ?? []) {
        for (const n of im.names ?? []) {
          cache.set(n, -Infinity);
          if (im.sizeBytes) sizes.set(n, im.sizeBytes);
        }
      }
      this.images[i] = cache;
      this.imageSizes[i] = sizes;
      this.podsOnNode[i] = new Set();
    } else if (t === "DELETED") {
      const i = this.nodeIndex.get(name);
      if (i === undefined) return;
      // The machine is gone: nothing more happens to its pods here (pod GC removes them).
      for (const id of this.podsOnNode[i]!) this.cancel(id);
      this.podsOnNode[i]!.clear();
      this.nodeIndex.delete(name);
    }
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    if (t === "DELETED") {
      if (id < this.stage.length && this.stage[id] !== STAGE_NONE) {
        this.cancel(id);
        this.podsOnNode[this.nodeOf[id]!]?.delete(id);
        this.stage[id] = STAGE_NONE;
        this.pods[id] = undefined;
      }
      return;
    }
    this.ensurePods(id + 1);
    const nodeName = pod.spec?.nodeName;
    if (this.stage[id] === STAGE_NONE) {
      if (!nodeName) return;
      const n = this.nodeIndex.get(nodeName);
      if (n === undefined) return;
      this.pods[id] = pod;
      this.nodeOf[id] = n;
      this.podsOnNode[n]!.add(id);
      if (t === "ADDED" && pod.status?.phase === "Running") {
        // Imported as already running (a cluster snapshot): no startup to simulate.
        this.stage[id] = STAGE_RUNNING;
        this.ctx.ledger.startedUs[id] = this.ctx.sim.nowUs;
        this.ctx.ledger.markReady(id, this.ctx.sim.nowUs);
      } else {
        this.stage[id] = STAGE_STARTING;
        this.beginStartup(id);
      }
    }
    if (pod.metadata?.deletionTimestamp && this.stage[id] !== STAGE_TERMINATING) this.beginTermination(id);
  }

  private nodeDown(id: number): boolean {
    return this.ctx.world.isDown(this.nodeNames[this.nodeOf[id]!]!);
  }

  private beginStartup(id: number): void {
    this.nextContainer[id] = 0;
    if (this.nodeDown(id)) return;
    this.schedule(id, this.ctx.sim.nowUs + this.ctx.scenario.kubelet.sandboxCreationUs, this.kSandbox);
  }

  /** Init containers then app containers, in order. */
  private containerAt(pod: Pod, i: number): Container | undefined {
    const init = pod.spec?.initContainers ?? [];
    return i < init.length ? init[i] : pod.spec?.containers[i - init.length];
  }

  private startNextContainer(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    const pod = this.pods[id]!;
    const c = this.containerAt(pod, this.nextContainer[id]!);
    if (!c) return this.allStarted(id);
    const { sim, store, scenario } = this.ctx;
    const now = sim.nowUs;
    const k = scenario.kubelet;
    const n = this.nodeOf[id]!;
    const node = this.nodeNames[n]!;
    const image = c.image ?? "";
    const policy = pullPolicyOf(c);
    const cache = this.images[n]!;
    const presentAt = cache.get(image);
    this.stepStartUs[id] = now;
    if (presentAt !== undefined && presentAt > now && policy !== "Never") {
      // Another pod is pulling this image on this node: wait for it.
      return this.schedule(id, presentAt, this.kImageReady);
    }
    const present = presentAt !== undefined;
    if (policy === "Never" && !present) {
      this.stage[id] = STAGE_STUCK;
      store.recordEvent("Warning", "ErrImageNeverPull", "Pod", pod, `Container image "${image}" is not present with pull policy of Never`);
      return;
    }
    if (present && policy !== "Always") {
      store.recordEvent("Normal", "Pulled", "Pod", pod, `Container image "${image}" already present on machine`);
      return this.schedule(id, now + k.containerStartUs, this.kStarted);
    }
    const size = present ? 0 : (k.imageSizes[image] ?? this.imageSizes[n]!.get(image) ?? k.defaultImageSizeBytes);
    const startUs = Math.max(this.pullDelayHook(image, node, now), this.pullFreeUs[n]!);
    const endUs = startUs + pullDurationUs(size, k.imagePullBytesPerSec, k.imagePullLatencyUs);
    this.pullFreeUs[n] = endUs;
    cache.set(image, present ? presentAt : endUs);
    this.pullEndUs[id] = endUs;
    this.pullBytes[id] = size;
    // Start at once when the node is free, so the pull's end is queued before any waiter's.
    if (startUs === now) this.onPullStart(id);
    else this.schedule(id, startUs, this.kPullStart);
  }

  private onPullStart(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    this.pullStartUs[id] = this.ctx.sim.nowUs;
    const pod = this.pods[id]!;
    const image = this.containerAt(pod, this.nextContainer[id]!)!.image ?? "";
    this.ctx.store.recordEvent("Normal", "Pulling", "Pod", pod, `Pulling image "${image}"`);
    this.schedule(id, this.pullEndUs[id]!, this.kImageReady);
  }

  private onImageReady(id: number): void {
    this.handle[id] = -1;
    const { sim, store, ledger, scenario } = this.ctx;
    if (this.nodeDown(id)) return;
    const now = sim.nowUs;
    const pod = this.pods[id]!;
    const image = this.containerAt(pod, this.nextContainer[id]!)!.image ?? "";
    const waited = now - this.stepStartUs[id]!;
    ledger.pullUs[id] = ledger.pullUs[id]! + waited;
    if (this.pullEndUs[id] === now) {
      // kuberuntime_image.go: "Successfully pulled image %q in %v (%v including waiting). Image size: %v bytes."
      const took = fmtSeconds(now - this.pullStartUs[id]!);
      store.recordEvent("Normal", "Pulled", "Pod", pod, `Successfully pulled image "${image}" in ${took} (${fmtSeconds(waited)} including waiting). Image size: ${this.pullBytes[id]} bytes.`);
    } else {
      store.recordEvent("Normal", "Pulled", "Pod", pod, `Container image "${image}" already present on machine`);
    }
    this.schedule(id, now + scenario.kubelet.containerStartUs, this.kStarted);
  }

  private onContainerStarted(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    const pod = this.pods[id]!;
    const c = this.containerAt(pod, this.nextContainer[id]!)!;
    this.ctx.store.recordEvent("Normal", "Created", "Pod", pod, `Created container: ${c.name}`);
    this.ctx.store.recordEvent("Normal", "Started", "Pod", pod, `Started container ${c.name}`);
    this.nextContainer[id]!++;
    this.startNextContainer(id);
  }

  private allStarted(id: number): void {
    const { sim, ledger } = this.ctx;
    ledger.startedUs[id] = sim.nowUs;
    this.schedule(id, sim.nowUs + this.readinessDelayUs(this.pods[id]!), this.kReady);
  }

  private onReady(id: number): void {
    this.handle[id] = -1;
    if (this.nodeDown(id)) return;
    const pod = this.pods[id]!;
    this.stage[id] = STAGE_RUNNING;
    pod.status = RUNNING_READY as Pod["status"];
    this.ctx.ledger.markReady(id, this.ctx.sim.nowUs);
    this.ctx.store.update("Pod", pod);
  }

  private beginTermination(id: number): void {
    this.cancel(id);
    this.stage[id] = STAGE_TERMINATING;
    if (this.nodeDown(id)) return;
    const pod = this.pods[id]!;
    for (const c of pod.spec?.containers ?? []) this.ctx.store.recordEvent("Normal", "Killing", "Pod", pod, `Stopping container ${c.name}`);
    const graceUs = (pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_S) * 1e6;
    this.schedule(id, this.ctx.sim.nowUs + Math.min(graceUs, this.ctx.tunables.containerExitAfterSigtermUs), this.kKilled);
  }

  private onKilled(id: number): void {
    this.handle[id] = -1;
    const pod = this.pods[id]!;
    if (this.ctx.store.get("Pod", pod.metadata!.namespace, pod.metadata!.name!) === pod) this.ctx.store.delete("Pod", pod);
  }

  private onNodeRecovered(node: string): void {
    const n = this.nodeIndex.get(node);
    if (n === undefined) return;
    for (const id of [...this.podsOnNode[n]!]) {
      const st = this.stage[id];
      if (st === STAGE_TERMINATING) {
        this.stage[id] = STAGE_RUNNING;
        this.beginTermination(id);
      } else if (st === STAGE_STARTING && this.handle[id]! < 0) this.beginStartup(id);
      else if (st === STAGE_RUNNING && !this.ctx.ledger.isReady(id)) this.onReady(id); // status posted again
    }
  }

  private schedule(id: number, atUs: number, kind: number): void {
    this.handle[id] = this.ctx.sim.at(atUs, Band.KUBELET, kind, id);
  }

  private cancel(id: number): void {
    const h = this.handle[id]!;
    if (h >= 0) this.ctx.sim.cancel(h);
    this.handle[id] = -1;
  }

  private ensurePods(n: number): void {
    if (n <= this.stage.length) return;
    const cap = Math.max(n, this.stage.length * 2);
    const s = new Uint8Array(cap);
    s.set(this.stage);
    this.stage = s;
    const no = new Int32Array(cap);
    no.set(this.nodeOf);
    this.nodeOf = no;
    const nc = new Int16Array(cap);
    nc.set(this.nextContainer);
    this.nextContainer = nc;
    this.handle = grow(this.handle, cap, -1);
    this.stepStartUs = grow(this.stepStartUs, cap, 0);
    this.pullStartUs = grow(this.pullStartUs, cap, 0);
    this.pullEndUs = grow(this.pullEndUs, cap, 0);
    this.pullBytes = grow(this.pullBytes, cap, 0);
  }
}

function grow(a: Float64Array, n: number, fill: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(n, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

function fmtSeconds(us: number): string {
  return `${Math.round(us / 1000) / 1000}s`;
}
