import { describe, expect, test } from "vitest";
import {
  backoffCompletionTickUs,
  backoffDurationUs,
  backoffExpiryUs,
  DEFAULT_POD_INITIAL_BACKOFF_US,
  DEFAULT_POD_MAX_BACKOFF_US,
  isBackingOff,
  US_PER_SECOND,
} from "./backoff.js";

const S = US_PER_SECOND;

describe("backoffDurationUs", () => {
  test.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 10],
    [6, 10],
    [40, 10],
  ])("attempt %i → %i s with the defaults (1 s doubling, capped at 10 s)", (attempts, seconds) => {
    expect(backoffDurationUs(attempts, DEFAULT_POD_INITIAL_BACKOFF_US, DEFAULT_POD_MAX_BACKOFF_US)).toBe(seconds * S);
  });

  test("a max below the initial value caps the first doubling only", () => {
    // Upstream checks the cap before doubling: d(1) = initial even when initial > max.
    expect(backoffDurationUs(1, 3 * S, 2 * S)).toBe(3 * S);
    expect(backoffDurationUs(2, 3 * S, 2 * S)).toBe(2 * S);
  });
});

describe("windowed vs exact expiry", () => {
  test("windowed truncates Timestamp + d to the whole second", () => {
    expect(backoffExpiryUs(1.7 * S, 2, S, 10 * S, "windowed")).toBe(3 * S); // 3.7 s → 3 s
    expect(backoffExpiryUs(1.7 * S, 2, S, 10 * S, "exact")).toBe(3.7 * S);
    expect(backoffExpiryUs(1.7 * S, 0, S, 10 * S, "windowed")).toBe(0);
  });

  test("a pod is backing off through its whole expiry window", () => {
    expect(isBackingOff(3 * S, 1, 3.99 * S, "windowed")).toBe(true);
    expect(isBackingOff(3 * S, 1, 4 * S, "windowed")).toBe(false);
    expect(isBackingOff(3.7 * S, 1, 3.7 * S, "exact")).toBe(false);
    expect(isBackingOff(3.7 * S, 1, 3.69 * S, "exact")).toBe(true);
    expect(isBackingOff(0, 0, 0, "windowed")).toBe(false); // never attempted: no penalty
  });

  test("completion ticks", () => {
    expect(backoffCompletionTickUs(3 * S, "windowed")).toBe(4 * S);
    expect(backoffCompletionTickUs(3.7 * S, "exact")).toBe(4 * S);
    expect(backoffCompletionTickUs(3 * S, "exact")).toBe(3 * S);
  });
});
