/**
 * Assembles a run from a `ResolvedScenario` and runs it: the Simulation with seeded
 * `RngStreams`, the object store, the actors, the run recorder (metrics), the initial objects
 * and the timeline. Owns no Kubernetes behaviour itself (docs/design/runtime-internals.md).
 *
 *   const outcome = runScenario(resolved, { progress: (nowUs) => bar.update(nowUs / 1e6) });
 *   outcome.recorder.podStartupLatency.summary(1000).p99;  // ms
 *
 * Start-up order at t = 0: PriorityClasses and Namespaces, then Nodes (pools in order, node
 * `<pool>-<i>`, then the scenario's own Node objects), then every other object in scenario
 * order. Objects are deep-copied from the scenario, which is never mutated (a
 * `ResolvedScenario` can be run twice).
 */
import type { Actor, ActorContext, RuntimeTunables } from "../apiserver/actor.js";
import type { ParallelFilterScore } from "../scheduler/parallel/parallel-cycle.js";
import { DEFAULT_TUNABLES } from "../apiserver/actor.js";
import { NodeWorld } from "../apiserver/node-world.js";
import { ApiLoadGenerators } from "../apiserver/api-load.js";
import { ApiServerModel } from "../apiserver/api-server-model.js";
import { CLIENT_USER } from "../apiserver/apf/flow-schemas.js";
import { ObjectStore } from "../apiserver/object-store.js";
import { PodLedger } from "../apiserver/pod-ledger.js";
import type { KubeObject } from "../cluster/k8s-types.js";
import { ClusterAutoscaler, type NodeProvisioner } from "../controllers/cluster-autoscaler.js";
import { DeploymentController } from "../controllers/deployment.js";
import { HorizontalPodAutoscalerController } from "../controllers/hpa.js";
import { firstOf, ProfileMetricsSource, type MetricsSource } from "../controllers/pod-metrics.js";
import { NodeLifecycleController } from "../controllers/node-lifecycle.js";
import { PersistentVolumeController } from "../controllers/persistent-volume.js";
import { PodGcController } from "../controllers/podgc.js";
import { ReplicaSetController } from "../controllers/replicaset.js";
import { DaemonSetController } from "../controllers/daemonset.js";
import { JobController } from "../controllers/job.js";
import { StatefulSetController } from "../controllers/statefulset.js";
import { Band, RngStreams, Simulation } from "../engine/index.js";
import { Kubelet } from "../kubelet/kubelet.js";
import { SchedulerActor } from "../scheduler/scheduler-actor.js";
import { buildPoolNodes } from "../scenario/node-pools.js";
import type { ResolvedScenario, TimelineAction } from "../scenario/scenario-types.js";
import { registerApiServerGauges } from "./api-server-gauges.js";
import { registerCostGauges } from "./cluster-cost.js";
import { podBudgets } from "./autoscaler-budgets.js";
import { evictPod } from "./eviction-api.js";
import { ResourceDynamics, type ContainerExitSink } from "./resource-dynamics.js";
import { DnsDynamics } from "./dns-dynamics.js";
import { RunRecorder } from "./run-recorder.js";
import { openSloWindows } from "./slo-windows.js";
import { TraceReplay } from "./trace-replay.js";
import { DEFAULT_TIMELINE_HANDLERS, type TimelineHandler, type TimelineRuntime } from "./timeline-actions.js";

