/**
 * What a run measures, kept up to date from the store's watches (an observer, not a
 * Kubernetes actor: it writes nothing back). Registers:
 * - per pod: the ledger row (namespace, name, workload, QoS class, created/terminating/deleted);
 * - latency histograms (µs): `schedulingLatency` (first queued → bound), `podStartupLatency`
 *   (the SIG-scalability SLI: created → all containers started, observed via watch, minus image
 *   pull time, stateless and schedulable pods only; `startup-sli.ts`), `podStartupLatencyE2E`
 *   (created → Ready, everything included, every pod);
 * - `status`: what `kubectl get pods/nodes` would show, as transitions (pod-status.csv,
 *   node-status.csv; `status-history.ts`);
 * - gauges sampled every `sampleIntervalUs` on `Band.METRICS_SAMPLE`: pending_pods,
 *   running_pods, nodes_ready, cpu/memory requested and allocatable over Ready nodes and their
 *   ratio in percent;
 * - per node: allocatable and the peak requested share seen at a sample (nodes.csv).
 * A new metric goes here: a histogram or counter field, or one more `sampler.gauge(...)`.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import { computePodRequests } from "../cluster/pod-requests.js";
import type { Container, KubeObject, Node, Pod } from "../cluster/k8s-types.js";
import { resourceValue } from "../cluster/quantity.js";
import { controllerOf } from "../controllers/owner.js";
import { Band } from "../engine/index.js";
import { LatencyHistogram } from "../metrics/latency-histogram.js";
import { TimeSeriesSampler } from "../metrics/time-series.js";
import { qosClass } from "./qos-class.js";
import { isStatelessPod } from "./startup-sli.js";
import { StatusHistory } from "./status-history.js";
import { KUBERNETES_VERSION_MODELLED } from "../version.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

/** `bound` states. */
const UNBOUND = 0;
const BOUND = 1;
const RELEASED = 2;

/**
 * A Succeeded or Failed pod no longer counts towards its node's requests: the scheduler's pod
 * informer drops terminal pods (pkg/scheduler/scheduler.go newPodInformer, field selector
 * status.phase!=Succeeded,status.phase!=Failed), and so does kubesim's scheduler.
 */
function isTerminal(pod: Pod): boolean {
  return isTerminalPhase(pod.status?.phase);
}

/** `sli` states per pod: waiting for its start, recorded, or not part of the SLI. */
const SLI_WAITING = 0;
const SLI_RECORDED = 1;
const SLI_EXCLUDED = 2;

export interface NodeRecordRow {
  name: string;
  pool: string;
  zone: string;
  createdUs: number;
  deletedUs: number;
  cpuAllocatable: number;
  memoryAllocatable: number;
  cpuRequested: number;
  memoryRequested: number;
  ready: boolean;
  peakCpuPct: number;
  peakMemoryPct: number;
}

export class RunRecorder {
  readonly schedulingLatency = new LatencyHistogram();
  readonly podStartupLatency = new LatencyHistogram();
  readonly podStartupLatencyE2E = new LatencyHistogram();
  /** `podStartupLatency` per workload (`Deployment/web`); bare pods are only in the cluster scope. */
  readonly podStartupByWorkload = new Map<string, LatencyHistogram>();
  readonly sampler: TimeSeriesSampler;
  readonly nodes = new Map<string, NodeRecordRow>();
  /** Node name → pool name, set by the runtime for pool nodes. */
  readonly poolOf = new Map<string, string>();
  /** Kubernetes Events by reason, and the most frequent FailedScheduling message. */
  readonly eventsByReason = new Map<string, number>();
  readonly failedSchedulingMessages = new Map<string, number>();
  readonly gauges: { metric: string; scope: string; id: number }[] = [];
  /** kubectl-visible status transitions of pods and nodes. */
  readonly status = new StatusHistory();
  /** Counter readings at each counter SLO's `from`, by instant then metric (slo-windows.ts). */
  readonly countersFrom = new Map<number, Map<string, number>>();
  pendingPods = 0;
  runningPods = 0;
  /**
   * With the API server model the startup SLI ends when the status saying "all containers
   * started" is observed through the watch (the SLI's words), which is later than the kubelet's
   * own start time by the status write and the watch delay. Without it the two coincide.
   */
  startupObservedViaWatch = false;
  /** Per pod: UNBOUND, BOUND (its requests count on its node) or RELEASED (terminal). */
  private bound = new Uint8Array(1024);
  private running = new Uint8Array(1024);
  private sli = new Uint8Array(1024);
  private readonly requestsCache = new WeakMap<Container[], { cpu: number; memory: number }>();
  private readonly kSample: number;

