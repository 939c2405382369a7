/**
 * Determinism: running scenarios/quickstart.yaml twice with the same seed writes two results
 * folders with the same files and the same bytes; a different seed changes the pod names
 * (ReplicaSet suffixes come from the seeded stream) and hence pods.csv.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolvedInputs, writeRunOutputs } from "../src/report/run-outputs.js";
import { defaultRunId } from "../src/report/run-manifest.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const out = mkdtempSync(join(tmpdir(), "kubesim-det-"));
dirs.push(out);

/** Runs into the same output folder each time (summary.json records the folder's path). */
function runInto(seed: number): string {
  const s = loadScenario("scenarios/quickstart.yaml", { seed });
  const o = runScenario(s);
  return writeRunOutputs(o, { outputDir: out, runId: defaultRunId(seed, resolvedInputs(s)), args: ["run", "scenarios/quickstart.yaml"] }).dir;
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("results folders", () => {
  it("are byte-identical for the same scenario and seed", () => {
    const a = files(runInto(42));
    const b = files(runInto(42)); // replaces the first folder
    expect(Object.keys(a)).toEqual(["events.csv", "node-status.csv", "nodes.csv", "pod-status.csv", "pods.csv", "report.html", "run.json", "summary.csv", "summary.json", "timeseries.csv"]);
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
    // The quickstart story is in the data: the rollout, the NotReady node, the evictions.
    expect(a["events.csv"]).toContain("NodeNotReady,Node/general-1,Node general-1 status is now: NodeNotReady");
    expect(a["events.csv"]).toMatch(/TaintManagerEviction,Pod\/shop\/web-/);
  });

  it("differ in pod names for another seed", () => {
    const a = files(runInto(42));
    const c = files(runInto(7));
    expect(c["pods.csv"]).not.toBe(a["pods.csv"]);
  });
});
