/**
 * Scheduler throughput, in the spirit of Kubernetes' scheduler_perf
 * (test/integration/scheduler_perf/{misc,affinity,topology_spreading}/performance-config.yaml):
 * fake nodes from `node-default.yaml` (4 CPU, 32Gi, 110 pods), initial pods scheduled first and
 * untimed, then the measured pods one cycle each on one thread. Rows carry the upstream
 * `threshold` (minimum average pods/s in CI) beside ours, and a digest of every placement so a
 * change in decisions is visible, not just a change in speed. Never run as a test.
 */
import { createHash } from "node:crypto";
import { ClusterState } from "../src/cluster/cluster-state.js";
import { addNode, addPod } from "../src/cluster/cluster-import.js";
import type { Node, Pod } from "../src/cluster/k8s-types.js";
import { RngStreams } from "../src/engine/rng.js";
import { formatCsv } from "../src/report/csv.js";
import type { Plugin } from "../src/scheduler/framework/interfaces.js";
import { pluginRegistry } from "../src/scheduler/plugins/index.js";
import { defaultProfile } from "../src/scheduler/profile.js";
import { Scheduler } from "../src/scheduler/schedule-one.js";
import type { ParallelFilterScore } from "../src/scheduler/parallel/parallel-cycle.js";
import { bareLoopNsPerNode } from "./bare-loop.js";

export interface SchedulerBenchRow {
  template: string;
  nodes: number;
  pods: number;
  percentageOfNodesToScore: number;
  workers: 1;
  /** Measured pods / wall-clock seconds of the measured loop (median run). */
  podsPerSec: number;
  /**
   * Measured pods / process CPU seconds (user + system) of the same loop, median run: on a
   * shared machine it excludes the time the process waited for a core, so it moves less with
   * other load than `podsPerSec` (it still includes GC helper threads).
   */
  cpuPodsPerSec: number;
  p99LatencyUs: number;
  p50LatencyUs: number;
  scheduled: number;
  unschedulable: number;
  placementsDigest: string;
  kubeSchedulerFloorPodsPerSec: number;
  /**
   * The machine's speed while the row ran: the bare filter + score loop (bare-loop.ts) in ns per
   * node, median of measurements taken between the runs (performance.md: 3.0–3.6 ns; the project
   * VM: 8–14 ns). When the VM is slower, the row's pods/s are lower in about the same proportion.
   */
  bareLoopNsPerNode: number;
}

export interface SchedulerBenchOptions {
  template?: string;
  nodes?: number;
  pods?: number;
  /** 0 = adaptive; omitted = every template at adaptive, plus SchedulingBasic at 100. */
  percentageOfNodesToScore?: number;
  runs?: number;
  quick?: boolean;
  /** Extra plugins (PodTopologySpread, InterPodAffinity, DefaultPreemption) for their templates. */
  plugins?: Plugin[];
}

/** One scheduler_perf-like workload. */
export interface SchedulerBenchTemplate {
  name: string;
  nodes: number;
  initPods: number;
  /** When set, the initial pods scale with `--nodes`: this many per node (instead of `initPods`). */
  initPodsPerNode?: number;
  measuredPods: number;
  /** scheduler_perf `threshold` (pods/s) of the matching upstream test. */
  floor: number;
  /** Plugins that must be registered for the template to mean anything. */
  requires: string[];
  node(i: number): Node;
  initPod(i: number): Pod;
  measuredPod(i: number): Pod;
}

const GI = 1024 * 1024 * 1024;

/** scheduler_perf templates/node-default.yaml. */
function defaultNode(i: number, labels: Record<string, string> = {}): Node {
  const name = `node-${i}`;
  return {
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    status: { allocatable: { cpu: "4", memory: String(32 * GI), pods: "110" } },
  };
}

/** scheduler_perf templates/pod-default.yaml: one container, 100m cpu, 500Mi memory. */
function defaultPod(prefix: string, i: number, extra: Partial<NonNullable<Pod["spec"]>> = {}, cpu = "100m"): Pod {
  return {
    kind: "Pod",
    metadata: { name: `${prefix}-${i}`, namespace: "default", labels: { app: prefix } },
    spec: { containers: [{ name: "pause", image: "registry.k8s.io/pause:3.10", resources: { requests: { cpu, memory: "500Mi" } } }], ...extra },
  };
}

