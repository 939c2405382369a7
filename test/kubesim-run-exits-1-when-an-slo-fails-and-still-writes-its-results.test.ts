/**
 * `kubesim run` judges the scenario's SLOs: test/fixtures/scenario/two-small-nodes.yaml leaves
 * one web pod Pending for the whole 2-minute run (3 × 600m + 300m > 2 × 1000m, see the
 * fixture), so `pendingPods max <= 0 for 30s` fails: the samples at 0, 10, ..., 120 s all read
 * 1 (a sample at t sees the end of t, after the pods were created and scheduled), a run that
 * spans 120 s >= 30 s, starting at 0 s. `nodesReady min >= 2` holds (a cordoned node stays
 * Ready), and the startup SLI is sandbox 1 s + container start 0.5 s = 1500 ms for the three
 * bound pods (images pre-pulled, no pull to exclude), under the 2 s objective with margin
 * (2000 - 1500) / 2000 = 25 %. Exit 1, with every file written; `--ignore-slos` exits 0;
 * `--set` giving the pool a third node makes room for all four pods, and the run exits 0.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/kubesim.js";
import { parseCsv } from "../src/report/csv.js";
import { tempDir } from "./fixtures/temp-dir.js";

const FIXTURE = "test/fixtures/scenario/two-small-nodes.yaml";
const tmp = tempDir("kubesim-slo-");

async function capture(argv: string[]): Promise<{ code: number; stdout: string }> {
  const write = process.stdout.write;
  const errWrite = process.stderr.write;
  let stdout = "";
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stdout };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("an SLO that fails", () => {
  it("exits 1 and still writes the results folder, slo.csv and junit.xml", async () => {
    const { code, stdout } = await capture(["run", FIXTURE, "--json", "-o", tmp, "--run-id", "a"]);
    expect(code).toBe(1);
    const dir = join(tmp, "two-small-nodes", "a");
    const f = files(dir);
    expect(Object.keys(f)).toEqual([
      "events.csv", "junit.xml", "node-status.csv", "nodes.csv", "pod-status.csv", "pods.csv", "report.html", "run.json", "slo.csv", "summary.csv", "summary.json", "timeseries.csv",
    ]);
    expect(f["summary.json"]).toBe(stdout);
    const doc = JSON.parse(stdout);
    expect(doc.exitCode).toBe(1);
    expect(doc.slos.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
      ["pendingPods-max", "fail"],
      ["nodesReady-min", "pass"],
      ["podStartupLatency-p99", "pass"],
    ]);
    expect(doc.slos[0]).toMatchObject({ observed: 1, firstViolationS: 0, longestViolationS: 120, forS: 30 });
    expect(doc.slos[1]).toMatchObject({ observed: 2, marginPct: 0 });
    // HDR histogram: within 0.1 % of the recorded 1500 ms.
    expect(Math.abs(doc.slos[2].observed - 1500)).toBeLessThanOrEqual(1.5);
    const slo = parseCsv(f["slo.csv"]!);
    expect(slo.rows.map((r) => [r[0], r[8], r[9]])).toEqual([
      ["pendingPods-max", "false", "fail"],
      ["nodesReady-min", "true", "pass"],
      ["podStartupLatency-p99", "true", "pass"],
    ]);
    expect(f["junit.xml"]).toContain('<testsuite name="kubesim.two-small-nodes" tests="3" failures="1" errors="0" skipped="0" time="0">');
    expect(f["junit.xml"]).toContain('<failure message="pendingPods: max=1, objective max &lt;= 0 for 30s from 0s of simulated time" type="SloViolated">');
  });

  it("prints the SLO block first and the verdict last", async () => {
    const { code, stdout } = await capture(["run", FIXTURE, "-o", tmp, "--run-id", "b"]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[2]).toBe("SLOS");
    expect(lines[3]).toMatch(/^ {2}✗ pendingPods-max +max <= 0 for 30s +max=1 +first at 00:00:00$/);
    expect(lines[4]).toMatch(/^ {2}✓ nodesReady-min +min >= 2 +min=2 +margin 0%$/);
    expect(lines[5]).toMatch(/^ {2}✓ podStartupLatency-p99 +p99 <= 2s +p99=1.50s +margin 25%$/);
    expect(lines[lines.length - 1]).toMatch(/^1 of 3 SLOs failed +exit 1$/);
  });

  it("--ignore-slos exits 0 with the same verdicts written", async () => {
    const { code } = await capture(["run", FIXTURE, "-o", tmp, "--run-id", "c", "--ignore-slos"]);
    expect(code).toBe(0);
    expect(readFileSync(join(tmp, "two-small-nodes", "c", "slo.csv"), "utf8")).toContain("pendingPods-max,pendingPods,max,max <= 0 for 30s,0,pods,1,,false,fail,0,30,");
  });
});

describe("run flags", () => {
  it("the same seed gives byte-identical folders, slo.csv and junit.xml included", async () => {
    await capture(["run", FIXTURE, "-o", tmp, "--run-id", "d"]);
    const first = files(join(tmp, "two-small-nodes", "d"));
    await capture(["run", FIXTURE, "-o", tmp, "--run-id", "d"]);
    const second = files(join(tmp, "two-small-nodes", "d"));
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const name of Object.keys(first)) expect(second[name], name).toBe(first[name]);
  });

  it("--set spec.cluster.nodePools[0].count=3 makes room for every pod: all SLOs hold, exit 0", async () => {
    const { code, stdout } = await capture(["run", FIXTURE, "--json", "-o", tmp, "--set", "spec.cluster.nodePools[0].count=3"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.capacity).toMatchObject({ nodesStart: 3, nodesEnd: 3 });
    expect(doc.slos[0]).toMatchObject({ name: "pendingPods-max", status: "pass", observed: 0 });
    // The default run id is s<seed>-<hash>: the override changes the hash, not the seed.
    expect(doc.runId).toMatch(/^s3-[0-9a-f]{8}$/);
    const run = JSON.parse(readFileSync(join(doc.resultsDir, "run.json"), "utf8"));
    expect(run.args).toEqual(["run", FIXTURE, "--seed", "3", "--set", "spec.cluster.nodePools[0].count=3"]);
  });

  it("--seed replaces spec.seed (run id, run.json, pod names) and --output-dir picks the folder", async () => {
    const out = join(tmp, "elsewhere");
    const { stdout } = await capture(["run", FIXTURE, "--json", "--seed", "9", "--output-dir", out]);
    const doc = JSON.parse(stdout);
    expect(doc.seed).toBe(9);
    expect(doc.runId).toMatch(/^s9-[0-9a-f]{8}$/);
    expect(doc.resultsDir).toBe(join(out, "two-small-nodes", doc.runId));
    expect(existsSync(join(doc.resultsDir, "pods.csv"))).toBe(true);
    const seeded = parseCsv(readFileSync(join(doc.resultsDir, "pods.csv"), "utf8")).rows.map((r) => r[1]);
    const base = parseCsv(readFileSync(join(tmp, "two-small-nodes", "a", "pods.csv"), "utf8")).rows.map((r) => r[1]);
    expect(seeded).not.toEqual(base); // ReplicaSet suffixes come from the seeded stream
  });
});
