import { describe, expect, test } from "vitest";
import { lookupMixture, newLookupMixture } from "./lookup-latency.js";
import { addLookups, MAX_DELAY_COMPONENTS, newRequestDelay, resetRequestDelay } from "./request-delay.js";

const mix = (loss: number, baseUs: number) => lookupMixture(newLookupMixture(), { names: 1, baseUs, upstreamMiss: 0, upstreamUs: 0, loss, retryLoss: loss, attempts: 2, retryUs: 5e6, giveUpUs: 10e6, found: true });

describe("the DNS delay of a request", () => {
  test("half the requests look a name up (1 ms, 10 % lose a packet): 0 ms 50 %, 1 ms 45 %, 5.001 s 4.5 %, 0.5 % fail", () => {
    const d = newRequestDelay();
    resetRequestDelay(d);
    addLookups(d, mix(0.1, 1000), 0.5);
    // Successful lookups: no retry 0.9, one retry 0.1 · 0.9 = 0.09; failed 0.01.
    // Of all requests: 0.5 skip (0 ms), 0.45 at 1 ms, 0.045 at 5.001 s, 0.005 fail; weights are of the successful 0.995.
    expect(d.failShare).toBeCloseTo(0.005, 12);
    expect(Array.from(d.valueUs.subarray(0, d.n))).toEqual([0, 1000, 5_001_000]);
    expect(d.weight[0]).toBeCloseTo(0.5 / 0.995, 12);
    expect(d.weight[1]).toBeCloseTo(0.45 / 0.995, 12);
    expect(d.weight[2]).toBeCloseTo(0.045 / 0.995, 12);
  });
  test("two whole lookups are sequential: their delays add", () => {
    const d = newRequestDelay();
    resetRequestDelay(d);
    addLookups(d, mix(0, 1000), 2);
    expect([d.n, d.valueUs[0], d.weight[0]]).toEqual([1, 2000, 1]);
  });
  test("many lookups keep at most MAX_DELAY_COMPONENTS components and the mean delay", () => {
    const d = newRequestDelay();
    resetRequestDelay(d);
    for (let i = 0; i < 6; i++) addLookups(d, mix(0.2, 1000 * (i + 1)), 0.7);
    expect(d.n).toBeLessThanOrEqual(MAX_DELAY_COMPONENTS);
    let sum = 0;
    let mean = 0;
    for (let i = 0; i < d.n; i++) {
      sum += d.weight[i]!;
      mean += d.weight[i]! * d.valueUs[i]!;
    }
    expect(sum).toBeCloseTo(1, 12);
    // Merging keeps the mean: Σ 0.7 · E[delay | lookup i succeeded], E = base + 5 s · P(retry | success).
    let want = 0;
    for (let i = 0; i < 6; i++) {
      const pRetry = (0.2 * 0.8) / (0.8 + 0.16);
      // Conditional on the request succeeding: a lookup made with prob 0.7, its success prob 0.96.
      const made = (0.7 * 0.96) / (0.3 + 0.7 * 0.96);
      want += made * (1000 * (i + 1) + 5e6 * pRetry);
    }
    expect(mean).toBeCloseTo(want, 3);
  });
});
