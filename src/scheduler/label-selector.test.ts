import { describe, expect, test } from "vitest";
import { ClusterState } from "../cluster/cluster-state.js";
import type { LabelSelector } from "../cluster/k8s-types.js";
import { compileLabelSelector, internLabels, selectorMatches } from "./label-selector.js";

/** Which of the label sets a, b, c (and the empty set) the selector admits. */
function admitted(sel: LabelSelector | undefined): string[] {
  const c = new ClusterState();
  const sets: Record<string, Record<string, string>> = { a: { app: "web", tier: "fe" }, b: { app: "db" }, c: { tier: "be" }, none: {} };
  const s = compileLabelSelector(c, sel);
  return Object.entries(sets)
    .filter(([, l]) => selectorMatches(s, internLabels(c, l)))
    .map(([k]) => k);
}

describe("label selectors (apimachinery labels.Requirement.Matches)", () => {
  test.each<[string, LabelSelector | undefined, string[]]>([
    ["a missing selector matches nothing", undefined, []],
    ["an empty selector matches everything", {}, ["a", "b", "c", "none"]],
    ["matchLabels is key = value", { matchLabels: { app: "web" } }, ["a"]],
    ["In needs the key", { matchExpressions: [{ key: "app", operator: "In", values: ["web", "db"] }] }, ["a", "b"]],
    ["NotIn is satisfied by an absent key", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }, ["b", "c", "none"]],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, ["a", "c"]],
    ["DoesNotExist", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, ["b", "none"]],
    ["matchLabels and matchExpressions are ANDed", { matchLabels: { tier: "fe" }, matchExpressions: [{ key: "app", operator: "Exists" }] }, ["a"]],
    ["an unknown operator makes the selector match nothing", { matchExpressions: [{ key: "app", operator: "Gt", values: ["1"] }] }, []],
    ["In without values does not parse", { matchExpressions: [{ key: "app", operator: "In", values: [] }] }, []],
  ])("%s", (_name, sel, want) => {
    expect(admitted(sel)).toEqual(want);
  });
});

test("a compiled selector's memo key lists key id, operator and value ids per requirement", () => {
  // Interned in order on a fresh cluster: keys app = 1, tier = 2, env = 3; values web = 1,
  // api = 2, prod = 3 (id 0 is "absent"). Operators: = In, ! NotIn, + Exists, - DoesNotExist.
  const c = new ClusterState();
  const sel = compileLabelSelector(c, {
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["web", "api"] },
      { key: "env", operator: "NotIn", values: ["prod"] },
      { key: "app", operator: "Exists" },
      { key: "tier", operator: "DoesNotExist" },
    ],
  });
  expect(sel.key).toBe("1=1;2=1,2;3!3;1+;2-");
});
