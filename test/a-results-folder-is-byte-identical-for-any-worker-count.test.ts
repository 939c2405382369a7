/**
 * Determinism across worker counts, end to end: `kubesim run` with `--workers 1`, `2` and `3`
 * writes the same files with the same bytes. With an explicit N every cycle the parallel path
 * covers goes through the helper threads, however small the cluster. The scenario mixes what
 * takes different parallel paths: Job pods (no spread constraints: filter and score in one
 * round), a Deployment (PodTopologySpread scores on the main thread), a pool with a
 * PreferNoSchedule taint (TaintToleration's normalized score for the Job that does not tolerate
 * it, a uniform term for the one that does), a pool too small for the Job's pods (failures in
 * the filter lists) and a node failure. The CLI runs from dist/, as users run
 * it; each run writes into the same folder, so the paths recorded in summary.json are the same.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "./fixtures/temp-dir.js";

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
if (!existsSync(CLI)) throw new Error("dist/ is not built: run `npx tsc -p tsconfig.json` first");
const tmp = tempDir("kubesim-workers-");

const SCENARIO = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: workers}
spec:
  seed: 7
  duration: 4m
  cluster:
    nodePools:
      - {name: general, count: 10, allocatable: {cpu: "4", memory: 16Gi}, zones: [z1, z2, z3]}
      - name: spot
        count: 4
        allocatable: {cpu: "8", memory: 32Gi}
        zones: [z1, z2]
        taints: [{key: spot, value: "true", effect: PreferNoSchedule}]
      - {name: tiny, count: 6, allocatable: {cpu: 500m, memory: 1Gi}}
  timeline:
    - {at: 1m, action: failNode, node: general-3}
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  parallelism: 110
  completions: 220
  template:
    metadata:
      annotations: {kubesim.io/run-time: 25s}
    spec:
      restartPolicy: Never
      containers: [{name: batch, image: "example/batch:1.0", resources: {requests: {cpu: 700m, memory: 1Gi}}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: tolerant}
spec:
  parallelism: 40
  completions: 80
  template:
    metadata:
      annotations: {kubesim.io/run-time: 40s}
    spec:
      restartPolicy: Never
      tolerations: [{key: spot, operator: Exists}]
      containers: [{name: batch, image: "example/batch:1.0", resources: {requests: {cpu: 300m, memory: 256Mi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 30
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "example/web:1.0", resources: {requests: {cpu: 250m, memory: 512Mi}}}]
`;
const scenarioFile = join(tmp, "workers.yaml");
writeFileSync(scenarioFile, SCENARIO);
const out = join(tmp, "results");

function runWith(workers: string): Record<string, string> {
  const r = spawnSync(process.execPath, [CLI, "run", scenarioFile, "--workers", workers, "-o", out], {
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  // 0, or 1 when an SLO of the scenario fails; either way the folder is written.
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  const [scenario] = readdirSync(out);
  const [run] = readdirSync(join(out, scenario!));
  const dir = join(out, scenario!, run!);
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

it("kubesim run writes the same bytes with 1, 2 and 3 workers", () => {
  const one = runWith("1");
  expect(Object.keys(one)).toContain("pods.csv");
  expect(one["events.csv"]).toContain("Scheduled");
  expect(one["events.csv"]).toContain("Insufficient cpu");
  for (const workers of ["2", "3"]) {
    const other = runWith(workers);
    expect(Object.keys(other)).toEqual(Object.keys(one));
    for (const f of Object.keys(one)) expect(other[f], `${f} with --workers ${workers}`).toBe(one[f]);
  }
}, 300_000);
