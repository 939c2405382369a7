/**
 * `kubesim sweep ... --emit-job --shards N`: a Kubernetes Indexed Job that runs the sweep's
 * N shards as N pods, one shard each, writing their folders to a shared volume; `kubesim
 * merge` then joins them (docs/sweeps.md "Running a sweep on a Kubernetes cluster").
 *
 * - `completionMode: Indexed`, `completions = parallelism = N`: the Job controller creates one
 *   pod per index 0..N-1 and the Job completes when every index has succeeded
 *   (kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode).
 * - The index reaches the container as `JOB_COMPLETION_INDEX`. The control plane injects that
 *   variable itself; the manifest also declares it from the pod annotation
 *   `batch.kubernetes.io/job-completion-index` through the downward API (the documented way,
 *   kubernetes.io/docs/tasks/job/indexed-parallel-processing-static) so that `$(...)`
 *   expansion in `args` sees a variable the container spec defines.
 * - `backoffLimitPerIndex` (GA in v1.33) retries a failed shard on its own index without
 *   counting other shards' failures; a shard that still fails fails the Job.
 * - `restartPolicy: Never`: a retried shard starts a fresh pod, and its folder is written
 *   atomically, so a half-written shard never reaches the volume.
 */
import { stringify } from "yaml";
import { reproduceArgs } from "./sweep-answer.js";
import type { SweepPlan } from "./sweep-plan.js";

export interface IndexedJobOptions {
  readonly shards: number;
  readonly image: string;
  /** Threads per pod (`--workers`), also the pod's CPU request. */
  readonly workers: number;
  /** PersistentVolumeClaim mounted at /results (ReadWriteMany when pods land on several nodes). */
  readonly claimName: string;
}

/** Where the pods mount the results volume, and the image's working directory holding the scenario. */
export const JOB_RESULTS_PATH = "/results";
export const JOB_WORKDIR = "/work";

/** A DNS-1123 label for the Job: lowercase alphanumerics and '-', at most 63 characters. */
export function jobName(plan: SweepPlan): string {
  const name = `kubesim-${plan.id}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+$/g, "");
  return name.slice(0, 63).replace(/-+$/g, "");
}

export function indexedJob(plan: SweepPlan, opts: IndexedJobOptions) {
  const labels = { "app.kubernetes.io/name": "kubesim", "app.kubernetes.io/component": "sweep", "kubesim.io/sweep-id": plan.id };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: jobName(plan), labels },
    spec: {
      completionMode: "Indexed",
      completions: opts.shards,
      parallelism: opts.shards,
      backoffLimitPerIndex: 1,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              name: "kubesim",
              image: opts.image,
              workingDir: JOB_WORKDIR,
              command: ["kubesim"],
              args: [
                ...reproduceArgs(plan),
                "--shard", `$(JOB_COMPLETION_INDEX)/${opts.shards}`,
                "--workers", String(opts.workers),
                "--output-dir", JOB_RESULTS_PATH,
                "--no-progress",
              ],
              env: [{ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
              resources: { requests: { cpu: String(opts.workers), memory: "2Gi" }, limits: { memory: "4Gi" } },
              volumeMounts: [{ name: "results", mountPath: JOB_RESULTS_PATH }],
            },
          ],
          volumes: [{ name: "results", persistentVolumeClaim: { claimName: opts.claimName } }],
        },
      },
    },
  };
}

/** The manifest as YAML, with a comment saying how to run it and merge its shards. */
export function indexedJobYaml(plan: SweepPlan, opts: IndexedJobOptions): string {
  const shards = `${JOB_RESULTS_PATH}/${plan.scenario}/${plan.id}-shard-*-of-${opts.shards}`;
  const head = [
    `# kubesim sweep ${plan.id} of ${plan.scenario}: ${opts.shards} shards as an Indexed Job.`,
    `#   kubectl apply -f <this file> && kubectl wait --for=condition=complete --timeout=24h job/${jobName(plan)}`,
    `#   then, with the volume mounted (docs/sweeps.md): kubesim merge ${shards}`,
  ];
  return `${head.join("\n")}\n${stringify(indexedJob(plan, opts), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
