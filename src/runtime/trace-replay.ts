/**
 * Replays pod traces (`spec.workloads[].trace`, docs/trace-replay.md): the trace's node list
 * joins the cluster at t = 0, and each row becomes a bare Pod created (and, `Recorded`, deleted)
 * at its time, as a user or a batch system would through the API server. The scheduler,
 * kubelets and everything else treat them like any pod.
 *
 * What a capacity planner reads comes from here too: which trace pods were ever placed, why the
 * others were not (their last FailedScheduling message, split into its reasons), GPUs one by
 * one and their fragmentation (`gpu-fragmentation.ts`), sampled as gauges:
 * `gpu_requested_pct`, `gpu_fragmentation_pct`, `cpu_fragmentation_pct`, ...
 *
 *   const replay = new TraceReplay(scenario.traces, gauge);   // an Actor; started with the others
 *   replay.report().unplaced;                                  // after the run
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { RecordedEvent } from "../apiserver/object-store.js";
import type { Node, Pod } from "../cluster/k8s-types.js";
import { computePodRequests } from "../cluster/pod-requests.js";
import { resourceValue } from "../cluster/quantity.js";
import { Band } from "../engine/index.js";
import { MILLI_PER_GPU, QOS_BEST_EFFORT, QOS_GUARANTEED } from "../scenario/trace-csv.js";
import { ALIBABA_GPU_COUNT, type PodTrace } from "../scenario/trace-specs.js";
import { GpuLedger, typicalPods, type GpuAssignment } from "./gpu-fragmentation.js";

/** Label on every trace pod: the index of its `spec.workloads` entry. */
export const TRACE_LABEL = "kubesim.io/trace";
/** A container that only holds its requests (the trace says nothing of what ran). */
export const TRACE_IMAGE = "registry.k8s.io/pause:3.10";
const PAUSE_IMAGE_BYTES = 736_000;

export type Gauge = (metric: string, scope: string, read: () => number) => void;

/** What `report()` returns: counts over every trace of the scenario. */
export interface TraceReplayReport {
  /** Rows of the files (after `limit`). */
  rows: number;
  /** Pods whose lifetime falls outside the run: gone by startAt (Recorded), or created at or after the run's end. */
  outsideRun: number;
  created: number;
  /** Bound to a node at least once. */
  placed: number;
  /** Created but never bound (still Pending at the end, or deleted while Pending). */
  unplaced: number;
  /** GPUs asked by the created / placed / unplaced pods (whole GPUs; shares add up). */
  gpusRequested: number;
  gpusPlaced: number;
  gpusUnplaced: number;
  /** Unplaced pods by reason of their last FailedScheduling message (a pod counts under each of its reasons). */
  unplacedByReason: { reason: string; pods: number }[];
  /** Placed where no single GPU had room for the pod's share (see gpu-fragmentation.ts). */
  gpuConflicts: number;
}

/**
 * Unplaced pods that never got a FailedScheduling event: deleted in the instant they were
 * created (a zero-length row), or created as the run ended.
 */
export const REASON_NOT_ATTEMPTED = "never attempted (deleted or run ended first)";

export class TraceReplay implements Actor {
  readonly name = "trace-replay";
  private ctx!: ActorContext;
  private readonly base: number[] = [];
  private readonly total: number;
  /** Per global row: 1 created, 2 placed. */
  private readonly state: Uint8Array;
  private readonly lastMessage: (string | undefined)[];
  private readonly idOfPod = new Map<string, number>();
  /** Store id → global row, for bind/unbind of trace pods. */
  private readonly rowOfStoreId = new Map<number, number>();
  private readonly bound = new Map<number, { node: string; cpu: number; memory: number; gpus: GpuAssignment }>();
  private outsideRun = 0;
  readonly gpus: GpuLedger;
  private readonly gpuResource: string;
  private readonly milliPerUnit: number;

