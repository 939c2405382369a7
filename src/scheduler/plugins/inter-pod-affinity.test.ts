import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import type { Affinity, Node, PodAffinityTerm } from "../../cluster/k8s-types.js";
import { explainPod, type ExplainResult } from "../explain.js";
import { defaultProfile } from "../profile.js";
import { eventMessage, Scheduler } from "../schedule-one.js";
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from "./inter-pod-affinity.js";

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";

function term(app: string, key: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return { labelSelector: { matchLabels: { app } }, topologyKey: key, ...extra };
}

function zoned(name: string, zone: string | null): Node {
  return node(name, { labels: zone === null ? {} : { [ZONE]: zone } });
}

function feasibility(r: ExplainResult): Record<string, string> {
  return Object.fromEntries(r.nodes.map((n) => [n.name, n.filter === null ? "ok" : `${n.filter.code}: ${n.filter.reasons.join("; ")}`]));
}

function affinityScores(r: ExplainResult): Record<string, [number, number]> {
  return Object.fromEntries(r.nodes.map((n) => [n.name, [n.scores!["InterPodAffinity"]!.raw, n.scores!["InterPodAffinity"]!.normalized]]));
}

const AFFINITY = `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`;
const ANTI = `Unschedulable: ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}`;
const EXISTING = `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`;

describe("InterPodAffinity filter (filtering.go)", () => {
  test("required anti-affinity on hostname places one pod per node, then fails on every node", () => {
    const c = cluster([node("n1"), node("n2"), node("n3")]);
    const s = new Scheduler(c, { rng: { int: () => 0 } });
    const oneEach: Affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOST)] } };
    const placed = [0, 1, 2].map((i) => s.scheduleOne(pending(c, pod(`web-${i}`, { labels: { app: "web" }, affinity: oneEach }))).nodeName);
    expect(new Set(placed)).toEqual(new Set(["n1", "n2", "n3"]));
    const r = s.scheduleOne(pending(c, pod("web-3", { labels: { app: "web" }, affinity: oneEach })));
    // The incoming pod's own anti-affinity is checked before the existing pods' (same terms).
    // Anti-affinity rejections are Unschedulable, but no pod there has a lower priority (all 0).
    expect(eventMessage(r)).toBe(
      `0/3 nodes are available: 3 ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.`,
    );
  });

  test("required affinity admits the nodes of the zone holding a matching pod; nodes without the key fail", () => {
    const c = cluster([zoned("a1", "a"), zoned("a2", "a"), zoned("b1", "b"), zoned("bare", null)], [[pod("db", { labels: { app: "db" } }), "a2"]]);
    const affinity: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } };
    const r = explainPod(c, pending(c, pod("p", { labels: { app: "web" }, affinity })));
    expect(feasibility(r)).toEqual({ a1: "ok", a2: "ok", b1: AFFINITY, bare: AFFINITY });
  });

  test("the first pod of a self-affine group may go anywhere with the key; a non-matching pod nowhere", () => {
    const affinity: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", ZONE)] } };
    const run = (app: string) => {
      const c = cluster([zoned("a1", "a"), zoned("b1", "b"), zoned("bare", null)], [[pod("web", { labels: { app: "web" } }), "a1"]]);
      return feasibility(explainPod(c, pending(c, pod("p", { labels: { app }, affinity }))));
    };
    expect(run("db")).toEqual({ a1: "ok", b1: "ok", bare: AFFINITY });
    expect(run("cache")).toEqual({ a1: AFFINITY, b1: AFFINITY, bare: AFFINITY });
  });

  test("an existing pod's required anti-affinity rejects the incoming pod in its zone, only in its own namespace", () => {
    const guard = pod("guard", { labels: { app: "guard" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] } } });
    const run = (namespace: string) => {
      const c = cluster([zoned("a1", "a"), zoned("a2", "a"), zoned("b1", "b")], [[guard, "a1"]]);
      return feasibility(explainPod(c, pending(c, pod("p", { labels: { app: "web" }, namespace }))));
    };
    expect(run("default")).toEqual({ a1: EXISTING, a2: EXISTING, b1: "ok" });
    expect(run("shop")).toEqual({ a1: "ok", a2: "ok", b1: "ok" });
  });

  test("namespaceSelector reads Namespace labels (or kubernetes.io/metadata.name without Namespace objects)", () => {
    const anti = (sel: Record<string, string>): Affinity => ({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("db", HOST, { namespaceSelector: { matchLabels: sel } })] },
    });
    const c = cluster([node("n1"), node("n2")], [[pod("db", { labels: { app: "db" }, namespace: "data" }), "n1"]]);
    c.namespaceObjects.set("data", { kind: "Namespace", metadata: { name: "data", labels: { team: "storage" } } });
    const byTeam = explainPod(c, pending(c, pod("p", { affinity: anti({ team: "storage" }) })));
    expect(feasibility(byTeam)).toEqual({ n1: ANTI, n2: "ok" });
    const c2 = cluster([node("n1"), node("n2")], [[pod("db", { labels: { app: "db" }, namespace: "data" }), "n1"]]);
    const byName = explainPod(c2, pending(c2, pod("p", { affinity: anti({ "kubernetes.io/metadata.name": "data" }) })));
    expect(feasibility(byName)).toEqual({ n1: ANTI, n2: "ok" });
  });
});

