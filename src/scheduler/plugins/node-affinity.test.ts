import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import type { NodeSelectorRequirement } from "../../cluster/k8s-types.js";
import { explainPod } from "../explain.js";
import { defaultProfile } from "../profile.js";
import { ERR_REASON_ENFORCED, ERR_REASON_POD } from "./node-affinity.js";

function required(exprs: NodeSelectorRequirement[], fields?: NodeSelectorRequirement[]) {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs, matchFields: fields }] } } };
}

/** Which of n1 (v=0206), n2 (v=0204, other=x), n3 (no labels) a requirement admits. */
function admitted(exprs: NodeSelectorRequirement[], fields?: NodeSelectorRequirement[]): string[] {
  const c = cluster([node("n1", { labels: { v: "0206" } }), node("n2", { labels: { v: "0204", other: "x" } }), node("n3")]);
  const r = explainPod(c, pending(c, pod("p", { affinity: required(exprs, fields) })));
  return r.nodes.filter((n) => n.feasible).map((n) => n.name);
}

describe("NodeAffinity filter (nodeaffinity.go operators)", () => {
  test.each<[string, NodeSelectorRequirement[], string[]]>([
    ["In", [{ key: "v", operator: "In", values: ["0206", "9"] }], ["n1"]],
    ["NotIn matches nodes without the key", [{ key: "v", operator: "NotIn", values: ["0206"] }], ["n2", "n3"]],
    ["Exists", [{ key: "other", operator: "Exists" }], ["n2"]],
    ["DoesNotExist", [{ key: "v", operator: "DoesNotExist" }], ["n3"]],
    ["Gt compares base-10 integers: 0206 > 205", [{ key: "v", operator: "Gt", values: ["205"] }], ["n1"]],
    ["Lt", [{ key: "v", operator: "Lt", values: ["205"] }], ["n2"]],
    ["requirements in a term are ANDed", [{ key: "v", operator: "Exists" }, { key: "other", operator: "DoesNotExist" }], ["n1"]],
    ["Gt with two values fails to parse: the term matches nothing", [{ key: "v", operator: "Gt", values: ["1", "2"] }], []],
    ["an invalid label value makes the term match nothing", [{ key: "v", operator: "In", values: ["not valid!"] }], []],
    ["an empty term matches nothing", [], []],
  ])("%s", (_name, exprs, want) => {
    expect(admitted(exprs)).toEqual(want);
  });

  test("matchFields metadata.name narrows the candidates (PreFilterResult); absent nodes carry the plugin status", () => {
    expect(admitted([], [{ key: "metadata.name", operator: "In", values: ["n3"] }])).toEqual(["n3"]);
    const c = cluster([node("n1"), node("n2")]);
    const r = explainPod(c, pending(c, pod("p", { affinity: required([], [{ key: "metadata.name", operator: "In", values: ["n2"] }]) })));
    expect(r.selectedNode).toBe("n2");
    expect(r.nodes[0]!.filter?.reasons).toEqual(["node(s) didn't satisfy plugin(s) [NodeAffinity]"]);
  });

  test("terms are ORed", () => {
    const c = cluster([node("a", { labels: { z: "1" } }), node("b", { labels: { z: "2" } }), node("c")]);
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "z", operator: "In", values: ["1"] }] }, { matchExpressions: [{ key: "z", operator: "In", values: ["2"] }] }],
        },
      },
    };
    const r = explainPod(c, pending(c, pod("p", { affinity })));
    expect(r.nodes.map((n) => n.feasible)).toEqual([true, true, false]);
    expect(r.nodes[2]!.filter).toEqual({ plugin: "NodeAffinity", reasons: [ERR_REASON_POD], code: "UnschedulableAndUnresolvable" });
  });

  test("nodeSelector needs every key with an equal value", () => {
    const c = cluster([node("a", { labels: { disk: "ssd", gpu: "yes" } }), node("b", { labels: { disk: "ssd" } })]);
    const r = explainPod(c, pending(c, pod("p", { nodeSelector: { disk: "ssd", gpu: "yes" } })));
    expect(r.nodes.map((n) => n.feasible)).toEqual([true, false]);
  });

  test("the profile's addedAffinity rejects with the scheduler-enforced reason", () => {
    const c = cluster([node("a", { labels: { pool: "x" } }), node("b")]);
    const profile = defaultProfile();
    profile.pluginConfig.NodeAffinity.addedAffinity = required([{ key: "pool", operator: "In", values: ["x"] }]).nodeAffinity;
    const r = explainPod(c, pending(c, pod("p")), { profile });
    expect(r.nodes[1]!.filter?.reasons).toEqual([ERR_REASON_ENFORCED]);
  });
});

describe("NodeAffinity score", () => {
  test("weights 2, 4, 5 give raws 2, 11, 4 and normalize to 18, 100, 36", () => {
    // n1 matches only the weight-2 term; n2 all three; n3 only the weight-4 term.
    const c = cluster([node("n1", { labels: { a: "1" } }), node("n2", { labels: { a: "1", b: "y", c: "x" } }), node("n3", { labels: { b: "z" } })]);
    const preferred = [
      { weight: 2, preference: { matchExpressions: [{ key: "a", operator: "In", values: ["1"] }] } },
      { weight: 4, preference: { matchExpressions: [{ key: "b", operator: "Exists" }] } },
      { weight: 5, preference: { matchExpressions: [{ key: "c", operator: "In", values: ["x"] }] } },
    ];
    const r = explainPod(c, pending(c, pod("p", { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } } })));
    const s = r.nodes.map((n) => n.scores!["NodeAffinity"]!);
    expect(s.map((x) => x.raw)).toEqual([2, 11, 4]);
    expect(s.map((x) => x.normalized)).toEqual([18, 100, 36]);
    expect(s.map((x) => x.weighted)).toEqual([36, 200, 72]);
    expect(r.selectedNode).toBe("n2");
  });
});
