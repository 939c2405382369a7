import { expect, test } from "vitest";
import { cluster, node, pending, pod } from "./fixtures/k8s-objects.js";
import { eventMessage, Scheduler } from "../src/scheduler/schedule-one.js";

test("two tainted nodes and three too small ones give the upstream FailedScheduling text", () => {
  const taint = { key: "dedicated", value: "infra", effect: "NoSchedule" };
  const c = cluster([
    node("t1", { taints: [taint] }),
    node("s1", { cpu: "1" }),
    node("t2", { taints: [taint] }),
    node("s2", { cpu: "1" }),
    node("s3", { cpu: "1" }),
  ]);
  const s = new Scheduler(c, { rng: { int: () => 0 } });
  const slot = pending(c, pod("web", { cpu: "2", namespace: "shop" }));
  const r = s.scheduleOne(slot);
  expect(r.nodeSlot).toBe(-1);
  // DefaultPreemption (on by default): every node is UnschedulableAndUnresolvable (taints; 2 cpu
  // asked of 1-cpu nodes exceeds their allocatable), so all 5 are "not helpful".
  expect(eventMessage(r)).toBe(
    "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. " +
      "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
  );
  expect(c.pods.nodeSlot[slot]).toBe(-1);
  const statuses = r.fitError!.nodeStatuses;
  expect(statuses.map((x) => [x.node, x.plugin, x.code])).toEqual([
    ["t1", "TaintToleration", "UnschedulableAndUnresolvable"],
    ["s1", "NodeResourcesFit", "UnschedulableAndUnresolvable"],
    ["t2", "TaintToleration", "UnschedulableAndUnresolvable"],
    ["s2", "NodeResourcesFit", "UnschedulableAndUnresolvable"],
    ["s3", "NodeResourcesFit", "UnschedulableAndUnresolvable"],
  ]);
});

test("a successful cycle binds the pod and reports the Scheduled message", () => {
  const c = cluster([node("only")]);
  const s = new Scheduler(c, { rng: { int: () => 0 } });
  const r = s.scheduleOne(pending(c, pod("web", { cpu: "1", namespace: "shop" })));
  expect(eventMessage(r)).toBe("Successfully assigned shop/web to only");
  expect(c.nodes.reqCpu[c.nodeByName.get("only")!]).toBe(1000);
});