/** Kinds with a controller in this build; objects of other kinds are stored but nothing acts on them. */
const CONTROLLED_KINDS = new Set(["Deployment", "ReplicaSet", "Pod", "Node", "Namespace", "PriorityClass", "Service", "PodDisruptionBudget", "ConfigMap", "Secret", "ServiceAccount", "StatefulSet", "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "DaemonSet", "Job", "HorizontalPodAutoscaler"]);

export interface RunOptions {
  /** Called now and then with the simulated time (progress bars). */
  progress?: (nowUs: number) => void;
  /** Stop at this simulated time instead of `durationUs` (`--until`). */
  untilUs?: number;
  tunables?: Partial<RuntimeTunables>;
  /** Extra or replacement timeline handlers (registryOutage, probeFailure, ...). */
  timelineHandlers?: Partial<Record<TimelineAction["action"], TimelineHandler>>;
  /** Extra actors (StatefulSet, DaemonSet, Job controllers, ...), started after the built-in ones. */
  actors?: Actor[];
  /** Receives warnings as they happen (also kept in `RunOutcome.warnings`). */
  onWarning?: (message: string) => void;
  /** Pod usage for the HPA (a traffic/CFS model); default: the scenario's `spec.autoscaling.podUsage` profiles. */
  metricsSource?: MetricsSource;
  /** Filter/score worker threads for the scheduler (`--workers`); the caller starts and closes them. */
  schedulerParallel?: ParallelFilterScore | null;
  /**
   * Asked at t = 0 and every `everyUs` of simulated time after it, once the events at that
   * instant have run; true ends the run there (`RunOutcome.stoppedAtUs`). A find-min probe stops
   * once an SLO has failed for good (sweep-run.ts). The run is the same event for event up to
   * that instant: the simulation just runs in slices.
   */
  stopWhen?: { everyUs: number; check: (soFar: RunOutcome) => boolean };
}

export interface RunOutcome {
  scenario: ResolvedScenario;
  simulatedUs: number;
  eventsProcessed: number;
  store: ObjectStore;
  ledger: PodLedger;
  recorder: RunRecorder;
  scheduler: SchedulerActor;
  nodeLifecycle: NodeLifecycleController;
  /** Traffic, CFS throttling, memory, OOM kills and node-pressure eviction (spec.traffic). */
  resources: ResourceDynamics;
  /** `spec.workloads[].trace` replay (placed/unplaced pods, GPUs); null without traces. */
  traceReplay: TraceReplay | null;
  /** The API server cost model (spec.apiServer); null = writes are free and instant. */
  apiServer: ApiServerModel | null;
  /** DNS lookups, CoreDNS and caches (spec.dns); null without spec.dns. */
  dns: DnsDynamics | null;
  warnings: string[];
  /** Set when `stopWhen` ended the run: the simulated time it stopped at (= simulatedUs). */
  stoppedAtUs?: number;
}

/** A run ready to go: everything built and started, nothing simulated yet (tests step it). */
export interface ClusterRuntime {
  ctx: ActorContext;
  recorder: RunRecorder;
  scheduler: SchedulerActor;
  nodeLifecycle: NodeLifecycleController;
  kubelet: Kubelet;
  replicaSets: ReplicaSetController;
  deployments: DeploymentController;
  daemonSets: DaemonSetController;
  jobs: JobController;
  hpa: HorizontalPodAutoscalerController;
  clusterAutoscaler: ClusterAutoscaler;
  resources: ResourceDynamics;
  traceReplay: TraceReplay | null;
  apiServer: ApiServerModel | null;
  dns: DnsDynamics | null;
  warnings: string[];
}

export function buildRuntime(scenario: ResolvedScenario, opts: RunOptions = {}): ClusterRuntime {
  const sim = new Simulation();
  const store = new ObjectStore(sim);
  const warnings: string[] = [];
  const seen = new Set<string>();
  const ctx: ActorContext = {
    sim,
    store,
    rng: new RngStreams(scenario.seed),
    ledger: new PodLedger(),
    world: new NodeWorld(),
    scenario,
    tunables: { ...DEFAULT_TUNABLES, ...opts.tunables },
    warn: (m) => {
      if (seen.has(m)) return;
      seen.add(m);
      warnings.push(m);
      opts.onWarning?.(m);
    },
  };
  const recorder = new RunRecorder(ctx);
  const scheduler = new SchedulerActor();
  const nodeLifecycle = new NodeLifecycleController();
  const kubelet = new Kubelet();
  const replicaSets = new ReplicaSetController();
  const deployments = new DeploymentController();
  const daemonSets = new DaemonSetController();
  const jobs = new JobController();
  // Autoscaling: pod usage profiles (what metrics-server reports until a traffic model supplies
  // usage: pass it as RunOptions.metricsSource), the HPA, the cluster autoscaler, cluster cost.
  const poolNext = new Map<string, number>();
  const poolNamed = (poolName: string) => scenario.nodePools.find((p) => p.name === poolName)!;
  const provisioner: NodeProvisioner = {
    nextIndex: (poolName) => poolNext.get(poolName) ?? 0,
    nodeAt: (poolName, i) => buildPoolNodes(poolNamed(poolName), i, i + 1)[0]!,
    newNode(poolName) {
      const i = poolNext.get(poolName) ?? 0;
      poolNext.set(poolName, i + 1);
      const n = buildPoolNodes(poolNamed(poolName), i, i + 1)[0]!;
      recorder.poolOf.set(n.metadata!.name!, poolName);
      return n;
    },
  };
  const podUsage = new ProfileMetricsSource(scenario.autoscaling?.podUsage ?? []);
  const gauge = (metric: string, scope: string, read: () => number) => recorder.gauge(metric, read, scope);
  // spec.traffic drives pod usage (resource-dynamics); pods it does not know fall back to the profiles.
  const resources = new ResourceDynamics(kubelet as ContainerExitSink, gauge);
  // spec.dns: CoreDNS as kube-system/coredns, lookups hooked into resources' ticks (dns-dynamics.ts).
  const dns = scenario.dns ? new DnsDynamics(resources, gauge) : null;
  const hpa = new HorizontalPodAutoscalerController({ metrics: opts.metricsSource ?? firstOf(resources, podUsage), gauge });
  // CA drains through the Eviction API and weighs PodDisruptionBudgets before choosing a node.
  const clusterAutoscaler = new ClusterAutoscaler({
    provisioner,
    gauge,
    budgets: podBudgets(ctx),
    evict: (pod) => evictPod(ctx, pod).code === 201,
  });
  podUsage.profiles.forEach((p, i) => {
    if (p.per !== "workload") return;
    const scope = `${p.target.kind}/${p.target.namespace}/${p.target.name}`;
    gauge(p.resource === "cpu" ? "workload_cpu_usage_millicores" : "workload_memory_usage_bytes", scope, () => podUsage.demand(i, sim.nowUs));
  });
  registerCostGauges(recorder, scenario, () => sim.nowUs);
  // spec.workloads[].trace: pods replayed from a trace, and the GPU/fragmentation gauges (trace-replay.ts).
  const traceReplay = scenario.traces?.length ? new TraceReplay(scenario.traces, gauge) : null;
  const actors: Actor[] = [scheduler, deployments, replicaSets, kubelet, nodeLifecycle, new PodGcController(), podUsage, hpa, clusterAutoscaler, new StatefulSetController(), new PersistentVolumeController(), daemonSets, jobs, resources, ...(dns ? [dns] : []), ...(traceReplay ? [traceReplay] : []), ...(opts.actors ?? [])];
  for (const a of actors) a.start(ctx);
  scheduler.scheduler.parallel = opts.schedulerParallel ?? null;

  const rt: TimelineRuntime = {
    addPoolNodes(poolName, count) {
      const pool = scenario.nodePools.find((p) => p.name === poolName);
      if (!pool) return ctx.warn(`timeline: no node pool ${poolName}; addNodes ignored`);
      const from = poolNext.get(poolName) ?? 0;
      for (const n of buildPoolNodes(pool, from, from + count)) {
        recorder.poolOf.set(n.metadata!.name!, poolName);
        store.create("Node", n);
      }
      poolNext.set(poolName, from + count);
    },
  };
  const rank = (k: string): number => (k === "PriorityClass" || k === "Namespace" ? 0 : k === "Node" ? 1 : 2);
  const initial = scenario.objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o.kind) - rank(b.o.kind) || a.i - b.i);
  for (const { o } of initial.filter((x) => rank(x.o.kind) === 0)) store.create(o.kind, structuredClone(o.object));
  for (const pool of scenario.nodePools) rt.addPoolNodes(pool.name, pool.count);
  for (const { o } of initial.filter((x) => rank(x.o.kind) > 0)) {
    // Webhook configurations are read by the API server model (spec.apiServer) when it runs.
    const admission = scenario.apiServer !== undefined && o.kind.endsWith("WebhookConfiguration");
    if (!CONTROLLED_KINDS.has(o.kind) && !admission && !opts.actors?.length) ctx.warn(`${o.kind} objects are not simulated yet (no controller); ${o.kind} ${o.name} is stored but nothing acts on it`);
    store.create(o.kind, structuredClone(o.object) as KubeObject);
  }

  // spec.apiServer: the objects above are the cluster as given; every write from here on pays its
  // way through the API server model, and watchers see it when it has (docs/api-server.md).
  const apiServer = scenario.apiServer ? new ApiServerModel(ctx, scenario.apiServer) : null;
  if (apiServer) {
    store.api = apiServer;
    new ApiLoadGenerators(ctx, apiServer, scenario.apiServer!.load);
    registerApiServerGauges(recorder, apiServer, () => sim.nowUs);
    recorder.startupObservedViaWatch = true;
  }

  // SLO `from` windows, before anything is observed; counter readings at `from` go ahead of the
  // timeline actions of that instant (slo-windows.ts).
  openSloWindows({ recorder, nodeLifecycle, resources, apiServer, dns }, scenario, sim);
  const handlers = { ...DEFAULT_TIMELINE_HANDLERS, ...opts.timelineHandlers };
  const actions = scenario.timeline;
  const kAction = sim.handler((i) => {
    const a = actions[i]!;
    const h = handlers[a.action];
    // Timeline actions are a user's kubectl (its client and priority level with spec.apiServer).
    const client = store.client;
    store.client = CLIENT_USER;
    if (h) h(a, ctx, rt);
    else ctx.warn(`timeline: action ${a.action} is not modelled yet; ignored (at ${a.source.file}:${a.source.line})`);
    store.client = client;
  });
  actions.forEach((a, i) => sim.at(a.at, Band.NODE_FAILURE, kAction, i));
  return { ctx, recorder, scheduler, nodeLifecycle, kubelet, replicaSets, deployments, daemonSets, jobs, hpa, clusterAutoscaler, resources, traceReplay, apiServer, dns, warnings };
}

