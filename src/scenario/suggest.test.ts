import { describe, expect, test } from "vitest";
import { closest, editDistance } from "./suggest.js";

describe("did you mean", () => {
  test.each([
    ["instanceTyp", "instanceType", 1],
    ["kitten", "sitting", 3],
    ["cpuRequestedPtc", "cpuRequestedPct", 1], // a transposition is one edit
  ])("%s vs %s: %i edits", (a, b, d) => {
    expect(editDistance(a.toLowerCase(), b.toLowerCase())).toBe(d);
  });

  test("suggests the closest key within a third of the word's length", () => {
    const keys = ["name", "count", "instanceType", "allocatable", "zones"];
    expect(closest("instanceTyp", keys)).toBe("instanceType");
    expect(closest("InstanceType", keys)).toBe("instanceType");
    expect(closest("zone", keys)).toBe("zones");
    expect(closest("replicas", keys)).toBeUndefined();
  });
});