/** scheduler_perf templates/pod-with-node-affinity.yaml: zone In [zone1, zone2]. */
const zoneAffinity: Partial<NonNullable<Pod["spec"]>> = {
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["zone1", "zone2"] }] }],
      },
    },
  },
};

/** scheduler_perf templates/pod-with-topology-spreading.yaml: zone maxSkew 5, DoNotSchedule, color=blue. */
function spreadingPod(i: number): Pod {
  const p = defaultPod("spreading-pod", i, {
    topologySpreadConstraints: [
      { maxSkew: 5, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { color: "blue" } } },
    ],
  });
  p.metadata!.labels = { color: "blue" };
  return p;
}

/** scheduler_perf templates/pod-with-pod-anti-affinity.yaml: one color=green pod per hostname across sched-0/1. */
function antiAffinityPod(namespace: string, i: number): Pod {
  const p = defaultPod("anti-affinity-pod", i, {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { color: "green" } }, topologyKey: "kubernetes.io/hostname", namespaces: ["sched-1", "sched-0"] },
        ],
      },
    },
  });
  p.metadata!.labels = { color: "green" };
  p.metadata!.namespace = namespace;
  return p;
}

export const SCHEDULER_BENCH_TEMPLATES: SchedulerBenchTemplate[] = [
  {
    name: "SchedulingBasic",
    nodes: 5000,
    initPods: 1000,
    measuredPods: 10000,
    floor: 680,
    requires: [],
    node: (i) => defaultNode(i),
    initPod: (i) => defaultPod("init", i),
    measuredPod: (i) => defaultPod("measured", i),
  },
  {
    name: "NodeAffinity",
    nodes: 5000,
    initPods: 5000,
    measuredPods: 10000,
    floor: 220,
    requires: [],
    // labelNodePrepareStrategy: every node gets topology.kubernetes.io/zone=zone1.
    node: (i) => defaultNode(i, { "topology.kubernetes.io/zone": "zone1" }),
    initPod: (i) => defaultPod("init", i, zoneAffinity),
    measuredPod: (i) => defaultPod("measured", i, zoneAffinity),
  },
  {
    name: "TopologySpreading",
    nodes: 5000,
    initPods: 5000,
    measuredPods: 5000,
    floor: 460,
    requires: ["PodTopologySpread"],
    // topology_spreading/performance-config.yaml: labelNodePrepareStrategy spreads nodes over
    // zones moon-1..3 (upstream picks at random; round-robin here keeps runs reproducible).
    node: (i) => defaultNode(i, { "topology.kubernetes.io/zone": `moon-${(i % 3) + 1}` }),
    initPod: (i) => defaultPod("init", i),
    measuredPod: (i) => spreadingPod(i),
  },
  {
    name: "PodAntiAffinity",
    nodes: 5000,
    initPods: 1000,
    measuredPods: 2000,
    floor: 60,
    requires: ["InterPodAffinity"],
    // affinity/performance-config.yaml SchedulingPodAntiAffinity: init pods in sched-0, measured in sched-1.
    node: (i) => defaultNode(i),
    initPod: (i) => antiAffinityPod("sched-0", i),
    measuredPod: (i) => antiAffinityPod("sched-1", i),
  },
  {
    name: "Unschedulable",
    nodes: 5000,
    initPods: 100,
    measuredPods: 10000,
    floor: 590,
    requires: [],
    // pod-large-cpu.yaml: more cpu than any node has; they stay unschedulable.
    node: (i) => defaultNode(i),
    initPod: (i) => defaultPod("large", i, {}, "9"),
    measuredPod: (i) => defaultPod("measured", i),
  },
  {
    name: "Preemption",
    nodes: 5000,
    initPods: 20000,
    initPodsPerNode: 4,
    measuredPods: 5000,
    floor: 570,
    requires: [],
    // misc/performance-config.yaml PreemptionAsync/5000Nodes: templates/pod-low-priority.yaml
    // (900m / 500Mi, priority 0) fill every node with 4 pods (3600m of 4000m); each
    // templates/pod-high-priority.yaml pod (3 cpu since kubernetes PR #128348, priority 10)
    // must evict 3 of them (900 + 3000 ≤ 4000 < 1800 + 3000). Upstream's background churn of
    // high-priority pods is not modelled. A preemptor counts when it is bound: its victims
    // are gone at once on the plain tables, so it is retried at once (nominated node first).
    node: (i) => defaultNode(i),
    initPod: (i) => defaultPod("low", i, {}, "900m"),
    measuredPod: (i) => defaultPod("high", i, { priority: 10 }, "3"),
  },
];