  constructor(private readonly ctx: ActorContext) {
    const { store, ledger, sim, scenario } = ctx;
    this.sampler = new TimeSeriesSampler(scenario.sampleIntervalUs);
    this.gauge("pending_pods", () => this.pendingPods);
    this.gauge("running_pods", () => this.runningPods);
    this.gauge("nodes_ready", () => this.readyTotals()[0]);
    this.gauge("cpu_requested_millicores", () => this.readyTotals()[1]);
    this.gauge("cpu_allocatable_millicores", () => this.readyTotals()[2]);
    this.gauge("memory_requested_bytes", () => this.readyTotals()[3]);
    this.gauge("memory_allocatable_bytes", () => this.readyTotals()[4]);
    this.gauge("cpu_requested_pct", () => pct(this.readyTotals()[1], this.readyTotals()[2]));
    this.gauge("memory_requested_pct", () => pct(this.readyTotals()[3], this.readyTotals()[4]));
    this.kSample = sim.handler(() => this.sample());
    sim.at(0, Band.METRICS_SAMPLE, this.kSample, 0);
    store.watch("Node", (t, o) => this.onNode(t, o as Node));
    store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
    store.onEvent((e) => {
      this.eventsByReason.set(e.reason, (this.eventsByReason.get(e.reason) ?? 0) + 1);
      if (e.reason === "FailedScheduling") this.failedSchedulingMessages.set(e.message, (this.failedSchedulingMessages.get(e.message) ?? 0) + 1);
    });
    ledger.onReady((id) => {
      if (this.sli[id] === SLI_EXCLUDED && !Number.isNaN(ledger.startedUs[id]!) && ledger.startedUs[id]! <= ledger.createdUs[id]!) return; // was Running when added
      this.podStartupLatencyE2E.record(ledger.readyUs[id]! - ledger.createdUs[id]!, ledger.createdUs[id]!);
      // Ready without a watch event after the start (no status posted in between): record the SLI now.
      if (this.sli[id] === SLI_WAITING && !Number.isNaN(ledger.startedUs[id]!) && !this.startupObservedViaWatch) this.recordStartup(id);
    });
  }

  /** Whether the pod's startup counted towards the SLI (pods.csv leaves the others empty). */
  inStartupSli(id: number): boolean {
    return id < this.sli.length && this.sli[id] === SLI_RECORDED;
  }

  /** The startup SLI of a pod whose containers have all started (seen through the watch). */
  private recordStartup(id: number): void {
    const { ledger } = this.ctx;
    this.sli[id] = SLI_RECORDED;
    const end = this.startupObservedViaWatch ? Math.max(this.ctx.sim.nowUs, ledger.startedUs[id]!) : ledger.startedUs[id]!;
    const sli = Math.max(0, end - ledger.createdUs[id]! - ledger.pullUs[id]!);
    // An SLO's `from` counts a pod by its creation, the SLI's own start (startup-sli.ts).
    this.podStartupLatency.record(sli, ledger.createdUs[id]!);
    const w = ledger.workload[id]!;
    if (w !== "") {
      let h = this.podStartupByWorkload.get(w);
      if (!h) this.podStartupByWorkload.set(w, (h = new LatencyHistogram()));
      h.record(sli);
    }
  }

