/**
 * Pod resource usage as metrics-server reports it to the HPA: the `MetricsSource` seam and a
 * scenario-driven source (`spec.autoscaling.podUsage` profiles).
 *
 * metrics-server scrapes every `--metric-resolution` (15 s); a pod's CPU is the rate between
 * two scrapes, so a pod has a sample at scrape time `ts` only when its containers ran at
 * `ts − resolution` too (`MetricsServerView.sample`). The HPA reads the latest scrape: at a
 * sync at t, `ts = ⌊t / resolution⌋ · resolution`, window = resolution.
 *
 * The seam: anything that knows pod usage implements `MetricsSource` (the traffic/CFS model
 * returns each pod's CPU usage after throttling and its working set); `firstOf` chains
 * sources, so a model can cover the workloads it drives and the profiles the rest.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { Pod } from "../cluster/k8s-types.js";
import { resourceValue } from "../cluster/quantity.js";
import type { PodUsageProfile } from "../scenario/scenario-types.js";
import { controllerOf } from "./owner.js";

export type UsageResource = "cpu" | "memory";

export interface MetricsSource {
  /**
   * Mean usage of `resource` by pod `podId` (store id) over the metrics window ending at `tUs`:
   * millicores for cpu, bytes for memory. NaN: the source knows nothing of this pod.
   */
  podUsage(podId: number, resource: UsageResource, tUs: number): number;
}

/** The first source with a number for the pod. */
export function firstOf(...sources: MetricsSource[]): MetricsSource {
  return {
    podUsage(id, r, t) {
      for (const s of sources) {
        const v = s.podUsage(id, r, t);
        if (!Number.isNaN(v)) return v;
      }
      return NaN;
    },
  };
}

/** A source with nothing (every pod is missing metrics). */
export const NO_METRICS: MetricsSource = { podUsage: () => NaN };

/** A profile's value at `tUs` (millicores, bytes or percent): constant, step or spike, with linear ramps. */
export function usageAt(p: PodUsageProfile, tUs: number): number {
  if (p.shape === "constant" || tUs < p.atUs) return p.base;
  const rampTo = (from: number, to: number, since: number): number => (p.rampUs <= 0 || tUs - since >= p.rampUs ? to : from + ((to - from) * (tUs - since)) / p.rampUs);
  const endUs = p.atUs + p.forUs;
  if (p.shape === "step" || tUs < endUs) return rampTo(p.base, p.peak, p.atUs);
  // The spike ends: down from wherever the ramp up had got to.
  const top = p.rampUs <= 0 || p.forUs >= p.rampUs ? p.peak : p.base + ((p.peak - p.base) * p.forUs) / p.rampUs;
  return rampTo(top, p.base, endUs);
}

/**
 * Usage from `spec.autoscaling.podUsage`: per workload (`Deployment/<ns>/<name>`), split over
 * its Ready pods (`per: workload`), or the same for every running pod (`per: pod`, absolute or
 * percent of the pod's request). Readiness is read at query time.
 */
export class ProfileMetricsSource implements MetricsSource, Actor {
  readonly name = "pod-usage-profiles";
  private ctx!: ActorContext;
  /** Profile index by `kind/ns/name` and resource. */
  private readonly byWorkload = new Map<string, number>();
  /** Per profile: its pods (store ids), and the ready count cached at `readyAtUs`. */
  private readonly members: Set<number>[] = [];
  private readonly readyCount: number[] = [];
  private readonly readyAtUs: number[] = [];
  /** Per pod: profile index for cpu and memory, −1 none. */
  private cpuOf = new Int32Array(1024).fill(-1);
  private memOf = new Int32Array(1024).fill(-1);
  private readonly pods = new Map<number, Pod>();

