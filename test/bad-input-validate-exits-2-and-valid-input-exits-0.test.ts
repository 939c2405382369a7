/**
 * `kubesim validate` and `kubesim schema` as users run them: the built binary
 * (`npm test` builds first; for a single run, `npx tsc -p tsconfig.json`).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempDir } from "./fixtures/temp-dir.js";

const BIN = "dist/src/cli/main.js";
const SHOP = "test/fixtures/scenario/shop.yaml";
const SHOP_MANIFESTS = "test/fixtures/scenario/manifests/shop.yaml";

function kubesim(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = tempDir("kubesim-validate-cli-");

const BAD = join(dir, "bad.yaml");
writeFileSync(
  BAD,
  [
    "apiVersion: kubesim.io/v1alpha1",
    "kind: Scenario",
    "metadata: {name: bad}",
    "spec:",
    "  duration: 10m",
    "  cluster:",
    "    nodePools:",
    "      - {name: a, count: 2, instanceTyp: m6i.xlarge}",
    "  slos: [{metric: podStartupLatency, stat: p99, max: 5GB}]",
  ].join("\n") + "\n",
);

describe("kubesim validate", () => {
  test("valid scenario and manifests: exit 0, one ✓ line per file", () => {
    const r = kubesim("validate", SHOP, SHOP_MANIFESTS);
    expect(r.code).toBe(0);
    // 6 general + 2 gpu pool nodes + 1 real node; Namespace, 2 Deployments, 2 ConfigMaps, 1 Secret.
    expect(r.stdout).toBe(
      `✓ ${SHOP}: Scenario shop, 9 nodes in 2 pools, 6 objects (3 not simulated: 2 ConfigMap, 1 Secret)\n` +
        `✓ ${SHOP_MANIFESTS}: 5 objects (3 not simulated: 2 ConfigMap, 1 Secret)\n`,
    );
  });

  test("--json on success prints {files: [...]}", () => {
    const r = kubesim("validate", "--json", SHOP);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [{ file: SHOP, kind: "Scenario", name: "shop", nodePools: 2, nodes: 9, objects: 6, notSimulated: [{ kind: "ConfigMap", count: 2 }, { kind: "Secret", count: 1 }] }],
    });
  });

  test("a bad scenario: exit 2, error lines with file:line:col: path, nothing on stdout", () => {
    const r = kubesim("validate", BAD);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // "      - {name: a, count: 2, " is 28 characters: the key starts at column 29.
    expect(r.stderr).toContain(`error: ${BAD}:8:29: spec.cluster.nodePools[0].instanceTyp: `);
    expect(r.stderr).toContain("1 error; nothing was run.");
  });

  test("--json on failure prints {errors: [...]} with code and position", () => {
    const r = kubesim("validate", "--json", BAD, SHOP);
    expect(r.code).toBe(2);
    const errors = (JSON.parse(r.stdout) as { errors: { path: string; code: string; line: number; column: number }[] }).errors;
    expect(errors.map((e) => [e.path, e.code, e.line, e.column])).toEqual([
      ["spec.cluster.nodePools[0].instanceTyp", "UNKNOWN_FIELD", 8, 29],
    ]); // the SLO threshold is checked after the schema passes
  });

  test.each([
    [["validate", join(dir, "missing.yaml")]],
    [["validate", SHOP, "--set", "spec..seed=1"]],
    [["validate"]],
  ])("%j exits 2", (args) => {
    expect(kubesim(...args).code).toBe(2);
  });

  test("a manifest file gets the field checks a scenario's objects get", () => {
    const manifest = join(dir, "app.yaml");
    writeFileSync(
      manifest,
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: web}",
        "spec:",
        "  replicas: 2",
        "  template:",
        "    spec:",
        "      containers:",
        "        - {name: web, image: nginx, resources: {requests: {cpu: 2 cores}}}",
        "        - {name: side, image: envoy, livenessProbe: {periodSeconds: 10s}}",
      ].join("\n") + "\n",
    );
    const r = kubesim("validate", manifest);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toMatch(/app\.yaml:9:\d+: spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: unknown suffix/);
    expect(lines[1]).toMatch(/app\.yaml:10:\d+: spec\.template\.spec\.containers\[1\]\.livenessProbe\.periodSeconds: /);
  });

  test("--set applies before validation", () => {
    const r = kubesim("validate", SHOP, "--set", "spec.cluster.nodePools[0].count=10");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("13 nodes in 2 pools");
  });
});

describe("kubesim schema", () => {
  test("prints the committed schema/scenario.schema.json byte for byte", () => {
    const r = kubesim("schema");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync("schema/scenario.schema.json", "utf8"));
    expect(JSON.parse(r.stdout).title).toBe("kubesim Scenario");
  });
});
