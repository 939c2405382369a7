import { describe, expect, it } from "vitest";
import { failureFlipUs, firstProbeUs, resolveProbe, successFlipUs, tickAfter, tickAtOrAfter } from "./probes.js";

const S = 1_000_000;
const probe = (over: Record<string, number> = {}) => resolveProbe({ periodSeconds: 10, ...over })!;

describe("probe defaults (SetDefaults_Probe)", () => {
  it("are period 10 s, timeout 1 s, failureThreshold 3, successThreshold 1, no initial delay", () => {
    expect(resolveProbe({})).toEqual({ initialDelayUs: 0, periodUs: 10 * S, timeoutUs: 1 * S, failureThreshold: 3, successThreshold: 1, terminationGraceUs: NaN });
    expect(resolveProbe(undefined)).toBeNull();
  });
});

describe("the probe ticker grid", () => {
  it("ticks at phase + k × period", () => {
    expect(tickAtOrAfter(2 * S, 10 * S, 12 * S)).toBe(12 * S);
    expect(tickAfter(2 * S, 10 * S, 12 * S)).toBe(22 * S);
    expect(tickAtOrAfter(2 * S, 10 * S, 0)).toBe(2 * S);
  });

  it("skips probes before StartedAt + initialDelaySeconds, and a manual trigger runs at once", () => {
    // Started at 3 s, initialDelay 15 s: nothing counts before 18 s; ticks (phase 0) at 20 s.
    expect(firstProbeUs(probe({ initialDelaySeconds: 15 }), 0, 3 * S, 3 * S, true)).toBe(20 * S);
    // No delay: the readiness manual trigger at container start (3 s) is the first probe.
    expect(firstProbeUs(probe(), 0, 3 * S, 3 * S, true)).toBe(3 * S);
    expect(firstProbeUs(probe(), 0, 3 * S, 3 * S, false)).toBe(10 * S);
  });
});

describe("failure and success flips", () => {
  it.each([
    // [windows (s), flip (s)]: period 10, timeout 1, failureThreshold 3, probes from 10 s.
    // Probes at 100, 110, 120 fail; the third reports at 120 + 1 = 121 s.
    [[100, 200], 121],
    // 100 and 110 fail, 120 passes: the run is broken, no other window.
    [[100, 115], Infinity],
    // 100, 110 fail; no tick in the 115–118 gap; 120 fails in the second window → 121 s.
    [[100, 115, 118, 200], 121],
    // 100, 110 fail; 120 passes (gap 115–125); 130, 140, 150 fail → 151 s.
    [[100, 115, 125, 200], 151],
    // A window starting between ticks: 105 → probes 110, 120, 130 → 131 s.
    [[105, 300], 131],
  ])("windows %j: Failure after the third consecutive failure at %s s", (w, flip) => {
    const win = (w as number[]).map((x) => x * S);
    expect(failureFlipUs(probe(), 0, 10 * S, win)).toBe((flip as number) * S);
  });

  it("a probe that outlasts its period runs again when it returns (the ticker kept one tick)", () => {
    // period 2 s, timeout 5 s: failing probes at 10, 15, 20; the third reports at 25 s.
    expect(failureFlipUs(probe({ periodSeconds: 2, timeoutSeconds: 5 }), 0, 10 * S, [10 * S, 100 * S])).toBe(25 * S);
  });

  it("flips to Success at the first probe after the window, or the successThreshold-th", () => {
    expect(successFlipUs(probe(), 0, 110 * S, [100 * S, 200 * S])).toBe(200 * S);
    expect(successFlipUs(probe({ successThreshold: 2 }), 0, 110 * S, [100 * S, 200 * S])).toBe(210 * S);
    // Window ends between ticks: 205 → the probe at 210 passes.
    expect(successFlipUs(probe(), 0, 110 * S, [100 * S, 205 * S])).toBe(210 * S);
    // Healthy already: the first probe passes.
    expect(successFlipUs(probe(), 0, 30 * S, [100 * S, 205 * S])).toBe(30 * S);
    // successThreshold 3 from 80 s: 80, 90 pass, 100 fails (window), then 210, 220, 230 → 230 s.
    expect(successFlipUs(probe({ successThreshold: 3 }), 0, 80 * S, [100 * S, 205 * S])).toBe(230 * S);
  });
});
