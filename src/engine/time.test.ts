import { expect, it } from "vitest";
import { US_PER_MS, US_PER_SECOND, secondsToUs, usToSeconds } from "./time.js";

it("converts seconds to integer microseconds, rounding to the nearest", () => {
  expect(US_PER_MS * 1_000).toBe(US_PER_SECOND);
  expect(secondsToUs(1.5)).toBe(1_500_000);
  expect(secondsToUs(0.0000004)).toBe(0);
  expect(secondsToUs(0.0000006)).toBe(1);
  // 100 ms, the CFS period (kernel default cpu.cfs_period_us = 100000).
  expect(secondsToUs(0.1)).toBe(100_000);
  expect(usToSeconds(2_500_000)).toBe(2.5);
});
