import { describe, expect, test } from "vitest";
import { RngStreams } from "../engine/index.js";
import type { KubeletSettings } from "../scenario/scenario-types.js";
import { ContainerRuntime, operationTime, Z_P99 } from "./container-runtime.js";

const MS = 1000;

function settings(over: Partial<KubeletSettings>): KubeletSettings {
  return {
    sandboxCreationUs: 700 * MS,
    containerStartUs: 300 * MS,
    imagePullBytesPerSec: 1,
    imagePullLatencyUs: 0,
    defaultImageSizeBytes: 0,
    imageSizes: {},
    nodeLeaseRenewIntervalUs: 10_000_000,
    ...over,
  };
}

function runtime(over: Partial<KubeletSettings>, seed = 1): ContainerRuntime {
  const rt = new ContainerRuntime(settings(over), new RngStreams(seed));
  rt.addNode(0, "node-0");
  rt.addNode(1, "node-1");
  return rt;
}

describe("fixed timings (the scalar form) are exact", () => {
  test("no slowdown, no limit: every sandbox 700 ms after it is asked for, every container 300 ms", () => {
    const rt = runtime({});
    expect([0, 1, 2].map((k) => rt.bookSandbox(0, 5_000_000, k))).toEqual([5_700_000, 5_700_000, 5_700_000]);
    expect(rt.containerStartUs(0, 29)).toBe(300 * MS);
  });
});

describe("a per-node limit of parallel sandbox creations serves them first come first served", () => {
  // N asked for at once, fixed s, limit c: the k-th (1-based) ends at ⌈k/c⌉·s.
  test.each([
    [1, 4, [700, 1400, 2100, 2800]],
    [2, 5, [700, 700, 1400, 1400, 2100]],
    [3, 7, [700, 700, 700, 1400, 1400, 1400, 2100]],
  ])("c = %i, %i at once", (c, n, endsMs) => {
    const rt = runtime({ parallelSandboxCreations: c });
    const ends = Array.from({ length: n }, () => rt.bookSandbox(0, 0, 0));
    expect(ends).toEqual(endsMs.map((m) => m * MS));
  });

  test("a slot freed before the next call starts it at once; nodes do not share slots", () => {
    const rt = runtime({ parallelSandboxCreations: 1 });
    expect(rt.bookSandbox(0, 0, 0)).toBe(700 * MS);
    expect(rt.bookSandbox(0, 500 * MS, 0)).toBe(1400 * MS); // waits 200 ms for the first
    expect(rt.bookSandbox(0, 2000 * MS, 0)).toBe(2700 * MS); // node idle again
    expect(rt.bookSandbox(1, 0, 0)).toBe(700 * MS); // node-1 has its own runtime
  });
});

describe("each other pod on the node slows an operation by runtimeSlowdownPerPod", () => {
  test("β = 0.075: 700 ms × (1 + 0.075·n)", () => {
    const rt = runtime({ runtimeSlowdownPerPod: 0.075 });
    // n = 0, 4, 30 → 700, 910, 2275 ms.
    expect([0, 4, 30].map((n) => rt.bookSandbox(0, 0, n))).toEqual([700 * MS, 910 * MS, 2275 * MS]);
    // 300 ms × (1 + 0.075·10) = 525 ms.
    expect(rt.containerStartUs(0, 10)).toBe(525 * MS);
  });

  test("with a limit, the slowed service times queue: 2 at once, c = 1, n = 0 and 1", () => {
    const rt = runtime({ runtimeSlowdownPerPod: 0.5, parallelSandboxCreations: 1 });
    // 700 ms, then 700 × 1.5 = 1050 ms after it: ends at 700 and 1750 ms.
    expect([rt.bookSandbox(0, 0, 0), rt.bookSandbox(0, 0, 1)]).toEqual([700 * MS, 1750 * MS]);
  });
});

describe("lognormal timings through median and p99", () => {
  test("σ = ln(p99 / median) / z₀.₉₉; equal median and p99 is fixed", () => {
    expect(operationTime(1_200_000, 2_750_000).sigma).toBeCloseTo(Math.log(2.75 / 1.2) / Z_P99, 12);
    expect(operationTime(700_000, 700_000).sigma).toBe(0);
    expect(Z_P99).toBeCloseTo(2.326348, 6);
  });

  test("40,000 draws have the median and p99 they were given (within sampling error)", () => {
    const rt = runtime({ sandboxCreationP99Us: 2_000_000, sandboxCreationUs: 500_000 });
    const xs = Array.from({ length: 40_000 }, () => rt.bookSandbox(0, 0, 0)).sort((a, b) => a - b);
    // The sample median's standard error is about 1 % here, the p99's about 2 %.
    expect(xs[20_000]! / 500_000).toBeGreaterThan(0.97);
    expect(xs[20_000]! / 500_000).toBeLessThan(1.03);
    expect(xs[39_600]! / 2_000_000).toBeGreaterThan(0.94);
    expect(xs[39_600]! / 2_000_000).toBeLessThan(1.06);
    expect(xs.every((x) => Number.isInteger(x))).toBe(true);
  });

  test("a node's draws depend on the seed and that node only", () => {
    const draws = (rt: ContainerRuntime, node: number) => [rt.bookSandbox(node, 0, 0), rt.containerStartUs(node, 0), rt.bookSandbox(node, 0, 0)];
    const lognormal = { sandboxCreationP99Us: 2_750_000, sandboxCreationUs: 1_200_000, containerStartP99Us: 500_000, containerStartUs: 250_000 };
    const a = runtime(lognormal, 7);
    const b = runtime(lognormal, 7);
    draws(b, 1); // node-1 draws first in b: node-0's numbers must not move
    expect(draws(b, 0)).toEqual(draws(a, 0));
    expect(draws(runtime(lognormal, 8), 0)).not.toEqual(draws(runtime(lognormal, 7), 0));
  });
});
