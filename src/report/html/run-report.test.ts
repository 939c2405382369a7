/**
 * report.html of a hand-made results folder whose figures are worked out below: 3 nodes of
 * 4000 m CPU and 8 GiB (n-0, n-1 in zone a; n-2 in zone b), requests sampled at 0, 10, 20 s.
 */
import { describe, expect, test } from "vitest";
import { memorySource } from "../csv-stream.js";
import { renderRunReport, topMessages, verdictText } from "./run-report.js";
import { readRunReportData } from "./run-report-data.js";
import { headroomAtPeak, headroomNodes } from "./run-charts.js";

const GIB = 1024 ** 3;

function folder(over: Record<string, string> = {}): Record<string, string> {
  const ts: string[] = ["time_s,metric,scope,value"];
  const at = (t: number, m: string, v: number) => ts.push(`${t},${m},cluster,${v}`);
  [[0, 3000, 4], [10, 10000, 6], [20, 6000, 6]].forEach(([t, cpu, memGi]) => {
    at(t!, "pending_pods", t === 10 ? 3 : 0);
    at(t!, "nodes_ready", 3);
    at(t!, "cpu_requested_millicores", cpu!);
    at(t!, "cpu_allocatable_millicores", 12000);
    at(t!, "memory_requested_bytes", memGi! * GIB);
    at(t!, "memory_allocatable_bytes", 24 * GIB);
    at(t!, "cpu_requested_pct", (100 * cpu!) / 12000);
  });
  return {
    "run.json": JSON.stringify({
      kubesimVersion: "0.1.0", kubernetesVersionModelled: "v1.34", seed: 7, runId: "r1",
      args: ["run", "scenarios/x y.yaml", "--seed", "7", "--set", "spec.cluster.nodePools[0].count=3"],
      inputs: { name: "evil<b>", timeline: [{ at: 5_000_000, action: "failNode", node: "n-2" }], nodePools: [{ name: "general", instanceType: "m6i.xlarge", pricePerHour: 0.2 }] },
    }),
    "summary.json": JSON.stringify({ scenario: "evil<b>", runId: "r1", seed: 7, durationSimulatedS: 20, exitCode: 1, capacity: { nodesStart: 3, nodesEnd: 3, nodesReadyMin: 3, nodeHours: 0.0167, cost: 0.0033 }, warnings: [] }),
    "slo.csv": [
      "slo,metric,stat,objective,threshold,unit,observed,margin_pct,ok,status,first_violation_s,for_s,source,note",
      "pendingPods-max,pendingPods,max,max <= 0,0,pods,3,,false,fail,10,,x.yaml:9:7,",
      "apiMutatingLatency-p99,apiMutatingLatency,p99,p99 <= 1s,1000,ms,,,true,not_measured,,,preset:kubernetes-scalability,not measured: needs the API server cost model",
    ].join("\n") + "\n",
    "summary.csv": "metric,scope,count,mean,min,p50,p90,p95,p99,p99_9,max\npod_startup_latency_ms,cluster,4,1250,1000,1000,2000,2000,2000,2000,2000\n",
    "timeseries.csv": ts.join("\n") + "\n",
    "nodes.csv": [
      "node,pool,zone,created_s,deleted_s,cpu_allocatable_millicores,memory_allocatable_bytes",
      `n-0,general,a,0,,4000,${8 * GIB}`, `n-1,general,a,0,,4000,${8 * GIB}`, `n-2,general,b,0,,4000,${8 * GIB}`,
    ].join("\n") + "\n",
    "pods.csv": "namespace,pod,workload,restarts,oom_kills,eviction_reason\nshop,p1,Deployment/web,2,1,\nshop,p2,Deployment/web,0,0,Evicted\n",
    "events.csv": [
      "time_s,type,reason,object,message",
      "10,Warning,FailedScheduling,Pod/shop/p1,0/3 nodes are available: 3 Insufficient cpu.",
      "10,Warning,FailedScheduling,Pod/shop/p2,0/3 nodes are available: 3 Insufficient cpu.",
      '12,Warning,FailedScheduling,Pod/shop/p3,"<script>alert(1)</script>"',
      "20,Warning,FailedScheduling,Pod/shop/p1,0/3 nodes are available: 3 Insufficient cpu.",
      "20,Normal,Scheduled,Pod/shop/p1,Successfully assigned shop/p1 to n-0",
    ].join("\n") + "\n",
    ...over,
  };
}

