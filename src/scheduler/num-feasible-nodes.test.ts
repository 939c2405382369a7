import { expect, test } from "vitest";
import { numFeasibleNodesToFind } from "./num-feasible-nodes.js";

test.each([
  // [nodes, percentageOfNodesToScore, expected] — worked out from schedule_one.go's integer rule.
  [50, 0, 50], // < 100 nodes: all
  [99, 10, 99],
  [100, 0, 100], // 50 % of 100 = 50, raised to the minimum 100
  [1000, 0, 420], // 50 − 1000/125 = 42 %
  [5000, 0, 500], // 50 − 40 = 10 %
  [5625, 0, 281], // 50 − 45 = 5 % → 281 (281.25 truncated)
  [6000, 0, 300], // 50 − 48 = 2 % → raised to 5 %
  [6000, 40, 2400],
  [200, 10, 100], // 20 → minimum 100
  [5000, 100, 5000],
])("N=%i at %i%% → %i", (n, pct, want) => {
  expect(numFeasibleNodesToFind(n, pct)).toBe(want);
});
