/**
 * `kubesim init` as users run it (the built binary; `npm test` builds first): the starter
 * scenario it writes loads and runs, sized for the manifests' requests; a mistake in a manifest
 * or an existing file is exit 2 with nothing written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { tempDir } from "./fixtures/temp-dir.js";

const BIN = join(process.cwd(), "dist/src/cli/main.js");

function kubesim(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = tempDir("kubesim-init-");

const deployment = (name: string, replicas: number, cpu: string) =>
  [
    "apiVersion: apps/v1",
    "kind: Deployment",
    `metadata: {name: ${name}}`,
    "spec:",
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    "  template:",
    `    metadata: {labels: {app: ${name}}}`,
    "    spec:",
    `      containers: [{name: c, image: registry.example.com/${name}:1, resources: {requests: {cpu: ${cpu}, memory: 256Mi}}}]`,
  ].join("\n") + "\n";

describe("kubesim init", () => {
  test("without manifests: an example Deployment on 3 nodes, which runs with every SLO held", () => {
    const cwd = join(dir, "empty");
    mkdirSync(cwd);
    const r = kubesim(cwd, "init");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("wrote scenario.yaml: 3 × m6i.xlarge for an example Deployment");
    const text = readFileSync(join(cwd, "scenario.yaml"), "utf8");
    expect(text.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/scenario\.schema\.json$/);
    expect(text).toContain("metadata: {name: scenario}");
    const run = kubesim(cwd, "run", "scenario.yaml", "--until", "2m", "--no-report", "-q");
    expect(run.code).toBe(0);
  });

  test("a folder of manifests: its files in name order, hidden ones skipped, the pool sized by CPU", () => {
    const cwd = join(dir, "shop");
    mkdirSync(join(cwd, "k8s", "db"), { recursive: true });
    mkdirSync(join(cwd, "k8s", ".git"));
    // 30 × 1 CPU + 2 × 500m = 31,000m; per m6i.xlarge 0.7 × 3920m = 2744m: ⌈31000 / 2744⌉ = 12 nodes.
    writeFileSync(join(cwd, "k8s", "web.yaml"), deployment("web", 30, "1"));
    writeFileSync(join(cwd, "k8s", "db", "db.yml"), deployment("db", 2, "500m"));
    writeFileSync(join(cwd, "k8s", ".git", "junk.yaml"), "not: a manifest\n");
    writeFileSync(join(cwd, "k8s", "README.md"), "# not read\n");
    const r = kubesim(cwd, "init", "--from-manifests", "k8s", "-o", "shop.yaml", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file: "shop.yaml", name: "shop", manifestFiles: 2, workloads: 2, nodes: 12, instanceType: "m6i.xlarge", sizedBy: "cpu" });
    const text = readFileSync(join(cwd, "shop.yaml"), "utf8");
    expect(text).toContain("    - manifests:\n        - k8s/db/db.yml\n        - k8s/web.yaml\n");
    expect(text).toContain("        count: 12\n");
    expect(kubesim(cwd, "validate", "shop.yaml").code).toBe(0);
  });

  test("an existing file is kept unless --force", () => {
    const cwd = join(dir, "exists");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "scenario.yaml"), "mine\n");
    const r = kubesim(cwd, "init");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--output: scenario.yaml exists; --force replaces it");
    expect(readFileSync(join(cwd, "scenario.yaml"), "utf8")).toBe("mine\n");
    expect(kubesim(cwd, "init", "--force").code).toBe(0);
  });

  test("a bad quantity in a manifest: exit 2 at its line and column, nothing written", () => {
    const cwd = join(dir, "bad");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "app.yaml"), deployment("web", 2, "2 cores"));
    const r = kubesim(cwd, "init", "--from-manifests", "app.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: app\.yaml:10:\d+: spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: unknown suffix/);
    expect(readdirSync(cwd)).toEqual(["app.yaml"]);
  });

  test("a missing path and an unknown instance type are usage errors", () => {
    expect(kubesim(dir, "init", "--from-manifests", "nope/").code).toBe(2);
    expect(kubesim(dir, "init", "--instance-type", "m9.huge").code).toBe(2);
    expect(existsSync(join(dir, "scenario.yaml"))).toBe(false);
  });

  test.skipIf(NO_REAL_DATA)("Online Boutique's manifests: a scenario that runs, every pod placed", () => {
    const cwd = join(dir, "boutique");
    mkdirSync(cwd);
    const r = kubesim(cwd, "init", "--from-manifests", realPath("online-boutique"), "-o", "boutique.yaml");
    expect(r.code).toBe(0);
    const run = kubesim(cwd, "run", "boutique.yaml", "--until", "3m", "--no-report", "--json");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { slos: { metric: string; ok: boolean | null }[] };
    expect(summary.slos.find((s) => s.metric === "pendingPods")?.ok).toBe(true);
  });
});
