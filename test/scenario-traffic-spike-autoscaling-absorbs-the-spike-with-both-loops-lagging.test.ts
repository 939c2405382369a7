/**
 * scenarios/traffic-spike-autoscaling.yaml (seed 5), worked by hand. web: 500m requested
 * (HPA target 60 % = 300m a pod), 10 ms a request, 1 thread under a 1-CPU limit. Rate: 90 rps,
 * ramping from 4 min to 900 rps at 5 min, held to 15 min, back to 90 rps at 16 min.
 * Nodes: m6i.xlarge, 3,920m allocatable → ⌊3920 / 500⌋ = 7 pods each; $0.192 an hour.
 */
import { describe, expect, test } from "vitest";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;

describe("traffic-spike-autoscaling", () => {
  const o = runScenario(loadScenario("scenarios/traffic-spike-autoscaling.yaml"));
  const events = (reason: string) => o.store.events.filter((e) => e.reason === reason);
  const series = (metric: string, scope: string) => {
    const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === scope)!;
    const s = o.recorder.sampler.series(g.id);
    return (tS: number) => s.values[tS / 10]!;
  };
  const rescales = events("SuccessfulRescale").map((e) => [e.timeUs / S, Number(/New size: (\d+)/.exec(e.message)![1])] as const);

  test("before the spike 90 rps × 10 ms = 900m over 3 pods is 300m = 60 %: on target, no rescale", () => {
    expect(rescales[0]![0]).toBeGreaterThanOrEqual(240);
    expect(series("hpa_cpu_utilization_pct", "HorizontalPodAutoscaler/shop/web")(200)).toBe(60);
  });

  test("scale-up: each sync at most doubles (no behavior: max(2 × current, 4)), up to 30 = ⌈9,000m / 300m⌉ = maxReplicas", () => {
    let current = 3;
    const ups = rescales.filter(([t]) => t < 900);
    for (const [, n] of ups) {
      expect(n).toBeGreaterThan(current);
      expect(n).toBeLessThanOrEqual(Math.max(2 * current, 4));
      current = n;
    }
    expect(ups[0]).toEqual([255, 6]);
    expect(current).toBe(30);
  });

  test("pods the 2 nodes cannot hold (14 of them) go Pending; each scale-up's nodes are Ready 60 s + 10 s after the scan", () => {
    const pending = series("pending_pods", "cluster");
    expect(pending(330)).toBe(12); // 26 pods wanted, 14 fit
    const ups = events("TriggeredScaleUp");
    const firstUpS = Math.min(...ups.map((e) => e.timeUs / S));
    expect(firstUpS).toBe(310);
    const nodes = [...o.recorder.nodes.values()].filter((n) => n.createdUs > 0);
    expect(Math.min(...nodes.map((n) => n.createdUs / S))).toBe(310 + 60);
    const ready = series("nodes_ready", "cluster");
    expect(ready(370)).toBe(2); // registered, not yet Ready
    expect(ready(380)).toBeGreaterThanOrEqual(3);
    // At the plateau: 30 pods / 7 a node → 5 nodes.
    expect(ready(600)).toBe(5);
    expect(series("cost_per_hour", "cluster")(600)).toBeCloseTo(5 * 0.192, 9);
  });

  test("the lag shows in p99 and failed requests: 3 pods can burn 3 CPUs of the 9 wanted until new pods run", () => {
    const p99 = series("request_latency_p99_ms", "Deployment/shop/web");
    expect(p99(200)).toBeLessThan(50);
    expect(p99(330)).toBeGreaterThan(200);
    expect(p99(600)).toBeLessThan(50);
    const failed = series("failed_requests", "cluster");
    // [0, 10 s): no pod Ready yet, 90 rps × 10 s fail; then none until the spike outruns the pods.
    expect(failed(0)).toBe(900);
    expect(failed(280)).toBe(900);
    expect(failed(600)).toBeGreaterThan(10_000);
    expect(failed(1200)).toBe(failed(600));
  });

  test("scale-down waits the 300 s window: the 900 s sync's 30 is in until 1,200 s; at 1,215 s the window's max is the 915 s sync's 23", () => {
    // 915 s: the sample of the 910 s interval, 900 − 810 × 15/60 = 697.5 rps → 6,975m over 30 pods
    // of 500m → ⌊100 × 6975 / 15000⌋ = 46 % → ⌈46 / 60 × 30⌉ = 23.
    const downs = rescales.filter(([t]) => t > 900);
    expect(downs[0]).toEqual([1215, 23]);
    expect(downs[downs.length - 1]![1]).toBe(3);
  });

  test("the cluster autoscaler gives back the extra nodes once unneeded for 10 min; cost follows node-hours × $0.192", () => {
    const ready = series("nodes_ready", "cluster");
    expect(ready(2690)).toBe(2);
    const removed = events("RemovingNode").map((e) => e.timeUs / S);
    expect(removed).toHaveLength(3);
    // The first scale-down (30 → 23 at 1,215 s) leaves a node under 50 % whose pods fit elsewhere
    // at the next scan (1,220 s); unneeded for 10 min without a break, it goes at 1,820 s.
    expect(removed[0]).toBe(1220 + 600);
    for (const t of removed) expect(t).toBeGreaterThanOrEqual(1220 + 600);
    let nodeHours = 0;
    for (const n of o.recorder.nodes.values()) nodeHours += ((Number.isNaN(n.deletedUs) ? 2700 * S : n.deletedUs) - n.createdUs) / 3.6e9;
    expect(series("total_cost", "cluster")(2700)).toBeCloseTo(nodeHours * 0.192, 9);
  });
});
