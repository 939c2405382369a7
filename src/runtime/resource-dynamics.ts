/**
 * Resource dynamics (issue 6 points 1, 2, 3, 5): the traffic of `spec.traffic` driven through
 * the CFS and memory models of `src/models/`, aggregated per sample period in closed form.
 *
 * Once per `sampleInterval` (one engine event on `Band.WORKLOAD`, covering `[T, T + Δ)`):
 *  1. each workload's mean rate over the interval is spread evenly over its Ready pods (not
 *     Terminating): `λ = rate / ready`; with none Ready the requests fail;
 *  2. a pod's CPU demand is `λ · E[cost]` cores, capped at what it can use
 *     (`min(limit, threads, node cores)`); on a node whose pods want more than its cores, the
 *     cores are shared by weighted water-filling through the QoS hierarchy (cpu-contention.ts);
 *  3. the pod's response curve (response-curve.ts, sampled once per configuration) gives the
 *     CFS counters and the latency quantiles at that load; load beyond what the pod can serve
 *     counts as failed requests. Latencies go into one histogram per workload
 *     (workload-requests.ts);
 *  4. the working set (memory.ts) with `inFlight = λ · mean latency` (Little's law): if it
 *     reaches the container's memory limit within the interval, the container is OOM-killed at
 *     that instant (exit 137) through the kubelet's restart machinery.
 * Every housekeeping interval (10 s) `NodeMemoryPressure` checks each node's memory.available
 * (node-memory-pressure.ts): node-pressure eviction and the kernel's global OOM killer.
 *
 * Values sampled at `time_s = T` in timeseries.csv describe the interval `[T, T + Δ)`.
 * Simplifications (docs/resource-dynamics.md): one serving container per pod; pods of
 * workloads without traffic use their memory request as working set and no CPU.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { KubeObject, Node, Pod } from "../cluster/k8s-types.js";
import { controllerOf } from "../controllers/owner.js";
import { Band } from "../engine/index.js";
import { LatencyHistogram } from "../metrics/latency-histogram.js";
import { CFS_PERIOD_US, milliCpuToQuota } from "../models/cfs.js";
import { QOS_BESTEFFORT, QOS_BURSTABLE, QOS_GUARANTEED } from "../models/cpu-contention.js";
import { OOM_EXIT_CODE, OOM_KILLED_REASON, oomInstantUs, workingSetBytes } from "../models/memory.js";
import { buildResponseCurve, curveKey, LATENCY_P50, LATENCY_P99, newCurvePoint, type ResponseCurve } from "../models/response-curve.js";
import { meanRate } from "../models/traffic.js";
import type { WorkloadTraffic } from "../scenario/scenario-types.js";
import { NodeMemoryPressure, type PodMemoryView } from "./node-memory-pressure.js";
import { limitOf, NO_WORKLOAD, PodResourceColumns, sumRequests } from "./pod-resource-columns.js";
import { ProbeOverload } from "./probe-overload.js";
import { newWorkloadState, recordRequests, type WorkloadState } from "./workload-requests.js";

/** What the wiring needs from the kubelet: report a container exit (restart per restartPolicy, CrashLoopBackOff). */
export interface ContainerExitSink {
  containerExited?(podId: number, exitCode: number, reason: string, tUs: number, container?: number): void;
}

export class ResourceDynamics extends PodResourceColumns implements Actor, PodMemoryView {
  readonly name = "resource-dynamics";
  readonly workloads: WorkloadState[] = [];
  /** All workloads' request latencies (µs). */
  readonly requestLatency = new LatencyHistogram();
  oomKills = 0;
  private ctx!: ActorContext;
  private byKey = new Map<string, number>();
  private curves = new Map<string, ResponseCurve>();
  private readonly point = newCurvePoint();
  /** Which curve and load `point` was read at, and the requests served there not yet recorded. */
  private pointCurve: ResponseCurve | null = null;
  private pointLoad = NaN;
  private pending = 0;
  private pressure!: NodeMemoryPressure;
  /** httpGet/grpc probes of overloaded containers time out (probe-overload.ts). */
  private overload!: ProbeOverload;
  private kTick = -1;
  private kOom = -1;
  private kRestarted = -1;
  /** Runs first in every tick with the interval `[T, T + Δ)` (the DNS model sets `dnsDelay`). */
  periodHook: ((T: number, dUs: number) => void) | null = null;

  constructor(
    private readonly kubelet: ContainerExitSink = {},
    /** Registers a sampled gauge (timeseries.csv); the runtime passes the recorder's. */
    private readonly gauge: (metric: string, scope: string, read: () => number) => void = () => {},
  ) {
    super();
  }

  /** Node-pressure evictions so far. */
  get evictions(): number {
    return this.pressure.evictions;
  }

