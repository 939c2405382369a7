import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { explainPod } from "../explain.js";
import { defaultProfile } from "../profile.js";
import { isExtendedResourceName } from "./node-resources-fit.js";

describe("NodeResourcesFit filter (fit.go fitsRequest)", () => {
  test.each<[string, Parameters<typeof node>[1], Parameters<typeof pod>[1], string[] | null, string | null]>([
    ["fits", { cpu: "4" }, { cpu: "2" }, null, null],
    // 5 cores > 4 allocatable: preemption cannot help.
    ["more than the node's whole allocatable", { cpu: "4" }, { cpu: "5" }, ["Insufficient cpu"], "UnschedulableAndUnresolvable"],
    ["an absent extended resource", { cpu: "4" }, { requests: { "nvidia.com/gpu": "1" } }, ["Insufficient nvidia.com/gpu"], "UnschedulableAndUnresolvable"],
    [
      "reasons in fit.go order",
      { cpu: "1", memory: "1Gi", extra: { "ephemeral-storage": "1Gi" } },
      { cpu: "2", memory: "2Gi", requests: { "ephemeral-storage": "2Gi" } },
      ["Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage"],
      "UnschedulableAndUnresolvable",
    ],
  ])("%s", (_name, n, p, reasons, code) => {
    const c = cluster([node("n", n)]);
    const r = explainPod(c, pending(c, pod("p", p)));
    expect(r.nodes[0]!.filter?.reasons ?? null).toEqual(reasons);
    expect(r.nodes[0]!.filter?.code ?? null).toBe(code);
  });

  test("what other pods hold: Unschedulable (preemption could free it), Too many pods first", () => {
    // 3 of 4 cores and the only pod slot are taken; the pod wants 2 cores.
    const c = cluster([node("n", { cpu: "4", pods: "1" })], [[pod("running", { cpu: "3" }), "n"]]);
    const r = explainPod(c, pending(c, pod("p", { cpu: "2" })));
    expect(r.nodes[0]!.filter).toEqual({ plugin: "NodeResourcesFit", reasons: ["Too many pods", "Insufficient cpu"], code: "Unschedulable" });
    // Unschedulable, so a preemption candidate, but the running pods have priority 0 like the pod.
    expect(r.message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  test("Too many pods is never UnschedulableAndUnresolvable, even at pods: 0 (fit.go)", () => {
    const c = cluster([node("n", { pods: "0" })]);
    const r = explainPod(c, pending(c, pod("p", { cpu: "1" })));
    expect(r.nodes[0]!.filter).toEqual({ plugin: "NodeResourcesFit", reasons: ["Too many pods"], code: "Unschedulable" });
  });

  test("pod count is checked even for a pod requesting nothing", () => {
    const c = cluster([node("n", { pods: "1" })], [[pod("running"), "n"]]);
    const r = explainPod(c, pending(c, pod("p")));
    expect(r.nodes[0]!.filter?.reasons).toEqual(["Too many pods"]);
  });

  test("ignoredResources and ignoredResourceGroups skip extended resources only", () => {
    const c = cluster([node("n")]);
    const slot = pending(c, pod("p", { requests: { "example.com/foo": "1", "other.io/bar": "1" } }));
    const profile = defaultProfile();
    profile.pluginConfig.NodeResourcesFit.ignoredResources = ["example.com/foo"];
    expect(explainPod(c, slot, { profile }).nodes[0]!.filter?.reasons).toEqual(["Insufficient other.io/bar"]);
    profile.pluginConfig.NodeResourcesFit.ignoredResourceGroups = ["other.io"];
    expect(explainPod(c, slot, { profile }).nodes[0]!.feasible).toBe(true);
  });

  test.each([
    ["nvidia.com/gpu", true],
    ["cpu", false],
    ["hugepages-2Mi", false],
    ["kubernetes.io/something", false],
    ["requests.example.com/x", false],
  ])("IsExtendedResourceName(%s) = %s", (name, want) => {
    expect(isExtendedResourceName(name)).toBe(want);
  });
});

describe("NodeResourcesFit score", () => {
  test("LeastAllocated on non-zero requests: 4 cores / 10000 B node, 3 cores / 5000 B pod → 37", () => {
    const c = cluster([node("a", { cpu: "4", memory: "10000" }), node("b", { cpu: "4", memory: "10000" })]);
    const r = explainPod(c, pending(c, pod("p", { cpu: "3", memory: "5000" })));
    expect(r.nodes.map((n) => n.scores!["NodeResourcesFit"]!.raw)).toEqual([37, 37]);
    // BalancedAllocation: fractions 0.75 and 0.5 → 87.
    expect(r.nodes.map((n) => n.scores!["NodeResourcesBalancedAllocation"]!.raw)).toEqual([87, 87]);
  });

  test("a pod without requests scores with 100m / 200Mi on both sides", () => {
    // Node a runs one request-less pod: non-zero used 100m / 200Mi. Incoming adds the same.
    // a: cpu (4000−200)·100/4000 = 95, mem (2Gi−400Mi)·100/2Gi = 80 (80.47) → 87
    // b: cpu 97 (97.5), mem 90 (90.2) → 93
    const c = cluster([node("a", { memory: "2Gi" }), node("b", { memory: "2Gi" })], [[pod("r"), "a"]]);
    const r = explainPod(c, pending(c, pod("p")));
    expect(r.nodes.map((n) => n.scores!["NodeResourcesFit"]!.raw)).toEqual([87, 93]);
    // BalancedAllocation is skipped for best-effort pods: 0 everywhere.
    expect(r.nodes.map((n) => n.scores!["NodeResourcesBalancedAllocation"]!.raw)).toEqual([0, 0]);
    expect(r.selectedNode).toBe("b");
  });

  test("MostAllocated picks the fuller node", () => {
    const c = cluster([node("a", { cpu: "4", memory: "4Gi" }), node("b", { cpu: "4", memory: "4Gi" })], [[pod("r", { cpu: "2", memory: "2Gi" }), "a"]]);
    const profile = defaultProfile();
    profile.pluginConfig.NodeResourcesFit.scoringStrategy.type = "MostAllocated";
    const r = explainPod(c, pending(c, pod("p", { cpu: "1", memory: "1Gi" })), { profile });
    // a: cpu 3000·100/4000 = 75, mem 75 → 75; b: 25, 25 → 25
    expect(r.nodes.map((n) => n.scores!["NodeResourcesFit"]!.raw)).toEqual([75, 25]);
    expect(r.selectedNode).toBe("a");
  });
});
