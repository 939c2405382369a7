/**
 * Stabilization and rate limits of horizontal.go, worked by hand (models.md §5.1, V32, V34).
 */
import { describe, expect, it } from "vitest";
import { HpaRecommendations } from "./hpa-behavior.js";
import { defaultScaleDownRules, defaultScaleUpRules, type HpaSpec } from "./hpa-spec.js";

const S = 1_000_000;
const WINDOW = 300 * S;

function spec(behavior: boolean, min = 1, max = 100): HpaSpec {
  return {
    targetApiVersion: "apps/v1",
    targetKind: "Deployment",
    targetName: "web",
    minReplicas: min,
    maxReplicas: max,
    metrics: [{ resource: "cpu", averageUtilization: 60, averageValueMilli: null }],
    unsupported: [],
    behavior: behavior ? { scaleUp: defaultScaleUpRules(), scaleDown: defaultScaleDownRules() } : null,
  };
}

/** Runs syncs every 15 s from `from` to `to`; `desired(t)` is the metrics' recommendation. Returns replicas after each sync. */
function run(sp: HpaSpec, start: number, desired: (t: number) => number, from: number, to: number): Map<number, number> {
  const rec = new HpaRecommendations();
  let current = start;
  const out = new Map<number, number>();
  for (let t = from; t <= to; t += 15 * S) {
    rec.recordInitial(current, t);
    const next = rec.normalize(sp, current, desired(t), t, WINDOW);
    if (next !== current) rec.recordScale(sp, current, next, t);
    current = next;
    out.set(t / S, current);
  }
  return out;
}

describe("HPA downscale stabilization", () => {
  it("V34: 10 replicas, recommendation 10 at t = 0 then 5 → stays 10 until the sync at t = 300 s, then 5 in one step", () => {
    // Window 300 s, strictly newer than now − 300 s: at t = 300 the t = 0 recommendation (10) is out.
    // Rate: 100 % per 15 s → limit ⌊10 · (1 − 1)⌋ = 0, so 10 → 5 is allowed in one step.
    const r = run(spec(true), 10, (t) => (t === 0 ? 10 : 5), 0, 330 * S);
    expect(r.get(285)).toBe(10);
    expect(r.get(300)).toBe(5);
    expect(r.get(330)).toBe(5);
  });

  it("without spec.behavior (legacy path) a recommendation exactly 300 s old is still in: the drop comes at 315 s", () => {
    // stabilizeRecommendation drops only samples Before(now − 300 s), strictly.
    const r = run(spec(false), 10, (t) => (t === 0 ? 10 : 5), 0, 330 * S);
    expect(r.get(300)).toBe(10);
    expect(r.get(315)).toBe(5);
  });
});

describe("HPA scale-up rate limits", () => {
  it("V32: from 4, the default policies allow max(4 + 4, ⌈4 · 2⌉) = 8, so 6 passes", () => {
    const rec = new HpaRecommendations();
    rec.recordInitial(4, 0);
    expect(rec.scaleUpLimit(defaultScaleUpRules(), 4, 0)).toBe(8);
    expect(rec.normalize(spec(true), 4, 6, 0, WINDOW)).toBe(6);
  });

  it("from 2 to a recommendation of 20: 6 (max(2 + 4, 2 · 2)) per 15 s with behavior; max(2 · 2, 4) = 4 without", () => {
    expect(run(spec(true), 2, () => 20, 0, 45 * S)).toEqual(
      new Map([
        // 2 → max(6, 4) = 6 → max(10, 12) = 12 → max(16, 24) → 20 (the recommendation).
        [0, 6],
        [15, 12],
        [30, 20],
        [45, 20],
      ]),
    );
    expect(run(spec(false), 2, () => 20, 0, 45 * S)).toEqual(
      new Map([
        // Legacy: max(2 · current, 4): 2 → 4 → 8 → 16 → 20.
        [0, 4],
        [15, 8],
        [30, 16],
        [45, 20],
      ]),
    );
  });

  it("events within the period count: a second scale-up 10 s after the first starts from the period's start", () => {
    const rec = new HpaRecommendations();
    const sp = spec(true);
    rec.recordInitial(2, 0);
    expect(rec.normalize(sp, 2, 20, 0, WINDOW)).toBe(6);
    rec.recordScale(sp, 2, 6, 0);
    // 10 s later: 4 pods were added within the last 15 s, period start = 6 − 4 = 2 → limit 6: no change.
    expect(rec.normalize(sp, 6, 20, 10 * S, WINDOW)).toBe(6);
    expect(rec.limitReason).toBe("ScaleUpLimit");
    // At 15 s the event is exactly one period old: not strictly newer, so it no longer counts → 12.
    expect(rec.normalize(sp, 6, 20, 15 * S, WINDOW)).toBe(12);
  });

  it("selectPolicy Min takes the smaller change; Disabled none; maxReplicas caps", () => {
    const rec = new HpaRecommendations();
    const sp = spec(true, 1, 7);
    sp.behavior!.scaleUp.selectPolicy = "Min";
    // min(4 + 4, 8) = 8, capped by maxReplicas 7.
    expect(rec.normalize(sp, 4, 20, 0, WINDOW)).toBe(7);
    expect(rec.limitReason).toBe("TooManyReplicas");
    sp.behavior!.scaleUp.policies = [{ type: "Pods", value: 1, periodSeconds: 60 }, { type: "Percent", value: 50, periodSeconds: 60 }];
    // Min of (4 + 1, ⌈4 · 1.5⌉ = 6) = 5.
    expect(rec.scaleUpLimit(sp.behavior!.scaleUp, 4, 0)).toBe(5);
    sp.behavior!.scaleUp.selectPolicy = "Disabled";
    expect(new HpaRecommendations().normalize(sp, 4, 20, 0, WINDOW)).toBe(4);
  });
});
