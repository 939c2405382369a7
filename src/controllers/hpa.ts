/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go
 * `reconcileAutoscaler`), one actor for every HPA:
 *
 * - Each HPA is reconciled every `--horizontal-pod-autoscaler-sync-period` (15 s), the first
 *   time one period after it is created (the work queue's fixed-interval rate limiter delays
 *   every add, the first included). One engine timer serves all HPAs.
 * - The scale is the target's `spec.replicas` (Deployment, ReplicaSet, StatefulSet); its pods
 *   are those of the namespace matching the target's `spec.selector`.
 * - currentReplicas 0 (with minReplicas ≥ 1) disables scaling; above maxReplicas or below
 *   minReplicas it is brought back into range; otherwise each metric proposes a count
 *   (hpa-replicas.ts), the largest wins, and hpa-behavior.ts stabilises and rate-limits it.
 *   If every metric fails, or one fails and the others propose a scale-down, nothing changes
 *   (`FailedComputeMetricsReplicas`).
 * - A rescale writes the target's `spec.replicas` through the store and records
 *   `SuccessfulRescale` ("New size: 6; reason: cpu resource utilization (percentage of
 *   request) above target"); `status` (currentReplicas, desiredReplicas, currentMetrics,
 *   lastScaleTime) is written back when it changes.
 *
 * Metrics come from a `MetricsSource` through the metrics-server view of pod-metrics.ts.
 * Pod readiness for the cpu rules: `startTime` is the bind time (the kubelet sets it when it
 * admits the pod), the Ready transition is the ledger's; a pod that was Ready and is not now
 * counts as having been ready (its NotReady transition time is not recorded).
 * Pods/Object/External/ContainerResource metrics are ignored with a warning.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import { simTimestamp } from "../apiserver/sim-time.js";
import type { KubeObject, LabelSelector, Pod } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import type { HpaControllerSettings } from "../scenario/scenario-types.js";
import { DEFAULT_HPA_SETTINGS, DEFAULT_METRIC_RESOLUTION_US } from "./autoscaling-defaults.js";
import { HpaRecommendations } from "./hpa-behavior.js";
import { calcReplicas, type PodSample } from "./hpa-replicas.js";
import { parseHpaSpec, type HpaMetric, type HpaSpec } from "./hpa-spec.js";
import { matchesSelector } from "../cluster/label-match.js";
import { containerRequests, NO_METRICS, type MetricsSource } from "./pod-metrics.js";

export interface HpaControllerOptions {
  metrics?: MetricsSource;
  /** Registers a sampled gauge (the run recorder's `gauge`), per HPA: replicas and metric. */
  gauge?: (metric: string, scope: string, read: () => number) => void;
}

type Scalable = KubeObject & { spec?: { replicas?: number; selector?: LabelSelector } };

interface HpaState {
  obj: KubeObject & { spec?: unknown; status?: Record<string, unknown> };
  spec: HpaSpec | null;
  specRef: unknown;
  ns: string;
  rec: HpaRecommendations;
  nextSyncUs: number;
  /** Pods matching the target's selector, by store id; rebuilt when the selector object changes. */
  members: Map<number, Pod>;
  selectorRef: LabelSelector | undefined | null;
  currentReplicas: number;
  desiredReplicas: number;
  /** Per metric: current utilization (%) or average value (millicores, bytes); NaN unknown. */
  currentMetric: number[];
}

export class HorizontalPodAutoscalerController implements Actor {
  readonly name = "horizontal-pod-autoscaler";
  private ctx!: ActorContext;
  private settings: HpaControllerSettings = { ...DEFAULT_HPA_SETTINGS };
  private resolutionUs = DEFAULT_METRIC_RESOLUTION_US;
  private readonly metrics: MetricsSource;
  private readonly hpas = new Map<string, HpaState>();
  /** Pods by namespace (the controller's pod lister). */
  private readonly podsByNs = new Map<string, Map<number, Pod>>();
  private kSync = -1;
  private timer = -1;
  private timerAtUs = Infinity;

