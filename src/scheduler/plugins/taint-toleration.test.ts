import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { ClusterState } from "../../cluster/cluster-state.js";
import type { Taint, Toleration } from "../../cluster/k8s-types.js";
import { EFFECT_NO_SCHEDULE } from "../../cluster/node-table.js";
import { explainPod } from "../explain.js";
import { compileTolerations, toleratesTaint } from "../tolerations.js";
import { ERR_REASON_UNTOLERATED_TAINTS } from "./taint-toleration.js";

describe("ToleratesTaint (core/v1 toleration.go)", () => {
  const taint = { key: "k", value: "v", effect: EFFECT_NO_SCHEDULE };
  test.each<[string, Toleration, boolean]>([
    ["Equal with key, value and effect", { key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }, true],
    ["empty operator means Equal", { key: "k", value: "v" }, true],
    ["Equal with another value", { key: "k", operator: "Equal", value: "w" }, false],
    ["Exists ignores the value", { key: "k", operator: "Exists" }, true],
    ["empty key with Exists tolerates every key", { operator: "Exists" }, true],
    ["empty effect matches every effect", { key: "k", operator: "Exists", effect: "" }, true],
    ["another effect does not match", { key: "k", operator: "Exists", effect: "NoExecute" }, false],
    ["another key does not match", { key: "j", operator: "Exists" }, false],
    ["an unknown operator tolerates nothing", { key: "k", operator: "Gt", value: "v" }, false],
  ])("%s", (_name, tol, want) => {
    const c = new ClusterState();
    const t = compileTolerations(c, [tol]);
    const I = c.interners;
    expect(toleratesTaint(t, 0, I.taintKeys.id(taint.key), I.taintValues.id(taint.value), taint.effect)).toBe(want);
  });
});

describe("TaintToleration plugin", () => {
  const noSchedule: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const prefer = (key: string): Taint => ({ key, value: "", effect: "PreferNoSchedule" });

  test("an untolerated NoSchedule or NoExecute taint rejects; PreferNoSchedule never does", () => {
    const c = cluster([node("a", { taints: [noSchedule] }), node("b", { taints: [{ key: "x", effect: "NoExecute" }] }), node("c", { taints: [prefer("p")] })]);
    const r = explainPod(c, pending(c, pod("p")));
    expect(r.nodes.map((n) => n.filter?.reasons ?? null)).toEqual([[ERR_REASON_UNTOLERATED_TAINTS], [ERR_REASON_UNTOLERATED_TAINTS], null]);
    expect(r.nodes[0]!.filter!.code).toBe("UnschedulableAndUnresolvable");
    expect(r.message).toBe("Successfully assigned default/p to c");
  });

  test("score counts intolerable PreferNoSchedule taints, normalized in reverse", () => {
    // raw 2, 1, 0 → 100·s/2 = 100, 50, 0 → reversed 0, 50, 100; weight 3.
    const c = cluster([node("a", { taints: [prefer("p1"), prefer("p2")] }), node("b", { taints: [prefer("p1"), prefer("t")] }), node("c")]);
    const tolerations: Toleration[] = [{ key: "t", operator: "Exists", effect: "PreferNoSchedule" }];
    const r = explainPod(c, pending(c, pod("p", { tolerations })));
    const s = r.nodes.map((n) => n.scores!["TaintToleration"]!);
    expect(s.map((x) => x.raw)).toEqual([2, 1, 0]);
    expect(s.map((x) => x.normalized)).toEqual([0, 50, 100]);
    expect(s.map((x) => x.weighted)).toEqual([0, 150, 300]);
  });

  test("a NoSchedule-only toleration does not count for scoring", () => {
    const c = cluster([node("a", { taints: [prefer("p")] }), node("b")]);
    const r = explainPod(c, pending(c, pod("p", { tolerations: [{ key: "p", operator: "Exists", effect: "NoSchedule" }] })));
    expect(r.nodes.map((n) => n.scores!["TaintToleration"]!.raw)).toEqual([1, 0]);
  });
});
