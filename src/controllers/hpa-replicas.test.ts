/**
 * The replica calculator against cases worked by hand from replica_calculator.go
 * (shared/reference/models.md §5.1 and V32). Pods request 1000m cpu; usage is in millicores.
 */
import { describe, expect, it } from "vitest";
import { calcReplicas, groupPods, POD_READY, POD_UNREADY, type CalcOptions, type PodSample } from "./hpa-replicas.js";

const S = 1_000_000;
const NOW = 3600 * S;
const opts: CalcOptions = { resource: "cpu", nowUs: NOW, toleranceDown: 0.1, toleranceUp: 0.1, cpuInitializationPeriodUs: 300 * S, initialReadinessDelayUs: 30 * S };

/** A pod started an hour ago, Ready since, with `usage` millicores of its 1000m request. */
function pod(usage: number, over: Partial<PodSample> = {}): PodSample {
  return { ignored: false, pending: false, usage, metricTimestampUs: NOW, metricWindowUs: 15 * S, ready: true, startTimeUs: 0, readyTransitionUs: 1 * S, request: 1000, ...over };
}
const util = (u: number) => ({ utilization: u, averageValueMilli: null });

describe("HPA replica calculator", () => {
  it("V32: 4 ready replicas at 90 % vs a 60 % target → ratio 1.5 → 6", () => {
    // utilization = ⌊100 · 3600 / 4000⌋ = 90; 90 / 60 = 1.5; ⌈1.5 · 4⌉ = 6.
    const p = calcReplicas([pod(900), pod(900), pod(900), pod(900)], 4, util(60), opts);
    expect(p).toEqual({ replicas: 6, current: 90, error: "" });
  });

  it.each([
    // ratio 63 / 60 = 1.05 ≤ 1.1: no change.
    [630, 4],
    // 66 / 60 = 1.1 exactly: still within the tolerance (isWithin is inclusive).
    [660, 4],
    // 67 / 60 = 1.1167: ⌈1.1167 · 4⌉ = ⌈4.467⌉ = 5.
    [670, 5],
    // 54 / 60 = 0.9: inclusive lower bound, no change; 53 / 60 = 0.883 → ⌈3.53⌉ = 4 as well.
    [540, 4],
    // 30 / 60 = 0.5 → ⌈0.5 · 4⌉ = 2.
    [300, 2],
  ])("tolerance 0.1: usage %im per pod → %i replicas", (usage, want) => {
    expect(calcReplicas([pod(usage), pod(usage), pod(usage), pod(usage)], 4, util(60), opts).replicas).toBe(want);
  });

  it("utilization is an integer percent: 3 pods using 100m of 300m → 33 %, not 33.3 %", () => {
    // ⌊100 · 100 / 300⌋ = 33 → 33 / 50 = 0.66 → ⌈0.66 · 3⌉ = ⌈1.98⌉ = 2 (0.6667 would also give 2; the current value shows it).
    const p = calcReplicas([pod(34, { request: 100 }), pod(33, { request: 100 }), pod(33, { request: 100 })], 3, util(50), opts);
    expect(p.current).toBe(33);
    expect(p.replicas).toBe(2);
  });

  it("unready pods count as 0 % on a scale-up: 2 ready at 90 % + 2 Pending → ratio 0.75 flips direction → unchanged", () => {
    // Ready only: 90 / 60 = 1.5 (scale up). With the Pending pods at 0: ⌊100 · 1800 / 4000⌋ = 45 → 0.75 < 1: direction flips → 4.
    const pods = [pod(900), pod(900), pod(NaN, { pending: true }), pod(NaN, { pending: true })];
    expect(calcReplicas(pods, 4, util(60), opts).replicas).toBe(4);
  });

  it("unready pods: 3 ready at 90 % + 1 Pending → ⌈(2700/4000 → 67 %) / 60 · 4⌉ = 5", () => {
    // 67 / 60 = 1.1167 > 1.1 and still a scale-up: ⌈1.1167 · 4⌉ = 5 (ready-only would say ⌈1.5 · 3⌉ = 5 too).
    const pods = [pod(900), pod(900), pod(900), pod(NaN, { pending: true })];
    expect(calcReplicas(pods, 4, util(60), opts).replicas).toBe(5);
  });

  it("missing metrics count as 100 % of the request on a scale-down", () => {
    // Ready: 30 / 60 = 0.5. The missing pod at 1000m: ⌊100 · 1900 / 4000⌋ = 47 → 0.783 → ⌈3.13⌉ = 4 = current.
    const pods = [pod(300), pod(300), pod(300), pod(NaN)];
    expect(calcReplicas(pods, 4, util(60), opts).replicas).toBe(4);
    // Without the missing pod the answer would be ⌈0.5 · 3⌉ = 2.
    expect(calcReplicas(pods.slice(0, 3), 3, util(60), opts).replicas).toBe(2);
  });

  it("missing metrics count as 0 on a scale-up", () => {
    // Ready: 120 % / 60 = 2; with the missing pod at 0: ⌊100 · 3600 / 4000⌋ = 90 → 1.5 → ⌈1.5 · 4⌉ = 6.
    const pods = [pod(1200), pod(1200), pod(1200), pod(NaN)];
    expect(calcReplicas(pods, 4, util(60), opts).replicas).toBe(6);
  });

  it("deleting and Failed pods are ignored", () => {
    const pods = [pod(900), pod(900), pod(5000, { ignored: true })];
    // 90 / 60 = 1.5 → ⌈3⌉ = 3 with 2 ready pods.
    expect(calcReplicas(pods, 3, util(60), opts).replicas).toBe(3);
  });

  it("cpu initialization: a sample taken less than one window after the Ready transition is unready", () => {
    const young = { startTimeUs: NOW - 60 * S, readyTransitionUs: NOW - 10 * S };
    // Within the 5 min initialization period, timestamp NOW < transition + 15 s → unready.
    expect(groupPods([pod(900, young)], opts)[0]).toBe(POD_UNREADY);
    // 20 s after the transition the sample counts.
    expect(groupPods([pod(900, { ...young, readyTransitionUs: NOW - 20 * S })], opts)[0]).toBe(POD_READY);
    // After the initialization period, a not-Ready pod that was ready before counts as ready…
    expect(groupPods([pod(900, { ready: false, startTimeUs: 0, readyTransitionUs: 600 * S })], opts)[0]).toBe(POD_READY);
    // …but one whose Ready condition last changed within 30 s of its start (never ready) is unready.
    expect(groupPods([pod(900, { ready: false, startTimeUs: 0, readyTransitionUs: 29 * S })], opts)[0]).toBe(POD_UNREADY);
  });

  it("AverageValue: ⌊Σ usage / n⌋ against the target in milli-units", () => {
    // 4 pods at 750m against 500m: 750 / 500 = 1.5 → 6. Memory would be in milli-bytes the same way.
    const p = calcReplicas([pod(750), pod(750), pod(750), pod(750)], 4, { utilization: null, averageValueMilli: 500 }, opts);
    expect(p).toEqual({ replicas: 6, current: 750, error: "" });
  });

  it("no ready pod with a metric → an error, not a proposal", () => {
    expect(calcReplicas([pod(NaN, { pending: true })], 1, util(60), opts).error).toMatch(/did not receive metrics/);
    expect(calcReplicas([pod(900), pod(900, { request: NaN })], 2, util(60), opts).error).toMatch(/missing request/);
  });
});
