/**
 * Two hand-made traces (test/fixtures/trace/) with outcomes worked out from the mechanism.
 *
 * alibaba-fill.yaml — format alibaba-gpu-v2023, Sequential (one pod a second, never deleted) onto
 * node-a (16 cores, 64 GiB, 2 × T4) and node-b (8 cores, 32 GiB, no GPU):
 *   p0 4 cores + 500/1000 of a GPU → node-a, GPU 0 (best fit; both free)      GPUs [500, 1000]
 *   p1 4 cores + 1 whole GPU       → node-a, GPU 1 (the untouched one)         GPUs [500, 0]
 *   p2 2 cores, no GPU             → node-b (LeastAllocated: node-b 81 > node-a 52)
 *   p3 4 cores + 1 whole GPU       → nowhere: node-a has 500 milli left, node-b none
 *                                    ("2 Insufficient alibabacloud.com/gpu-milli")
 *   p4 20 cores                    → nowhere: no node has 20 cores ("Insufficient cpu")
 * GPUs: 2 allocatable, 1.5 requested → 75%. Target workload M (5 pods, all specs kept): whole GPU
 * 0.4, 2-core 0.2, 500-share 0.2, 20-core 0.2. F_node-a = 500 × (0.4 + 0.2 + 0.2) = 400 milli
 * (the 500 share fits GPU 0 and GPU 1 has 0 below its share); node-b has no GPU → 0.4 GPUs
 * fragmented, 400 / 500 free = 80%. CPU stranded: node-a 8000m × (0.4 + 0.2) = 4800,
 * node-b 6000m × (0.4 + 0.2 + 0.2) = 4800 → 9600 / 14000 free = 68.571429%.
 *
 * recorded.yaml — format csv with a column mapping, Recorded with startAt 5s, onto n1 (4 cores,
 * 8 GiB, 1 nvidia.com/gpu), run 300 s. Run times are trace times − 5 s:
 *   a 2 cores, 1 GPU, Guaranteed, trace 0–100  → created at 0 (alive at startAt), placed, deleted at 95
 *   b 1 core, 1 GPU, trace 10–60               → created at 5, the GPU is a's: pending, deleted at 55
 *   c 500m, priority 1000, never deleted       → placed at 15
 *   d 2 cores, trace 30–60                     → 2 + 0.5 + 2 > 4 cores: pending, deleted at 55
 *   e BestEffort, trace 200–210                → placed at 195
 *   f trace 400–410 → after the end; g trace 0–3 → gone before startAt: both outside the run.
 */
import { describe, expect, test } from "vitest";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { REASON_NOT_ATTEMPTED } from "../src/runtime/trace-replay.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { summaryCsv, podsCsv } from "../src/report/run-outputs.js";
import { traceSummary } from "../src/report/trace-report.js";

const FIXTURES = "test/fixtures/trace";

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

describe("an alibaba-gpu-v2023 trace submitted in sequence", () => {
  const o = runScenario(loadScenario(`${FIXTURES}/alibaba-fill.yaml`));
  const s = traceSummary(o)!;

  test("places p0–p2 where the scheduler's scores send them and leaves p3, p4 pending with their reasons", () => {
    const pods = csvRows(podsCsv(o));
    expect(pods.map((p) => [p["pod"], p["node"]])).toEqual([["p0", "node-a"], ["p1", "node-a"], ["p2", "node-b"], ["p3", ""], ["p4", ""]]);
    expect(s).toMatchObject({ rows: 5, outsideRun: 0, created: 5, placed: 3, unplaced: 2, gpusRequested: 2.5, gpusPlaced: 1.5, gpusUnplaced: 1, gpuConflicts: 0 });
    expect(s.unplacedByReason).toEqual([
      { reason: "Insufficient alibabacloud.com/gpu-milli", pods: 1 },
      { reason: "Insufficient cpu", pods: 1 },
    ]);
  });

  test("GPUs one by one: best fit for the share, the untouched GPU for the whole one", () => {
    expect(o.traceReplay!.gpus.freeGpus("node-a")).toEqual([500, 0]);
  });

  test("allocation and fragmentation at the end are the hand-computed 75%, 0.4 GPUs (80% of free) and 68.571429%", () => {
    expect(s.gpuRequestedPct.final).toBe(75);
    expect(s.gpuFragmentationPct.final).toBeCloseTo(80, 9);
    expect(s.cpuFragmentationPct.final).toBeCloseTo(68.571429, 5);
    const summary = csvRows(summaryCsv(o));
    const row = (metric: string, scope = "cluster") => summary.find((r) => r["metric"] === metric && r["scope"] === scope);
    expect(Number(row("gpu_allocatable_gpus")!["max"])).toBe(2);
    expect(Number(row("trace_pods_unplaced")!["count"])).toBe(2);
    expect(Number(row("trace_unplaced_pods", "Insufficient cpu")!["count"])).toBe(1);
  });
});

describe("a csv trace replayed at its recorded times", () => {
  const o = runScenario(loadScenario(`${FIXTURES}/recorded.yaml`));
  const s = traceSummary(o)!;
  const pods = Object.fromEntries(csvRows(podsCsv(o)).map((p) => [p["pod"], p]));

  test("creates the five pods of the window at their times minus startAt and deletes them at theirs", () => {
    expect(s).toMatchObject({ rows: 7, outsideRun: 2, created: 5, placed: 3, unplaced: 2, gpusRequested: 2, gpusPlaced: 1, gpusUnplaced: 1 });
    expect(Object.keys(pods).sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(["a", "b", "c", "d", "e"].map((n) => Number(pods[n]!["created_s"]))).toEqual([0, 5, 15, 25, 195]);
    // b and d are deleted while Pending (at once); a bound pod is gone after SIGTERM (1 s).
    expect(Number(pods["b"]!["deleted_s"])).toBe(55);
    expect(Number(pods["d"]!["deleted_s"])).toBe(55);
    expect(Number(pods["a"]!["terminating_s"])).toBe(95);
  });

  test("b waited for the GPU, d for cpu; qos and priority come from the trace", () => {
    expect(s.unplacedByReason).toEqual([
      { reason: "Insufficient cpu", pods: 1 },
      { reason: "Insufficient nvidia.com/gpu", pods: 1 },
    ]);
    expect(s.unplacedByReason.map((r) => r.reason)).not.toContain(REASON_NOT_ATTEMPTED);
    expect([pods["a"]!["qos_class"], pods["c"]!["qos_class"], pods["e"]!["qos_class"]]).toEqual(["Guaranteed", "Burstable", "BestEffort"]);
    const c = o.store.get("Pod", "default", "c") as { spec: { priority?: number } };
    expect(c.spec.priority).toBe(1000);
  });

  test("the only GPU is free again after a leaves: 0% at the end, 100% at the peak", () => {
    expect(s.gpuRequestedPct).toEqual({ final: 0, max: 100 });
  });
});
