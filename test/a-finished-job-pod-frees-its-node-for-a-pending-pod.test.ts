/**
 * The scheduler watches pods with `status.phase!=Succeeded,status.phase!=Failed`
 * (pkg/scheduler/scheduler.go newPodInformer), so a pod that finishes leaves its node's
 * accounting at once, before pod GC or the Job's TTL deletes the object.
 *
 * One node of 1 CPU. A Job pod requesting 800m runs 10 s; a Deployment pod requesting 500m
 * is created at 0 s too and cannot fit (800m + 500m > 1000m). With fixed kubelet timings (the
 * scenario's sandbox 0.7 s and container start 0.3 s; the pull defaults: image 100 MiB at
 * 50 MiB/s + 0.2 s = 2.2 s) the Job container starts at 3.2 s and exits 0 at 13.2 s: the Job
 * pod turns Succeeded then, and the web pod is bound in that same instant (AssignedPodDelete
 * moves it out of unschedulable).
 * Without the phase rule it would wait for the Job's ttlSecondsAfterFinished (60 s) deletion.
 */
import { expect, it } from "vitest";
import { runtimeFromYaml } from "./fixtures/runtime-from-yaml.js";

const S = 1_000_000;

const SCENARIO = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: finished-job}
spec:
  duration: 2m
  kubelet: {sandboxCreation: 700ms, containerStart: 300ms, runtimeSlowdownPerPod: 0}
  cluster:
    nodePools:
      - {name: one, count: 1, allocatable: {cpu: "1", memory: 4Gi}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  ttlSecondsAfterFinished: 60
  template:
    metadata:
      annotations: {kubesim.io/run-time: 10s}
    spec:
      restartPolicy: Never
      containers: [{name: batch, image: "example/batch:1.0", resources: {requests: {cpu: 800m}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "example/web:1.0", resources: {requests: {cpu: 500m}}}]
`;

it("a Succeeded Job pod's CPU goes to the pending pod the moment it finishes", () => {
  const rt = runtimeFromYaml(SCENARIO);
  const { sim, ledger } = rt.ctx;
  const web = () => ledger.ids.find((id) => ledger.workload[id] === "Deployment/web")!;
  sim.run(13.2 * S - 1);
  expect(Number.isNaN(ledger.scheduledUs[web()]!)).toBe(true);
  sim.run(13.2 * S);
  expect(ledger.scheduledUs[web()]).toBe(13.2 * S);
});
