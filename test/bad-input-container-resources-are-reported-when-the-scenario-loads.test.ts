/**
 * A mistyped quantity in a Deployment's pod template used to pass `validate` and crash `run`
 * with an internal error (exit 3) when the ReplicaSet created the first pod. It is the user's
 * mistake: exit 2 at its line and column, from `validate` and from `run`, nothing written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempDir } from "./fixtures/temp-dir.js";

const BIN = join(process.cwd(), "dist/src/cli/main.js");
const dir = tempDir("kubesim-bad-resources-");
const SCENARIO = join(dir, "s.yaml");
writeFileSync(
  SCENARIO,
  [
    "apiVersion: kubesim.io/v1alpha1",
    "kind: Scenario",
    "metadata: {name: s}",
    "spec:",
    "  duration: 5m",
    "  cluster:",
    "    nodePools: [{name: a, count: 2, instanceType: m6i.xlarge}]",
    "  workloads:",
    "    - object:",
    "        apiVersion: apps/v1",
    "        kind: Deployment",
    "        metadata: {name: web}",
    "        spec:",
    "          selector: {matchLabels: {app: web}}",
    "          template:",
    "            metadata: {labels: {app: web}}",
    "            spec:",
    "              containers:",
    "                - name: web",
    "                  image: nginx",
    "                  resources: {requests: {cpu: 2 cores}, limits: {memory: 1Gi}}",
  ].join("\n") + "\n",
);

function kubesim(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stderr: r.stderr };
}

describe("container resources in a pod template", () => {
  test.each([[["validate"]], [["run", "-o", "out"]]])("kubesim %j: exit 2 at the quantity's line and column", (command) => {
    const r = kubesim(...command, "s.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: s\.yaml:21:47: spec\.workloads\[0\]\.object\.spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: unknown suffix " cores"/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