  /** Registers a gauge sampled every `sampleIntervalUs` (timeseries.csv, summary.csv). */
  gauge(metric: string, read: () => number, scope = "cluster"): void {
    this.gauges.push({ metric, scope, id: this.sampler.gauge(metric, scope, read) });
  }

  private totalsAtUs = -1;
  private totals: [number, number, number, number, number] = [0, 0, 0, 0, 0];

  /** [nodes ready, cpu requested, cpu allocatable, memory requested, memory allocatable] over Ready nodes. */
  readyTotals(): [number, number, number, number, number] {
    if (this.totalsAtUs === this.ctx.sim.nowUs) return this.totals;
    const t: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const n of this.nodes.values()) {
      if (!n.ready || !Number.isNaN(n.deletedUs)) continue;
      t[0]++;
      t[1] += n.cpuRequested;
      t[2] += n.cpuAllocatable;
      t[3] += n.memoryRequested;
      t[4] += n.memoryAllocatable;
    }
    this.totals = t;
    this.totalsAtUs = this.ctx.sim.nowUs;
    return t;
  }

  private sample(): void {
    const sim = this.ctx.sim;
    this.totalsAtUs = -1;
    this.sampler.sample(sim.nowUs);
    for (const n of this.nodes.values()) {
      if (!Number.isNaN(n.deletedUs)) continue;
      n.peakCpuPct = Math.max(n.peakCpuPct, pct(n.cpuRequested, n.cpuAllocatable));
      n.peakMemoryPct = Math.max(n.peakMemoryPct, pct(n.memoryRequested, n.memoryAllocatable));
    }
    const next = this.sampler.nextSampleUs;
    if (next <= this.ctx.scenario.durationUs) sim.at(next, Band.METRICS_SAMPLE, this.kSample, 0);
  }

  private onNode(t: WatchEventType, node: Node): void {
    const name = node.metadata!.name!;
    const now = this.ctx.sim.nowUs;
    if (t !== "DELETED") this.status.node(node, now, KUBERNETES_VERSION_MODELLED);
    // Unknown: NotReady by the node lifecycle controller; False: registered, not yet Ready (new nodes).
    const readyStatus = node.status?.conditions?.find((c) => c.type === "Ready")?.status;
    const ready = readyStatus !== "Unknown" && readyStatus !== "False";
    if (t === "ADDED") {
      const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
      this.nodes.set(name, {
        name,
        pool: this.poolOf.get(name) ?? "",
        zone: node.metadata?.labels?.["topology.kubernetes.io/zone"] ?? "",
        createdUs: now,
        deletedUs: NaN,
        cpuAllocatable: alloc["cpu"] === undefined ? 0 : resourceValue("cpu", alloc["cpu"]),
        memoryAllocatable: alloc["memory"] === undefined ? 0 : resourceValue("memory", alloc["memory"]),
        cpuRequested: 0,
        memoryRequested: 0,
        ready,
        peakCpuPct: 0,
        peakMemoryPct: 0,
      });
    } else {
      const n = this.nodes.get(name);
      if (!n) return;
      if (t === "DELETED") n.deletedUs = now;
      else n.ready = ready;
    }
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const { ledger, sim } = this.ctx;
    const now = sim.nowUs;
    this.ensure(id + 1);
    const nodeName = pod.spec?.nodeName;
    if (t === "ADDED") {
      const m = pod.metadata!;
      ledger.add(id, m.namespace || "default", m.name!, this.workloadOf(pod), qosClass(pod.spec!), now);
      if (!nodeName) this.pendingPods++;
      else {
        this.bind(id, pod, now);
        if (isTerminal(pod)) this.unbind(id, pod, RELEASED);
      }
      // Already Running when it appeared (a snapshot), stateful: not part of the startup SLI.
      this.sli[id] = pod.status?.phase === "Running" || !isStatelessPod(pod.spec) ? SLI_EXCLUDED : SLI_WAITING;
      if (pod.status?.phase === "Running") this.setRunning(id, true);
      this.status.pod(id, pod, now, ledger.isReady(id), ledger.restarts[id]!);
      return;
    }
    if (t === "DELETED") {
      ledger.deletedUs[id] = now;
      if (this.bound[id] === BOUND) this.unbind(id, pod, UNBOUND);
      else if (this.bound[id] === UNBOUND) this.pendingPods--;
      this.setRunning(id, false);
      return;
    }
    if (nodeName && this.bound[id] === UNBOUND) {
      this.pendingPods--;
      this.bind(id, pod, now);
      const queued = ledger.queuedUs[id]!;
      if (!Number.isNaN(queued)) this.schedulingLatency.record(now - queued, queued);
    }
    if (this.bound[id] === BOUND && isTerminal(pod)) this.unbind(id, pod, RELEASED);
    if (pod.metadata?.deletionTimestamp && Number.isNaN(ledger.terminatingUs[id]!)) ledger.terminatingUs[id] = now;
    this.setRunning(id, pod.status?.phase === "Running");
    // A preemptor (nominated node) is not "schedulable without preemption": out of the SLI.
    if (pod.status?.nominatedNodeName) this.sli[id] = SLI_EXCLUDED;
    else if (this.sli[id] === SLI_WAITING && !Number.isNaN(ledger.startedUs[id]!)) this.recordStartup(id);
    this.status.pod(id, pod, now, ledger.isReady(id), ledger.restarts[id]!);
  }

  private setRunning(id: number, on: boolean): void {
    const v = on ? 1 : 0;
    if (this.running[id] === v) return;
    this.running[id] = v;
    this.runningPods += on ? 1 : -1;
  }

  private bind(id: number, pod: Pod, _now: number): void {
    this.bound[id] = BOUND;
    const n = this.nodes.get(pod.spec!.nodeName!);
    if (!n) return;
    const r = this.requests(pod);
    n.cpuRequested += r.cpu;
    n.memoryRequested += r.memory;
    this.ctx.ledger.node[id] = n.name;
  }

  /** Takes the pod's requests off its node: deleted (`UNBOUND`), or Succeeded / Failed (`RELEASED`). */
  private unbind(id: number, pod: Pod, state: number): void {
    this.bound[id] = state;
    const n = this.nodes.get(pod.spec!.nodeName!);
    if (!n) return;
    const r = this.requests(pod);
    n.cpuRequested -= r.cpu;
    n.memoryRequested -= r.memory;
  }

  /** Requests per template: pods of one template share their `containers` array. */
  private requests(pod: Pod): { cpu: number; memory: number } {
    const key = pod.spec!.containers;
    let r = this.requestsCache.get(key);
    if (!r) {
      const full = computePodRequests(pod.spec!);
      r = { cpu: full.cpu, memory: full.memory };
      this.requestsCache.set(key, r);
    }
    return r;
  }

  /** `Deployment/web` for a pod of a Deployment's ReplicaSet, else its controller, else "". */
  private workloadOf(pod: Pod): string {
    const ref = controllerOf(pod);
    if (!ref?.kind || !ref.name) return "";
    if (ref.kind === "ReplicaSet") {
      const rs: KubeObject | undefined = this.ctx.store.get("ReplicaSet", pod.metadata!.namespace, ref.name);
      const up = rs ? controllerOf(rs) : undefined;
      if (up?.kind && up.name) return `${up.kind}/${up.name}`;
    }
    return `${ref.kind}/${ref.name}`;
  }

  private ensure(n: number): void {
    if (n <= this.bound.length) return;
    const cap = Math.max(n, this.bound.length * 2);
    const b = new Uint8Array(cap);
    b.set(this.bound);
    this.bound = b;
    const r = new Uint8Array(cap);
    r.set(this.running);
    this.running = r;
    const q = new Uint8Array(cap);
    q.set(this.sli);
    this.sli = q;
  }
}

function pct(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}