  constructor(readonly profiles: readonly PodUsageProfile[]) {
    profiles.forEach((p, i) => {
      this.byWorkload.set(`${p.target.kind}/${p.target.namespace}/${p.target.name}/${p.resource}`, i);
      this.members.push(new Set());
      this.readyCount.push(0);
      this.readyAtUs.push(-1);
    });
  }

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    if (this.profiles.length === 0) return;
    ctx.store.watch("Pod", (t, o, id) => {
      const pod = o as Pod;
      if (t === "ADDED") {
        const w = this.workloadOf(pod);
        if (w === "") return;
        this.ensure(id + 1);
        for (const [r, col] of [["cpu", this.cpuOf], ["memory", this.memOf]] as const) {
          const i = this.byWorkload.get(`${w}/${r}`);
          if (i === undefined) continue;
          col[id] = i;
          this.members[i]!.add(id);
        }
        this.pods.set(id, pod);
      } else if (t === "DELETED") {
        if (id < this.cpuOf.length) {
          if (this.cpuOf[id]! >= 0) this.members[this.cpuOf[id]!]!.delete(id);
          if (this.memOf[id]! >= 0) this.members[this.memOf[id]!]!.delete(id);
        }
        this.pods.delete(id);
      }
    });
  }

  /** The workload's total demand at `tUs` (per-workload profiles), for a gauge. */
  demand(i: number, tUs: number): number {
    return usageAt(this.profiles[i]!, tUs);
  }

  podUsage(id: number, resource: UsageResource, tUs: number): number {
    const col = resource === "cpu" ? this.cpuOf : this.memOf;
    const i = id < col.length ? col[id]! : -1;
    if (i < 0) return NaN;
    const p = this.profiles[i]!;
    const v = usageAt(p, tUs);
    if (p.per === "pod") {
      if (!p.percent) return v;
      const pod = this.pods.get(id);
      return pod ? (v / 100) * containerRequests(pod, resource) : NaN;
    }
    if (!this.ctx.ledger.isReady(id)) return 0;
    const n = this.ready(i);
    return n > 0 ? v / n : 0;
  }

  private ready(i: number): number {
    const now = this.ctx.sim.nowUs;
    if (this.readyAtUs[i] === now) return this.readyCount[i]!;
    let n = 0;
    for (const id of this.members[i]!) if (this.ctx.ledger.isReady(id)) n++;
    this.readyCount[i] = n;
    this.readyAtUs[i] = now;
    return n;
  }

  /** `Deployment/<ns>/<name>` for a pod of a Deployment's ReplicaSet, else its controller's. */
  private workloadOf(pod: Pod): string {
    const ns = pod.metadata?.namespace || "default";
    const ref = controllerOf(pod);
    if (!ref?.kind || !ref.name) return "";
    if (ref.kind === "ReplicaSet") {
      const rs = this.ctx.store.get("ReplicaSet", ns, ref.name);
      const up = rs ? controllerOf(rs) : undefined;
      if (up?.kind && up.name) return `${up.kind}/${ns}/${up.name}`;
    }
    return `${ref.kind}/${ns}/${ref.name}`;
  }

  private ensure(n: number): void {
    if (n <= this.cpuOf.length) return;
    const cap = Math.max(n, this.cpuOf.length * 2);
    const c = new Int32Array(cap).fill(-1);
    c.set(this.cpuOf);
    this.cpuOf = c;
    const m = new Int32Array(cap).fill(-1);
    m.set(this.memOf);
    this.memOf = m;
  }
}

/**
 * A pod's request of `resource` as the HPA counts it (replica_calculator.go
 * `calculatePodRequestsFromContainers`): app containers plus restartable init containers
 * (sidecars), millicores or bytes; NaN when one of them has no request (the API server
 * defaults a missing request to the limit, so a limit counts).
 */
export function containerRequests(pod: Pod, resource: UsageResource): number {
  const spec = pod.spec;
  if (!spec) return NaN;
  // The HPA asks for every pod at every sync: parse a spec's quantities once (requests of a
  // pod never change; in-place resize is not modelled).
  let memo = requestMemo.get(spec);
  if (!memo) requestMemo.set(spec, (memo = { cpu: NaN, memory: NaN, done: 0 }));
  const bit = resource === "cpu" ? 1 : 2;
  if ((memo.done & bit) === 0) {
    memo[resource] = sumRequests(spec, resource);
    memo.done |= bit;
  }
  return memo[resource];
}

const requestMemo = new WeakMap<object, { cpu: number; memory: number; done: number }>();

function sumRequests(spec: NonNullable<Pod["spec"]>, resource: UsageResource): number {
  let sum = 0;
  const add = (c: { resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> } }): boolean => {
    const q = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
    if (q === undefined) return false;
    sum += quantityOf(resource, q);
    return true;
  };
  for (const c of spec.containers ?? []) if (!add(c)) return NaN;
  for (const c of spec.initContainers ?? []) if ((c as { restartPolicy?: string }).restartPolicy === "Always" && !add(c)) return NaN;
  return sum;
}


function quantityOf(resource: UsageResource, q: string | number): number {
  try {
    return resourceValue(resource, q);
  } catch {
    return NaN;
  }
}
