import { expect, test } from "vitest";
import { failedSchedulingMessage, FitError, scheduledMessage, type NodeFilterStatus } from "./fit-error.js";

const taint = (node: string): NodeFilterStatus => ({ node, plugin: "TaintToleration", code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint(s)"] });
const cpu = (node: string): NodeFilterStatus => ({ node, plugin: "NodeResourcesFit", code: "Unschedulable", reasons: ["Insufficient cpu"] });

test("histogram entries are sorted as whole strings", () => {
  const e = FitError.fromStatuses(5, [cpu("a"), taint("b"), cpu("c"), taint("d"), cpu("e")]);
  expect(e.message()).toBe("0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu.");
});

test('"10 …" sorts before "2 …"', () => {
  const statuses = [...Array.from({ length: 10 }, (_, i) => cpu(`c${i}`)), taint("t1"), taint("t2")];
  expect(FitError.fromStatuses(12, statuses).message()).toBe("0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s).");
});

test("a node contributes every reason of its failing plugin", () => {
  const both: NodeFilterStatus = { node: "a", plugin: "NodeResourcesFit", code: "Unschedulable", reasons: ["Insufficient cpu", "Insufficient memory"] };
  expect(FitError.fromStatuses(2, [both, cpu("b")]).message()).toBe("0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.");
});

test("the PostFilter part is appended after a space; a PreFilter message replaces the histogram", () => {
  const e = FitError.fromStatuses(5, [cpu("a"), taint("b"), cpu("c"), taint("d"), cpu("e")]);
  e.postFilterMsg = "preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
  expect(e.message()).toBe(
    "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
  );
  expect(failedSchedulingMessage(3, "pod affinity terms conflict", new Map())).toBe("0/3 nodes are available: pod affinity terms conflict.");
});

test("absent nodes (excluded by a PreFilterResult) count under their status", () => {
  const e = FitError.fromStatuses(4, [cpu("a")], { reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"], count: 3 });
  expect(e.message()).toBe("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
});

test("success message", () => {
  expect(scheduledMessage("ns/web-0", "n2")).toBe("Successfully assigned ns/web-0 to n2");
});
