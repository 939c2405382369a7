import fc from "fast-check";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { Node, Pod, Taint, TopologySpreadConstraint } from "../../cluster/k8s-types.js";
import { RngStreams } from "../../engine/rng.js";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { pluginRegistry, CORE_PLUGINS } from "../plugins/index.js";
import { defaultProfile, type SchedulerProfile } from "../profile.js";
import { Scheduler } from "../schedule-one.js";
import { cycleOutcome } from "../../../test/fixtures/cycle-outcome.js";
import type { IntSource } from "../select-host.js";
import { SpreadScore } from "./spread-score.js";

// Deployment-like pods (selected by a Service, so PodTopologySpread scores them with the system
// default constraints, or carrying ScheduleAnyway constraints of their own) must be decided by
// the fused score path (fused-score.ts + spread-score.ts) exactly as by the generic
// Framework.runScore: same node, same messages, same scored list and totals, same random draws.
// The reference scheduler gets copies of the core plugins (same members, other identities),
// which the fast path does not recognise, so it always runs the generic loops.

const ZONE = "topology.kubernetes.io/zone";
const HOSTNAME = "kubernetes.io/hostname";

const nodeSpec = fc.record({
  cpu: fc.constantFrom("1", "2", "4", "4"),
  memory: fc.constantFrom("1Gi", "4Gi", "16Gi"),
  // A node without a zone label: ignored by own constraints (requireAll), domain "" otherwise.
  zone: fc.constantFrom("z1", "z2", "z3", "z3", undefined),
  tainted: fc.constantFrom(false, false, false, true),
});

const appSpec = fc.constantFrom("web", "api", "db");

const ownConstraint = fc.record({
  maxSkew: fc.integer({ min: 1, max: 4 }),
  topologyKey: fc.constantFrom(ZONE, HOSTNAME),
  whenUnsatisfiable: fc.constantFrom("ScheduleAnyway", "ScheduleAnyway", "DoNotSchedule"),
  nodeAffinityPolicy: fc.constantFrom(undefined, "Ignore"),
});

const podSpec = fc.record({
  app: appSpec,
  cpu: fc.constantFrom("100m", "250m", "500m", "1"),
  memory: fc.constantFrom("64Mi", "256Mi", "1Gi"),
  own: fc.oneof({ arbitrary: fc.constant<OwnConstraintGen[]>([]), weight: 3 }, { arbitrary: fc.array(ownConstraint, { minLength: 1, maxLength: 2 }), weight: 1 }),
  zones: fc.constantFrom(undefined, undefined, undefined, ["z1", "z2"]),
  tolerates: fc.constantFrom(false, true),
});

const profileSpec = fc.record({
  percentageOfNodesToScore: fc.constantFrom(0, 30, 100),
  weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
  // defaultingType List with the system defaults' values: nodes must have every key.
  defaulting: fc.constantFrom("System", "System", "List"),
});

type OwnConstraintGen = typeof ownConstraint extends fc.Arbitrary<infer T> ? T : never;
type NodeSpec = typeof nodeSpec extends fc.Arbitrary<infer T> ? T : never;
type PodSpecGen = typeof podSpec extends fc.Arbitrary<infer T> ? T : never;
type ProfileSpec = typeof profileSpec extends fc.Arbitrary<infer T> ? T : never;

const SOFT_TAINT: Taint = { key: "spot", value: "", effect: "PreferNoSchedule" };

function toNode(i: number, s: NodeSpec): Node {
  return node(`n${i}`, { cpu: s.cpu, memory: s.memory, labels: s.zone === undefined ? {} : { [ZONE]: s.zone }, taints: s.tainted ? [SOFT_TAINT] : [] });
}

function toPod(name: string, s: PodSpecGen): Pod {
  const own: TopologySpreadConstraint[] = s.own.map((k) => ({ ...k, labelSelector: { matchLabels: { app: s.app } } }));
  return pod(name, {
    cpu: s.cpu,
    memory: s.memory,
    labels: { app: s.app },
    topologySpreadConstraints: own.length > 0 ? own : undefined,
    tolerations: s.tolerates ? [{ key: "spot", operator: "Exists" }] : undefined,
    affinity:
      s.zones === undefined
        ? undefined
        : { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "In", values: [...s.zones] }] }] } } },
  });
}