describe("InterPodAffinity score (scoring.go)", () => {
  test("preferred affinity +w per matching pod's zone, preferred anti-affinity −w per host, normalized min–max", () => {
    // zone a += 10 (db on n1); hosts n2 and n3 −= 4 (a cache pod on each).
    // Raw n1 10, n2 10 − 4 = 6, n3 −4. Normalized ⌊100·(s − (−4))/(10 − (−4))⌋: 100, ⌊71.4⌋ = 71, 0.
    const c = cluster([zoned("n1", "a"), zoned("n2", "a"), zoned("n3", "b")], [
      [pod("db", { labels: { app: "db" } }), "n1"],
      [pod("cache-0", { labels: { app: "cache" } }), "n2"],
      [pod("cache-1", { labels: { app: "cache" } }), "n3"],
    ]);
    const affinity: Affinity = {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term("db", ZONE) }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 4, podAffinityTerm: term("cache", HOST) }] },
    };
    const r = explainPod(c, pending(c, pod("p", { affinity })));
    expect(affinityScores(r)).toEqual({ n1: [10, 100], n2: [6, 71], n3: [-4, 0] });
  });

  test("an existing pod's required affinity to the incoming pod scores hardPodAffinityWeight in its zone", () => {
    const lover = pod("lover", { labels: { app: "x" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] } } });
    const run = (hardPodAffinityWeight: number, ignorePreferredTermsOfExistingPods = false) => {
      const profile = defaultProfile();
      profile.pluginConfig.InterPodAffinity = { hardPodAffinityWeight, ignorePreferredTermsOfExistingPods };
      const c = cluster([zoned("n1", "a"), zoned("n2", "b")], [[lover, "n2"]]);
      return affinityScores(explainPod(c, pending(c, pod("p", { labels: { app: "web" } })), { profile }));
    };
    expect(run(1)).toEqual({ n1: [0, 0], n2: [1, 100] });
    expect(run(5)).toEqual({ n1: [0, 0], n2: [5, 100] });
    // Weight 0: no term contributes, PreScore skips.
    expect(run(0)).toEqual({ n1: [0, 0], n2: [0, 0] });
    // The incoming pod has no preferred terms: ignorePreferredTermsOfExistingPods skips PreScore.
    expect(run(1, true)).toEqual({ n1: [0, 0], n2: [0, 0] });
  });
});

test("FailedScheduling mixes PodTopologySpread and InterPodAffinity reasons with others, sorted as whole strings", () => {
  const taint = { key: "dedicated", value: "infra", effect: "NoSchedule" };
  const c = cluster(
    [
      node("t1", { labels: { [ZONE]: "a" }, taints: [taint] }),
      node("s1", { labels: { [ZONE]: "a" }, cpu: "1" }),
      node("x1"),
      node("w1", { labels: { [ZONE]: "b" } }),
      node("w2", { labels: { [ZONE]: "b" } }),
    ],
    [
      [pod("web-0", { labels: { app: "web" } }), "w1"],
      [pod("guard", { labels: { app: "guard" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOST)] } } }), "w2"],
    ],
  );
  const s = new Scheduler(c, { rng: { int: () => 0 } });
  const p = pod("web-1", {
    labels: { app: "web" },
    cpu: "2",
    topologySpreadConstraints: [{ topologyKey: ZONE, maxSkew: 5, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }],
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOST)] } },
  });
  const r = s.scheduleOne(pending(c, p));
  expect(eventMessage(r)).toBe(
    "0/5 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod anti-affinity rules, " +
      "1 node(s) didn't match pod topology spread constraints (missing required label), " +
      "1 node(s) didn't satisfy existing pods anti-affinity rules, 1 node(s) had untolerated taint(s). " +
      // DefaultPreemption: t1, x1, s1 (2 cpu > 1 allocatable) are UnschedulableAndUnresolvable;
      // w1, w2 are Unschedulable but hold no pod below priority 0.
      "preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
  );
  // Node-tree order visits the zones round-robin: a (t1), "" (x1), b (w1), a (s1), b (w2).
  expect(r.fitError!.nodeStatuses.map((x) => [x.node, x.plugin, x.code])).toEqual([
    ["t1", "TaintToleration", "UnschedulableAndUnresolvable"],
    ["x1", "PodTopologySpread", "UnschedulableAndUnresolvable"],
    ["w1", "InterPodAffinity", "Unschedulable"],
    ["s1", "NodeResourcesFit", "UnschedulableAndUnresolvable"],
    ["w2", "InterPodAffinity", "Unschedulable"],
  ]);
});
