import { describe, expect, test } from "vitest";
import { contentionScratch, QOS_BESTEFFORT, QOS_BURSTABLE, QOS_GUARANTEED, shareNodeCpu, waterFill } from "./cpu-contention.js";

describe("weighted water-filling", () => {
  test("demands under capacity are met in full", () => {
    const out = new Float64Array(2);
    const left = waterFill([1, 2], [1, 1], 4, out, 0, 2, new Int32Array(2));
    expect([...out]).toEqual([1, 2]);
    expect(left).toBe(1);
  });

  test("a small demand is met and the rest is shared by weight", () => {
    // Capacity 4, demands [1, 3, 3], weights [1, 1, 2]. λ rises: group 0 saturates at λ = 1
    // (share 4·1/4 = 1 ≥ 1). 3 cores left for weights 1 + 2: λ = 1 → groups get 1 and 2.
    const out = new Float64Array(3);
    waterFill([1, 3, 3], [1, 1, 2], 4, out, 0, 3, new Int32Array(3));
    expect([...out]).toEqual([1, 1, 2]);
  });
});

describe("node contention through the QoS hierarchy (models.md §1.3 item 6)", () => {
  test("Guaranteed first by shares, burstable slice by summed requests, besteffort slice at weight 2", () => {
    // 4 cores. G: demand 2, request 2000m (shares 2048). B1: demand 2, req 1000m (1024).
    // B2: demand 2, req 500m (512). BE: demand 2 (besteffort slice, shares 2).
    // Top level weights: G 2048, burstable slice shares(1500m) = 1536, besteffort 2; total 3586.
    // G's fair share 4·2048/3586 = 2.28 ≥ its demand 2 → G gets 2; 2 cores left for 1536 + 2:
    // burstable 2·1536/1538 = 1.99740, besteffort 2·2/1538 = 0.00260.
    // Inside burstable: B1 : B2 = 1024 : 512 → 1.33160 and 0.66580.
    const demand = Float64Array.from([2, 2, 2, 2]);
    const req = Float64Array.from([2000, 1000, 500, 0]);
    const qos = Uint8Array.from([QOS_GUARANTEED, QOS_BURSTABLE, QOS_BURSTABLE, QOS_BESTEFFORT]);
    const out = new Float64Array(4);
    shareNodeCpu(4, demand, req, qos, 4, out, contentionScratch(4));
    expect(out[0]).toBeCloseTo(2, 9);
    expect(out[1]).toBeCloseTo((2 * 1536) / 1538 * (1024 / 1536), 9);
    expect(out[2]).toBeCloseTo((2 * 1536) / 1538 * (512 / 1536), 9);
    expect(out[3]).toBeCloseTo((2 * 2) / 1538, 9);
    expect(out[0]! + out[1]! + out[2]! + out[3]!).toBeCloseTo(4, 9);
  });

  test("an uncontended node gives every pod its demand", () => {
    const out = new Float64Array(2);
    shareNodeCpu(2, Float64Array.from([1, 0.5]), Float64Array.from([100, 0]), Uint8Array.from([QOS_BURSTABLE, QOS_BESTEFFORT]), 4, out, contentionScratch(2));
    expect([...out]).toEqual([1, 0.5]);
  });
});
