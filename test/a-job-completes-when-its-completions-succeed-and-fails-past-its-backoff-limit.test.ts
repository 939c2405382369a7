/**
 * Jobs from a scenario file, on one node, with fixed kubelet timings (the scenario's sandbox
 * 0.7 s and container start 0.3 s, no slowdown; the pull defaults: a 100 MiB image at 50 MiB/s
 * + 0.2 s registry latency = 2.2 s, pulled once per node; a second pod needing the image waits
 * for the first pull).
 *
 * completions 5, parallelism 2, run time 10 s:
 *   0 s    2 pods created and bound; sandbox → 0.7; image 0.7–2.9 (the second waits for it);
 *          started 3.2; exit 0 at 13.2
 *   13.2   succeeded 2, want min(2, 5 − 2) = 2: 2 pods; sandbox → 13.9, image present, started
 *          14.2; exit 24.2
 *   24.2   succeeded 4, want min(2, 1) = 1: 1 pod, started 25.2, exit 35.2
 *   35.2   succeeded 5, active 0 → Complete (completionTime 35.2 s); ttlSecondsAfterFinished 30
 *          deletes the Job and its pods at 65.2 s.
 *
 * backoffLimit 2, every run fails (failure probability 1), run time 5 s, restartPolicy Never:
 *   pod 1 at 0 s, started 3.2, fails 8.2 → back-off 10 s → pod 2 at 18.2, started 19.2, fails
 *   24.2 → back-off 20 s → pod 3 at 44.2, started 45.2, fails 50.2: failed 3 > 2 → Failed
 *   (BackoffLimitExceeded) at 50.2 s.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import type { JobWithStatus } from "../src/controllers/job.js";
import { runtimeFromYaml } from "./fixtures/runtime-from-yaml.js";

const S = 1_000_000;

const SCENARIO = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: jobs}
spec:
  duration: 2m
  kubelet: {sandboxCreation: 700ms, containerStart: 300ms, runtimeSlowdownPerPod: 0}
  cluster:
    nodePools:
      - {name: batch, count: 1, instanceType: m6i.xlarge}
---
apiVersion: batch/v1
kind: Job
metadata: {name: render}
spec:
  completions: 5
  parallelism: 2
  ttlSecondsAfterFinished: 30
  template:
    metadata:
      annotations: {kubesim.io/run-time: 10s}
    spec:
      restartPolicy: Never
      containers: [{name: render, image: "example/render:1.0", resources: {requests: {cpu: 100m}}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: flaky}
spec:
  backoffLimit: 2
  template:
    metadata:
      annotations: {kubesim.io/run-time: 5s, kubesim.io/failure-probability: "1"}
    spec:
      restartPolicy: Never
      containers: [{name: flaky, image: "example/render:1.0", resources: {requests: {cpu: 100m}}}]
`;

describe("the Job controller", () => {
  const rt = runtimeFromYaml(SCENARIO);
  const { sim, store, ledger } = rt.ctx;
  const job = (name: string) => store.get("Job", "default", name) as JobWithStatus | undefined;
  const podsOf = (name: string) => ledger.ids.filter((id) => ledger.workload[id] === `Job/${name}`);

  it("completes after 5 completions at the time worked out from the startup pipeline", () => {
    sim.run(35.2 * S - 1);
    expect(job("render")!.status).toMatchObject({ active: 1, succeeded: 4, failed: 0 });
    sim.run(35.2 * S);
    const ids = podsOf("render");
    expect(ids.map((id) => ledger.createdUs[id]! / S)).toEqual([0, 0, 13.2, 13.2, 24.2]);
    expect(ids.map((id) => ledger.startedUs[id]! / S)).toEqual([3.2, 3.2, 14.2, 14.2, 25.2]);
    const s = job("render")!.status!;
    expect(s).toMatchObject({ active: 0, succeeded: 5, failed: 0, completionTime: "1970-01-01T00:00:35.200Z" });
    expect(s.conditions).toMatchObject([{ type: "Complete", status: "True", reason: "CompletionsReached" }]);
    expect(store.events.filter((e) => e.object === "Job/default/render").map((e) => [e.timeUs / S, e.reason])).toEqual([[35.2, "Completed"]]);
    expect((store.list("Pod") as Pod[]).filter((p) => p.metadata!.name!.startsWith("render-")).map((p) => p.status!.phase)).toEqual(Array(5).fill("Succeeded"));
  });

  it("fails once more pods failed than its backoffLimit, with the 10 s doubling back-off between them", () => {
    sim.run(50.2 * S);
    const ids = podsOf("flaky");
    expect(ids.map((id) => ledger.createdUs[id]! / S)).toEqual([0, 18.2, 44.2]);
    const s = job("flaky")!.status!;
    expect(s).toMatchObject({ active: 0, succeeded: 0, failed: 3 });
    expect(s.conditions).toMatchObject([{ type: "Failed", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }]);
    expect(ids.map((id) => ledger.lastExitCode[id])).toEqual([1, 1, 1]);
  });

  it("is deleted with its pods ttlSecondsAfterFinished after it finished", () => {
    sim.run(65.2 * S - 1);
    expect(job("render")).toBeDefined();
    sim.run(65.2 * S);
    expect(job("render")).toBeUndefined();
    sim.run(70 * S);
    expect(podsOf("render").every((id) => ledger.deletedUs[id]! <= 66.2 * S)).toBe(true);
    expect(job("flaky")).toBeDefined(); // no TTL
  });
});
