/**
 * `kubesim run scenarios/quickstart.yaml --json -o <tmp>` exits 0 (its SLOs hold),
 * prints the RunSummary document, writes the same bytes to summary.json, and lists the
 * quickstart story in its events: general-1 NotReady, then its pods marked not ready and,
 * 300 s later (at 590 s, inside the 600 s run), evicted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/kubesim.js";
import { tempDir } from "./fixtures/temp-dir.js";

const tmp = tempDir("kubesim-run-");

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

describe("kubesim run", () => {
  it("writes the results folder and prints summary.json's bytes with --json", async () => {
    const { code, stdout } = await capture(["run", "scenarios/quickstart.yaml", "--json", "-o", tmp, "--run-id", "t1"]);
    expect(code).toBe(0);
    const dir = join(tmp, "quickstart", "t1");
    expect(readFileSync(join(dir, "summary.json"), "utf8")).toBe(stdout);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ kind: "RunSummary", scenario: "quickstart", seed: 42, runId: "t1", durationSimulatedS: 600, exitCode: 0 });
    // The kubernetes-scalability preset (pod startup measured, 4 API call latency objectives not
    // measured yet), pendingPods max 0 for 2m, and nodesReady min 5 (general-1 fails: 6 → 5).
    expect(doc.slos.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      "podStartupLatency-p99:pass", "apiMutatingLatency-p99:not_measured", "apiReadResourceLatency-p99:not_measured",
      "apiReadNamespaceLatency-p99:not_measured", "apiReadClusterLatency-p99:not_measured", "pendingPods-max:pass", "nodesReady-min:pass",
    ]);
    // NodeNotReady: once for the node, once for each of its pods (MarkPodsNotReady).
    const events = readFileSync(join(dir, "events.csv"), "utf8").split("\n");
    const notReady = events.filter((l) => l.includes(",NodeNotReady,"));
    expect(notReady.filter((l) => l.includes(",Node/general-1,"))).toHaveLength(1);
    expect(notReady.filter((l) => l.includes(",Pod/shop/") && l.endsWith(",Node is not ready"))).toHaveLength(doc.events.NodeNotReady - 1);
    expect(doc.events.TaintManagerEviction).toBe(doc.events.NodeNotReady - 1);
    expect(doc.capacity).toMatchObject({ nodesStart: 6, nodesEnd: 6, nodesReadyMin: 5 });
    const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(run.args).toEqual(["run", "scenarios/quickstart.yaml", "--seed", "42"]);
    expect(Object.keys(run.inputFiles).sort()).toEqual(["scenarios/quickstart.yaml", "scenarios/quickstart/web.yaml", "scenarios/quickstart/worker.yaml"]);
  });

  it("prints the terminal summary without --json", async () => {
    const { code, stdout } = await capture(["run", "scenarios/quickstart.yaml", "-o", tmp, "--until", "5m"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^kubesim \S+ · quickstart · seed 42 · simulated 5m00s in /);
    for (const h of ["CAPACITY", "LATENCY", "EVENTS  NodeNotReady "]) expect(stdout).toContain(h);
    expect(stdout).toMatch(/\/quickstart\/s42-[0-9a-f]{8}\/ +12 files/);
    expect(stdout).toMatch(/^all 3 SLOs held \(4 not measured\) +exit 0$/m);
  });
});
