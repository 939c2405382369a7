import { expect, test } from "vitest";
import { NINES_MAX_X, ninesX } from "./nines.js";

test.each([
  // x = log10(100 / (100 − p))
  [0, 0],
  [50, Math.log10(2)], // 0.30103
  [90, 1],
  [99, 2],
  [99.9, 3],
  [100, NINES_MAX_X], // the maximum, one decade past p99.9
])("ninesX(%d) = %d", (p, x) => {
  expect(ninesX(p)).toBeCloseTo(x, 9);
});
