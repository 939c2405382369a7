import { describe, expect, test } from "vitest";
import { parsePodTrace } from "../scenario/trace-csv.js";
import { GpuLedger, typicalPods, type TypicalPod } from "./gpu-fragmentation.js";

const GIB = 1024 ** 3;
const pod = (cpuMillicores: number, gpuCount: number, gpuMilli: number, weight: number, models: string[] | null = null): TypicalPod => ({ cpuMillicores, memoryBytes: GIB, gpuCount, gpuMilli, models, weight });

describe("GPUs one by one, as a device plugin hands them out", () => {
  test("a share goes to the fullest GPU with room (best fit), whole GPUs to untouched ones", () => {
    const l = new GpuLedger([]);
    l.addNode("n", 32000, 64 * GIB, 4, "T4");
    l.bind("n", 1000, GIB, 1, 600); // all four at 1000: the first → [400, 1000, 1000, 1000]
    l.bind("n", 1000, GIB, 1, 300); // best fit among ≥ 300: GPU 0 (400) → [100, 1000, 1000, 1000]
    l.bind("n", 1000, GIB, 2, 1000); // two untouched: GPUs 1 and 2 → [100, 0, 0, 1000]
    expect(l.freeGpus("n")).toEqual([100, 0, 0, 1000]);
    expect(l.conflicts).toBe(0);
  });

  test("a pod the node total fits but no GPU does is a conflict, split over the roomiest GPUs", () => {
    const l = new GpuLedger([]);
    l.addNode("n", 32000, 64 * GIB, 2, "");
    l.bind("n", 0, 0, 1, 500);
    const a = l.bind("n", 0, 0, 1, 600); // [500, 1000] → GPU 1 → [500, 400]
    expect(a).toEqual([1, 600]);
    // A 600 share: 900 milli free in total, but no GPU has 600 → 500 from GPU 0, then 100 from GPU 1.
    const b = l.bind("n", 0, 0, 1, 600);
    expect(l.conflicts).toBe(1);
    expect(b).toEqual([0, 500, 1, 100]);
    expect(l.freeGpus("n")).toEqual([0, 300]);
    l.unbind("n", 0, 0, b);
    expect(l.freeGpus("n")).toEqual([500, 400]);
  });
});

describe("fragmentation F_n(M) (Weng et al., ATC'23 §3; frag.go)", () => {
  // One node, 2 GPUs with free shares [500, 0] (1500 of 2000 milli allocated), 8 cores left of 16.
  const node = () => {
    const l = new GpuLedger(M);
    l.addNode("a", 16000, 64 * GIB, 2, "T4");
    l.bind("a", 4000, 8 * GIB, 1, 500); // GPU 0 → 500 left
    l.bind("a", 4000, 8 * GIB, 1, 1000); // GPU 1 → 0 left
    return l;
  };
  const M = [pod(4000, 1, 1000, 0.4), pod(2000, 0, 0, 0.2), pod(4000, 1, 500, 0.2), pod(20000, 0, 0, 0.2)];

  test("each typical pod sees all 500 free milli as fragments unless it fits, then only GPUs with less room than its share", () => {
    // whole GPU: no GPU has 1000 free → 500 × 0.4 = 200; CPU-only pods: all free GPU → 500 × 0.2 twice = 200;
    // a 500 share fits GPU 0 with 8000m CPU left ≥ 4000m: fragments are GPUs with < 500 free = GPU 1 (0) → 0.
    const t = node().totals();
    expect(t.gpus).toBe(2);
    expect(t.gpuFreeMilli).toBe(500);
    expect(t.gpuFragMilli).toBeCloseTo(400, 9);
    // CPU analogue: 8000m left is stranded for the whole-GPU pod (0.4) and the 20-core pod (0.2): 8000 × 0.6.
    expect(t.cpuFragMillicores).toBeCloseTo(4800, 9);
  });

  test.each([
    ["a GPU model the node lacks", [pod(1000, 1, 500, 1, ["V100M32"])], 500],
    ["the same model", [pod(1000, 1, 500, 1, ["T4"])], 0],
    ["enough GPU but too little CPU left (Q4)", [pod(9000, 1, 500, 1)], 500],
    ["a 300 share: GPU 0 has room, GPU 1 (0 free) is below the share", [pod(1000, 1, 300, 1)], 0],
  ])("%s", (_what, typical, frag) => {
    const l = new GpuLedger(typical);
    l.addNode("a", 16000, 64 * GIB, 2, "T4");
    l.bind("a", 4000, 8 * GIB, 1, 500);
    l.bind("a", 4000, 8 * GIB, 1, 1000);
    expect(l.totals().gpuFragMilli).toBeCloseTo(frag, 9);
  });

  test("a node's value is recomputed when it changes: after releasing the whole GPU, the whole-GPU pod fits", () => {
    const l = new GpuLedger([pod(1000, 1, 1000, 1)]);
    l.addNode("a", 16000, 64 * GIB, 2, "");
    l.bind("a", 0, 0, 1, 500);
    const whole = l.bind("a", 0, 0, 1, 1000);
    expect(l.totals().gpuFragMilli).toBe(500); // [500, 0]: no GPU with 1000
    l.unbind("a", 0, 0, whole);
    expect(l.totals().gpuFragMilli).toBe(500); // [500, 1000]: fits GPU 1; GPU 0 (500 < 1000) is the fragment
    l.removeNode("a");
    expect(l.totals()).toMatchObject({ gpus: 0, gpuFreeMilli: 0, gpuFragMilli: 0 });
  });
});

describe("the target workload M", () => {
  test("pod specs by frequency until 95% of the pods are covered, weights renormalised", () => {
    // 20 pods: spec A ×12, B ×6, C ×1, D ×1. 95% of 20 = 19: A, B, then C (12+6+1 = 19) → D is left out.
    const lines = ["name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time"];
    const add = (n: number, cpu: number, gpus: number, milli: number) => {
      for (let i = 0; i < n; i++) lines.push(`p${lines.length},${cpu},1024,${gpus},${milli},,LS,Running,0,1,0`);
    };
    add(12, 8000, 1, 1000);
    add(6, 4000, 1, 500);
    add(1, 2000, 0, 0);
    add(1, 64000, 8, 1000);
    const m = typicalPods([parsePodTrace(lines.join("\n"), "alibaba-gpu-v2023")]);
    expect(m.map((p) => [p.cpuMillicores, p.gpuCount, p.gpuMilli])).toEqual([[8000, 1, 1000], [4000, 1, 500], [2000, 0, 0]]);
    expect(m.map((p) => p.weight)).toEqual([12 / 19, 6 / 19, 1 / 19]);
  });
});