  /** Requests that failed (no Ready endpoint, or more load than the pods can serve). */
  get failedRequests(): number {
    let s = 0;
    for (const w of this.workloads) s += w.failed;
    return s;
  }

  /** Cluster throttled-periods ratio over the last interval (all traffic pods). */
  private clusterThrottledRatio = 0;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    const traffic = ctx.scenario.traffic ?? [];
    this.pressure = new NodeMemoryPressure(ctx, this, (id) => this.oomKill(id, "node"));
    this.pressure.start();
    this.overload = new ProbeOverload(ctx.world.faults);
    traffic.forEach((t, i) => {
      const key = `${t.target.kind}/${t.target.namespace}/${t.target.name}`;
      this.byKey.set(key, i);
      this.workloads.push(newWorkloadState(t));
    });
    for (const w of this.workloads) {
      this.gauge("request_rate_rps", w.scope, () => w.rateRps);
      this.gauge("request_latency_p99_ms", w.scope, () => w.p99Ms);
      this.gauge("cpu_usage_millicores", w.scope, () => w.cpuMillicores);
      this.gauge("cpu_throttled_periods_ratio", w.scope, () => w.throttledRatio);
      this.gauge("working_set_max_bytes", w.scope, () => w.maxWorkingSet);
    }
    if (traffic.length > 0) {
      this.gauge("cpu_throttled_periods_ratio", "cluster", () => this.clusterThrottledRatio);
      this.gauge("oom_kills", "cluster", () => this.oomKills);
      this.gauge("evictions_memory_pressure", "cluster", () => this.pressure.evictions);
      this.gauge("failed_requests", "cluster", () => this.failedRequests);
    }
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
    ctx.store.watch("Node", (t, o) => this.pressure.onNode(t, o as Node));
    this.kOom = ctx.sim.handler((id) => this.onOom(id));
    this.kRestarted = ctx.sim.handler((id) => {
      if (this.pods[id] !== undefined) ctx.ledger.markReady(id, ctx.sim.nowUs);
    });
    if (traffic.length === 0) return;
    this.kTick = ctx.sim.handler(() => this.tick());
    ctx.sim.at(0, Band.WORKLOAD, this.kTick, 0);
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    if (t === "DELETED") return this.forget(id);
    this.ensure(id + 1);
    if (this.pods[id] !== undefined || !pod.spec?.nodeName) return;
    const n = this.pressure.nodeIndex(pod.spec.nodeName);
    if (n < 0) return;
    this.pods[id] = pod;
    this.node[id] = n;
    const w = this.workloadIndex(pod);
    this.wl[id] = w;
    const spec = pod.spec;
    const named = w === NO_WORKLOAD ? -1 : spec.containers.findIndex((c) => c.name === this.workloads[w]!.spec.container);
    this.servedContainer[id] = Math.max(named, 0);
    const served = spec.containers[this.servedContainer[id]!];
    this.cpuLimitMilli[id] = limitOf(served, "cpu");
    this.memLimit[id] = limitOf(served, "memory");
    this.cpuRequestMilli[id] = sumRequests(spec.containers, "cpu");
    this.memRequest[id] = sumRequests(spec.containers, "memory");
    this.priority[id] = spec.priority ?? 0;
    const q = this.ctx.ledger.qosClass[id];
    this.qos[id] = q === "Guaranteed" ? QOS_GUARANTEED : q === "BestEffort" ? QOS_BESTEFFORT : QOS_BURSTABLE;
    this.workingSet[id] = w === NO_WORKLOAD ? this.memRequest[id]! : 0;
    this.pressure.add(n, id);
    if (w !== NO_WORKLOAD) {
      this.workloads[w]!.pods.add(id);
      this.curveOf[id] = this.curveFor(this.workloads[w]!.spec, this.cpuLimitMilli[id]!, this.pressure.cores(n));
      this.overload.add(id, pod, this.servedContainer[id]!);
    }
  }

  private forget(id: number): void {
    if (id >= this.cap || this.pods[id] === undefined) return;
    this.pressure.remove(this.node[id]!, id);
    const w = this.wl[id]!;
    if (w !== NO_WORKLOAD) this.workloads[w]!.pods.delete(id);
    this.overload.remove(id);
    this.pods[id] = undefined;
    this.curveOf[id] = null;
  }

  private workloadIndex(pod: Pod): number {
    const ns = pod.metadata?.namespace || "default";
    let ref = controllerOf(pod);
    if (ref?.kind === "ReplicaSet" && ref.name) {
      const rs: KubeObject | undefined = this.ctx.store.get("ReplicaSet", ns, ref.name);
      const up = rs ? controllerOf(rs) : undefined;
      if (up?.kind && up.name) ref = up;
    }
    if (!ref?.kind || !ref.name) return NO_WORKLOAD;
    return this.byKey.get(`${ref.kind}/${ns}/${ref.name}`) ?? NO_WORKLOAD;
  }

  /** The response curve of a container (cached per configuration; its own RNG stream per key). */
  private curveFor(t: WorkloadTraffic, cpuLimitMilli: number, cores: number): ResponseCurve {
    const k = this.ctx.scenario.kubelet;
    const periodUs = k.cpuCFSQuotaPeriodUs ?? CFS_PERIOD_US;
    const quotaUs = k.cpuCFSQuota === false ? -1 : milliCpuToQuota(cpuLimitMilli, periodUs);
    const params = { quotaUs, periodUs, burstUs: quotaUs < 0 ? 0 : Math.min(t.cfsBurstUs, quotaUs), threads: t.threads, cores: Math.max(cores, 0.001), cost: t.cpuPerRequest };
    const key = curveKey(params);
    let c = this.curves.get(key);
    if (!c) this.curves.set(key, (c = buildResponseCurve(params, this.ctx.rng.stream(`cfs-curve/${key}`))));
    return c;
  }

  private tick(): void {
    const { sim, ledger, scenario } = this.ctx;
    const T = sim.nowUs;
    const dUs = scenario.sampleIntervalUs;
    const dS = dUs / 1e6;
    this.periodHook?.(T, dUs);
    // 1–2: demand per Ready pod; node totals.
    this.nodeDemand.fill(0);
    for (const w of this.workloads) {
      const rate = meanRate(w.spec.rate, T, T + dUs);
      w.rateRps = rate;
      let ready = 0;
      for (const id of w.pods) if (this.serving(id)) ready++;
      w.requests += rate * dS;
      if (ready === 0) w.failed += rate * dS;
      const lambda = ready > 0 ? rate / ready : 0;
      const meanCost = w.spec.cpuPerRequest.meanUs / 1e6;
      for (const id of w.pods) {
        const c = this.curveOf[id]!;
        const x = this.serving(id) ? lambda * meanCost : 0;
        this.demandOf[id] = x;
        this.nodeDemand[this.node[id]!] += Math.min(x, c.capacityCores);
      }
    }
    this.pressure.shareContended(this.nodeDemand, this.demandOf, this.allotted);
    // 3–4: counters, latency, memory per pod.
    let allPeriods = 0;
    let allThrottled = 0;
    for (const w of this.workloads) {
      let periods = 0;
      let throttled = 0;
      let cpu = 0;
      let maxWs = 0;
      let p99 = 0;
      for (const id of w.pods) {
        const c = this.curveOf[id]!;
        const x = this.demandOf[id]!;
        const serving = this.serving(id);
        let inFlight = 0;
        if (serving && x > 0) {
          const share = this.allotted[id]!;
          const a = Number.isNaN(share) ? Math.min(x, c.capacityCores) : Math.max(share, 1e-9);
          // Under contention the pod behaves as if its capacity were its allotment: read the
          // curve at the load that has the same ratio to its capacity.
          const xEff = a < Math.min(x, c.capacityCores) - 1e-12 ? (x * c.capacityCores) / a : x;
          const top = 0.98 * c.capacityCores;
          // Pods of a workload usually sit at the same point of the same curve: read it and
          // record the histogram once per distinct point, not once per pod.
          if (c !== this.pointCurve || xEff !== this.pointLoad) {
            this.flush(w);
            c.at(xEff, this.point);
            this.pointCurve = c;
            this.pointLoad = xEff;
          }
          const p = this.point;
          const reqs = (x / (w.spec.cpuPerRequest.meanUs / 1e6)) * dS;
          const failedShare = xEff > top ? 1 - top / xEff : 0;
          w.failed += reqs * failedShare;
          this.pending += reqs * (1 - failedShare);
          this.cfsPeriods[id] += p.periodsPerSec * dS;
          this.cfsThrottledPeriods[id] += p.throttledPeriodsPerSec * dS;
          this.cfsThrottledUs[id] += p.throttledUsPerSec * dS;
          periods += p.periodsPerSec;
          throttled += p.throttledPeriodsPerSec;
          this.cpuCores[id] = Math.min(x, a);
          inFlight = (reqs * (1 - failedShare) * p.meanLatencyUs) / dUs;
          p99 = Math.max(p99, p.quantileUs[LATENCY_P99]!);
          this.overload.update(id, T, xEff > top, p.quantileUs[LATENCY_P50]!);
        } else {
          this.cpuCores[id] = 0;
          this.overload.update(id, T, false, 0);
        }
        cpu += this.cpuCores[id]!;
        this.inFlight[id] = inFlight;
        const origin = ledger.lastReadyUs[id]!;
        if (Number.isNaN(origin)) {
          this.workingSet[id] = 0;
          continue;
        }
        const m = w.spec.memory;
        this.workingSet[id] = workingSetBytes(m, T - origin, inFlight);
        maxWs = Math.max(maxWs, this.workingSet[id]!);
        const limit = this.memLimit[id]!;
        if (limit > 0 && this.oomPending[id] === 0) {
          const at = oomInstantUs(m, limit, inFlight, T - origin, T + dUs - origin);
          if (at >= 0) {
            this.oomPending[id] = 1;
            sim.at(origin + at, Band.WORKLOAD, this.kOom, id);
          }
        }
      }
      this.flush(w);
      this.pointCurve = null;
      w.throttledRatio = periods > 0 ? throttled / periods : 0;
      allPeriods += periods;
      allThrottled += throttled;
      w.cpuMillicores = cpu * 1000;
      w.maxWorkingSet = maxWs;
      w.p99Ms = p99 / 1000;
    }
    this.clusterThrottledRatio = allPeriods > 0 ? allThrottled / allPeriods : 0;
    this.pressure.checkGlobalOom();
    const next = T + dUs;
    if (next < scenario.durationUs) sim.at(next, Band.WORKLOAD, this.kTick, 0);
  }

  /** Records the requests served at the current curve point (see `tick`). */
  private flush(w: WorkloadState): void {
    if (this.pending > 0) recordRequests(w, this.point.quantileUs, this.pending, this.requestLatency, this.ctx.sim.nowUs);
    this.pending = 0;
  }

  isServing(id: number): boolean {
    return this.serving(id);
  }

  /** In the Service's endpoints: Ready and not Terminating. */
  private serving(id: number): boolean {
    const L = this.ctx.ledger;
    return L.isReady(id) && Number.isNaN(L.terminatingUs[id]!);
  }

  private onOom(id: number): void {
    this.oomPending[id] = 0;
    if (this.pods[id] === undefined || Number.isNaN(this.ctx.ledger.lastReadyUs[id]!)) return;
    this.oomKill(id, "container");
  }

  /** The memcg (or the global) OOM killer killed the pod's serving container. */
  private oomKill(id: number, scope: "container" | "node"): void {
    const { ledger, sim, store } = this.ctx;
    const pod = this.pods[id]!;
    if (scope === "node") {
      // pkg/kubelet/oom/oom_watcher_linux.go: systemOOMEvent on the node.
      const node = store.get("Node", undefined, pod.spec!.nodeName!);
      if (node) store.recordEvent("Warning", "SystemOOM", "Node", node, `System OOM encountered, victim process: ${pod.spec!.containers[this.servedContainer[id]!]!.name}, pid: 0`);
    }
    this.oomKills++;
    this.workingSet[id] = 0;
    if (this.kubelet.containerExited) {
      // The kubelet counts the OOM kill, sets the exit code and restarts per restartPolicy.
      this.kubelet.containerExited(id, OOM_EXIT_CODE, OOM_KILLED_REASON, sim.nowUs, this.servedContainer[id]!);
      return;
    }
    ledger.oomKills[id]!++;
    // No restart machinery in this kubelet: the container restarts at once and is Ready again
    // after the container start time (no CrashLoopBackOff).
    store.recordEvent("Warning", "BackOff", "Pod", pod, `Container ${pod.spec!.containers[0]!.name} was OOMKilled (exit code ${OOM_EXIT_CODE})`);
    ledger.markNotReady(id);
    ledger.restarts[id]!++;
    sim.at(sim.nowUs + this.ctx.scenario.kubelet.containerStartUs, Band.KUBELET, this.kRestarted, id);
  }

  refreshWorkingSets(nowUs: number): void {
    const L = this.ctx.ledger;
    for (const w of this.workloads) {
      for (const id of w.pods) {
        const origin = L.lastReadyUs[id]!;
        this.workingSet[id] = Number.isNaN(origin) ? 0 : workingSetBytes(w.spec.memory, nowUs - origin, this.inFlight[id]!);
      }
    }
  }

  /**
   * What metrics-server would report for a pod of a traffic workload (controllers/pod-metrics.ts
   * `MetricsSource`, read by the HPA): CPU in millicores and working set in bytes over the last
   * sample interval; NaN for pods without traffic.
   */
  podUsage(podId: number, resource: "cpu" | "memory", _tUs: number): number {
    if (podId >= this.cap || this.pods[podId] === undefined || this.wl[podId] === NO_WORKLOAD) return NaN;
    return resource === "cpu" ? this.cpuCores[podId]! * 1000 : this.workingSet[podId]!;
  }

  /** Throttled-periods ratio of a pod over the run (pods.csv). */
  throttledRatioOf(id: number): number {
    return id < this.cap && this.cfsPeriods[id]! > 0 ? this.cfsThrottledPeriods[id]! / this.cfsPeriods[id]! : 0;
  }
}
