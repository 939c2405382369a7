/**
 * A sweep's report.html from a small hand-made sweep.csv and sweep.json (the shapes
 * src/sweep/sweep-table.ts and sweep-answer.ts write): node count 2 and 4, two replications.
 */
import { describe, expect, test } from "vitest";
import { memorySource } from "../csv-stream.js";
import { renderSweepReport } from "./sweep-report.js";

const HEADER = "row,point,spec_cluster_nodePools_0_count,replication,seed,passed,slo_pass_rate,replications_passed,failed_slos,cost_per_hour,cost_per_hour_min,cost_per_hour_max,pod_startup_latency_p99_ms,pod_startup_latency_p99_ms_min,pod_startup_latency_p99_ms_max";
const CSV = [
  HEADER,
  "run,0,2,0,42,false,0,,podStartupLatency-p99,0.4,,,7000,,",
  "run,0,2,1,99,false,0,,podStartupLatency-p99,0.4,,,9000,,",
  "point,0,2,,,false,0,0,podStartupLatency-p99,0.4,0.4,0.4,8000,7000,9000",
  "run,1,4,0,42,true,1,,,0.8,,,1000,,",
  "run,1,4,1,99,true,1,,,0.8,,,3000,,",
  "point,1,4,,,true,1,2,,0.8,0.8,0.8,2000,1000,3000",
].join("\n") + "\n";

function doc(over: Record<string, unknown> = {}) {
  const point = (p: number, n: number, passed: boolean, med: number, min: number, max: number, cost: number) => ({
    point: p, values: { "spec.cluster.nodePools[0].count": n }, passed, passRate: passed ? 1 : 0, replicationsPassed: passed ? 2 : 0,
    failedSlos: passed ? [] : ["podStartupLatency-p99"],
    stats: { cost_per_hour: { median: cost, min: cost, max: cost }, pod_startup_latency_p99_ms: { median: med, min, max } },
  });
  return JSON.stringify({
    kind: "SweepSummary", kubesimVersion: "0.1.0", scenario: "shop", sweepId: "sweep-s42-abc", seed: 42, mode: "grid",
    search: "spec.cluster.nodePools[0].count", parameters: [{ path: "spec.cluster.nodePools[0].count", values: 2, from: 2, to: 4 }],
    replications: 2, confidence: 1, replicationsNeeded: 2, pointsTotal: 2, pointsEvaluated: 2, runs: 4,
    answer: { values: { "spec.cluster.nodePools[0].count": 4 }, costPerHour: 0.8, replicationsPassed: 2, nonMonotone: false },
    points: [point(0, 2, false, 8000, 7000, 9000, 0.4), point(1, 4, true, 2000, 1000, 3000, 0.8)],
    reproduce: "kubesim sweep scenarios/shop.yaml --seed 42 --range 'spec.cluster.nodePools[0].count=2..4/2' --replications 2",
    exitCode: 0, ...over,
  });
}

describe("renderSweepReport", () => {
  const html = renderSweepReport(memorySource({ "sweep.csv": CSV, "sweep.json": doc() }));

  test("the answer comes first, with its cost and the command that reruns the sweep", () => {
    expect(html).toContain("✓ Smallest spec.cluster.nodePools[0].count meeting every SLO in 2/2 replications: <b>4</b> ($0.80/h)");
    expect(html).toContain("$ kubesim sweep scenarios/shop.yaml --seed 42 --range &#39;spec.cluster.nodePools[0].count=2..4/2&#39; --replications 2");
  });

  test("the latency curve shows each point's median with a min–max error bar and every replication", () => {
    const fig = /<figure id="sweep-pod_startup_latency_p99_ms"[\s\S]*?<\/figure>/.exec(html)![0];
    expect(fig).toContain("<title>2: median 8.00s (7.00s–9.00s)</title>");
    expect(fig).toContain("<title>4: median 2.00s (1.00s–3.00s)</title>");
    // Four replications as grey dots (no tooltip), two medians with tooltips.
    expect(fig.match(/<circle [^>]*r="3.5"><\/circle>/g)!.length).toBe(4);
    expect(fig.match(/<circle [^>]*r="3.5"><title>/g)!.length).toBe(2);
  });

  test("the points table marks the answer and the failed SLOs", () => {
    expect(html).toContain("<b>▸ 4</b>");
    expect(html).toContain('<span class="bad">0/2 ✗</span>');
    expect(html).toContain("8.00s (7.00s–9.00s)");
  });

  test("no answer: the banner says so", () => {
    const none = renderSweepReport(memorySource({ "sweep.csv": CSV, "sweep.json": doc({ answer: null, exitCode: 1 }) }));
    expect(none).toContain("✗ No point met every SLO in 2/2 replications");
  });

  test("same files, same bytes; a broken sweep.json is an input error", () => {
    expect(renderSweepReport(memorySource({ "sweep.csv": CSV, "sweep.json": doc() }))).toBe(html);
    expect(() => renderSweepReport(memorySource({ "sweep.csv": CSV, "sweep.json": "{}" }))).toThrow(/SweepSummary/);
  });
});