/** Floors of templates another module adds (TopologySpreading 460, PodAntiAffinity 60, PreemptionAsync 570). */
export const KUBE_SCHEDULER_FLOORS: Record<string, number> = {
  SchedulingBasic: 680,
  TopologySpreading: 460,
  NodeAffinity: 220,
  PodAntiAffinity: 60,
  PreemptionAsync: 570,
  Preemption: 570,
  Unschedulable: 590,
};

export interface RunOutcome {
  seconds: number;
  cpuSeconds: number;
  latenciesUs: Float64Array;
  scheduled: number;
  unschedulable: number;
  digest: string;
}

/** Per-pod work in its own function (performance.md §2: OSR-inlined loops run slower). */
function scheduleTimed(s: Scheduler, slot: number, lat: Float64Array, i: number): string | null {
  const t0 = process.hrtime.bigint();
  let r = s.scheduleOne(slot);
  // A preemptor nominated a node and its victims are already gone: the retry binds it there.
  if (r.nodeSlot < 0 && r.nominatedNodeSlot >= 0) r = s.scheduleOne(slot);
  lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  return r.nodeName;
}

/**
 * A run set up (nodes, initial pods scheduled untimed, measured pods created) whose measured pods
 * are scheduled in steps: `step(from, to)` times pods [from, to) and adds to the run's clock, so
 * several runs can be interleaved block by block (bench/scheduler-parallel.ts).
 */
export interface PreparedRun {
  step(from: number, to: number): void;
  /** The outcome once every measured pod has been stepped. */
  finish(): RunOutcome;
}

export function prepareRun(t: SchedulerBenchTemplate, nodes: number, pods: number, pct: number, plugins: Plugin[], parallel: ParallelFilterScore | null = null): PreparedRun {
  const c = new ClusterState();
  for (let i = 0; i < nodes; i++) addNode(c, t.node(i));
  const profile = defaultProfile();
  profile.percentageOfNodesToScore = pct;
  const streams = new RngStreams(1);
  const s = new Scheduler(c, { profile, registry: pluginRegistry(plugins), rng: streams.stream("scheduler"), preemptionRng: streams.stream("preemption") });
  s.parallel = parallel;
  const initPods = t.initPodsPerNode !== undefined ? t.initPodsPerNode * nodes : t.initPods;
  for (let i = 0; i < initPods; i++) s.scheduleOne(addPod(c, t.initPod(i)));
  const slots = new Int32Array(pods);
  for (let i = 0; i < pods; i++) slots[i] = addPod(c, t.measuredPod(i));
  const lat = new Float64Array(pods);
  const decisions: (string | null)[] = new Array(pods);
  let ns = 0n;
  let cpuMicros = 0;
  return {
    step(from, to) {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = from; i < to; i++) decisions[i] = scheduleTimed(s, slots[i]!, lat, i);
      ns += process.hrtime.bigint() - t0;
      const cpu = process.cpuUsage(cpu0);
      cpuMicros += cpu.user + cpu.system;
    },
    finish() {
      const hash = createHash("sha256");
      let scheduled = 0;
      for (let i = 0; i < pods; i++) {
        const n = decisions[i];
        if (n !== null) scheduled++;
        hash.update(`${c.pods.ref[slots[i]!]}\t${n ?? "-"}\n`);
      }
      return { seconds: Number(ns) / 1e9, cpuSeconds: cpuMicros / 1e6, latenciesUs: lat, scheduled, unschedulable: pods - scheduled, digest: hash.digest("hex") };
    },
  };
}

