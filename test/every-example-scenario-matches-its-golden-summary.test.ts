/**
 * Executable examples (STYLE.md B6.13): every `scenarios/*.yaml` is run with its own seed and
 * its `summary.csv` and `slo.csv` (the SLO verdicts) must equal the committed goldens
 * `test/golden/scenarios/<name>.summary.csv` and `<name>.slo.csv` byte for byte, so a change
 * that moves any example's numbers is seen in review. After an intended change:
 *
 *   UPDATE_GOLDENS=1 npx vitest run test/every-example-scenario-matches-its-golden-summary.test.ts
 *
 * Long scenarios run shortened through `--set` overrides (SHORTENED below); a new scenario
 * that takes more than a second or two belongs there. Scenarios whose files point into
 * `shared/real` are skipped, with a note, when that folder is not on this machine.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { evaluateSlos } from "../src/cli/commands/run.js";
import { summaryCsv } from "../src/report/run-outputs.js";
import { buildRunSummary } from "../src/report/run-summary.js";
import { sloCsv } from "../src/report/slo-outputs.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { NO_REAL_DATA } from "./fixtures/real-data.js";

const DIR = "scenarios";
const GOLDEN = "test/golden/scenarios";
const UPDATE = process.env["UPDATE_GOLDENS"] === "1";

const API_SERVER_TENTH = [
  "spec.duration=2m",
  "spec.cluster.nodePools[0].count=500",
  "spec.workloads[0].manifests=[scale-5000/daemonsets.yaml, scale-5000/payments.yaml]",
  "spec.slos[1].min=500",
  "spec.apiServer.startAt=30s",
];

/**
 * `--set` overrides per scenario, each as `kubesim run <file> --set ...` takes them.
 * scale-5000 keeps its shape at a tenth of its size for two minutes: 500 nodes, the
 * DaemonSets and one team (14 Deployments × 1,000 replicas), a node failure, a drain and a
 * rollout inside the window (about 5 s instead of a minute).
 */
const SHORTENED: Record<string, string[]> = {
  // The first 2,000 of the trace's 8,152 pods (one a second) onto all 1,523 nodes.
  "alibaba-gpu-trace-replay": ["spec.duration=35m", "spec.workloads[0].trace.limit=2000"],
  "scale-5000": [
    "spec.duration=2m",
    "spec.cluster.nodePools[0].count=500",
    "spec.workloads[0].manifests=[scale-5000/daemonsets.yaml, scale-5000/payments.yaml]",
    'spec.timeline=[{at: 30s, action: failNode, node: general-17}, {at: 40s, action: drain, node: general-42}, {at: 50s, action: rollout, target: deployment/payments/api, image: "registry.example.com/payments/api:1.1.0"}]',
    "spec.slos[1].min=499",
    // Its bootstrap's last pod starts at 39.2 s: the startup SLO from 40 s judges the drain's and the rollout's pods.
    "spec.slos[0].from=40s",
  ],
  // 500 nodes and 1,800 pods settle in the first minutes; 30 simulated minutes take ~10 s.
  "capacity-500": ["spec.duration=5m"],
  // The API server stories at a tenth of their size, the model from 30 s, one rollout at 60 s.
  "api-server-5000-steady": API_SERVER_TENTH,
  "api-server-5000-rollout": [...API_SERVER_TENTH, "spec.timeline=[{at: 60s, action: rollout, target: deployment/payments/api}]"],
  "api-server-5000-list-operator": [...API_SERVER_TENTH, "spec.apiServer.load[0].start=30s", "spec.timeline=[{at: 60s, action: rollout, target: deployment/payments/api}]"],
};

const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

function needsRealData(file: string): boolean {
  const text = readFileSync(file, "utf8");
  if (text.includes("shared/real")) return true;
  // Manifests of the scenario's own folder may point there too.
  const folder = file.replace(/\.yaml$/, "");
  if (!existsSync(folder)) return false;
  return readdirSync(folder).some((f) => readFileSync(join(folder, f), "utf8").includes("shared/real"));
}

/** The two files `kubesim run` would write for the verdicts, in-process. */
function outputs(file: string, set: string[]): { summary: string; slo: string } {
  const o = runScenario(loadScenario(file, { set }));
  const summary = buildRunSummary(o, "golden", "results/golden");
  return { summary: summaryCsv(o), slo: sloCsv(evaluateSlos(o, summary)) };
}

function compare(actual: string, golden: string): void {
  if (UPDATE) writeFileSync(golden, actual);
  if (!existsSync(golden)) {
    expect.fail(`${golden} is missing: run UPDATE_GOLDENS=1 npx vitest run test/every-example-scenario-matches-its-golden-summary.test.ts`);
  }
  expect(actual, golden).toBe(readFileSync(golden, "utf8"));
}

describe("every example scenario", () => {
  test("has at least the issue's six stories", () => {
    for (const n of ["quickstart", "microservices-shop", "rolling-update-tight-capacity", "zone-outage", "registry-outage", "scale-5000"]) {
      expect(files).toContain(`${n}.yaml`);
    }
  });

  test.each(files)("%s matches its golden summary.csv and slo.csv", (f) => {
    const file = join(DIR, f);
    if (NO_REAL_DATA && needsRealData(file)) {
      console.warn(`${file} needs shared/real, which is not on this machine: skipped`);
      return;
    }
    const name = f.replace(/\.yaml$/, "");
    const out = outputs(file, SHORTENED[name] ?? []);
    compare(out.summary, join(GOLDEN, `${name}.summary.csv`));
    compare(out.slo, join(GOLDEN, `${name}.slo.csv`));
  });
});