describe("run report data", () => {
  test("headroom at the CPU peak: 10000 m of 12000 m at 10 s leaves half a node of 4000 m", () => {
    const d = readRunReportData(memorySource(folder()));
    const cpu = headroomAtPeak(d, "cpu")!;
    expect(cpu).toMatchObject({ atS: 10, requested: 10000, allocatable: 12000, largestNode: 4000, largestZone: "a", largestZoneAllocatable: 8000 });
    expect(headroomNodes(cpu)).toBe(0.5); // (12000 − 10000) / 4000
    // Memory peaks at 6 GiB of 24 GiB (first at 10 s): (24 − 6) / 8 = 2.25 nodes.
    expect(headroomNodes(headroomAtPeak(d, "memory")!)).toBe(2.25);
  });

  test("FailedScheduling messages are grouped as worded, most frequent first, with distinct pods", () => {
    const d = readRunReportData(memorySource(folder()));
    expect(topMessages(d.events)).toEqual([
      { message: "0/3 nodes are available: 3 Insufficient cpu.", count: 3, objects: 2, firstS: 10, lastS: 20 },
      { message: "<script>alert(1)</script>", count: 1, objects: 1, firstS: 12, lastS: 12 },
    ]);
  });

  test("pods.csv is summed per workload", () => {
    const d = readRunReportData(memorySource(folder()));
    expect(d.workloads).toEqual([{ workload: "Deployment/web", pods: 2, restarts: 2, oomKills: 1, evictions: 1, maxThrottledRatio: NaN }]);
  });
});

describe("renderRunReport", () => {
  const html = renderRunReport(memorySource(folder()));

  test("the banner gives the verdict, the capacity answer and the command that reproduces the run", () => {
    expect(verdictText(readRunReportData(memorySource(folder())).slos)).toEqual({ text: "1 of 1 SLOs failed (1 not measured)", failed: true });
    expect(html).toContain('<div class="verdict">✗ FAIL — 1 of 1 SLOs failed (1 not measured)</div>');
    // 83% = 10000 / 12000; loses a node: min(0.5, 2.25) = 0.5 < 1.
    expect(html).toContain("3 × m6i.xlarge · peak CPU requested 83% at 10s · memory 25% · survives the loss of one node: no (headroom 0.5 nodes) · max pending 3");
    expect(html).toContain("$ kubesim run &#39;scenarios/x y.yaml&#39; --seed 7 --set &#39;spec.cluster.nodePools[0].count=3&#39;");
  });

  test("losing a node or the larger zone does not fit: 10000 / 8000 = 125 %, 10000 / 4000 = 250 %", () => {
    expect(html).toContain('<span class="bad">✗ does not fit</span> (125%)');
    expect(html).toContain('<span class="bad">✗ does not fit</span> (250%)');
  });

  test("the SLO row links to the chart with its bound drawn", () => {
    expect(html).toContain('<a href="#pending-pods">pendingPods-max</a>');
    expect(html).toMatch(/<figure id="pending-pods"[\s\S]*?>SLO max ≤ 0<\/text>/);
  });

  test("no text from the folder reaches the page unescaped", () => {
    expect(html).not.toContain("<script");
    expect(html).not.toContain("evil<b>");
    expect(html).toContain("evil&lt;b&gt;");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("nothing is fetched: no script, no external URL, a policy that forbids loading", () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<img|<link rel="stylesheet"|@import|url\(http/);
    expect(html.match(/https?:\/\/[^"]*/g)).toEqual(Array(html.match(/<svg /g)!.length).fill("http://www.w3.org/2000/svg"));
  });

  test("the same files give the same bytes", () => {
    expect(renderRunReport(memorySource(folder()))).toBe(html);
  });

  test("a run with no node, no sample and no event still renders, without NaN or Infinity", () => {
    const empty = renderRunReport(memorySource(folder({
      "timeseries.csv": "time_s,metric,scope,value\n", "nodes.csv": "node,pool,zone,created_s,deleted_s,cpu_allocatable_millicores,memory_allocatable_bytes\n",
      "pods.csv": "namespace,pod,workload,restarts,oom_kills,eviction_reason\n", "events.csv": "time_s,type,reason,object,message\n",
      "summary.csv": "metric,scope,count,mean,min,p50,p90,p95,p99,p99_9,max\n", "slo.csv": "slo,metric,stat,objective,threshold,unit,observed,status\n",
    })));
    expect(empty).toContain("✓ DONE — no SLOs declared");
    expect(empty).toContain("No latency was observed in this run.");
    expect(empty).not.toMatch(/NaN|Infinity|undefined/);
  });

  test("a missing file is an input error naming it", () => {
    const files = folder();
    delete files["timeseries.csv"];
    expect(() => renderRunReport(memorySource(files))).toThrow(/timeseries.csv not found/);
    expect(() => renderRunReport(memorySource(folder({ "summary.json": "[1]" })))).toThrow(/not a JSON object/);
  });
});
