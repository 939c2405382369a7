/**
 * scenarios/microservices-shop.yaml, worked by hand. Three m6i.large nodes: 1930m CPU
 * allocatable each, 5790m in all. Requests:
 * - node agents at system-node-critical: fluent-bit 100m + node-exporter 50m per node = 450m;
 * - 18 shop-critical pods: frontend 3×300 + catalog 2×300 + cart 2×300 + redis 500 + ad 200
 *   + checkout 2×200 + currency 2×200 + payment 2×100 + shipping 2×100 + email 100 = 4100m;
 * - recommendation 3 × 1500m at priority 0, scheduled after everything above (PrioritySort).
 * Free after the first two groups: 5790 − 450 − 4100 = 1240m < 1500m, so no recommendation
 * pod fits on any node whatever the placement, and none can preempt (every running pod has a
 * higher priority). They retry when the unschedulable pool is flushed: pods older than 5 min
 * leave it at the first 30-s flush tick after 300 s, i.e. 330 s (the next one, 660 s, is past
 * the 10-min run). cpu requested = 4550 / 5790 = 78.58 %.
 * Startup SLI (the scenario fixes the runtime times): sandbox 0.7 s + container start 0.3 s = 1 s
 * for every pod (pulls excluded).
 * fluent-bit (first on each node): 0.7 + pull 0.2 + 40 Mi / 50 Mi/s 0.8 + 0.3 = Ready at 2 s;
 * node-exporter pulls after it (serialised pulls): 1.7 + 0.2 + 12/50 + 0.3 = 2.44 s.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRunSummary } from "../src/report/run-summary.js";
import { evaluateSlos } from "../src/cli/commands/run.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;
const MESSAGE = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";

describe("scenarios/microservices-shop.yaml", () => {
  const o = runScenario(loadScenario("scenarios/microservices-shop.yaml"));
  const { ledger, store } = o;
  const app = (id: number) => ledger.workload[id]!.split("/")[1]!;

  it("runs the 6 node agents and 18 shop pods and leaves the 3 recommendation pods Pending", () => {
    expect(ledger.ids).toHaveLength(27);
    const pending = (store.list("Pod") as Pod[]).filter((p) => !p.spec?.nodeName).map((p) => p.metadata!.labels!["app"]);
    expect(pending).toEqual(["recommendation", "recommendation", "recommendation"]);
    expect(o.recorder.runningPods).toBe(24);
    const failed = store.events.filter((e) => e.reason === "FailedScheduling");
    expect(failed.map((e) => e.timeUs / S)).toEqual([0, 0, 0, 330, 330, 330]);
    for (const e of failed) expect(e.message).toBe(MESSAGE);
  });

  it("never puts more than 1930m of requests on a node and leaves 1240m free in all", () => {
    const cpu: Record<string, number> = {};
    for (const p of store.list("Pod") as Pod[]) {
      if (!p.spec?.nodeName) continue;
      const m = p.spec.containers!.reduce((sum, c) => sum + parseCpu(String(c.resources!.requests!["cpu"]!)), 0);
      cpu[p.spec.nodeName] = (cpu[p.spec.nodeName] ?? 0) + m;
    }
    expect(Object.values(cpu).every((m) => m <= 1930)).toBe(true);
    expect(Object.values(cpu).reduce((a, b) => a + b, 0)).toBe(4550);
    const summary = buildRunSummary(o, "golden", "/tmp");
    const pct = summary.metrics["cpuRequestedPct"] as { max: number };
    expect(pct.max).toBeCloseTo((4550 / 5790) * 100, 4);
  });

  it("gives Redis (requests = limits) Guaranteed QoS and every other pod Burstable", () => {
    const guaranteed = ledger.ids.filter((id) => ledger.qosClass[id] === "Guaranteed").map(app);
    expect(guaranteed).toEqual(["redis-cart"]);
    expect(ledger.ids.filter((id) => ledger.qosClass[id] === "Burstable")).toHaveLength(26);
  });

  it("starts every pod in 1 s by the SLI and the node agents at 2 s and 2.44 s end to end", () => {
    const started = ledger.ids.filter((id) => !Number.isNaN(ledger.readyUs[id]!));
    expect(started).toHaveLength(24);
    expect(o.recorder.podStartupLatency.summary(1000).max).toBe(1000);
    const agents = (name: string) => started.filter((id) => app(id) === name).map((id) => ledger.readyUs[id]! / S);
    expect(agents("fluent-bit")).toEqual([2, 2, 2]);
    expect(agents("node-exporter")).toEqual([2.44, 2.44, 2.44]);
  });

  it("fails the no-pending-pods objective (3 pending from t = 0) and holds the others", () => {
    const summary = buildRunSummary(o, "golden", "/tmp");
    const verdicts = Object.fromEntries(evaluateSlos(o, summary).map((r) => [r.name, r.status]));
    expect(verdicts).toMatchObject({ "podStartupLatency-p99": "pass", "no-pending-pods": "fail", "cpuRequestedPct-max": "pass" });
  });
});

function parseCpu(q: string): number {
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000;
}
