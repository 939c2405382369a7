/**
 * Alibaba's cluster-trace-gpu-v2023 (../shared/real/alibaba-gpu-v2023) replayed onto its own
 * node list. The expected figures are computed here from the CSV rows with plain arithmetic,
 * not by the simulator:
 *
 * - scenarios/alibaba-gpu-trace-replay.yaml (Sequential, never deleted): every row is created;
 *   GPUs requested = Σ num_gpu × gpu_milli / 1000; GPUs allocatable = Σ gpu of the node list;
 *   the CPU requested at the end = Σ cpu_milli of the rows kubesim placed; a pod no empty node
 *   could hold is never placed.
 * - Recorded over trace days 147–149 (startAt 147d, 2 days): the pods alive in the window are
 *   created; the cluster is nearly empty (a few hundred pods on 1,523 nodes), so every one is
 *   placed except the rows deleted the second they were created (the scheduler never sees
 *   them) and rows no empty node could hold.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { podsCsv } from "../src/report/run-outputs.js";
import { traceSummary } from "../src/report/trace-report.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { REASON_NOT_ATTEMPTED } from "../src/runtime/trace-replay.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { NO_REAL_DATA, REAL_DATA_DIR, realPath } from "./fixtures/real-data.js";
import { tempDir } from "./fixtures/temp-dir.js";

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
};
const n = (r: Row, k: string) => Number(r[k]);

describe.skipIf(NO_REAL_DATA)("Alibaba's GPU trace replayed onto its 1,523 nodes", () => {
  // Collecting a skipped describe still runs its body (here: reads the CSVs, runs the replay).
  if (NO_REAL_DATA) return;
  // The example scenario finds the data through KUBESIM_REAL_DATA (or ../../shared/real).
  process.env["KUBESIM_REAL_DATA"] = REAL_DATA_DIR ?? "";
  const pods = readCsv(realPath("alibaba-gpu-v2023", "openb_pod_list_default.csv"));
  const nodes = readCsv(realPath("alibaba-gpu-v2023", "openb_node_list_all_node.csv"));
  /** Fits an empty node: CPU, memory, and enough GPUs (a share needs one GPU). */
  const fitsSomeNode = (p: Row) => nodes.some((x) => n(x, "cpu_milli") >= n(p, "cpu_milli") && n(x, "memory_mib") >= n(p, "memory_mib") && n(x, "gpu") >= n(p, "num_gpu"));
  const gpus = (rows: Row[]) => Math.round(rows.reduce((s, p) => s + n(p, "num_gpu") * n(p, "gpu_milli"), 0)) / 1000;

  test("the CSVs are the ones SOURCES.md describes: 8,152 pods, 1,523 nodes, 6,212 GPUs", () => {
    expect([pods.length, nodes.length, nodes.reduce((s, x) => s + n(x, "gpu"), 0)]).toEqual([8152, 1523, 6212]);
  });

  describe("scenarios/alibaba-gpu-trace-replay.yaml: every pod submitted in order, none deleted", () => {
    const o = runScenario(loadScenario("scenarios/alibaba-gpu-trace-replay.yaml"));
    const s = traceSummary(o)!;
    const placed = new Map(
      podsCsv(o)
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(","))
        .map((c) => [c[1]!, c[3]!]),
    );
    const gauge = (metric: string) => {
      const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === "cluster")!;
      const v = o.recorder.sampler.series(g.id).values;
      return v[v.length - 1]!;
    };

    test("creates every row, and its GPU totals are the CSV's", () => {
      expect(s.created).toBe(pods.length);
      expect(s.placed + s.unplaced).toBe(pods.length);
      expect(s.gpusRequested).toBe(gpus(pods)); // 6086.8
      expect(gauge("gpu_allocatable_gpus")).toBe(6212);
      const placedRows = pods.filter((p) => placed.get(p["name"]!) !== "");
      expect(s.placed).toBe(placedRows.length);
      expect(s.gpusPlaced).toBe(gpus(placedRows));
      expect(gauge("gpu_requested_gpus")).toBeCloseTo(gpus(placedRows), 6);
      expect(gauge("cpu_requested_millicores")).toBe(placedRows.reduce((t, p) => t + n(p, "cpu_milli"), 0));
    });

    test("a pod that no empty node could hold is never placed", () => {
      for (const p of pods.filter((p) => !fitsSomeNode(p))) expect(placed.get(p["name"]!)).toBe("");
    });

    test("the story: about 94% of the GPUs allocated, the rest mostly fragments, pods left over for want of a GPU", () => {
      expect(s.gpuRequestedPct.final).toBeGreaterThan(90);
      expect(s.gpuFragmentationPct.final).toBeGreaterThan(50);
      expect(s.unplaced).toBeGreaterThan(0);
      expect(s.unplacedByReason.map((r) => r.reason)).toContain("Insufficient alibabacloud.com/gpu-milli");
      expect(s.gpuConflicts).toBeGreaterThan(0);
      // Golden (seed 1, kube-scheduler's default profile): a change is a change of the model.
      expect([s.placed, s.unplaced, s.gpuConflicts]).toEqual([8090, 62, 414]);
    });
  });

  describe("Recorded, trace days 147 to 149", () => {
    const from = 147 * 86400;
    const to = from + 2 * 86400;
    const dir = tempDir("kubesim-trace-recorded-");
    const file = join(dir, "recorded.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: kubesim.io/v1alpha1",
        "kind: Scenario",
        "metadata: {name: alibaba-recorded}",
        "spec:",
        "  duration: 48h",
        "  sampleInterval: 10m",
        "  workloads:",
        "    - trace:",
        "        format: alibaba-gpu-v2023",
        `        pods: ${realPath("alibaba-gpu-v2023", "openb_pod_list_default.csv")}`,
        `        nodes: ${realPath("alibaba-gpu-v2023", "openb_node_list_all_node.csv")}`,
        `        startAt: ${from}`, // seconds of trace time: day 147
      ].join("\n"),
    );
    const o = runScenario(loadScenario(file));
    const s = traceSummary(o)!;
    const inWindow = pods.filter((p) => n(p, "deletion_time") > from && n(p, "creation_time") < to);
    const zeroLength = inWindow.filter((p) => p["deletion_time"] === p["creation_time"]);

    test("creates the pods alive in the window and places all but the zero-length rows and the ones no node holds", () => {
      expect(s.created).toBe(inWindow.length);
      expect(s.outsideRun).toBe(pods.length - inWindow.length);
      const cannot = inWindow.filter((p) => p["deletion_time"] !== p["creation_time"] && !fitsSomeNode(p));
      expect(s.placed).toBe(inWindow.length - zeroLength.length - cannot.length);
      expect(s.gpusRequested).toBe(gpus(inWindow));
      if (zeroLength.length > 0) expect(s.unplacedByReason).toContainEqual({ reason: REASON_NOT_ATTEMPTED, pods: zeroLength.length });
    });
  });
});
