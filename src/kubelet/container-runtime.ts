/**
 * How long the container runtime takes for a pod's sandbox and containers on one node: the
 * node-side half of pod startup (CRI `RunPodSandbox`, then `CreateContainer` + `StartContainer`
 * per container; pkg/kubelet/kuberuntime/kuberuntime_manager.go `SyncPod`).
 *
 * Three parts, each a scenario knob (`spec.kubelet`), calibrated by default (scenario-defaults.ts):
 * - **Service time on an idle node**: fixed (`sandboxCreation: 700ms`), or lognormal through its
 *   median and p99 (`{median: 850ms, p99: 1300ms}`): σ = ln(p99 / median) / z₀.₉₉. Lognormal
 *   because the published figures are a typical value and a tail (models.md §5.5); the kubelet
 *   exports the same quantiles (`kubelet_runtime_operations_duration_seconds`).
 * - **Load on the node** (`runtimeSlowdownPerPod` = β): an operation that begins while n other
 *   pods are on the node takes (1 + β·n) × its idle time. The kubelet and runtime do per-pod work
 *   all the time (PLEG relists every sandbox and container each second, pod status, cAdvisor
 *   housekeeping) and share the node's runtime with the pod that is starting: kubernetes#3954
 *   saw startup grow with pods per node for that reason ("what else we're doing on the node
 *   that makes the docker operations ... slow"). Pods starting together count too, so a burst
 *   on one node slows itself.
 * - **Parallel sandbox creations** (`parallelSandboxCreations` = c): at most c `RunPodSandbox`
 *   calls per node at once, first come first served (CNI plugins serialise IPAM behind a lock).
 *   Booked in closed form, like image pulls: c "free at" times per node; a call starts when the
 *   earliest frees. N sandboxes of fixed time s asked for at once end at ⌈k/c⌉·s (k = 1..N).
 *
 * Randomness: one stream per node (`pod-startup/<node>`), so a node's draws depend only on the
 * seed and on what happens on that node, not on the order events on other nodes interleave.
 * Every draw is rounded to whole microseconds (kubesim's time unit).
 *
 * Simplifications: n is counted once, when the operation begins (the pods that arrive or leave
 * during it do not re-time it); a sandbox booked by a pod deleted before it began still holds its
 * place in the order (the kubelet would skip it).
 *
 *   const rt = new ContainerRuntime(kubeletSettings, rng);
 *   rt.addNode(0, "node-0");
 *   const endUs = rt.bookSandbox(0, nowUs, otherPods);   // when RunPodSandbox returns
 *   const startUs = rt.containerStartUs(0, otherPods);   // one container create + start
 */
import type { Rng, RngStreams } from "../engine/index.js";
import type { KubeletSettings } from "../scenario/scenario-types.js";

/** z such that P(Z ≤ z) = 0.99 for a standard normal: Φ⁻¹(0.99). */
export const Z_P99 = 2.3263478740408408;

/** A runtime operation's time on an idle node: median and lognormal σ (σ = 0: fixed). */
export interface OperationTime {
  medianUs: number;
  sigma: number;
}

/** The lognormal through (median, p99); fixed when they are equal. */
export function operationTime(medianUs: number, p99Us: number = medianUs): OperationTime {
  return { medianUs, sigma: p99Us > medianUs && medianUs > 0 ? Math.log(p99Us / medianUs) / Z_P99 : 0 };
}

export class ContainerRuntime {
  private readonly sandbox: OperationTime;
  private readonly container: OperationTime;
  private readonly slowdownPerPod: number;
  /** Sandbox creations at once per node; 0 = no limit. */
  private readonly parallel: number;
  /** Per node × parallel slot: when that slot's current sandbox creation ends (µs). */
  private freeAtUs = new Float64Array(0);
  private readonly nodeRng: Rng[] = [];

  constructor(settings: KubeletSettings, private readonly streams: RngStreams) {
    this.sandbox = operationTime(settings.sandboxCreationUs, settings.sandboxCreationP99Us);
    this.container = operationTime(settings.containerStartUs, settings.containerStartP99Us);
    this.slowdownPerPod = settings.runtimeSlowdownPerPod ?? 0;
    this.parallel = settings.parallelSandboxCreations ?? 0;
  }

  /** Node `i` (dense kubelet index) exists from now on. */
  addNode(i: number, name: string): void {
    this.nodeRng[i] = this.streams.stream(`pod-startup/${name}`);
    if (this.parallel === 0) return;
    const need = (i + 1) * this.parallel;
    if (need > this.freeAtUs.length) {
      const grown = new Float64Array(Math.max(need, this.freeAtUs.length * 2));
      grown.set(this.freeAtUs);
      this.freeAtUs = grown;
    }
    this.freeAtUs.fill(0, i * this.parallel, need);
  }

  /**
   * Books a RunPodSandbox asked for at `nowUs` on node `i` while `otherPods` other pods are on
   * it; returns when it ends (it starts once one of the node's `parallel` slots is free).
   */
  bookSandbox(i: number, nowUs: number, otherPods: number): number {
    const serviceUs = this.draw(i, this.sandbox, otherPods);
    if (this.parallel === 0) return nowUs + serviceUs;
    // The slot that frees first; ties go to the lowest slot, so the order is the booking order.
    const base = i * this.parallel;
    let slot = base;
    for (let s = base + 1; s < base + this.parallel; s++) if (this.freeAtUs[s]! < this.freeAtUs[slot]!) slot = s;
    const endUs = Math.max(nowUs, this.freeAtUs[slot]!) + serviceUs;
    this.freeAtUs[slot] = endUs;
    return endUs;
  }

  /** Create + start of one container on node `i` while `otherPods` other pods are on it. */
  containerStartUs(i: number, otherPods: number): number {
    return this.draw(i, this.container, otherPods);
  }

  private draw(i: number, t: OperationTime, otherPods: number): number {
    const idleUs = t.sigma === 0 ? t.medianUs : t.medianUs * Math.exp(t.sigma * this.nodeRng[i]!.normal(0, 1));
    return Math.round(idleUs * (1 + this.slowdownPerPod * otherPods));
  }
}
