/**
 * Probes of an overloaded container time out. An `httpGet` or `grpc` probe is served by the
 * same worker threads as the requests (the kubelet's prober is one more client of the
 * container), so it waits its turn: while the serving container's median request latency is
 * above a probe's `timeoutSeconds`, or the container gets more load than it can serve (its
 * queue grows without bound), that probe fails (`context deadline exceeded`). This is what makes
 * a liveness probe dangerous under load: restarts move the load onto the pods still Ready,
 * which then fail their probes in turn (docs/autoscaling.md, scenarios/liveness-probe-cascade).
 *
 * Decided once per sample interval from the resource-dynamics tick, as open-ended failure
 * windows of the pod (`ExternalFaults.podProbeOverloaded`) that the kubelet's closed-form
 * probe timing reads; a window closes at the first interval that is no longer overloaded.
 * `tcpSocket` probes (the kernel completes the handshake from the listen backlog) and `exec`
 * probes (a process of their own) are not affected.
 */
import type { ExternalFaults, ProbeKind } from "../apiserver/external-faults.js";
import type { Pod, Probe } from "../cluster/k8s-types.js";
import { resolveProbe } from "../kubelet/probes.js";

const KINDS: readonly ProbeKind[] = ["liveness", "readiness", "startup"];
const FIELDS = ["livenessProbe", "readinessProbe", "startupProbe"] as const;

export class ProbeOverload {
  /** Per pod id × kind: the probe's timeout (µs), NaN when that probe is absent or unaffected. */
  private timeoutUs = new Float64Array(0);
  /** Per pod id: bit k set while kind k's window is open. */
  private open = new Uint8Array(0);
  /** Per pod id: the served container's index, −1 when no probe of it is affected. */
  private container = new Int16Array(0);

  constructor(private readonly faults: ExternalFaults) {}

  private ensure(n: number): void {
    if (n <= this.open.length) return;
    const cap = Math.max(n, this.open.length * 2, 64);
    const t = new Float64Array(cap * 3).fill(NaN);
    t.set(this.timeoutUs);
    this.timeoutUs = t;
    const o = new Uint8Array(cap);
    o.set(this.open);
    this.open = o;
    const c = new Int16Array(cap).fill(-1);
    c.set(this.container);
    this.container = c;
  }

  /** A pod of a traffic workload, serving from `spec.containers[container]`. */
  add(id: number, pod: Pod, container: number): void {
    this.ensure(id + 1);
    const c = pod.spec?.containers[container];
    let any = false;
    for (let k = 0; k < 3; k++) {
      const probe = c?.[FIELDS[k]!] as (Probe & { httpGet?: unknown; grpc?: unknown }) | undefined;
      const r = probe && (probe.httpGet !== undefined || probe.grpc !== undefined) ? resolveProbe(probe) : null;
      this.timeoutUs[id * 3 + k] = r ? r.timeoutUs : NaN;
      any ||= r !== null;
    }
    this.container[id] = any ? container : -1;
    this.open[id] = 0;
  }

  remove(id: number): void {
    if (id >= this.open.length || this.container[id] === -1) return;
    this.container[id] = -1;
    this.open[id] = 0;
    this.faults.forgetPod(id);
  }

  /**
   * The pod's state over the interval starting now: `saturated` (load beyond what it can serve)
   * and its median request latency. An idle or unready pod passes `false, 0`.
   */
  update(id: number, nowUs: number, saturated: boolean, p50Us: number): void {
    if (id >= this.open.length || this.container[id] === -1) return;
    for (let k = 0; k < 3; k++) {
      const t = this.timeoutUs[id * 3 + k]!;
      if (Number.isNaN(t)) continue;
      const over = saturated || p50Us > t;
      const bit = 1 << k;
      const isOpen = (this.open[id]! & bit) !== 0;
      if (over && !isOpen) {
        this.open[id]! |= bit;
        this.faults.podProbeOverloaded(id, this.container[id]!, KINDS[k]!, nowUs);
      } else if (!over && isOpen) {
        this.open[id]! &= ~bit;
        this.faults.podProbeRecovered(id, KINDS[k]!, nowUs);
      }
    }
  }
}
