import { expect, test } from "vitest";
import { firstPendingIndexes, indexRanges, jobBackoffUs } from "./job.js";

// backoff_utils.go: 10 s · 2^(failures − 1), capped at 360 s: 10, 20, 40, 80, 160, 320, 360, 360.
test.each([
  [0, 0],
  [1, 10],
  [2, 20],
  [3, 40],
  [6, 320],
  [7, 360],
  [30, 360],
])("back-off after %i failures is %i s", (failures, s) => expect(jobBackoffUs(failures)).toBe(s * 1e6));

test("completedIndexes ranges", () => {
  expect(indexRanges(Uint8Array.from([1, 0, 1, 1, 1, 0, 0, 1]))).toBe("0,2-4,7");
  expect(indexRanges(Uint8Array.from([0, 0]))).toBe("");
});

test("the lowest indexes neither succeeded nor active come first", () => {
  const succeeded = Uint8Array.from([1, 0, 0, 1, 0, 0]);
  const active = Int32Array.from([0, 1, 0, 0, 0, 0]);
  expect(firstPendingIndexes(succeeded, active, 2)).toEqual([2, 4]);
  expect(firstPendingIndexes(succeeded, active, 10)).toEqual([2, 4, 5]);
});
