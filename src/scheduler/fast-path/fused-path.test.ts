import fc from "fast-check";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { Node, Pod, Taint, Toleration } from "../../cluster/k8s-types.js";
import { RngStreams } from "../../engine/rng.js";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { pluginRegistry, CORE_PLUGINS } from "../plugins/index.js";
import { defaultProfile, type SchedulerProfile } from "../profile.js";
import { Scheduler } from "../schedule-one.js";
import { cycleOutcome } from "../../../test/fixtures/cycle-outcome.js";
import { FusedFilter } from "./fused-filter.js";
import { FusedScore } from "./fused-score.js";

// The fused Filter scan and Score pass must be invisible: on random clusters, pods and
// profiles, a scheduler that may take them decides exactly like one that never can. The
// reference scheduler gets copies of the core plugins (same members, other identities), which
// the fast path does not recognise, so it always runs the generic chunked loops.

const ZONE = "topology.kubernetes.io/zone";
const GPU = "example.com/gpu";

const taint = fc.record({
  key: fc.constantFrom("a", "b"),
  value: fc.constantFrom("", "x"),
  effect: fc.constantFrom("NoSchedule", "PreferNoSchedule", "NoExecute"),
});

const nodeSpec = fc.record({
  // "0" allocatable exercises the alloc-0 branches of the score helpers.
  cpu: fc.constantFrom("0", "500m", "1", "2", "4", "4", "4"),
  memory: fc.constantFrom("0", "1Gi", "4Gi", "16Gi", "16Gi", "16Gi"),
  pods: fc.constantFrom("0", "1", "2", "3", "110", "110", "110"),
  gpu: fc.constantFrom(undefined, "1", "2"),
  taints: fc.oneof({ arbitrary: fc.constant([]), weight: 3 }, { arbitrary: fc.array(taint, { minLength: 1, maxLength: 2 }), weight: 1 }),
  unschedulable: fc.constantFrom(false, false, false, false, false, true),
  zone: fc.constantFrom("z1", "z2", "z3"),
  image: fc.constantFrom(false, false, false, true),
});

const podSpec = fc.record({
  cpu: fc.constantFrom(undefined, "0", "100m", "250m", "1", "3"),
  memory: fc.constantFrom(undefined, "0", "128Mi", "1Gi", "3Gi"),
  gpu: fc.constantFrom(undefined, undefined, "1"),
  ephemeral: fc.constantFrom(undefined, undefined, "1Gi"),
  tolerations: fc.array(
    fc.record({ key: fc.constantFrom("a", "b", "node.kubernetes.io/unschedulable"), effect: fc.constantFrom("", "NoSchedule", "PreferNoSchedule", "NoExecute") }),
    { maxLength: 2 },
  ),
  nodeSelectorZone: fc.constantFrom(undefined, undefined, "z1"),
  requiredZones: fc.constantFrom(undefined, undefined, ["z1", "z2"], ["z3"]),
  preferredZone: fc.constantFrom(undefined, undefined, "z2"),
  hostPort: fc.constantFrom(undefined, undefined, 80, 443),
  nodeName: fc.constantFrom(undefined, undefined, undefined, "n0", "n3"),
  image: fc.constantFrom(false, false, false, true),
});

const profileSpec = fc.record({
  percentageOfNodesToScore: fc.constantFrom(0, 10, 40, 100),
  strategy: fc.constantFrom("LeastAllocated", "LeastAllocated", "LeastAllocated", "MostAllocated"),
  balancedWithGpu: fc.constantFrom(false, false, false, true),
  weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
});

type NodeSpec = typeof nodeSpec extends fc.Arbitrary<infer T> ? T : never;
type PodSpecGen = typeof podSpec extends fc.Arbitrary<infer T> ? T : never;
type ProfileSpec = typeof profileSpec extends fc.Arbitrary<infer T> ? T : never;

function toNode(i: number, s: NodeSpec): Node {
  const n = node(`n${i}`, {
    cpu: s.cpu,
    memory: s.memory,
    pods: s.pods,
    extra: s.gpu === undefined ? {} : { [GPU]: s.gpu },
    labels: { [ZONE]: s.zone },
    taints: s.taints as Taint[],
    unschedulable: s.unschedulable,
    images: s.image ? [{ names: ["big:1"], sizeBytes: 500 * 1024 * 1024 }] : undefined,
  });
  return n;
}

