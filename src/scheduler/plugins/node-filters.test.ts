import { expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import type { ContainerPort } from "../../cluster/k8s-types.js";
import { explainPod } from "../explain.js";

const withPorts = (name: string, ports: ContainerPort[]) => {
  const p = pod(name);
  p.spec!.containers[0]!.ports = ports;
  return p;
};

test("NodeUnschedulable rejects cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable", () => {
  const c = cluster([node("a", { unschedulable: true }), node("b")]);
  const r = explainPod(c, pending(c, pod("p")));
  expect(r.nodes[0]!.filter).toEqual({ plugin: "NodeUnschedulable", reasons: ["node(s) were unschedulable"], code: "UnschedulableAndUnresolvable" });
  const tolerant = pod("q", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] });
  expect(explainPod(c, pending(c, tolerant)).nodes[0]!.feasible).toBe(true);
});

test("NodeName admits only the named node", () => {
  const c = cluster([node("a"), node("b")]);
  const r = explainPod(c, pending(c, pod("p", { nodeName: "b" })));
  expect(r.nodes.map((n) => n.filter?.reasons ?? null)).toEqual([["node(s) didn't match the requested node name"], null]);
});

test("NodePorts: 0.0.0.0 conflicts with every IP, distinct IPs and protocols do not", () => {
  const c = cluster(
    [node("a"), node("b"), node("c")],
    [
      [withPorts("ra", [{ containerPort: 80, hostPort: 8080 }]), "a"],
      [withPorts("rb", [{ containerPort: 80, hostPort: 8080, hostIP: "10.0.0.1" }]), "b"],
      [withPorts("rc", [{ containerPort: 80, hostPort: 8080, protocol: "UDP" }]), "c"],
    ],
  );
  const anyIp = explainPod(c, pending(c, withPorts("p", [{ containerPort: 80, hostPort: 8080 }])));
  expect(anyIp.nodes.map((n) => n.feasible)).toEqual([false, false, true]);
  expect(anyIp.nodes[0]!.filter).toEqual({ plugin: "NodePorts", reasons: ["node(s) didn't have free ports for the requested pod ports"], code: "Unschedulable" });
  const otherIp = explainPod(c, pending(c, withPorts("q", [{ containerPort: 80, hostPort: 8080, hostIP: "10.0.0.2" }])));
  expect(otherIp.nodes.map((n) => n.feasible)).toEqual([false, true, true]);
});

test("filters stop at the first rejecting plugin in profile order", () => {
  // Tainted and too small: TaintToleration (3rd) reports, NodeResourcesFit (6th) never runs.
  const c = cluster([node("a", { cpu: "1", taints: [{ key: "k", effect: "NoSchedule" }] })]);
  const r = explainPod(c, pending(c, pod("p", { cpu: "2" })));
  expect(r.nodes[0]!.filter?.plugin).toBe("TaintToleration");
});