  constructor(
    readonly traces: readonly PodTrace[],
    private readonly gauge: Gauge,
  ) {
    let n = 0;
    for (const t of traces) {
      this.base.push(n);
      n += t.pods.count;
    }
    this.total = n;
    this.state = new Uint8Array(n);
    this.lastMessage = new Array<string | undefined>(n);
    this.gpus = new GpuLedger(typicalPods(traces.map((t) => t.pods)));
    this.gpuResource = traces[0]?.gpuResource ?? "";
    this.milliPerUnit = traces[0]?.milliPerUnit ?? MILLI_PER_GPU;
  }

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    const { sim, store } = ctx;
    if (this.traces.some((t) => t.gpuResource !== this.gpuResource)) ctx.warn(`trace replay: traces request GPUs as different resources; GPU figures count ${this.gpuResource} only`);
    store.watch("Node", (type, o) => this.onNode(type, o as Node));
    store.watch("Pod", (type, o, id) => this.onPod(type, o as Pod, id));
    store.onEvent((e) => this.onEvent(e));
    this.registerGauges();
    const kCreate = sim.handler((g) => this.create(g));
    const kDelete = sim.handler((g) => this.remove(g));
    this.traces.forEach((t, k) => {
      for (let i = 0; i < (t.nodes?.count ?? 0); i++) {
        if (store.get("Node", undefined, t.nodes!.names[i]!)) ctx.warn(`trace replay: node ${t.nodes!.names[i]} of ${t.nodesFile} already exists; the trace's copy is ignored`);
        else store.create("Node", this.nodeObject(t, i));
      }
      const rows = t.pods;
      for (let i = 0; i < rows.count; i++) {
        const g = this.base[k]! + i;
        let createUs: number;
        let deleteUs = NaN;
        if (t.arrival === "Sequential") createUs = i * t.intervalUs;
        else {
          const c = Math.round(rows.creationS[i]! * 1e6) - t.startAtUs;
          const d = Math.round(rows.deletionS[i]! * 1e6) - t.startAtUs;
          if (d <= 0 || c >= ctx.scenario.durationUs) {
            this.outsideRun++;
            continue;
          }
          createUs = Math.max(0, c);
          deleteUs = d;
        }
        if (createUs >= ctx.scenario.durationUs) {
          this.outsideRun++;
          continue;
        }
        sim.at(createUs, Band.CONTROLLER, kCreate, g);
        if (deleteUs <= ctx.scenario.durationUs) sim.at(deleteUs, Band.CONTROLLER, kDelete, g);
      }
    });
  }

  private traceOf(g: number): [PodTrace, number] {
    let k = this.base.length - 1;
    while (this.base[k]! > g) k--;
    return [this.traces[k]!, g - this.base[k]!];
  }

  private create(g: number): void {
    const [t, i] = this.traceOf(g);
    if (this.ctx.store.get("Pod", t.namespace, t.pods.names[i]!)) {
      this.ctx.warn(`trace replay: pod ${t.namespace}/${t.pods.names[i]} already exists; the trace's row is skipped`);
      return;
    }
    const pod = this.podObject(t, i);
    const key = `Pod/${t.namespace}/${pod.metadata!.name}`;
    this.idOfPod.set(key, g);
    this.state[g] = 1;
    const id = this.ctx.store.create("Pod", pod);
    // −1: refused at admission (spec.apiServer webhooks); it stays unplaced, with that reason.
    if (id < 0) this.lastMessage[g] = `rejected at admission: ${this.ctx.store.lastError}`;
    else this.rowOfStoreId.set(id, g);
  }

  private remove(g: number): void {
    const [t, i] = this.traceOf(g);
    const pod = this.ctx.store.get("Pod", t.namespace, t.pods.names[i]!);
    if (pod) this.ctx.store.deletePod(pod);
  }

  /** A bare Pod holding the row's requests; limits = requests for Guaranteed, nothing for BestEffort. */
  private podObject(t: PodTrace, i: number): Pod {
    const r = t.pods;
    const requests: Record<string, string> = {};
    const qos = r.qos[i]!;
    if (qos !== QOS_BEST_EFFORT) {
      requests["cpu"] = `${r.cpuMillicores[i]}m`;
      requests["memory"] = String(r.memoryBytes[i]);
    }
    const limits: Record<string, string> = qos === QOS_GUARANTEED ? { ...requests } : {};
    if (r.gpuCount[i]! > 0) {
      // Extended resources are requested as limits (requests default to them): core/v1 validation.
      const units = (r.gpuCount[i]! * r.gpuMilli[i]!) / t.milliPerUnit;
      requests[t.gpuResource] = limits[t.gpuResource] = String(units);
    }
    const labels: Record<string, string> = { [TRACE_LABEL]: String(t.index) };
    if (r.traceQos[i]) labels["alibabacloud.com/qos"] = r.traceQos[i]!;
    const models = r.gpuModels[i];
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: r.names[i]!, namespace: t.namespace, labels },
      spec: {
        containers: [{ name: "main", image: TRACE_IMAGE, resources: { requests, ...(Object.keys(limits).length > 0 ? { limits } : {}) } }],
        ...(r.priority[i] !== 0 ? { priority: r.priority[i]! } : {}),
        ...(models
          ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: t.gpuModelLabel, operator: "In", values: models }] }] } } } }
          : {}),
      },
    };
  }

  /** A Ready node from the trace's node list, shaped as the trace's own Node objects are. */
  private nodeObject(t: PodTrace, i: number): Node {
    const n = t.nodes!;
    const allocatable: Record<string, string> = { cpu: `${n.cpuMillicores[i]}m`, memory: String(n.memoryBytes[i]), pods: String(n.pods[i]) };
    const gpus = n.gpus[i]!;
    if (gpus > 0) allocatable[t.gpuResource] = String((gpus * MILLI_PER_GPU) / t.milliPerUnit);
    if (gpus > 0 && t.format === "alibaba-gpu-v2023") allocatable[ALIBABA_GPU_COUNT] = String(gpus);
    const labels: Record<string, string> = { "kubernetes.io/hostname": n.names[i]!, "kubernetes.io/os": "linux" };
    if (n.gpuModel[i]) labels[t.gpuModelLabel] = n.gpuModel[i]!;
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: n.names[i]!, labels },
      spec: {},
      status: { allocatable, capacity: { ...allocatable }, images: [{ names: [TRACE_IMAGE], sizeBytes: PAUSE_IMAGE_BYTES }], conditions: [{ type: "Ready", status: "True" }] },
    };
  }

  private onNode(type: string, node: Node): void {
    const name = node.metadata!.name!;
    if (type === "DELETED") return this.gpus.removeNode(name);
    if (type !== "ADDED") return;
    const a = node.status?.allocatable ?? node.status?.capacity ?? {};
    const units = a[this.gpuResource] === undefined ? 0 : resourceValue(this.gpuResource, a[this.gpuResource]!);
    const value = (k: string) => (a[k] === undefined ? 0 : resourceValue(k, a[k]!));
    this.gpus.addNode(name, value("cpu"), value("memory"), Math.floor((units * this.milliPerUnit) / MILLI_PER_GPU), node.metadata?.labels?.[this.traces[0]?.gpuModelLabel ?? ""] ?? "");
  }

  private onPod(type: string, pod: Pod, id: number): void {
    const was = this.bound.get(id);
    if (type === "DELETED") {
      if (was) {
        this.gpus.unbind(was.node, was.cpu, was.memory, was.gpus);
        this.bound.delete(id);
      }
      this.rowOfStoreId.delete(id);
      return;
    }
    const node = pod.spec?.nodeName;
    if (!node || was) return;
    // Every pod counts towards node usage, trace pod or not; the trace's rows say their GPU shape.
    const req = computePodRequests(pod.spec!);
    const g = this.rowOfStoreId.get(id);
    let count: number;
    let milli: number;
    if (g !== undefined) {
      const [t, i] = this.traceOf(g);
      count = t.pods.gpuCount[i]!;
      milli = t.pods.gpuMilli[i]!;
      this.state[g] = 2;
    } else {
      const total = (req.scalars.get(this.gpuResource) ?? 0) * this.milliPerUnit;
      count = Math.ceil(total / MILLI_PER_GPU);
      milli = total < MILLI_PER_GPU ? total : MILLI_PER_GPU;
    }
    const gpus = this.gpus.bind(node, req.cpu, req.memory, count, milli);
    this.bound.set(id, { node, cpu: req.cpu, memory: req.memory, gpus });
  }

  private onEvent(e: RecordedEvent): void {
    if (e.reason !== "FailedScheduling") return;
    const g = this.idOfPod.get(e.object);
    if (g !== undefined) this.lastMessage[g] = e.message;
  }

  private totalsAtUs = -1;
  private totalsCache: ReturnType<GpuLedger["totals"]> | null = null;

  private registerGauges(): void {
    // One pass over the nodes per sample, shared by the gauges below.
    const totals = () => {
      const now = this.ctx.sim.nowUs;
      if (this.totalsAtUs !== now || !this.totalsCache) [this.totalsCache, this.totalsAtUs] = [this.gpus.totals(), now];
      return this.totalsCache;
    };
    const pct = (a: number, b: number) => (b > 0 ? (100 * a) / b : 0);
    this.gauge("gpu_allocatable_gpus", "cluster", () => totals().gpus);
    this.gauge("gpu_requested_gpus", "cluster", () => {
      const t = totals();
      return (t.gpus * MILLI_PER_GPU - t.gpuFreeMilli) / MILLI_PER_GPU;
    });
    this.gauge("gpu_requested_pct", "cluster", () => {
      const t = totals();
      return pct(t.gpus * MILLI_PER_GPU - t.gpuFreeMilli, t.gpus * MILLI_PER_GPU);
    });
    this.gauge("gpu_fragmented_gpus", "cluster", () => totals().gpuFragMilli / MILLI_PER_GPU);
    this.gauge("gpu_fragmentation_pct", "cluster", () => {
      const t = totals();
      return pct(t.gpuFragMilli, t.gpuFreeMilli);
    });
    this.gauge("cpu_fragmentation_pct", "cluster", () => {
      const t = totals();
      return pct(t.cpuFragMillicores, t.cpuFree);
    });
  }

  report(): TraceReplayReport {
    let created = 0;
    let placed = 0;
    let gpusRequested = 0;
    let gpusPlaced = 0;
    const byReason = new Map<string, number>();
    for (let g = 0; g < this.total; g++) {
      if (this.state[g] === 0) continue;
      const [t, i] = this.traceOf(g);
      const gpus = (t.pods.gpuCount[i]! * t.pods.gpuMilli[i]!) / MILLI_PER_GPU;
      created++;
      gpusRequested += gpus;
      if (this.state[g] === 2) {
        placed++;
        gpusPlaced += gpus;
        continue;
      }
      for (const reason of failedSchedulingReasons(this.lastMessage[g])) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    }
    const unplacedByReason = [...byReason].map(([reason, pods]) => ({ reason, pods })).sort((a, b) => b.pods - a.pods || (a.reason < b.reason ? -1 : 1));
    return {
      rows: this.total,
      outsideRun: this.outsideRun,
      created,
      placed,
      unplaced: created - placed,
      gpusRequested: round3(gpusRequested),
      gpusPlaced: round3(gpusPlaced),
      gpusUnplaced: round3(gpusRequested - gpusPlaced),
      unplacedByReason,
      gpuConflicts: this.gpus.conflicts,
    };
  }
}

/** GPU totals are sums of milli-GPU shares: keep them exact to the milli. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The reasons of a FailedScheduling message, without their node counts:
 * "0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint(s). preemption: ..."
 * → ["Insufficient cpu", "node(s) had untolerated taint(s)"] (the format of upstream FitError.Error()).
 */
export function failedSchedulingReasons(message: string | undefined): string[] {
  if (message === undefined) return [REASON_NOT_ATTEMPTED];
  const m = /^0\/\d+ nodes are available: (.*?)\.(?: preemption:|$)/.exec(message);
  if (!m) return [message];
  return m[1]!.split(", ").map((part) => part.replace(/^\d+ /, ""));
}
