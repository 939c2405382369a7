import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import type { Node, Pod, Service, TopologySpreadConstraint } from "../../cluster/k8s-types.js";
import { explainPod, type ExplainResult } from "../explain.js";
import { defaultProfile } from "../profile.js";
import { Scheduler } from "../schedule-one.js";
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from "./pod-topology-spread.js";

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";
const web = { app: "web" };

function spread(key: string, maxSkew: number, when: "DoNotSchedule" | "ScheduleAnyway", extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint {
  return { topologyKey: key, maxSkew, whenUnsatisfiable: when, labelSelector: { matchLabels: web }, ...extra };
}

function zoned(name: string, zone: string | null, extra: Parameters<typeof node>[1] = {}): Node {
  return node(name, { ...extra, labels: { ...(zone === null ? {} : { [ZONE]: zone }), ...extra.labels } });
}

/** `n` pods labelled app=web running on `nodeName`. */
function webPods(prefix: string, n: number, nodeName: string): [Pod, string][] {
  return Array.from({ length: n }, (_, i) => [pod(`${prefix}-${i}`, { labels: web }), nodeName] as [Pod, string]);
}

function feasibility(r: ExplainResult): Record<string, string> {
  return Object.fromEntries(r.nodes.map((n) => [n.name, n.filter === null ? "ok" : `${n.filter.plugin}: ${n.filter.code}: ${n.filter.reasons.join("; ")}`]));
}

function spreadScores(r: ExplainResult): Record<string, [number, number]> {
  return Object.fromEntries(r.nodes.map((n) => [n.name, [n.scores!["PodTopologySpread"]!.raw, n.scores!["PodTopologySpread"]!.normalized]]));
}

const SKEW = `PodTopologySpread: Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`;
const MISSING = `PodTopologySpread: UnschedulableAndUnresolvable: ${ERR_REASON_NODE_LABEL_NOT_MATCH}`;

describe("PodTopologySpread filter (filtering.go)", () => {
  test("zone a holds 3 matching pods, zone b 1: with maxSkew 1 only zone b passes (3+1−1 > 1, 1+1−1 ≤ 1)", () => {
    const c = cluster([zoned("a1", "a"), zoned("a2", "a"), zoned("b1", "b")], [...webPods("x", 2, "a1"), ...webPods("y", 1, "a2"), ...webPods("z", 1, "b1")]);
    const r = explainPod(c, pending(c, pod("p", { labels: web, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule")] })));
    expect(feasibility(r)).toEqual({ a1: SKEW, a2: SKEW, b1: "ok" });
  });

  test("a pod that does not match its own selector adds no selfMatch", () => {
    // zone a 2, zone b 1: min 1; a: 2+0−1 = 1 ≤ 1 passes; with selfMatch it would be 2.
    const c = cluster([zoned("a1", "a"), zoned("b1", "b")], [...webPods("x", 2, "a1"), ...webPods("z", 1, "b1")]);
    const r = explainPod(c, pending(c, pod("p", { labels: { app: "other" }, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule")] })));
    expect(feasibility(r)).toEqual({ a1: "ok", b1: "ok" });
  });

  test("minDomains: with fewer domains than minDomains the global minimum is 0", () => {
    const pods = [...webPods("x", 1, "a1"), ...webPods("y", 1, "b1")];
    const run = (minDomains?: number) => {
      const c = cluster([zoned("a1", "a"), zoned("b1", "b")], pods);
      return feasibility(explainPod(c, pending(c, pod("p", { labels: web, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule", { minDomains })] }))));
    };
    // Without it: min 1, each zone 1+1−1 = 1 ≤ 1. With minDomains 3 (2 domains): 1+1−0 = 2 > 1.
    expect(run()).toEqual({ a1: "ok", b1: "ok" });
    expect(run(3)).toEqual({ a1: SKEW, b1: SKEW });
    expect(run(2)).toEqual({ a1: "ok", b1: "ok" });
  });

  test("a node without the topology key is UnschedulableAndUnresolvable and its pods do not count", () => {
    // The 5 pods on the unlabelled node would make zone-less counting impossible; a and b stay 0/0.
    const c = cluster([zoned("a1", "a"), zoned("b1", "b"), zoned("bare", null)], webPods("x", 5, "bare"));
    const r = explainPod(c, pending(c, pod("p", { labels: web, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule")] })));
    expect(feasibility(r)).toEqual({ a1: "ok", b1: "ok", bare: MISSING });
  });

  test("nodeAffinityPolicy: Honor (default) counts only nodes the pod's nodeSelector admits; Ignore counts all", () => {
    const nodes = [zoned("a1", "a", { labels: { pool: "x" } }), zoned("b1", "b", { labels: { pool: "x" } }), zoned("c1", "c", { labels: { pool: "y" } })];
    const pods = [...webPods("x", 2, "a1"), ...webPods("y", 1, "b1")];
    const run = (policy?: string) => {
      const c = cluster(nodes, pods);
      const p = pod("p", { labels: web, nodeSelector: { pool: "x" }, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule", { nodeAffinityPolicy: policy })] });
      return feasibility(explainPod(c, pending(c, p)));
    };
    const affinity = "NodeAffinity: UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";
    // Honor: domains {a: 2, b: 1}, min 1 → a 2+1−1 = 2 > 1, b 1+1−1 = 1.
    expect(run()).toEqual({ a1: SKEW, b1: "ok", c1: affinity });
    // Ignore: zone c (0 pods) is a domain too, min 0 → b 1+1−0 = 2 > 1.
    expect(run("Ignore")).toEqual({ a1: SKEW, b1: SKEW, c1: affinity });
  });

  test("nodeTaintsPolicy: Ignore (default) counts tainted nodes; Honor drops nodes with untolerated taints", () => {
    const taint = { key: "dedicated", value: "x", effect: "NoSchedule" };
    const nodes = [zoned("a1", "a"), zoned("b1", "b"), zoned("c1", "c", { taints: [taint] })];
    const pods = [...webPods("x", 2, "a1"), ...webPods("y", 1, "b1")];
    const run = (policy?: string) => {
      const c = cluster(nodes, pods);
      const p = pod("p", { labels: web, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule", { nodeTaintsPolicy: policy })] });
      return feasibility(explainPod(c, pending(c, p)));
    };
    const tainted = "TaintToleration: UnschedulableAndUnresolvable: node(s) had untolerated taint(s)";
    expect(run()).toEqual({ a1: SKEW, b1: SKEW, c1: tainted });
    expect(run("Honor")).toEqual({ a1: SKEW, b1: "ok", c1: tainted });
  });

  test("matchLabelKeys ANDs the pod's own value into the selector", () => {
    // Only the two rev=1 pods count: zone a 2, zone b 0 → a: 2+1−0 > 1, b: 0+1−0 ≤ 1.
    const rev = (name: string, r: string): Pod => pod(name, { labels: { ...web, rev: r } });
    const c = cluster([zoned("a1", "a"), zoned("b1", "b")], [[rev("r1a", "1"), "a1"], [rev("r1b", "1"), "a1"], [rev("r2a", "2"), "b1"], [rev("r2b", "2"), "b1"], [rev("r2c", "2"), "b1"]]);
    const p = pod("p", { labels: { ...web, rev: "1" }, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule", { matchLabelKeys: ["rev"] })] });
    expect(feasibility(explainPod(c, pending(c, p)))).toEqual({ a1: SKEW, b1: "ok" });
  });
});

test("counts follow binds and deletions between cycles: maxSkew 1 over two zones alternates", () => {
  // a1 is far larger, so resource scoring alone would put every pod there.
  const c = cluster([zoned("a1", "a", { cpu: "64", memory: "256Gi" }), zoned("b1", "b")]);
  const s = new Scheduler(c, { rng: { int: () => 0 } });
  const next = (i: number) => s.scheduleOne(pending(c, pod(`w-${i}`, { cpu: "100m", labels: web, topologySpreadConstraints: [spread(ZONE, 1, "DoNotSchedule")] }))).nodeName;
  // After each bind the fuller zone has skew 2 for the next pod: it must take the other one.
  expect([0, 1, 2, 3].map(next)).toEqual(["a1", "b1", "a1", "b1"]);
  // Delete both pods of zone a (a 0, b 2): the next two pods must both land there.
  for (const ref of ["default/w-0", "default/w-2"]) c.deletePod(c.podByRef.get(ref)!);
  expect([4, 5].map(next)).toEqual(["a1", "a1"]);
});

describe("PodTopologySpread score (scoring.go)", () => {
  test("reference §4.9: hostname, maxSkew 1, counts 2/1/0/3 → w = ln 6 → raw 4, 2, 0, 5 → 20, 60, 100, 0", () => {
    const c = cluster([node("n1"), node("n2"), node("n3"), node("n4")], [...webPods("a", 2, "n1"), ...webPods("b", 1, "n2"), ...webPods("d", 3, "n4")]);
    const r = explainPod(c, pending(c, pod("p", { labels: web, topologySpreadConstraints: [spread(HOST, 1, "ScheduleAnyway")] })));
    // 2·1.792 = 3.58 → 4; 1.79 → 2; 0; 5.38 → 5. Normalized 100·(5 + 0 − s)/5.
    expect(spreadScores(r)).toEqual({ n1: [4, 20], n2: [2, 60], n3: [0, 100], n4: [5, 0] });
  });

  test("with the pod's own constraints, feasible nodes missing a key are ignored (score 0, outside min/max)", () => {
    // zone a: 3 pods on a1; zone b: 1 pod on b1; 'bare' has no zone. Domains {a, b}: w = ln 4 = 1.386.
    // a1: 3·1.386 = 4.16 → 4; b1: 1.39 → 1. max 4, min 1 → a1 100·(5−4)/4 = 25, b1 100·(5−1)/4 = 100.
    const c = cluster([zoned("a1", "a"), zoned("b1", "b"), zoned("bare", null)], [...webPods("a", 3, "a1"), ...webPods("b", 1, "b1"), ...webPods("c", 9, "bare")]);
    const r = explainPod(c, pending(c, pod("p", { labels: web, topologySpreadConstraints: [spread(ZONE, 1, "ScheduleAnyway")] })));
    expect(spreadScores(r)).toEqual({ a1: [4, 25], b1: [1, 100], bare: [0, 0] });
  });

  test("system defaults: a Service selecting the pod gives hostname (maxSkew 3) and zone (maxSkew 5) spreading", () => {
    const svc: Service = { kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: web } };
    const elsewhere = pod("other-ns", { labels: web, namespace: "shop" });
    const terminating: Pod = { ...pod("leaving", { labels: web }), metadata: { name: "leaving", namespace: "default", labels: web, deletionTimestamp: "2026-01-01T00:00:00Z" } };
    const build = (withService: boolean) => {
      const c = cluster([zoned("n1", "a"), zoned("n2", "a"), zoned("n3", "b")], [...webPods("w", 2, "n1"), ...webPods("v", 1, "n3"), [elsewhere, "n2"], [terminating, "n2"]]);
      if (withService) c.services.push(svc);
      return explainPod(c, pending(c, pod("p", { labels: web })));
    };
    // Counted: n1 2, n2 0 (other namespace and terminating pods excluded), n3 1; zones a 2, b 1.
    // hostname w = ln(3+2) = 1.609, zone w = ln(2+2) = 1.386:
    // n1 = 2·1.609 + 2 + 2·1.386 + 4 = 11.99 → 12; n2 = 2 + 6.77 = 8.77 → 9; n3 = 3.61 + 5.39 = 9.00 → 9.
    // Normalized with max 12, min 9: n1 100·9/12 = 75, n2 and n3 100·12/12 = 100.
    expect(spreadScores(build(true))).toEqual({ n1: [12, 75], n2: [9, 100], n3: [9, 100] });
    // Nothing selects the pod: no default constraints, PreScore skips, every node scores 0.
    expect(spreadScores(build(false))).toEqual({ n1: [0, 0], n2: [0, 0], n3: [0, 0] });
  });

  test("defaultingType List uses the profile's defaultConstraints (DoNotSchedule ones filter)", () => {
    const profile = defaultProfile();
    profile.pluginConfig.PodTopologySpread = { defaultingType: "List", defaultConstraints: [{ topologyKey: ZONE, maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }] };
    const c = cluster([zoned("a1", "a"), zoned("b1", "b")], webPods("x", 2, "a1"));
    c.services.push({ kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: web } });
    const r = explainPod(c, pending(c, pod("p", { labels: web })), { profile });
    // Zone a 2, zone b 0: a 2+1−0 > 1.
    expect(feasibility(r)).toEqual({ a1: SKEW, b1: "ok" });
  });
});