export function runOnce(t: SchedulerBenchTemplate, nodes: number, pods: number, pct: number, plugins: Plugin[], parallel: ParallelFilterScore | null = null): RunOutcome {
  const run = prepareRun(t, nodes, pods, pct, plugins, parallel);
  run.step(0, pods);
  return run.finish();
}

/** Nearest-rank percentile `p` (0–100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function runSchedulerBench(opts: SchedulerBenchOptions = {}): Promise<SchedulerBenchRow[]> {
  const plugins = opts.plugins ?? [];
  const registered = pluginRegistry(plugins);
  const templates = SCHEDULER_BENCH_TEMPLATES.filter((t) => (opts.template ? t.name === opts.template : true));
  if (opts.template && templates.length === 0) throw new Error(`unknown scheduler bench template ${opts.template}`);
  const runs = opts.runs ?? (opts.quick ? 1 : 3);
  const plan: [SchedulerBenchTemplate, number][] = [];
  for (const t of templates) {
    if (!t.requires.every((p) => registered.has(p))) continue;
    if (opts.percentageOfNodesToScore !== undefined) plan.push([t, opts.percentageOfNodesToScore]);
    else {
      plan.push([t, 0]);
      if (t.name === "SchedulingBasic") plan.push([t, 100]);
    }
  }
  const rows: SchedulerBenchRow[] = [];
  for (const [t, pct] of plan) {
    const nodes = opts.nodes ?? t.nodes;
    const pods = opts.pods ?? (opts.quick ? Math.min(2000, t.measuredPods) : t.measuredPods);
    // Warm-up: one untimed run of the same size through the same call path. V8 optimizes the
    // large cycle functions (schedulePod compiles for ~80 ms) concurrently, well into a
    // 2,000-pod run, so a shorter warm-up timed partly unoptimized code.
    runOnce(t, nodes, pods, pct, plugins);
    const outcomes: RunOutcome[] = [];
    const bare: number[] = [];
    for (let r = 0; r < runs; r++) {
      outcomes.push(runOnce(t, nodes, pods, pct, plugins));
      bare.push(bareLoopNsPerNode(nodes, 3));
    }
    const rates = outcomes.map((o) => pods / o.seconds);
    const mid = outcomes[rates.indexOf(median(rates))] ?? outcomes[0]!;
    const sorted = Float64Array.from(mid.latenciesUs).sort();
    rows.push({
      template: t.name,
      nodes,
      pods,
      percentageOfNodesToScore: pct,
      workers: 1,
      podsPerSec: Math.round(median(rates)),
      cpuPodsPerSec: Math.round(median(outcomes.map((o) => pods / o.cpuSeconds))),
      p99LatencyUs: Math.round(percentile(sorted, 99) * 10) / 10,
      p50LatencyUs: Math.round(percentile(sorted, 50) * 10) / 10,
      scheduled: mid.scheduled,
      unschedulable: mid.unschedulable,
      placementsDigest: mid.digest,
      kubeSchedulerFloorPodsPerSec: t.floor,
      bareLoopNsPerNode: Math.round(median(bare) * 100) / 100,
    });
    if (new Set(outcomes.map((o) => o.digest)).size !== 1) throw new Error(`${t.name}: placements differ between runs with the same seed`);
  }
  return rows;
}

export function schedulerBenchCsv(rows: readonly SchedulerBenchRow[]): string {
  return formatCsv(
    [
      "template",
      "nodes",
      "pods",
      "percentage_of_nodes_to_score",
      "workers",
      "pods_per_sec",
      "cpu_pods_per_sec",
      "p99_latency_us",
      "p50_latency_us",
      "scheduled",
      "unschedulable",
      "placements_digest",
      "kube_scheduler_floor_pods_per_sec",
      "bare_loop_ns_per_node",
    ],
    rows.map((r) => [
      r.template,
      r.nodes,
      r.pods,
      r.percentageOfNodesToScore,
      r.workers,
      r.podsPerSec,
      r.cpuPodsPerSec,
      r.p99LatencyUs,
      r.p50LatencyUs,
      r.scheduled,
      r.unschedulable,
      r.placementsDigest,
      r.kubeSchedulerFloorPodsPerSec,
      r.bareLoopNsPerNode,
    ]),
  );
}
