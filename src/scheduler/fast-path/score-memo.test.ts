import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { EPOCH_SCALE, KEY_LENGTH, MEMO_STRIDE, ResourceScoreMemo } from "./score-memo.js";

const operands = (cpu: number): Float64Array => Float64Array.from({ length: KEY_LENGTH }, (_, i) => (i === 0 ? cpu : 1));

describe("ResourceScoreMemo epochs", () => {
  test("the same pod-side operands keep the epoch, other operands open a new one", () => {
    const m = new ResourceScoreMemo();
    m.begin(4, operands(100));
    expect(m.epoch).toBe(1);
    m.entries[2 * MEMO_STRIDE] = m.epoch * EPOCH_SCALE + 7; // node 2 at resourceVersion 7
    m.begin(4, operands(100));
    expect(m.epoch).toBe(1); // node 2's entry stays valid
    m.begin(4, operands(200));
    expect(m.epoch).toBe(2); // node 2's tag (epoch 1) is stale now
    expect(m.entries[2 * MEMO_STRIDE]).not.toBe(m.epoch * EPOCH_SCALE + 7);
    m.begin(4, operands(100));
    expect(m.epoch).toBe(3); // only the previous cycle's operands count
  });

  test("a larger node table reallocates the entries and starts over", () => {
    const m = new ResourceScoreMemo();
    m.begin(4, operands(100));
    m.begin(4, operands(200));
    m.begin(9, operands(200));
    expect(m.entries.length).toBe(9 * MEMO_STRIDE);
    expect(Array.from(m.entries)).toEqual(new Array(9 * MEMO_STRIDE).fill(0));
    expect(m.epoch).toBe(1);
  });
});

test("a resourceVersion that wrapped to a negative int32 still tags exactly", () => {
  // (v >>> 0) maps −1 to 2^32 − 1: distinct from every other version of the same epoch, and
  // the tag of the largest epoch stays below 2^53.
  expect((2 ** 21 - 1) * EPOCH_SCALE + (-1 >>> 0)).toBeLessThan(2 ** 53);
  expect(1 * EPOCH_SCALE + (-1 >>> 0)).not.toBe(2 * EPOCH_SCALE + 0);
});

describe("NodeTable.resourceVersion, which validates memo entries", () => {
  test("bind and unbind bump the node's version and no other", () => {
    const c = cluster([node("a"), node("b")]);
    const [a, b] = [c.nodeByName.get("a")!, c.nodeByName.get("b")!];
    const before = [c.nodes.resourceVersion[a]!, c.nodes.resourceVersion[b]!];
    const p = pending(c, pod("p", { cpu: "1" }));
    c.bind(p, a);
    expect(c.nodes.resourceVersion[a]).toBe(before[0]! + 1);
    c.unbind(p);
    expect(c.nodes.resourceVersion[a]).toBe(before[0]! + 2);
    expect(c.nodes.resourceVersion[b]).toBe(before[1]);
  });
});
