import { join } from "node:path";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { expect, test } from "vitest";
import { explainFromFiles, renderExplainTable } from "../src/scheduler/explain.js";

const bundle = realPath("snapshots", "k3s-single-node-support-bundle");
const files = ["nodes.json", "pods-kube-system.json", "pods-default.json"].map((f) => join(bundle, f));

test.skipIf(NO_REAL_DATA)("the k3s bundle's pending cpu-intensive pod does not fit: 700m free of 2 cores", () => {
  // Running pods' cpu requests on c9b7eea91: coredns 100m, metrics-server 100m, backend-api
  // 100m, cpu-intensive-app 800m, 2 × memory-hungry-app 100m = 1300m (Succeeded helm pods do
  // not count, request-less pods hold 0). 2000m − 1300m = 700m < 800m, and 800m ≤ 2000m
  // allocatable, so preemption could help: Unschedulable.
  const r = explainFromFiles(files, "pod/default/cpu-intensive-app-7bcfc5d944-hw2vc");
  expect(r.pod).toBe("default/cpu-intensive-app-7bcfc5d944-hw2vc");
  expect(r.numNodes).toBe(1);
  expect(r.numFeasibleNodesToFind).toBe(1);
  expect(r.nodes).toEqual([
    { name: "c9b7eea91", feasible: false, filter: { plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"], code: "Unschedulable" }, scores: null, total: null },
  ]);
  expect(r.selectedNode).toBeNull();
  // DefaultPreemption: the pod has priority 0 and no running pod has less (the kube-system
  // pods are system-cluster-critical), so no victims.
  expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  expect(r.preemption).toEqual({ nominatedNode: null, victims: [] });
  const table = renderExplainTable(r);
  expect(table).toContain("NodeResourcesFit: Insufficient cpu");
  expect(table.split("\n").every((l) => l.length <= 100 || l.startsWith("0/"))).toBe(true);
});

test.skipIf(NO_REAL_DATA)("allScores scores the failed node too, marked infeasible", () => {
  const r = explainFromFiles(files, "default/cpu-intensive-app-7bcfc5d944-hw2vc", { allScores: true });
  const n = r.nodes[0]!;
  expect(n.feasible).toBe(false);
  // One node: TaintToleration normalizes 0 → 100 (×3); NodeAffinity skips (0); the total is
  // the weighted sum of the listed plugins.
  expect(n.scores!["TaintToleration"]).toEqual({ raw: 0, normalized: 100, weight: 3, weighted: 300 });
  const sum = Object.values(n.scores!).reduce((a, s) => a + s.weighted, 0);
  expect(n.total).toBe(sum);
});

test.skipIf(NO_REAL_DATA)("an unknown pod is an input error naming the pod", () => {
  expect(() => explainFromFiles(files, "pod/default/nope")).toThrow(expect.objectContaining({ code: "UNKNOWN_REFERENCE" }));
});
