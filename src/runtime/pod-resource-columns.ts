/**
 * Per-pod columns of the resource-dynamics model, indexed by store id (typed arrays, grown by
 * doubling): what the pod asks for (limits, requests, QoS, priority), what it uses (working
 * set, CPU), its accumulated cpu.stat counters, and the per-tick scratch. `ResourceDynamics`
 * extends it; `NodeMemoryPressure` reads it through `PodMemoryView`.
 */
import type { Container, Pod } from "../cluster/k8s-types.js";
import { resourceValue } from "../cluster/quantity.js";
import type { ResponseCurve } from "../models/response-curve.js";

export const NO_WORKLOAD = -1;

export class PodResourceColumns {
  // Per pod (store id).
  protected cap = 0;
  wl = new Int32Array(0);
  node = new Int32Array(0);
  qos = new Uint8Array(0);
  cpuLimitMilli = new Float64Array(0);
  cpuRequestMilli = new Float64Array(0);
  memLimit = new Float64Array(0);
  memRequest = new Float64Array(0);
  priority = new Float64Array(0);
  /** Last computed working set (bytes) and CPU use (cores). */
  workingSet = new Float64Array(0);
  cpuCores = new Float64Array(0);
  /** Accumulated cpu.stat counters (cAdvisor's container_cpu_cfs_*). */
  cfsPeriods = new Float64Array(0);
  cfsThrottledPeriods = new Float64Array(0);
  cfsThrottledUs = new Float64Array(0);
  protected inFlight = new Float64Array(0);
  protected curveOf: (ResponseCurve | null)[] = [];
  protected pods: (Pod | undefined)[] = [];
  protected oomPending = new Uint8Array(0);
  /** Index in `spec.containers` of the container serving the traffic. */
  protected servedContainer = new Int16Array(0);
  // Scratch for node contention.
  protected nodeDemand: Float64Array = new Float64Array(0);
  protected demandOf = new Float64Array(0);
  protected allotted = new Float64Array(0);

  protected ensure(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 1024);
    const f = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const wl = new Int32Array(cap).fill(NO_WORKLOAD);
    wl.set(this.wl);
    this.wl = wl;
    const node = new Int32Array(cap);
    node.set(this.node);
    this.node = node;
    const qos = new Uint8Array(cap);
    qos.set(this.qos);
    this.qos = qos;
    const sc = new Int16Array(cap);
    sc.set(this.servedContainer);
    this.servedContainer = sc;
    const pend = new Uint8Array(cap);
    pend.set(this.oomPending);
    this.oomPending = pend;
    this.cpuLimitMilli = f(this.cpuLimitMilli);
    this.cpuRequestMilli = f(this.cpuRequestMilli);
    this.memLimit = f(this.memLimit);
    this.memRequest = f(this.memRequest);
    this.priority = f(this.priority);
    this.workingSet = f(this.workingSet);
    this.cpuCores = f(this.cpuCores);
    this.cfsPeriods = f(this.cfsPeriods);
    this.cfsThrottledPeriods = f(this.cfsThrottledPeriods);
    this.cfsThrottledUs = f(this.cfsThrottledUs);
    this.inFlight = f(this.inFlight);
    this.demandOf = f(this.demandOf);
    this.allotted = f(this.allotted);
    this.cap = cap;
  }

  /** Grows the per-node demand scratch (called by the node view when nodes are added). */
  growNodes(n: number): void {
    if (n <= this.nodeDemand.length) return;
    const b = new Float64Array(Math.max(n, this.nodeDemand.length * 2, 64));
    b.set(this.nodeDemand);
    this.nodeDemand = b;
  }
}

export function limitOf(c: Container | undefined, r: "cpu" | "memory"): number {
  const v = c?.resources?.limits?.[r];
  return v === undefined ? 0 : resourceValue(r, v);
}

/** Sum of container requests (requests default to limits, as the API server defaults them). */
export function sumRequests(cs: Container[], r: "cpu" | "memory"): number {
  let s = 0;
  for (const c of cs) {
    const v = c.resources?.requests?.[r] ?? c.resources?.limits?.[r];
    if (v !== undefined) s += resourceValue(r, v);
  }
  return s;
}