  constructor(private readonly opts: HpaControllerOptions = {}) {
    this.metrics = opts.metrics ?? NO_METRICS;
  }

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    const a = ctx.scenario.autoscaling;
    if (a) {
      this.settings = a.horizontalPodAutoscaler;
      this.resolutionUs = a.metricResolutionUs;
    }
    this.kSync = ctx.sim.handler(() => this.onTimer());
    ctx.store.watch("HorizontalPodAutoscaler", (t, o) => this.onHpa(t, o));
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
  }

  /** The HPA's state (tests, explain). */
  state(namespace: string, name: string): Readonly<HpaState> | undefined {
    return this.hpas.get(`${namespace}/${name}`);
  }

  private onHpa(t: WatchEventType, o: KubeObject): void {
    const ns = o.metadata?.namespace || "default";
    const key = `${ns}/${o.metadata!.name}`;
    if (t === "DELETED") {
      this.hpas.delete(key);
      return;
    }
    const existing = this.hpas.get(key);
    const spec = (o as { spec?: unknown }).spec;
    if (existing) {
      existing.obj = o as HpaState["obj"];
      if (existing.specRef !== spec) this.readSpec(existing);
      return;
    }
    const st: HpaState = {
      obj: o as HpaState["obj"],
      spec: null,
      specRef: undefined,
      ns,
      rec: new HpaRecommendations(),
      nextSyncUs: this.ctx.sim.nowUs + this.settings.syncPeriodUs,
      members: new Map(),
      selectorRef: null,
      currentReplicas: NaN,
      desiredReplicas: NaN,
      currentMetric: [],
    };
    this.readSpec(st);
    this.hpas.set(key, st);
    const scope = `HorizontalPodAutoscaler/${key}`;
    this.opts.gauge?.("hpa_current_replicas", scope, () => st.currentReplicas);
    this.opts.gauge?.("hpa_desired_replicas", scope, () => st.desiredReplicas);
    const named = new Set<string>();
    st.spec?.metrics.forEach((m, i) => {
      const g = metricGaugeName(m);
      if (!named.has(g)) this.opts.gauge?.(g, scope, () => st.currentMetric[i] ?? NaN);
      named.add(g);
    });
    this.arm(st.nextSyncUs);
  }

  private readSpec(st: HpaState): void {
    const name = `HorizontalPodAutoscaler ${st.ns}/${st.obj.metadata!.name}`;
    st.specRef = (st.obj as { spec?: unknown }).spec;
    st.spec = parseHpaSpec(st.obj, (path, _code, message) => this.ctx.warn(`${name}: ${path.join(".")}: ${message}; the HPA is not simulated`));
    for (const u of st.spec?.unsupported ?? []) this.ctx.warn(`${name}: ${u} metrics are not simulated (only Resource cpu/memory); that metric is ignored`);
    st.selectorRef = null;
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const ns = pod.metadata?.namespace || "default";
    let pods = this.podsByNs.get(ns);
    if (!pods) this.podsByNs.set(ns, (pods = new Map()));
    if (t === "DELETED") {
      pods.delete(id);
      for (const st of this.hpas.values()) st.members.delete(id);
      return;
    }
    pods.set(id, pod);
    if (t !== "ADDED") return;
    for (const st of this.hpas.values()) {
      if (st.ns === ns && st.selectorRef && matchesSelector(st.selectorRef, pod.metadata?.labels)) st.members.set(id, pod);
    }
  }

  private arm(atUs: number): void {
    if (atUs >= this.timerAtUs) return;
    if (this.timer >= 0) this.ctx.sim.cancel(this.timer);
    this.timerAtUs = atUs;
    this.timer = this.ctx.sim.at(atUs, Band.CONTROLLER, this.kSync, 0);
  }

  private onTimer(): void {
    this.timer = -1;
    this.timerAtUs = Infinity;
    const now = this.ctx.sim.nowUs;
    let next = Infinity;
    for (const st of this.hpas.values()) {
      if (st.nextSyncUs <= now) {
        this.reconcile(st);
        st.nextSyncUs = now + this.settings.syncPeriodUs;
      }
      next = Math.min(next, st.nextSyncUs);
    }
    if (next !== Infinity) this.arm(next);
  }

  private reconcile(st: HpaState): void {
    const spec = st.spec;
    if (!spec) return;
    const { store, sim } = this.ctx;
    const now = sim.nowUs;
    const target = store.get(spec.targetKind, st.ns, spec.targetName) as Scalable | undefined;
    if (!target?.spec) {
      store.recordEvent("Warning", "FailedGetScale", "HorizontalPodAutoscaler", st.obj, `${spec.targetKind.toLowerCase()}s "${spec.targetName}" not found`);
      return;
    }
    const current = target.spec.replicas ?? 1;
    st.rec.recordInitial(current, now);
    let desired = 0;
    let reason = "";
    let rescale = true;
    if (current === 0 && spec.minReplicas !== 0) {
      rescale = false;
    } else if (current > spec.maxReplicas) {
      desired = spec.maxReplicas;
      reason = "Current number of replicas above Spec.MaxReplicas";
    } else if (current < spec.minReplicas) {
      desired = spec.minReplicas;
      reason = "Current number of replicas below Spec.MinReplicas";
    } else {
      const pods = this.podsOf(st, target);
      let invalid = 0;
      let metricName = "";
      let firstError = "";
      spec.metrics.forEach((m, i) => {
        const p = calcReplicas(this.samples(pods, m), current, { utilization: m.averageUtilization, averageValueMilli: m.averageValueMilli }, this.calcOptions(spec, m, now));
        if (p.error !== "") {
          invalid++;
          firstError ||= p.error;
          st.currentMetric[i] = NaN;
          store.recordEvent("Warning", "FailedGetResourceMetric", "HorizontalPodAutoscaler", st.obj, `failed to get ${m.resource} ${m.averageUtilization !== null ? "utilization" : "usage"}: ${p.error}`);
          return;
        }
        st.currentMetric[i] = m.averageUtilization !== null ? p.current : m.resource === "cpu" ? p.current : p.current / 1000;
        if (p.replicas > desired) {
          desired = p.replicas;
          metricName = m.averageUtilization !== null ? `${m.resource} resource utilization (percentage of request)` : `${m.resource} resource`;
        }
      });
      if (invalid >= spec.metrics.length || (invalid > 0 && desired < current)) {
        store.recordEvent("Warning", "FailedComputeMetricsReplicas", "HorizontalPodAutoscaler", st.obj, `invalid metrics (${invalid} invalid out of ${spec.metrics.length}), first error is: ${firstError}`);
        this.writeStatus(st, current, st.desiredReplicas, false);
        return;
      }
      if (desired > current) reason = `${metricName} above target`;
      if (desired < current) reason = "All metrics below target";
      desired = st.rec.normalize(spec, current, desired, now, this.settings.downscaleStabilizationUs);
      rescale = desired !== current;
    }
    if (rescale) {
      target.spec.replicas = desired;
      store.update(spec.targetKind, target);
      store.recordEvent("Normal", "SuccessfulRescale", "HorizontalPodAutoscaler", st.obj, `New size: ${desired}; reason: ${reason}`);
      st.rec.recordScale(spec, current, desired, now);
    } else desired = current;
    this.writeStatus(st, current, desired, rescale);
  }

  private writeStatus(st: HpaState, current: number, desired: number, rescaled: boolean): void {
    st.currentReplicas = current;
    st.desiredReplicas = desired;
    const prev = st.obj.status;
    if (!rescaled && prev && prev["currentReplicas"] === current && prev["desiredReplicas"] === desired) return;
    st.obj.status = {
      ...prev,
      currentReplicas: current,
      desiredReplicas: desired,
      ...(rescaled ? { lastScaleTime: simTimestamp(this.ctx.sim.nowUs) } : {}),
    };
    this.ctx.store.update("HorizontalPodAutoscaler", st.obj);
  }

  /** The target's pods (the scale subresource's `status.selector`), kept incrementally. */
  private podsOf(st: HpaState, target: Scalable): Map<number, Pod> {
    const sel = target.spec?.selector;
    if (sel !== st.selectorRef) {
      st.selectorRef = sel;
      st.members = new Map();
      for (const [id, pod] of this.podsByNs.get(st.ns) ?? []) if (matchesSelector(sel, pod.metadata?.labels)) st.members.set(id, pod);
    }
    return st.members;
  }

  private calcOptions(spec: HpaSpec, m: HpaMetric, nowUs: number) {
    const tol = this.settings.tolerance;
    return {
      resource: m.resource,
      nowUs,
      toleranceDown: spec.behavior?.scaleDown.tolerance ?? tol,
      toleranceUp: spec.behavior?.scaleUp.tolerance ?? tol,
      cpuInitializationPeriodUs: this.settings.cpuInitializationPeriodUs,
      initialReadinessDelayUs: this.settings.initialReadinessDelayUs,
    };
  }

  /** One sample per pod, as metrics-server and the pod lister show it now. */
  private samples(pods: Map<number, Pod>, m: HpaMetric): PodSample[] {
    const { ledger, sim } = this.ctx;
    const res = this.resolutionUs;
    const ts = Math.floor(sim.nowUs / res) * res;
    const out: PodSample[] = [];
    for (const [id, pod] of pods) {
      const phase = pod.status?.phase ?? "Pending";
      const started = ledger.startedUs[id]!;
      let usage = NaN;
      // Two scrapes of a running container are needed for a CPU rate.
      if (!Number.isNaN(started) && started <= ts - res) {
        const u = this.metrics.podUsage(id, m.resource, ts);
        if (!Number.isNaN(u)) usage = m.resource === "cpu" ? Math.ceil(u) : Math.ceil(u) * 1000;
      }
      const startTime = ledger.scheduledUs[id]!;
      const ready = Number.isNaN(startTime) ? null : ledger.isReady(id);
      const readyTransition = ready ? ledger.lastReadyUs[id]! : Number.isNaN(ledger.readyUs[id]!) ? startTime : Infinity;
      const req = containerRequests(pod, m.resource);
      out.push({
        ignored: pod.metadata?.deletionTimestamp !== undefined || phase === "Failed",
        pending: phase === "Pending",
        usage,
        metricTimestampUs: ts,
        metricWindowUs: res,
        ready,
        startTimeUs: startTime,
        readyTransitionUs: readyTransition,
        request: m.resource === "cpu" ? req : req * 1000,
      });
    }
    return out;
  }
}

function metricGaugeName(m: HpaMetric): string {
  if (m.averageUtilization !== null) return `hpa_${m.resource}_utilization_pct`;
  return m.resource === "cpu" ? "hpa_cpu_average_millicores" : "hpa_memory_average_bytes";
}