function toPod(name: string, s: PodSpecGen): Pod {
  const requests: Record<string, string> = {};
  if (s.gpu !== undefined) requests[GPU] = s.gpu;
  if (s.ephemeral !== undefined) requests["ephemeral-storage"] = s.ephemeral;
  const p = pod(name, {
    cpu: s.cpu,
    memory: s.memory,
    requests,
    image: s.image ? "big:1" : "app:1",
    tolerations: s.tolerations.map((t): Toleration => ({ key: t.key, operator: "Exists", effect: t.effect })),
    nodeSelector: s.nodeSelectorZone === undefined ? undefined : { [ZONE]: s.nodeSelectorZone },
    affinity:
      s.requiredZones === undefined && s.preferredZone === undefined
        ? undefined
        : {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution:
                s.requiredZones === undefined ? undefined : { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "In", values: [...s.requiredZones] }] }] },
              preferredDuringSchedulingIgnoredDuringExecution:
                s.preferredZone === undefined ? undefined : [{ weight: 5, preference: { matchExpressions: [{ key: ZONE, operator: "In", values: [s.preferredZone] }] } }],
            },
          },
  });
  if (s.hostPort !== undefined) p.spec!.containers[0]!.ports = [{ containerPort: 8080, hostPort: s.hostPort }];
  return p;
}

function toProfile(s: ProfileSpec): SchedulerProfile {
  const p = defaultProfile();
  p.percentageOfNodesToScore = s.percentageOfNodesToScore;
  p.pluginConfig.NodeResourcesFit.scoringStrategy.type = s.strategy as "LeastAllocated" | "MostAllocated";
  if (s.balancedWithGpu) p.pluginConfig.NodeResourcesBalancedAllocation.resources.push({ name: GPU, weight: 1 });
  const [wTaint, wFit, wBalanced] = s.weights as [number, number, number];
  for (const w of p.score) {
    if (w.name === "TaintToleration") w.weight = wTaint;
    if (w.name === "NodeResourcesFit") w.weight = wFit;
    if (w.name === "NodeResourcesBalancedAllocation") w.weight = wBalanced;
  }
  return p;
}

const filterRuns = vi.spyOn(FusedFilter.prototype, "run");
const scoreRuns = vi.spyOn(FusedScore.prototype, "run");
beforeAll(() => {
  filterRuns.mockClear();
  scoreRuns.mockClear();
});
afterAll(() => vi.restoreAllMocks());

test("fused Filter and Score decide, report and advance the cursor exactly like the generic framework", () => {
  const genericRegistry = pluginRegistry(CORE_PLUGINS.map((p) => ({ ...p })));
  fc.assert(
    fc.property(
      fc.array(nodeSpec, { minLength: 1, maxLength: 160, size: "medium" }),
      fc.array(fc.tuple(podSpec, fc.nat()), { maxLength: 30 }),
      // Runs of identical pods (replicas), so the per-node score memo gets hits as well as misses.
      fc.array(fc.tuple(podSpec, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 8, size: "medium" }),
      profileSpec,
      fc.nat(1000),
      (nodes, running, replicaRuns, prof, seed) => {
        const pendingPods = replicaRuns.flatMap(([s, n]) => Array.from({ length: n }, () => s));
        const build = () => {
          const ns = nodes.map((s, i) => toNode(i, s));
          // Running pods land on a node by index, whatever fits (the cluster may be overcommitted).
          const bound = running.map(([s, k], i): [Pod, string] => [toPod(`r${i}`, s), `n${k % nodes.length}`]);
          return cluster(ns, bound);
        };
        const fastCluster = build();
        const refCluster = build();
        const fast = new Scheduler(fastCluster, { profile: toProfile(prof), rng: new RngStreams(seed).stream("scheduler") });
        const ref = new Scheduler(refCluster, { profile: toProfile(prof), registry: genericRegistry, rng: new RngStreams(seed).stream("scheduler") });
        // Import binds a pod that names its node, so `spec.nodeName` (NodeName's filter) is set
        // on the pending pod's object afterwards, where compilePod reads it.
        const add = (c: ClusterState, i: number, s: PodSpecGen): number => {
          const slot = pending(c, toPod(`p${i}`, s));
          if (s.nodeName !== undefined) c.podObjects[slot]!.spec!.nodeName = s.nodeName;
          return slot;
        };
        pendingPods.forEach((s, i) => {
          const a = fast.scheduleOne(add(fastCluster, i, s));
          const b = ref.scheduleOne(add(refCluster, i, s));
          expect(cycleOutcome(fast, a)).toEqual(cycleOutcome(ref, b));
        });
      },
    ),
    { numRuns: 250 },
  );
  // The comparison means something only if the fast path actually ran, on both kinds of cycle.
  // (About 2000 and 180 of them with these generators; the bounds leave room for chance.)
  expect(filterRuns.mock.calls.length).toBeGreaterThan(500);
  expect(scoreRuns.mock.calls.length).toBeGreaterThan(40);
});
