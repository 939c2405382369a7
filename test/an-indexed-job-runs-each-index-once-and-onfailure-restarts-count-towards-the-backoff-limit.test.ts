/**
 * Indexed completion and `OnFailure` restarts, worked by hand with the fixture kubelet
 * (sandbox 0.5 s, container start 0.5 s) and pre-pulled images: a pod runs 1 s after creation.
 *
 * Indexed, completions 3, parallelism 2, run time 10 s: indexes 0 and 1 at 0 s (exit 11 s),
 * index 2 at 11 s (exit 22 s) → Complete at 22 s with completedIndexes "0-2".
 *
 * OnFailure, backoffLimit 2, every run fails after 5 s: started 1 s, exits 6 s; the kubelet
 * restarts it at once (the first CrashLoopBackOff restart) → running again 6.5 s (restartCount
 * 1), exits 11.5 s; back-off 10 s → restart 21.5 s, running 22 s (restartCount 2):
 * `pastBackoffLimitOnFailure` (2 ≥ 2) → Failed at 22 s, and the pod is deleted (counted failed).
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import type { JobWithStatus } from "../src/controllers/job.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { job } from "./fixtures/daemonset-and-job-objects.js";
import { loaded, pool, scenario } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const images = ["idx", "retry"].map((n) => ({ name: `example/${n}:1.0`, sizeBytes: 100 * 2 ** 20 }));

describe("Job completion modes and restarts", () => {
  it("runs each index of an Indexed Job once, lowest pending index first", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 2, { images })],
        objects: [loaded(job("idx", { completions: 3, parallelism: 2, completionMode: "Indexed" }, { "kubesim.io/run-time": "10s" }))],
        durationUs: 60 * S,
      }),
    );
    const { sim, store, ledger } = rt.ctx;
    sim.run(60 * S);
    const ids = ledger.ids.filter((id) => ledger.workload[id] === "Job/idx");
    expect(ids.map((id) => [ledger.name[id]!.replace(/-[a-z0-9]{5}$/, ""), ledger.createdUs[id]! / S])).toEqual([
      ["idx-0", 0],
      ["idx-1", 0],
      ["idx-2", 11],
    ]);
    const pod = store.get("Pod", "default", ledger.name[ids[2]!]!) as Pod;
    expect(pod.metadata!.annotations!["batch.kubernetes.io/job-completion-index"]).toBe("2");
    const s = (store.get("Job", "default", "idx") as JobWithStatus).status!;
    expect(s).toMatchObject({ succeeded: 3, completedIndexes: "0-2", completionTime: "1970-01-01T00:00:22.000Z" });
  });

  it("counts OnFailure container restarts against backoffLimit", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 1, { images })],
        objects: [loaded(job("retry", { backoffLimit: 2 }, { "kubesim.io/run-time": "5s", "kubesim.io/failure-probability": "1" }, "OnFailure"))],
        durationUs: 60 * S,
      }),
    );
    const { sim, store, ledger } = rt.ctx;
    sim.run(22 * S - 1);
    const [id] = ledger.ids.filter((i) => ledger.workload[i] === "Job/retry");
    expect(ledger.restarts[id!]).toBe(1);
    expect((store.get("Job", "default", "retry") as JobWithStatus).status!.conditions).toBeUndefined();
    sim.run(22 * S);
    expect(ledger.restarts[id!]).toBe(2);
    const s = (store.get("Job", "default", "retry") as JobWithStatus).status!;
    expect(s).toMatchObject({ active: 0, failed: 1, succeeded: 0 });
    expect(s.conditions).toMatchObject([{ type: "Failed", reason: "BackoffLimitExceeded" }]);
    expect(ledger.terminatingUs[id!]).toBe(22 * S);
  });
});
