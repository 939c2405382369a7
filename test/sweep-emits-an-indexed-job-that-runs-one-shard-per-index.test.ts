/**
 * `kubesim sweep ... --emit-job --shards N` prints a Kubernetes Indexed Job
 * (kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode): completionMode
 * Indexed, completions = parallelism = N, JOB_COMPLETION_INDEX from the pod's
 * batch.kubernetes.io/job-completion-index annotation selecting the shard through `$(...)`
 * expansion in args, results on a volume at /results. Running the pod's arguments for every
 * index (with the index substituted as the kubelet would, and /results redirected) and merging
 * gives the same files as the sweep on one machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { runCli } from "./fixtures/capture-cli.js";
import { tempDir } from "./fixtures/temp-dir.js";

const FIT = "scenarios/capacity-fit.yaml";
const ARGS = [FIT, "--range", "spec.cluster.nodePools[0].count=12..14", "--replications", "2", "--set", "spec.duration=90s"];
const tmp = tempDir("kubesim-job-");

function folder(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("--emit-job", () => {
  it("prints one valid Indexed Job and runs nothing", async () => {
    const r = await runCli(["sweep", ...ARGS, "--emit-job", "--shards", "3", "--image", "registry.example.com/kubesim:0.1.0", "--workers", "2", "-o", join(tmp, "none")]);
    expect(r.code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]); // nothing ran, nothing written
    const docs = parseAllDocuments(r.stdout);
    expect(docs.length).toBe(1);
    expect(docs[0]!.errors).toEqual([]);
    const job = parse(r.stdout);
    expect(job.apiVersion).toBe("batch/v1");
    expect(job.kind).toBe("Job");
    expect(job.metadata.name).toMatch(/^kubesim-sweep-s11-[0-9a-f]{8}$/); // a DNS-1123 label
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
    expect(job.spec.completionMode).toBe("Indexed");
    expect(job.spec.completions).toBe(3);
    expect(job.spec.parallelism).toBe(3);
    expect(job.spec.backoffLimitPerIndex).toBe(1);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never"); // required for backoffLimitPerIndex
    expect(pod.containers.length).toBe(1);
    const c = pod.containers[0];
    expect(c.image).toBe("registry.example.com/kubesim:0.1.0");
    expect(c.command).toEqual(["kubesim"]);
    expect(c.env).toEqual([{ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
    expect(c.args.slice(c.args.indexOf("--shard"), c.args.indexOf("--shard") + 2)).toEqual(["--shard", "$(JOB_COMPLETION_INDEX)/3"]);
    expect(c.args.slice(c.args.indexOf("--output-dir"), c.args.indexOf("--output-dir") + 2)).toEqual(["--output-dir", "/results"]);
    expect(c.args.slice(c.args.indexOf("--workers"), c.args.indexOf("--workers") + 2)).toEqual(["--workers", "2"]);
    expect(c.resources.requests.cpu).toBe("2"); // one CPU per worker thread
    expect(c.volumeMounts).toEqual([{ name: "results", mountPath: "/results" }]);
    expect(pod.volumes).toEqual([{ name: "results", persistentVolumeClaim: { claimName: "kubesim-results" } }]);
    expect(job.spec.template.metadata.labels["kubesim.io/sweep-id"]).toBe(job.metadata.labels["kubesim.io/sweep-id"]);
  });

  it("the pods' arguments, one per index, merge into the single-machine sweep", async () => {
    const job = parse((await runCli(["sweep", ...ARGS, "--emit-job", "--shards", "3"])).stdout);
    const args: string[] = job.spec.template.spec.containers[0].args;
    for (let index = 0; index < 3; index++) {
      const pod = args.map((a) => a.replace("$(JOB_COMPLETION_INDEX)", String(index)).replace(/^\/results$/, join(tmp, "volume")));
      const r = await runCli([...pod, "--json"]);
      expect(r.code).toBe(0);
    }
    const id: string = job.metadata.labels["kubesim.io/sweep-id"];
    const shards = readdirSync(join(tmp, "volume", "capacity-fit")).sort();
    expect(shards).toEqual([0, 1, 2].map((i) => `${id}-shard-${i}-of-3`));
    const merged = await runCli(["merge", ...shards.map((s) => join(tmp, "volume", "capacity-fit", s)), "-o", join(tmp, "merged")]);
    expect(merged.code).toBe(0);
    expect((await runCli(["sweep", ...ARGS, "--workers", "1", "-o", join(tmp, "single")])).code).toBe(0);
    expect(folder(join(tmp, "merged", "capacity-fit", id))).toEqual(folder(join(tmp, "single", "capacity-fit", id)));
  });
});
