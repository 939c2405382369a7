import { describe, expect, test } from "vitest";
import { buildClusterState, type ImportObject } from "./cluster-import.js";
import type { Node, Pod, PriorityClass } from "./k8s-types.js";

const nodeObj = (name: string, status: Node["status"]): ImportObject => ({ kind: "Node", object: { kind: "Node", metadata: { name }, status } });
const podObj = (name: string, spec: Partial<NonNullable<Pod["spec"]>> = {}, extra: Partial<Pod> = {}): ImportObject => ({
  kind: "Pod",
  object: { kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "250m" } } }], ...spec }, ...extra },
});
const pc = (name: string, value: number, globalDefault = false): ImportObject => ({ kind: "PriorityClass", object: { kind: "PriorityClass", metadata: { name }, value, globalDefault } as PriorityClass });

describe("buildClusterState", () => {
  test("allocatable falls back to capacity per resource; pods with nodeName count; terminal pods are skipped", () => {
    const c = buildClusterState([
      podObj("running", { nodeName: "n1" }),
      podObj("done", { nodeName: "n1" }, { status: { phase: "Succeeded" } }),
      nodeObj("n1", { capacity: { cpu: "4", memory: "8Gi", pods: "110" }, allocatable: { cpu: "3500m" } }),
    ]);
    const n = c.nodeByName.get("n1")!;
    expect([c.nodes.allocCpu[n], c.nodes.allocMemory[n], c.nodes.allocPods[n]]).toEqual([3500, 8 * 1024 ** 3, 110]);
    expect([c.nodes.reqCpu[n], c.nodes.podCount[n]]).toEqual([250, 1]);
    expect(c.podByRef.has("default/done")).toBe(false);
  });

  test("priority: spec.priority, else the named PriorityClass, else the globalDefault class", () => {
    const c = buildClusterState([
      pc("high", 1000),
      pc("default", 5, true),
      podObj("explicit", { priority: 7, priorityClassName: "high" }),
      podObj("named", { priorityClassName: "high" }),
      podObj("defaulted"),
      podObj("critical", { priorityClassName: "system-node-critical" }),
    ]);
    const prio = (name: string) => c.pods.priority[c.podByRef.get(`default/${name}`)!];
    expect([prio("explicit"), prio("named"), prio("defaulted"), prio("critical")]).toEqual([7, 1000, 5, 2000001000]);
  });

  test("each unmodelled placement-relevant field gives one warning", () => {
    const c = buildClusterState([
      nodeObj("n1", { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } }),
      podObj("p", {
        volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
        schedulerName: "my-scheduler",
        ...({ schedulingGates: [{ name: "wait" }], resourceClaims: [{ name: "gpu" }] } as object),
      }),
    ]);
    expect(c.warnings.map((w) => [w.object, w.path])).toEqual([
      ["Pod default/p", "spec.volumes[0]"],
      ["Pod default/p", "spec.resourceClaims"],
      ["Pod default/p", "spec.schedulingGates"],
      ["Pod default/p", "spec.schedulerName"],
    ]);
  });

  test("a node without a pods figure assumes kubelet's 110, with a warning", () => {
    const c = buildClusterState([nodeObj("n1", { allocatable: { cpu: "1" } })]);
    expect(c.nodes.allocPods[c.nodeByName.get("n1")!]).toBe(110);
    expect(c.warnings.map((w) => w.path)).toEqual(["status.allocatable.pods"]);
  });

  test("a malformed quantity is an InputError at its path", () => {
    expect(() => buildClusterState([nodeObj("n1", { allocatable: { cpu: "four" } })])).toThrow(
      expect.objectContaining({ code: "INVALID_VALUE", path: "status.allocatable.cpu" }),
    );
    expect(() => buildClusterState([podObj("p", { containers: [{ name: "c", resources: { requests: { memory: "1 GB" } } }] })])).toThrow(
      expect.objectContaining({ code: "INVALID_VALUE", path: "spec.containers[0].resources.requests.memory" }),
    );
  });

  test("the visiting order interleaves zones read from the topology labels", () => {
    const zoned = (name: string, zone: string): ImportObject => ({
      kind: "Node",
      object: { kind: "Node", metadata: { name, labels: { "topology.kubernetes.io/zone": zone } }, status: { allocatable: { pods: "1" } } },
    });
    const c = buildClusterState([zoned("a1", "a"), zoned("a2", "a"), zoned("b1", "b"), zoned("a3", "a"), zoned("b2", "b")]);
    expect([...c.nodeOrder()].map((slot) => c.nodeName(slot))).toEqual(["a1", "b1", "a2", "b2", "a3"]);
  });

  test("unbinding and deleting return the node's resources", () => {
    const c = buildClusterState([nodeObj("n1", { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } }), podObj("a", { nodeName: "n1" }), podObj("b", { nodeName: "n1" })]);
    const n = c.nodeByName.get("n1")!;
    expect(c.nodes.reqCpu[n]).toBe(500);
    c.deletePod(c.podByRef.get("default/a")!);
    expect([c.nodes.reqCpu[n], c.nodes.podCount[n]]).toEqual([250, 1]);
    c.removeNode("n1");
    expect(c.pods.nodeSlot[c.podByRef.get("default/b")!]).toBe(-1);
  });
});
