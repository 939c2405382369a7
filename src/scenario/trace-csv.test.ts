import { describe, expect, test } from "vitest";
import { parseNodeList, parsePodTrace, QOS_BEST_EFFORT, QOS_BURSTABLE, QOS_GUARANTEED, TraceCsvError } from "./trace-csv.js";
import { errorOf } from "../../test/fixtures/input-error-of.js";

const ALIBABA_HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";

function csvError(f: () => unknown): TraceCsvError {
  return errorOf(TraceCsvError, f);
}

describe("the alibaba-gpu-v2023 pod trace", () => {
  test("rows become requests in kubesim units: MiB × 1048576 bytes, a GPU share per GPU", () => {
    const t = parsePodTrace(
      [ALIBABA_HEADER, "openb-pod-0000,12000,16384,1,460,,LS,Running,0,12537496,0", "openb-pod-0001,6000,0,8,1000,V100M16|A10,Guaranteed,Failed,5,7,", "openb-pod-0002,100,1,0,0,,BE,Pending,9,,"].join("\n"),
      "alibaba-gpu-v2023",
    );
    expect(t.count).toBe(3);
    expect(t.names).toEqual(["openb-pod-0000", "openb-pod-0001", "openb-pod-0002"]);
    expect([...t.cpuMillicores]).toEqual([12000, 6000, 100]);
    expect([...t.memoryBytes]).toEqual([16384 * 1048576, 0, 1048576]);
    expect([...t.gpuCount]).toEqual([1, 8, 0]);
    expect([...t.gpuMilli]).toEqual([460, 1000, 0]);
    expect([...t.qos]).toEqual([QOS_BURSTABLE, QOS_GUARANTEED, QOS_BURSTABLE]);
    expect(t.traceQos).toEqual(["LS", "Guaranteed", "BE"]);
    expect(t.gpuModels).toEqual([null, ["V100M16", "A10"], null]);
    // An empty deletion_time: never deleted.
    expect([...t.deletionS]).toEqual([12537496, 7, NaN]);
  });

  test.each([
    ["a share of several GPUs", "p,1000,1,2,500,,LS,Running,0,1,0", 3, 5, "gpu_milli"],
    ["a share without a GPU", "p,1000,1,0,500,,LS,Running,0,1,0", 3, 5, "both are 0"],
    ["an unknown qos", "p,1000,1,0,0,,XX,Running,0,1,0", 3, 7, "qos"],
    ["deleted before created", "p,1000,1,0,0,,LS,Running,10,5,0", 3, 10, "before its creation"],
    ["a negative cpu", "p,-5,1,0,0,,LS,Running,0,1,0", 3, 2, "cpu_milli"],
    ["a duplicate name", "q,1,1,0,0,,LS,Running,0,1,0", 3, 1, "twice"],
  ])("%s is an error at its line and the cell's column", (_what, row, line, cellIndex, message) => {
    const first = "q,1,1,0,0,,LS,Running,0,1,0";
    const e = csvError(() => parsePodTrace([ALIBABA_HEADER, first, row].join("\n"), "alibaba-gpu-v2023"));
    expect(e.line).toBe(line);
    // Column of the cell: 1 + the lengths of the cells before it, plus their commas.
    const cells = row.split(",");
    expect(e.column).toBe(1 + cells.slice(0, cellIndex - 1).reduce((n, c) => n + c.length + 1, 0));
    expect(e.message).toContain(message);
  });

  test("a header without a required column names what it has", () => {
    const e = csvError(() => parsePodTrace("name,cpu_milli\np,1", "alibaba-gpu-v2023"));
    expect([e.line, e.column]).toEqual([1, 1]);
    expect(e.message).toContain('no column "memory_mib"');
  });
});

