import { describe, expect, test } from "vitest";
import { milliCpuToQuota, milliCpuToShares, sharesToWeight, simulateCgroup, singleThreadLatencyUs, throttledRatio } from "./cfs.js";

const ms = 1000;

describe("CFS validation cases (shared/reference/models.md §7 CPU / CFS)", () => {
  test("V1 burn-through: 1 CPU limit, 4 threads × 50 ms at t=0 → done at 125 ms, 1 throttled period, 300 ms throttled time", () => {
    // Quota 100 ms burns at 4 CPU-ms/ms: gone at 25 ms; stall 25→100 ms on 4 run queues = 4 × 75 = 300 ms.
    // Period 2: the other 100 ms of work runs 100→125 ms on 4 cores, exactly the quota: no throttle.
    const r = simulateCgroup({ quotaUs: 100 * ms, cores: 4, threads: 4 }, [0, 0, 0, 0], [50 * ms, 50 * ms, 50 * ms, 50 * ms]);
    expect(r.endUs).toBe(125 * ms);
    expect([...r.latencyUs]).toEqual([125 * ms, 125 * ms, 125 * ms, 125 * ms]);
    expect(r.counters.throttledPeriods).toBe(1);
    expect(r.counters.periods).toBe(2);
    expect(r.counters.throttledUs).toBe(300 * ms);
  });

  test("V1 without a limit the same work completes at 50 ms", () => {
    const r = simulateCgroup({ quotaUs: -1, cores: 4, threads: 4 }, [0, 0, 0, 0], [50 * ms, 50 * ms, 50 * ms, 50 * ms]);
    expect(r.endUs).toBe(50 * ms);
    expect(r.counters.throttledPeriods).toBe(0);
  });

  test("V2 sub-core limit: 500m, 1 thread, 120 ms → 220 ms, nr_throttled 2, throttled_time 100 ms, nr_periods 3", () => {
    // runs 0–50, throttled 50–100, runs 100–150, throttled 150–200, runs 200–220.
    const r = simulateCgroup({ quotaUs: milliCpuToQuota(500), cores: 4, threads: 1 }, [0], [120 * ms]);
    expect(r.endUs).toBe(220 * ms);
    expect(r.counters).toMatchObject({ throttledPeriods: 2, throttledUs: 100 * ms, periods: 3 });
    // The closed form of §1.3 item 7: ⌊(120−ε)/50⌋ = 2 → 2 × 100 + (120 − 100) = 220 ms.
    expect(singleThreadLatencyUs(120 * ms, 50 * ms)).toBe(220 * ms);
  });

  test("V3 a limit ≥ 1 CPU cannot throttle a single thread: 350 ms of work takes 350 ms", () => {
    const r = simulateCgroup({ quotaUs: milliCpuToQuota(1000), cores: 4, threads: 1 }, [0], [350 * ms]);
    expect(r.endUs).toBe(350 * ms);
    expect(r.counters.throttledPeriods).toBe(0);
    expect(singleThreadLatencyUs(350 * ms, 100 * ms)).toBe(350 * ms);
  });

  test("V4 burst 50 ms with a full bucket: V2's work done at 120 ms, no throttle, 1 burst of 50 ms", () => {
    // Period 1 allows Q + B = 100 ms: runs 0–100. Refill min(0 + 50, 100) = 50: runs 100–120.
    const r = simulateCgroup({ quotaUs: 50 * ms, burstUs: 50 * ms, burstBucketFull: true, cores: 4, threads: 1 }, [0], [120 * ms]);
    expect(r.endUs).toBe(120 * ms);
    expect(r.counters).toMatchObject({ throttledPeriods: 0, bursts: 1, burstUs: 50 * ms });
  });

  test.each([
    [250, 25_000],
    [2500, 250_000],
    [5, 1000], // 500 µs floored to MinQuotaPeriod 1000 µs
    [10, 1000], // MinMilliCPULimit 10m
    [0, -1],
  ])("V5 quota of limit %im is %i µs", (milli, quota) => {
    expect(milliCpuToQuota(milli)).toBe(quota);
  });

  test.each([
    [250, 256], // 250 × 1024 / 1000 = 256
    [1000, 1024],
    [1, 2], // 1 × 1024 / 1000 = 1 → MinShares 2
    [0, 2],
    [300_000, 262_144], // clamped to MaxShares
  ])("V5 shares of request %im are %i", (milli, shares) => {
    expect(milliCpuToShares(milli)).toBe(shares);
  });

  test("V6 throttle ratio: 3 throttled of 10 active periods = 0.30", () => {
    expect(throttledRatio({ periods: 10, throttledPeriods: 3 })).toBe(0.3);
    expect(throttledRatio({ periods: 0, throttledPeriods: 0 })).toBe(0);
  });
});