function toProfile(s: ProfileSpec): SchedulerProfile {
  const p = defaultProfile();
  p.percentageOfNodesToScore = s.percentageOfNodesToScore;
  const [wTaint, wFit, wSpread, wBalanced] = s.weights as [number, number, number, number];
  for (const w of p.score) {
    if (w.name === "TaintToleration") w.weight = wTaint;
    if (w.name === "NodeResourcesFit") w.weight = wFit;
    if (w.name === "PodTopologySpread") w.weight = wSpread;
    if (w.name === "NodeResourcesBalancedAllocation") w.weight = wBalanced;
  }
  if (s.defaulting === "List") {
    p.pluginConfig.PodTopologySpread.defaultingType = "List";
    p.pluginConfig.PodTopologySpread.defaultConstraints = [
      { topologyKey: HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
      { topologyKey: ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
    ];
  }
  return p;
}

/** A stream that records every draw (its bound and its result). */
function recording(base: IntSource, draws: number[][]): IntSource {
  return {
    int(n: number): number {
      const r = base.int(n);
      draws.push([n, r]);
      return r;
    },
  };
}

const spreadRuns = vi.spyOn(SpreadScore.prototype, "addAndSelect");
// Braces: a function returned from beforeAll is a cleanup hook, and mockClear returns the spy.
beforeAll(() => {
  spreadRuns.mockClear();
});
afterAll(() => vi.restoreAllMocks());

test("PodTopologySpread on the fused score path decides, scores and draws exactly like Framework.runScore", () => {
  const genericRegistry = pluginRegistry(CORE_PLUGINS.map((p) => ({ ...p })));
  fc.assert(
    fc.property(
      fc.array(nodeSpec, { minLength: 2, maxLength: 60 }),
      fc.array(fc.tuple(appSpec, fc.nat()), { maxLength: 40 }),
      fc.subarray(["web", "api", "db"]),
      // Runs of replicas, so the domain counts change between the cycles of one workload.
      fc.array(fc.tuple(podSpec, fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 6 }),
      profileSpec,
      fc.nat(1000),
      (nodes, running, services, replicaRuns, prof, seed) => {
        const pendingPods = replicaRuns.flatMap(([s, n]) => Array.from({ length: n }, () => s));
        const build = (): ClusterState => {
          const bound = running.map(([app, k], i): [Pod, string] => [pod(`r${i}`, { cpu: "100m", labels: { app } }), `n${k % nodes.length}`]);
          const c = cluster(
            nodes.map((s, i) => toNode(i, s)),
            bound,
          );
          for (const app of services) c.services.push({ kind: "Service", metadata: { name: app, namespace: "default" }, spec: { selector: { app } } });
          return c;
        };
        const fastCluster = build();
        const refCluster = build();
        const fastDraws: number[][] = [];
        const refDraws: number[][] = [];
        const fast = new Scheduler(fastCluster, { profile: toProfile(prof), rng: recording(new RngStreams(seed).stream("scheduler"), fastDraws) });
        const ref = new Scheduler(refCluster, { profile: toProfile(prof), registry: genericRegistry, rng: recording(new RngStreams(seed).stream("scheduler"), refDraws) });
        pendingPods.forEach((s, i) => {
          const a = fast.scheduleOne(pending(fastCluster, toPod(`p${i}`, s)));
          const b = ref.scheduleOne(pending(refCluster, toPod(`p${i}`, s)));
          expect(cycleOutcome(fast, a)).toEqual(cycleOutcome(ref, b));
          expect(fastDraws).toEqual(refDraws);
        });
      },
    ),
    { numRuns: 200 },
  );
  // The comparison means something only if the spread term actually took the fused path often.
  expect(spreadRuns.mock.calls.length).toBeGreaterThan(300);
});

test("the fused spread term is the plugin's scores, normalized by hand", () => {
  // Three nodes, one zone each; a Service selects app=web, which runs 2 pods on n0 (z1) and 1
  // on n1 (z2). System defaults, every node feasible (requireAll off, nothing ignored):
  //   hostname: topoSize 3 → w = ln 5; zone: 3 domains → w = ln 5.
  //   n0: round(2·ln5 + 2 + 2·ln5 + 4) = round(12.438) = 12
  //   n1: round(1·ln5 + 2 + 1·ln5 + 4) = round(9.219)  = 9
  //   n2: round(0 + 2 + 0 + 4)                         = 6
  // NormalizeScore: min 6, max 12 → trunc(100·(18 − s)/12): n0 50, n1 75, n2 100; weight 2.
  const c = cluster(
    [node("n0", { labels: { [ZONE]: "z1" } }), node("n1", { labels: { [ZONE]: "z2" } }), node("n2", { labels: { [ZONE]: "z3" } })],
    [
      [pod("r0", { labels: { app: "web" } }), "n0"],
      [pod("r1", { labels: { app: "web" } }), "n0"],
      [pod("r2", { labels: { app: "web" } }), "n1"],
    ],
  );
  c.services.push({ kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } });
  const p = defaultProfile();
  p.percentageOfNodesToScore = 100;
  // Only PodTopologySpread scores: the totals are its weighted term alone.
  p.score = p.score.filter((w) => w.name === "PodTopologySpread");
  const s = new Scheduler(c, { profile: p, rng: { int: () => 0 } });
  spreadRuns.mockClear();
  const r = s.scheduleOne(pending(c, pod("p", { labels: { app: "web" } })));
  expect(spreadRuns).toHaveBeenCalledTimes(1);
  const byNode = new Map(Array.from(s.feasible.subarray(0, 3), (n, j) => [c.nodeName(n), s.totals[j]]));
  expect(Object.fromEntries(byNode)).toEqual({ n0: 100, n1: 150, n2: 200 });
  expect(r.nodeName).toBe("n2");
});
