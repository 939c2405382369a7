import { describe, expect, it } from "vitest";
import { crashLoopBackoffTable, goDuration, imagePullBackoffTable } from "./backoff.js";

const S = 1_000_000;

/** Drives one container that dies `runS` after every start; returns the start times (s). */
function startTimes(runS: number, n: number): number[] {
  const b = crashLoopBackoffTable();
  b.ensure(1);
  const starts = [0];
  for (let k = 1; k < n; k++) {
    const finished = starts[k - 1]! * S + runS * S;
    // The kubelet asks at the exit, and again when the back-off it was told has passed.
    let at = b.restartAt(0, finished, finished);
    if (at > finished) at = b.restartAt(0, finished, at);
    starts.push(at / S);
  }
  return starts;
}

describe("CrashLoopBackOff (kuberuntime_manager.go doBackOff, flowcontrol.Backoff)", () => {
  it("restarts the first crash at once, then waits 10, 20, 40, 80, 160, 300, 300 s (models.md V8)", () => {
    // Dies 1 s after each start: 0 → dies 1 → restart 1 (no entry) → dies 2 → +10 = 12 → dies 13
    // → +20 = 33 → +40 = 74 → +80 = 155 → +160 = 316 → +300 (cap) = 617 → 918 → 1219.
    const s = startTimes(1, 10);
    expect(s).toEqual([0, 1, 12, 33, 74, 155, 316, 617, 918, 1219]);
    const waits = s.slice(1).map((t, i) => t - (s[i]! + 1));
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it("resets once a run ended more than 600 s after the last restart decision", () => {
    const b = crashLoopBackoffTable();
    b.ensure(1);
    // Crash at 1 s: restart at once (decision at 1 s, back-off 10 s); crash at 2 s → restart 12 s.
    expect(b.restartAt(0, 1 * S, 1 * S)).toBe(1 * S);
    expect(b.restartAt(0, 2 * S, 2 * S)).toBe(12 * S);
    expect(b.restartAt(0, 2 * S, 12 * S)).toBe(12 * S); // decision at 12 s, back-off now 20 s
    // Runs from 12 s to 612 s: 612 − 12 = 600, not more than 600: still in back-off (20 s).
    expect(b.restartAt(0, 612 * S, 612 * S)).toBe(632 * S);
    // A run that ends at 612.000001 s (600 s + 1 µs after the decision) resets: restart at once.
    const c = crashLoopBackoffTable();
    c.ensure(1);
    c.restartAt(0, 1 * S, 1 * S);
    c.restartAt(0, 2 * S, 12 * S);
    expect(c.restartAt(0, 612 * S + 1, 612 * S + 1)).toBe(612 * S + 1);
    expect(c.backoffUs[0]).toBe(10 * S);
  });
});

describe("image pull back-off (image_manager.go)", () => {
  it("holds pulls for 10 s after the first failure and doubles per failure", () => {
    const b = imagePullBackoffTable();
    b.ensure(1);
    b.next(0, 0, 0);
    expect(b.isInBackOffSinceUpdate(0, 9_999_999)).toBe(true);
    expect(b.isInBackOffSinceUpdate(0, 10 * S)).toBe(false); // 10 s < 10 s is false: pull again
    b.next(0, 10 * S, 10 * S);
    expect(b.backoffUs[0]).toBe(20 * S);
    expect(b.isInBackOffSinceUpdate(0, 20 * S)).toBe(true);
    expect(b.isInBackOffSinceUpdate(0, 30 * S)).toBe(false);
  });

  it("formats back-off durations as Go does", () => {
    expect([10, 80, 160, 300].map((s) => goDuration(s * S))).toEqual(["10s", "1m20s", "2m40s", "5m0s"]);
  });
});
