import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../test/fixtures/k8s-objects.js";
import { nodeRecord } from "./cluster-import.js";
import { FIT_FREE_STRIDE } from "./node-table.js";

const GI = 1024 ** 3;
const MI = 1024 ** 2;

describe("NodeTable.fitFree, the fused filter's free amounts", () => {
  const row = (c: ReturnType<typeof cluster>, slot: number): number[] => Array.from(c.nodes.fitFree.subarray(slot * FIT_FREE_STRIDE, (slot + 1) * FIT_FREE_STRIDE));

  test("follows binds, unbinds and allocatable updates", () => {
    const c = cluster([node("a", { cpu: "4", memory: "16Gi", pods: "110" })]);
    const a = c.nodeByName.get("a")!;
    // [pods, millicores, bytes, ephemeral bytes] free: nothing requested yet.
    expect(row(c, a)).toEqual([110, 4000, 16 * GI, 0]);
    const p = pending(c, pod("p", { cpu: "1500m", memory: "512Mi" }));
    c.bind(p, a);
    expect(row(c, a)).toEqual([109, 2500, 16 * GI - 512 * MI, 0]);
    c.nodes.update(a, nodeRecord(c, node("a", { cpu: "8", memory: "32Gi", pods: "50" })));
    expect(row(c, a)).toEqual([49, 6500, 32 * GI - 512 * MI, 0]); // the pod stays accounted
    c.unbind(p);
    expect(row(c, a)).toEqual([50, 8000, 32 * GI, 0]);
  });
});