describe("cgroup v2 weight", () => {
  test.each([
    [2, 1], // the minimum maps to weight 1
    [1024, 39], // 1 + (1022 × 9999) / 262142 = 1 + 38.98 → 39
    [262_144, 10_000],
  ])("shares %i → weight %i", (shares, weight) => {
    expect(sharesToWeight(shares)).toBe(weight);
  });
});

describe("worker pool under a quota", () => {
  test("a request arriving during a throttle waits for the boundary", () => {
    // 500m limit, 2 threads: request A (50 ms) at 0 uses the whole 50 ms quota by t = 50;
    // B (10 ms) arrives at 60 while throttled and runs 100→110: latency 50 ms.
    const r = simulateCgroup({ quotaUs: 50 * ms, cores: 2, threads: 2 }, [0, 60 * ms], [50 * ms, 10 * ms]);
    expect([...r.latencyUs]).toEqual([50 * ms, 50 * ms]);
    // A's period: runtime hits 0 at 50 exactly when A completes (no runnable thread): not throttled.
    // B's arrival in the same period finds runtime 0 and stalls 60→100: throttled, 40 ms on 1 CPU.
    expect(r.counters).toMatchObject({ throttledPeriods: 1, throttledUs: 40 * ms, periods: 2 });
  });

  test("more requests than threads queue FIFO", () => {
    // Unlimited, 1 thread, 1 core: 3 × 10 ms at t = 0 finish at 10, 20, 30 ms.
    const r = simulateCgroup({ quotaUs: -1, cores: 1, threads: 1 }, [0, 0, 0], [10 * ms, 10 * ms, 10 * ms]);
    expect([...r.latencyUs]).toEqual([10 * ms, 20 * ms, 30 * ms]);
  });

  test("threads beyond the cores share them", () => {
    // Unlimited, 2 threads on 1 core: each runs at 1/2, 2 × 10 ms finish together at 20 ms.
    const r = simulateCgroup({ quotaUs: -1, cores: 1, threads: 2 }, [0, 0], [10 * ms, 10 * ms]);
    expect([...r.latencyUs]).toEqual([20 * ms, 20 * ms]);
  });
});

describe("quota refill across idle periods", () => {
  test("a period boundary crossed while idle refills the quota: 30 ms at 0 and 30 ms at 150 ms under a 50 ms quota both take 30 ms", () => {
    // 500m: quota 50 ms per 100 ms. The first request leaves 20 ms of runtime; the boundary at
    // 100 ms (crossed idle) refills to 50 ms, so the second runs 150 → 180 ms unthrottled. With the
    // refill missed it would run 20 ms, stall to 200 ms and finish at 210 ms (60 ms).
    const r = simulateCgroup({ quotaUs: 50 * ms, cores: 4, threads: 1 }, [0, 150 * ms], [30 * ms, 30 * ms]);
    expect([...r.latencyUs]).toEqual([30 * ms, 30 * ms]);
    expect(r.counters.throttledPeriods).toBe(0);
  });
});
