/**
 * Mistakes in `spec.workloads[].trace` and in the trace files themselves are refused at load
 * time with their code, key path and position (1-based, counted by hand below): in the scenario
 * for the keys, in the CSV (line, column of the cell) for the rows, under the key that named
 * the file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const HEAD = ["apiVersion: kubesim.io/v1alpha1", "kind: Scenario", "metadata: {name: t}", "spec:", "  duration: 1m", "  workloads:"];
const PODS = "creation_time,cpu,memory\n0,1,1Gi\n";

const dir = tempDir("kubesim-bad-trace-");

function errorsOf(workload: string, pods = PODS): Omit<InputErrorDetail, "message">[] {
  const sub = mkdtempSync(join(dir, "c"));
  writeFileSync(join(sub, "s.yaml"), [...HEAD, workload, ""].join("\n"));
  writeFileSync(join(sub, "pods.csv"), pods);
  return inputErrorOf(() => loadScenario(join(sub, "s.yaml"))).details.map(({ message: _m, ...d }) => ({ ...d, file: d.file.replace(sub + "/", "") }));
}

test.each([
  {
    what: "an unknown format",
    workload: "    - trace: {format: borg, pods: pods.csv}",
    // line 7, "    - trace: {format: " is 22 characters: column 23.
    want: { file: "s.yaml", code: "INVALID_VALUE", path: "spec.workloads[0].trace.format", line: 7, column: 23 },
  },
  {
    what: "a misspelt key",
    workload: "    - trace: {format: csv, pods: pods.csv, arival: Sequential}",
    // "    - trace: {format: csv, pods: pods.csv, " is 43 characters (6 + 7 + 1 + 8 + 5 + 6 + 10): the key at column 44.
    want: { file: "s.yaml", code: "UNKNOWN_FIELD", path: "spec.workloads[0].trace.arival", line: 7, column: 44 },
  },
  {
    what: "a missing file",
    workload: "    - trace: {format: csv, pods: nowhere.csv}",
    // "    - trace: {format: csv, pods: " is 33 characters: column 34.
    want: { file: "s.yaml", code: "FILE_UNREADABLE", path: "spec.workloads[0].trace.pods", line: 7, column: 34 },
  },
  {
    what: "an unset environment variable without a default",
    workload: "    - trace: {format: csv, pods: \"${KUBESIM_TEST_UNSET_VARIABLE}/pods.csv\"}",
    want: { file: "s.yaml", code: "FILE_UNREADABLE", path: "spec.workloads[0].trace.pods", line: 7, column: 34 },
  },
  {
    what: "startAt with Sequential arrivals",
    workload: "    - trace: {format: csv, pods: pods.csv, arrival: Sequential, startAt: 1h}",
    // "    - trace: {format: csv, pods: pods.csv, arrival: Sequential, " is 43 + 9 + 12 = 64 characters: the key at 65.
    want: { file: "s.yaml", code: "INVALID_VALUE", path: "spec.workloads[0].trace.startAt", line: 7, column: 65 },
  },
  {
    what: "a workload entry with both a trace and manifests",
    workload: "    - {trace: {format: csv, pods: pods.csv}, manifests: [a.yaml]}",
    // "    - " is 6 characters: the entry at column 7.
    want: { file: "s.yaml", code: "INVALID_VALUE", path: "spec.workloads[0]", line: 7, column: 7 },
  },
  {
    what: "a row with 16GB of memory (not a quantity)",
    workload: "    - trace: {format: csv, pods: pods.csv}",
    pods: "creation_time,cpu,memory\n0,1,1Gi\n5,2,16GB\n",
    // pods.csv line 3, "5,2," is 4 characters: the cell at column 5.
    want: { file: "pods.csv", code: "INVALID_VALUE", path: "spec.workloads[0].trace.pods", line: 3, column: 5 },
  },
])("$what", ({ workload, pods, want }) => {
  expect(errorsOf(workload, pods)).toEqual([want]);
});

test("${VAR:-default} falls back to the default when the variable is unset", () => {
  const sub = mkdtempSync(join(dir, "c"));
  writeFileSync(join(sub, "s.yaml"), [...HEAD, '    - trace: {format: csv, pods: "${KUBESIM_TEST_UNSET_VARIABLE:-.}/pods.csv"}', ""].join("\n"));
  writeFileSync(join(sub, "pods.csv"), PODS);
  const s = loadScenario(join(sub, "s.yaml"));
  expect(s.traces![0]!.podsFile).toBe(join(sub, "pods.csv"));
  expect(s.inputFiles).toContain(join(sub, "pods.csv"));
});
