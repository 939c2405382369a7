/**
 * The recorder's per-node "requested" (nodes.csv peak_cpu_requested_pct, timeseries
 * cpu_requested_pct, the summary's "cpu requested" line) is the scheduler's view: a Succeeded
 * or Failed pod stops counting the moment it turns terminal (pkg/scheduler/scheduler.go
 * newPodInformer drops terminal pods), not when it is deleted.
 *
 * One node of 1 CPU; a Job of 2 completions, one at a time, each pod requesting 800m for 10 s
 * (fixed kubelet timings: sandbox 0.7 s, container start 0.3 s, image pull 100 MiB at
 * 50 MiB/s + 0.2 s = 2.2 s, so the first container runs 3.2 s → 13.2 s). The finished pod is
 * kept (no TTL). At 20 s the second pod runs: the node has 800m requested (80 %), not 1,600m.
 */
import { expect, it } from "vitest";
import { runtimeFromYaml } from "./fixtures/runtime-from-yaml.js";

const S = 1_000_000;

const SCENARIO = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: finished-requests}
spec:
  duration: 1m
  sampleInterval: 5s
  kubelet: {sandboxCreation: 700ms, containerStart: 300ms, runtimeSlowdownPerPod: 0}
  cluster:
    nodePools:
      - {name: one, count: 1, allocatable: {cpu: "1", memory: 4Gi}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  completions: 2
  parallelism: 1
  template:
    metadata:
      annotations: {kubesim.io/run-time: 10s}
    spec:
      restartPolicy: Never
      containers: [{name: batch, image: "example/batch:1.0", resources: {requests: {cpu: 800m}}}]
`;

it("a Succeeded pod's CPU request leaves its node's requested total when it finishes", () => {
  const rt = runtimeFromYaml(SCENARIO);
  const { sim, ledger } = rt.ctx;
  sim.run(10 * S);
  expect(rt.recorder.readyTotals()[1]).toBe(800);
  sim.run(20 * S);
  // Two pods exist, the first Succeeded and kept, the second running on the same node.
  expect(ledger.ids.filter((id) => ledger.workload[id] === "Job/batch")).toHaveLength(2);
  const [cpuRequested, cpuAllocatable] = rt.recorder.readyTotals().slice(1, 3);
  expect(cpuAllocatable).toBe(1000);
  expect(cpuRequested).toBe(800);
  sim.run(60 * S);
  // Both finished: nothing requested; the peak stayed at 80 %.
  expect(rt.recorder.readyTotals()[1]).toBe(0);
});
