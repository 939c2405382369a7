import { describe, expect, test } from "vitest";
import { chunkStart } from "./chunks.js";

function bounds(n: number, threads: number): number[] {
  return Array.from({ length: threads + 1 }, (_, c) => chunkStart(n, threads, c));
}

describe("chunkStart", () => {
  // floor(n * c / threads) for c = 0..threads, worked out by hand.
  test.each([
    [7, 3, [0, 2, 4, 7]], // 7/3 = 2.33 → 2; 14/3 = 4.67 → 4
    [10, 4, [0, 2, 5, 7, 10]], // 2.5 → 2; 5; 7.5 → 7
    [1000, 2, [0, 500, 1000]],
    [2, 3, [0, 0, 1, 2]], // fewer indices than threads: chunk 0 is empty
    [0, 2, [0, 0, 0]],
    [5, 1, [0, 5]],
  ])("n=%i over %i threads → %j", (n, threads, expected) => {
    expect(bounds(n, threads)).toEqual(expected);
  });

  test("chunks tile [0, n) in order and differ in size by at most one", () => {
    for (let threads = 1; threads <= 8; threads++) {
      for (let n = 0; n <= 200; n++) {
        const b = bounds(n, threads);
        const sizes = b.slice(1).map((x, c) => x - b[c]!);
        expect(b[0]).toBe(0);
        expect(b[threads]).toBe(n);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(Math.floor(n / threads));
        expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.ceil(n / threads));
      }
    }
  });
});
