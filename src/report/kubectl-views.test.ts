import { describe, expect, test } from "vitest";
import { formatTable, humanDuration, nodeRoles } from "./kubectl-views.js";
import { matchesLabels, parseLabelQuery } from "./label-query.js";

// k8s.io/apimachinery/pkg/util/duration HumanDuration, boundary by boundary.
test.each([
  [0, "0s"], [45, "45s"], [119.9, "119s"], [120, "2m"], [192, "3m12s"], [599, "9m59s"], [600, "10m"],
  [10_799, "179m"], [10_800, "3h"], [19_200, "5h20m"], [28_799, "7h59m"], [28_800, "8h"], [172_799, "47h"],
  [183_600, "2d3h"], [172_800, "2d"], [691_200, "8d"], [63_072_000, "2y"], [63_158_400, "2y1d"], [-0.5, "0s"], [-5, "<invalid>"],
])("HumanDuration(%ss) = %s", (s, text) => {
  expect(humanDuration(s)).toBe(text);
});

test("kubectl table layout: columns padded to widest + 3 (at least 6), last column unpadded", () => {
  expect(formatTable(["NAME", "READY", "STATUS"], [["web-1", "1/1", "Running"], ["a", "0/1", "Pending"]])).toBe(
    "NAME    READY   STATUS\n" + "web-1   1/1     Running\n" + "a       0/1     Pending\n",
  );
});

test.each([
  [{ "node-role.kubernetes.io/control-plane": "" }, "control-plane"],
  [{ "node-role.kubernetes.io/worker": "", "kubernetes.io/role": "gpu" }, "gpu,worker"],
  [{ "topology.kubernetes.io/zone": "a" }, "<none>"],
])("node roles %j → %s", (labels, roles) => {
  expect(nodeRoles(labels)).toBe(roles);
});

describe("label selectors (kubectl -l)", () => {
  const web = { app: "web", tier: "front" };
  const db = { app: "db" };
  test.each([
    ["", true, true],
    ["app=web", true, false],
    ["app==web", true, false],
    ["app!=web", false, true],
    ["tier", true, false],
    ["!tier", false, true],
    ["tier!=front", false, true], // no key counts as "not equal", as upstream
    ["app in (web,db),tier notin (back)", true, true],
    ["app in (web, db), !tier", false, true],
    ["app=web,tier=front", true, false],
  ])("%j", (sel, matchesWeb, matchesDb) => {
    const reqs = parseLabelQuery(sel);
    expect(matchesLabels(reqs, web)).toBe(matchesWeb);
    expect(matchesLabels(reqs, db)).toBe(matchesDb);
  });

  test.each(["app=web=x", "=web", "app in (a", "app=we b"])("%j is refused", (sel) => {
    expect(() => parseLabelQuery(sel)).toThrow();
  });
});