describe("kubesim's csv pod trace", () => {
  test("quantities, duration instead of deletion_time, priority and qos, through a column mapping", () => {
    const t = parsePodTrace(["pod,start,runtime,c,m,g,prio,class", "a,10,90,500m,1Gi,2,1000,Guaranteed", "b,0.5,,1.5,100Mi,,,", "c,3,0,,,,-5,BestEffort"].join("\n"), "csv", {
      name: "pod",
      creation_time: "start",
      duration: "runtime",
      cpu: "c",
      memory: "m",
      gpu: "g",
      priority: "prio",
      qos: "class",
    });
    expect([...t.creationS]).toEqual([10, 0.5, 3]);
    // deletion = creation + duration; empty duration: never deleted.
    expect([...t.deletionS]).toEqual([100, NaN, 3]);
    expect([...t.cpuMillicores]).toEqual([500, 1500, 0]);
    expect([...t.memoryBytes]).toEqual([1073741824, 104857600, 0]);
    expect([...t.gpuCount]).toEqual([2, 0, 0]);
    expect([...t.gpuMilli]).toEqual([1000, 0, 0]);
    expect([...t.priority]).toEqual([1000, 0, -5]);
    expect([...t.qos]).toEqual([QOS_GUARANTEED, QOS_BURSTABLE, QOS_BEST_EFFORT]);
  });

  test("rows without a name are named trace-pod-<row>", () => {
    const t = parsePodTrace("creation_time,cpu,memory\n0,1,1Gi\n1,1,1Gi", "csv");
    expect(t.names).toEqual(["trace-pod-0", "trace-pod-1"]);
  });

  test.each([
    ["deletion_time and duration together", "creation_time,deletion_time,duration,cpu,memory\n0,1,1,1,1Gi", 1, "not both"],
    ["a BestEffort pod with requests", "creation_time,cpu,memory,qos\n0,1,1Gi,BestEffort", 2, "BestEffort"],
    ["16GB (not a Kubernetes quantity)", "creation_time,cpu,memory\n0,1,16GB", 2, "memory"],
    ["a name that is not a DNS subdomain", "name,creation_time,cpu,memory\nWeb_1,0,1,1Gi", 2, "not a valid Kubernetes object name"],
    ["only a header", "creation_time,cpu,memory\n", 1, "no pods"],
  ])("%s is refused", (_what, text, line, message) => {
    const e = csvError(() => parsePodTrace(text, "csv"));
    expect(e.line).toBe(line);
    expect(e.message).toContain(message);
  });
});

describe("node lists", () => {
  test("alibaba: sn, cpu_milli, memory_mib, gpu, model; 1001 pods per node as the trace's Node objects say", () => {
    const n = parseNodeList("sn,cpu_milli,memory_mib,gpu,model\nopenb-node-0000,32000,262144,0,\nopenb-node-1000,96000,393216,8,G2", "alibaba-gpu-v2023");
    expect(n.names).toEqual(["openb-node-0000", "openb-node-1000"]);
    expect([...n.cpuMillicores]).toEqual([32000, 96000]);
    expect([...n.memoryBytes]).toEqual([262144 * 1048576, 393216 * 1048576]);
    expect([...n.gpus]).toEqual([0, 8]);
    expect(n.gpuModel).toEqual(["", "G2"]);
    expect([...n.pods]).toEqual([1001, 1001]);
  });

  test("csv: quantities, pods defaulting to the kubelet's maxPods 110", () => {
    const n = parseNodeList("name,cpu,memory,gpu,pods\nn1,3920m,15Gi,,\nn2,8,32Gi,4,250", "csv");
    expect([...n.cpuMillicores]).toEqual([3920, 8000]);
    expect([...n.gpus]).toEqual([0, 4]);
    expect([...n.pods]).toEqual([110, 250]);
  });

  test("a node without a name is an error at its cell", () => {
    const e = csvError(() => parseNodeList("name,cpu,memory\nn1,1,1Gi\n,1,1Gi", "csv"));
    expect([e.line, e.column]).toEqual([3, 1]);
  });
});
