import { describe, expect, test } from "vitest";
import { NodeTree, zoneKey } from "./node-tree.js";

describe("NodeTree (backend/cache/node_tree.go)", () => {
  // Slots 1..6 in zones A, B, A, C, A, C (insertion order).
  function tree(): NodeTree {
    const t = new NodeTree();
    const zones = { 1: 10, 4: 20, 2: 10, 5: 30, 3: 10, 6: 30 };
    for (const [slot, zone] of Object.entries(zones)) t.add(Number(slot), zone);
    return t;
  }

  test("interleaves zones round-robin in order of first appearance", () => {
    // Zone A = [1, 2, 3], B = [4], C = [5, 6] → A0 B0 C0 A1 C1 A2.
    expect([...tree().list()]).toEqual([1, 4, 5, 2, 6, 3]);
  });

  test("removing keeps the others' order; an emptied zone disappears and returns at the back", () => {
    const t = tree();
    t.remove(4, 20);
    expect([...t.list()]).toEqual([1, 5, 2, 6, 3]);
    t.add(4, 20);
    // Zones now A, C, B.
    expect([...t.list()]).toEqual([1, 5, 4, 2, 6, 3]);
  });

  test("zone key joins region and zone with a NUL separator; no labels is the empty zone", () => {
    expect(zoneKey({ "topology.kubernetes.io/region": "r1", "topology.kubernetes.io/zone": "z1" })).toBe("r1:\x00:z1");
    expect(zoneKey({ "failure-domain.beta.kubernetes.io/zone": "old" })).toBe(":\x00:old");
    expect(zoneKey({})).toBe("");
  });
});
