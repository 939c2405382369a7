import { expect, test } from "vitest";
import { cluster, node, pending, pod } from "./fixtures/k8s-objects.js";
import { Scheduler } from "../src/scheduler/schedule-one.js";

const noTies = { int: () => 1 }; // never replaces the current choice among ties

test("nextStartNodeIndex moves past feasible and failed nodes alike (schedule_one.go)", () => {
  // 150 nodes, no zones: visiting order = insertion order. Nodes 100..119 are tainted.
  const nodes = Array.from({ length: 150 }, (_, i) =>
    node(`n${String(i).padStart(3, "0")}`, i >= 100 && i < 120 ? { taints: [{ key: "k", effect: "NoSchedule" }] } : {}),
  );
  const c = cluster(nodes);
  const s = new Scheduler(c, { rng: noTies });
  // numFeasibleNodesToFind(150) = max(150·(50 − 1)/100 = 73, 100) = 100.
  const r1 = s.scheduleOne(pending(c, pod("p1")));
  expect([r1.numFeasibleNodesToFind, r1.feasibleCount, r1.evaluatedNodes, s.nextStartNodeIndex]).toEqual([100, 100, 100, 100]);
  // From 100: 20 tainted failures, 30 feasible (120..149), wrap, 70 feasible (0..69) → 120 examined.
  const r2 = s.scheduleOne(pending(c, pod("p2")));
  expect([r2.feasibleCount, r2.evaluatedNodes, s.nextStartNodeIndex]).toEqual([100, 120, 70]);
  // From 70: 30 feasible, 20 failures, 30 feasible, 40 feasible (0..39) → 120 examined; (70 + 120) mod 150 = 40.
  const r3 = s.scheduleOne(pending(c, pod("p3")));
  expect([r3.evaluatedNodes, s.nextStartNodeIndex]).toEqual([120, 40]);
});

test("below 100 nodes every node is examined and the cursor stays at 0", () => {
  const c = cluster(Array.from({ length: 10 }, (_, i) => node(`n${i}`)));
  const s = new Scheduler(c, { rng: noTies });
  for (let i = 0; i < 3; i++) {
    const r = s.scheduleOne(pending(c, pod(`p${i}`)));
    expect(r.evaluatedNodes).toBe(10);
    expect(s.nextStartNodeIndex).toBe(0);
  }
});

test("exactly one feasible node is chosen without scoring (no random draw)", () => {
  const c = cluster([node("small", { cpu: "1" }), node("big", { cpu: "8" }), node("tiny", { cpu: "500m" })]);
  const s = new Scheduler(c, {
    rng: {
      int: () => {
        throw new Error("selectHost must not run");
      },
    },
  });
  const r = s.scheduleOne(pending(c, pod("p", { cpu: "2" })));
  expect(r.nodeName).toBe("big");
  expect(c.pods.nodeSlot[r.podSlot]).toBe(c.nodeByName.get("big"));
});

test("ties are broken by one draw from the caller's stream: the r-th tied node in visiting order", () => {
  // Three identical nodes tie: one draw of int(3); answering 2 picks the third, "c".
  const c = cluster([node("a"), node("b"), node("c")]);
  const seen: number[] = [];
  const s = new Scheduler(c, {
    rng: {
      int: (n: number) => {
        seen.push(n);
        return 2;
      },
    },
  });
  expect(s.scheduleOne(pending(c, pod("p", { cpu: "1" }))).nodeName).toBe("c");
  expect(seen).toEqual([3]);
});