/** Builds and runs a scenario to its end (or `untilUs`, or until `stopWhen` says so). */
export function runScenario(scenario: ResolvedScenario, opts: RunOptions = {}): RunOutcome {
  const rt = buildRuntime(scenario, opts);
  const sim = rt.ctx.sim;
  const until = Math.min(opts.untilUs ?? scenario.durationUs, scenario.durationUs);
  const progress = opts.progress;
  const report = progress ? { everyEvents: 20_000, onProgress: (now: number) => progress(now) } : undefined;
  const outcome = (simulatedUs: number, eventsProcessed: number): RunOutcome => ({
    scenario,
    simulatedUs,
    eventsProcessed,
    store: rt.ctx.store,
    ledger: rt.ctx.ledger,
    recorder: rt.recorder,
    scheduler: rt.scheduler,
    nodeLifecycle: rt.nodeLifecycle,
    resources: rt.resources,
    traceReplay: rt.traceReplay,
    apiServer: rt.apiServer,
    dns: rt.dns,
    warnings: rt.warnings,
  });
  const stop = opts.stopWhen;
  if (stop === undefined) {
    const stats = sim.run(until, report);
    progress?.(sim.nowUs);
    return outcome(until, stats.eventsProcessed);
  }
  if (!(stop.everyUs > 0)) throw new RangeError(`stopWhen.everyUs must be > 0, got ${stop.everyUs}`);
  let events = 0;
  for (let k = 0; ; k++) {
    const t = Math.min(k * stop.everyUs, until);
    events += sim.run(t, report).eventsProcessed;
    if (t >= until) break;
    const soFar = outcome(t, events);
    if (stop.check(soFar)) {
      progress?.(sim.nowUs);
      return { ...soFar, stoppedAtUs: t };
    }
  }
  progress?.(sim.nowUs);
  return outcome(until, events);
}
