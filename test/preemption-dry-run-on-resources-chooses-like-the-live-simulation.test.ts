/**
 * DefaultPreemption dry-runs a node on its resource sums (preemption/resource-simulation.ts)
 * when only NodeResourcesFit can change its verdict with the pods on the node, and on the live
 * tables otherwise. On random clusters (priorities, start times, host ports, GPUs, a
 * PodDisruptionBudget, taints, cordoned nodes) and random streams of preemptors (plain, with a
 * host port, a GPU, pod anti-affinity or a spread constraint), a scheduler with the resource
 * dry run and one without must take the same decisions cycle after cycle: node, nomination,
 * victims, FailedScheduling message, and the order of the pods on every node.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { addNode, addPod } from "../src/cluster/cluster-import.js";
import { ClusterState } from "../src/cluster/cluster-state.js";
import type { KubeObject, Node, Pod } from "../src/cluster/k8s-types.js";
import { RngStreams } from "../src/engine/rng.js";
import { eventMessage, Scheduler } from "../src/scheduler/schedule-one.js";

const GPU = "nvidia.com/gpu";

const nodeSpec = fc.record({
  cpu: fc.constantFrom("2", "4", "4"),
  memory: fc.constantFrom("4Gi", "8Gi"),
  pods: fc.constantFrom("3", "110", "110"),
  gpus: fc.constantFrom(0, 1, 2),
  taint: fc.constantFrom(undefined, undefined, undefined, "NoSchedule"),
  unschedulable: fc.constantFrom(false, false, false, false, true),
});

const runningSpec = fc.record({
  cpu: fc.constantFrom("250m", "500m", "1", "2"),
  memory: fc.constantFrom("256Mi", "1Gi", "2Gi"),
  priority: fc.constantFrom(0, 10, 10, 100, 500),
  startMin: fc.integer({ min: 0, max: 3 }),
  app: fc.constantFrom("web", "db"),
  hostPort: fc.constantFrom(undefined, undefined, undefined, 80),
  gpu: fc.constantFrom(0, 0, 1),
});

const preemptorSpec = fc.record({
  kind: fc.constantFrom("plain", "plain", "plain", "hostPort", "gpu", "gpu", "antiAffinity", "spread"),
  cpu: fc.constantFrom("500m", "1", "2", "3"),
  memory: fc.constantFrom("256Mi", "1Gi", "3Gi"),
  priority: fc.constantFrom(200, 1000, 1000),
  tolerate: fc.boolean(),
});

type NodeSpec = typeof nodeSpec extends fc.Arbitrary<infer T> ? T : never;
type RunningSpec = typeof runningSpec extends fc.Arbitrary<infer T> ? T : never;
type PreemptorSpec = typeof preemptorSpec extends fc.Arbitrary<infer T> ? T : never;

function toNode(i: number, s: NodeSpec): Node {
  const name = `n${i}`;
  return {
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": `z${i % 2}` } },
    spec: { unschedulable: s.unschedulable, taints: s.taint ? [{ key: "dedicated", value: "x", effect: "NoSchedule" }] : undefined },
    status: { allocatable: { cpu: s.cpu, memory: s.memory, pods: s.pods, ...(s.gpus > 0 ? { [GPU]: String(s.gpus) } : {}) } },
  };
}

function container(cpu: string, memory: string, gpu: number, hostPort: number | undefined) {
  const requests: Record<string, string> = { cpu, memory };
  if (gpu > 0) requests[GPU] = String(gpu);
  return { name: "c", image: "app:1", resources: { requests, limits: gpu > 0 ? { [GPU]: String(gpu) } : undefined }, ports: hostPort ? [{ containerPort: 8080, hostPort }] : undefined };
}

function running(i: number, s: RunningSpec, nodeName: string): Pod {
  return {
    kind: "Pod",
    metadata: { name: `r${i}`, namespace: "default", labels: { app: s.app } },
    spec: { nodeName, priority: s.priority, containers: [container(s.cpu, s.memory, s.gpu, s.hostPort)], tolerations: [{ key: "dedicated", operator: "Exists" }] },
    status: { startTime: `2026-01-01T10:0${s.startMin}:00Z` },
  };
}

function preemptor(i: number, s: PreemptorSpec): Pod {
  const p: Pod = {
    kind: "Pod",
    metadata: { name: `p${i}`, namespace: "default", labels: { app: "web" } },
    spec: {
      priority: s.priority,
      containers: [container(s.cpu, s.memory, s.kind === "gpu" ? 1 : 0, s.kind === "hostPort" ? 80 : undefined)],
      tolerations: s.tolerate ? [{ key: "dedicated", operator: "Exists" }] : undefined,
    },
  };
  if (s.kind === "antiAffinity") {
    p.spec!.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } };
  } else if (s.kind === "spread") {
    p.spec!.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }];
  }
  return p;
}

const dbBudget = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "db", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "db" } } } } as KubeObject;

test("the resource dry run takes the live simulation's decisions, victims and messages, and leaves pod lists alike", () => {
  const totals = { resources: 0, live: 0, victims: 0 };
  fc.assert(
    fc.property(
      fc.array(nodeSpec, { minLength: 1, maxLength: 10 }),
      fc.array(fc.tuple(runningSpec, fc.nat()), { maxLength: 30 }),
      fc.array(preemptorSpec, { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      fc.nat(1000),
      (nodes, runningPods, preemptors, budget, seed) => {
        const traces = [true, false].map((resourceDryRun) => {
          const c = new ClusterState();
          nodes.forEach((s, i) => addNode(c, toNode(i, s)));
          runningPods.forEach(([s, k], i) => addPod(c, running(i, s, `n${k % nodes.length}`)));
          if (budget) c.podDisruptionBudgets.push(dbBudget as never);
          const streams = new RngStreams(seed);
          const s = new Scheduler(c, { rng: streams.stream("scheduler"), preemptionRng: streams.stream("preemption"), preemptionResourceDryRun: resourceDryRun });
          const steps = preemptors.map((spec, i) => {
            const r = s.scheduleOne(addPod(c, preemptor(i, spec)));
            if (resourceDryRun) totals.victims += r.victims.length;
            return { node: r.nodeName, nominated: r.nominatedNodeSlot, victims: r.victims.map((v) => c.pods.ref[v] ?? v), message: eventMessage(r) };
          });
          const lists = nodes.map((_, i) => c.podsOnNode(c.nodeByName.get(`n${i}`)!).map((p) => c.pods.ref[p]));
          if (resourceDryRun) {
            totals.resources += s.preemption!.dryRuns.resources;
            totals.live += s.preemption!.dryRuns.live;
          } else expect(s.preemption!.dryRuns.resources).toBe(0);
          return { steps, lists };
        });
        expect(traces[0]).toEqual(traces[1]);
      },
    ),
    { numRuns: 150 },
  );
  // Both kinds of dry run and real preemptions happened (three runs: 96–98 nodes dry-run on
  // resources, 143–175 live — preemptors with a host port, pod affinity or a spread constraint,
  // nodes with nominated pods, and nodes that do not fit even emptied — and 153–188 victims;
  // the bounds sit far below).
  expect(totals.resources).toBeGreaterThan(30);
  expect(totals.live).toBeGreaterThan(50);
  expect(totals.victims).toBeGreaterThan(50);
});
