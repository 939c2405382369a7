import { describe, expect, test } from "vitest";
import {
  EVICTION_HARD_MEMORY_AVAILABLE_BYTES, globalOomVictim, memoryAvailableBytes, MemoryPressureState, nextHousekeepingUs,
  OOM_EXIT_CODE, oomInstantUs, oomScoreAdj, rankMemoryPressure, workingSetBytes, type MemoryProfile,
} from "./memory.js";

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;
const s = 1e6;
const flat = (baseBytes: number): MemoryProfile => ({ baseBytes, perInFlightBytes: 0, leakBytesPerSec: 0, spikeEveryUs: 0, spikeBytes: 0, spikeDurationUs: 0 });

describe("memory validation cases (models.md §7 Memory, restarts, QoS, eviction)", () => {
  test("V11 OOMKilled: limit 256Mi, 300Mi touched → killed at once with exit code 137", () => {
    expect(oomInstantUs(flat(300 * Mi), 256 * Mi, 0, 0, 10 * s)).toBe(0);
    expect(OOM_EXIT_CODE).toBe(128 + 9); // SIGKILL
    expect(oomInstantUs(flat(200 * Mi), 256 * Mi, 0, 0, 10 * s)).toBe(-1);
  });

  test.each([
    ["Guaranteed", 4 * Gi, -997],
    ["BestEffort", 0, 1000],
    ["Burstable", 4 * Gi, 750], // 1000 − 1000·4Gi/16Gi = 750
    ["Burstable", 100 * Mi, 994], // 1000 − ⌊1000·104857600/17179869184⌋ = 1000 − ⌊6.10⌋
    ["Burstable", 0, 999], // 1000 → 999
    ["Burstable", 16 * Gi, 3], // 0 → clamped to 1000 − 997
  ] as const)("V13 oom_score_adj on a 16 GiB node: %s with memory request %i → %i", (qos, req, adj) => {
    expect(oomScoreAdj(qos, req, 16 * Gi)).toBe(adj);
  });

  test("V13 a node-critical pod gets −997 whatever its QoS", () => {
    expect(oomScoreAdj("BestEffort", 0, 16 * Gi, true)).toBe(-997);
  });

  test("V15 eviction trigger: 8Gi node, working set past 8092Mi at 3 s → first eviction at the 10 s tick; MemoryPressure clears 5 min after the last tick that met the threshold", () => {
    const capacity = 8 * Gi;
    const ws = 8100 * Mi; // past 8192 − 100 = 8092Mi
    expect(memoryAvailableBytes(capacity, ws)).toBeLessThan(EVICTION_HARD_MEMORY_AVAILABLE_BYTES);
    expect(memoryAvailableBytes(capacity, 8092 * Mi)).toBe(EVICTION_HARD_MEMORY_AVAILABLE_BYTES); // not "<": no eviction
    expect(nextHousekeepingUs(3 * s)).toBe(10 * s);
    const st = new MemoryPressureState();
    expect(st.observe(10 * s, memoryAvailableBytes(capacity, ws))).toBe(true);
    expect(st.pressure).toBe(true);
    // Back above the threshold from the 20 s tick on.
    expect(st.observe(20 * s, memoryAvailableBytes(capacity, 7 * Gi))).toBe(false);
    expect(st.pressure).toBe(true);
    st.observe(300 * s, 1 * Gi); // 290 s after the last met tick (10 s): still under pressure
    expect(st.pressure).toBe(true);
    st.observe(310 * s, 1 * Gi); // 300 s: cleared
    expect(st.pressure).toBe(false);
  });
});

describe("eviction ranking (rankMemoryPressure)", () => {
  test("over-request first, then lower priority, then larger usage above request; QoS only through the request", () => {
    // 0: Guaranteed 1Gi req, 1Gi usage (not over). 1: BestEffort 200Mi usage (over, +200Mi).
    // 2: Burstable req 100Mi usage 600Mi (over, +500Mi). 3: Burstable over by 900Mi but priority 1000.
    const usage = [1 * Gi, 200 * Mi, 600 * Mi, 1000 * Mi];
    const request = [1 * Gi, 0, 100 * Mi, 100 * Mi];
    const priority = [0, 0, 0, 1000];
    expect(rankMemoryPressure([0, 1, 2, 3], usage, request, priority)).toEqual([2, 1, 3, 0]);
  });
});

describe("working set", () => {
  const m: MemoryProfile = { baseBytes: 100 * Mi, perInFlightBytes: 2 * Mi, leakBytesPerSec: 1 * Mi, spikeEveryUs: 600 * s, spikeBytes: 50 * Mi, spikeDurationUs: 30 * s };

  test("base + in-flight + leak + spike", () => {
    // 100 s after start with 10 in flight: 100 + 20 + 100 = 220Mi; at 610 s a spike is on: 100+20+610+50.
    expect(workingSetBytes(m, 100 * s, 10)).toBe(220 * Mi);
    expect(workingSetBytes(m, 610 * s, 10)).toBe(780 * Mi);
    expect(workingSetBytes(m, 640 * s, 10)).toBe(760 * Mi); // spike over after 30 s
  });

  test("a leak reaches the limit at (limit − steady) / leak", () => {
    // Limit 512Mi, steady 120Mi, 1Mi/s → 392 s.
    expect(oomInstantUs(m, 512 * Mi, 10, 0, 390 * s)).toBe(-1);
    expect(oomInstantUs(m, 512 * Mi, 10, 390 * s, 400 * s)).toBe(392 * s);
  });

  test("a spike that crosses the limit kills at its start", () => {
    // No leak: steady 120Mi + spike 50Mi = 170Mi ≥ 150Mi at t = 600 s.
    const spiky = { ...m, leakBytesPerSec: 0 };
    expect(oomInstantUs(spiky, 150 * Mi, 10, 0, 1000 * s)).toBe(600 * s);
  });
});

describe("global OOM victim", () => {
  test("largest 1000·rss/RAM + oom_score_adj; −1000 exempt", () => {
    // 16Gi node. Guaranteed 8Gi: 500 − 997 < 0. BestEffort 100Mi: 6.1 + 1000. Burstable 4Gi adj 750: 250 + 750 = 1000.
    const rss = [8 * Gi, 100 * Mi, 4 * Gi, 12 * Gi];
    const adj = [-997, 1000, 750, -1000];
    expect(globalOomVictim(4, rss, adj, 16 * Gi)).toBe(1);
  });
});
