import { expect, test } from "vitest";
import { defaultNormalizeScore } from "./normalize-score.js";

test.each([
  // helper/normalize_score_test.go style: integer truncation of 100·s/max.
  [[1000, 10, 20, 30], false, [100, 1, 2, 3]],
  [[1000, 10, 20, 30], true, [0, 99, 98, 97]],
  [[2, 11, 4], false, [18, 100, 36]],
  [[0, 0, 0], false, [0, 0, 0]],
  [[0, 0, 0], true, [100, 100, 100]],
])("%j reverse=%s → %j", (input, reverse, want) => {
  const s = Float64Array.from(input);
  defaultNormalizeScore(100, reverse, s, s.length);
  expect([...s]).toEqual(want);
});
