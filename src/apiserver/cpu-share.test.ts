import { expect, test } from "vitest";
import { CpuShare } from "./cpu-share.js";

test("64 seats busy for half of a second on 32 cores: mean 32, no slowdown; all of it: 2×", () => {
  const c = new CpuShare(1, 32, 0);
  c.change(0, 64, 0);
  c.change(0, -64, 500_000);
  c.endPeriod(1_000_000, 1_000_000, 0); // mean 64 × 0.5 = 32 seats → 32 / 32 = 1
  expect(c.slowdown[0]).toBe(1);
  c.change(0, 64, 1_000_000);
  c.endPeriod(2_000_000, 1_000_000, 0); // 64 seats all period → 2
  expect(c.slowdown[0]).toBe(2);
  c.endPeriod(3_000_000, 1_000_000, 32); // still 64, plus 32 background → 96 / 32 = 3
  expect(c.slowdown[0]).toBe(3);
});
