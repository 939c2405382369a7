import { expect, test } from "vitest";
import { buildEventInterest, ClusterEventKind, pluginBit } from "./cluster-event.js";

test("interest masks: bit i is the i-th plugin of the list", () => {
  // bit 0 NodeResourcesFit, bit 1 TaintToleration, bit 2 NodeAffinity, bit 3 ImageLocality (no events)
  const interest = buildEventInterest(["NodeResourcesFit", "TaintToleration", "NodeAffinity", "ImageLocality"]);
  expect(interest[ClusterEventKind.NodeAdd]).toBe(0b0111);
  expect(interest[ClusterEventKind.NodeAllocatableIncrease]).toBe(0b0001);
  expect(interest[ClusterEventKind.NodeTaintChange]).toBe(0b0010);
  expect(interest[ClusterEventKind.NodeLabelChange]).toBe(0b0100);
  expect(interest[ClusterEventKind.AssignedPodDelete]).toBe(0b0001);
  expect(interest[ClusterEventKind.AssignedPodAdd]).toBe(0);
  expect(interest[ClusterEventKind.NodeDelete]).toBe(0);
});

test("pluginBit and the 31-plugin limit", () => {
  expect(pluginBit(["A", "B", "C"], "C")).toBe(4);
  expect(() => pluginBit(["A"], "B")).toThrow();
  expect(() => buildEventInterest(Array.from({ length: 32 }, (_, i) => `P${i}`))).toThrow();
});
