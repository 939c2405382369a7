/**
 * `spec.kubelet.sandboxCreation` / `containerStart`: a duration is a fixed time, `{median, p99}`
 * a lognormal; `runtimeSlowdownPerPod` and `parallelSandboxCreations` are the node-load knobs.
 * Absent, each takes its calibrated default (scenario-defaults.ts). Mistakes come back with code,
 * path, line and column (positions counted by hand on the lines below, 1-based).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const HEAD = ["apiVersion: kubesim.io/v1alpha1", "kind: Scenario", "metadata: {name: t}", "spec:", "  duration: 10m"]; // lines 1-5

const dir = tempDir("kubesim-kubelet-fields-");
let n = 0;

/** The scenario with `kubelet` as lines 6.. (each indented under `spec:`). */
function write(kubelet: string[]): string {
  const file = join(dir, `${n++}.yaml`);
  writeFileSync(file, [...HEAD, ...kubelet].join("\n") + "\n");
  return file;
}

function errorsOf(kubelet: string[]): Omit<InputErrorDetail, "message" | "file">[] {
  return inputErrorOf(() => loadScenario(write(kubelet))).details.map(({ message: _m, file: _f, ...rest }) => rest);
}

describe("the two forms and the defaults", () => {
  test("absent: the calibrated defaults (lognormal 850 / 1300 ms and 250 / 500 ms, +11.5 % per pod, no limit)", () => {
    const k = loadScenario(write([])).kubelet;
    expect(k).toMatchObject({ sandboxCreationUs: 850_000, sandboxCreationP99Us: 1_300_000, containerStartUs: 250_000, containerStartP99Us: 500_000, runtimeSlowdownPerPod: 0.115 });
    expect(k.parallelSandboxCreations).toBeUndefined();
  });

  test("a duration is fixed: p99 = median", () => {
    const k = loadScenario(write(["  kubelet: {sandboxCreation: 700ms, containerStart: 300ms, runtimeSlowdownPerPod: 0, parallelSandboxCreations: 2}"])).kubelet;
    expect(k).toMatchObject({ sandboxCreationUs: 700_000, sandboxCreationP99Us: 700_000, containerStartUs: 300_000, containerStartP99Us: 300_000, runtimeSlowdownPerPod: 0, parallelSandboxCreations: 2 });
  });

  test("{median, p99} is a lognormal", () => {
    const k = loadScenario(write(["  kubelet:", "    sandboxCreation: {median: 600ms, p99: 2s}"])).kubelet;
    expect(k).toMatchObject({ sandboxCreationUs: 600_000, sandboxCreationP99Us: 2_000_000 });
  });
});

describe("mistakes point at their line and column", () => {
  test("an unknown key inside the distribution form", () => {
    expect(errorsOf(["  kubelet:", "    sandboxCreation: {median: 600ms, p95: 2s}"])).toEqual([
      // Sorted by position: the missing key at its map's "{" (column 22), the unknown one at its key.
      { line: 7, column: 22, path: "spec.kubelet.sandboxCreation.p99", code: "MISSING_FIELD" },
      { line: 7, column: 38, path: "spec.kubelet.sandboxCreation.p95", code: "UNKNOWN_FIELD" },
    ]);
  });

  test("a p99 below the median", () => {
    expect(errorsOf(["  kubelet:", "    containerStart: {median: 300ms, p99: 200ms}"])).toEqual([{ line: 7, column: 42, path: "spec.kubelet.containerStart.p99", code: "INVALID_VALUE" }]);
  });

  test("a zero median with a positive p99 (no lognormal has it)", () => {
    expect(errorsOf(["  kubelet:", "    containerStart: {median: 0s, p99: 1s}"])).toEqual([{ line: 7, column: 30, path: "spec.kubelet.containerStart.median", code: "INVALID_VALUE" }]);
  });

  test("a bad duration, a negative slowdown, a limit of 0", () => {
    expect(errorsOf(["  kubelet:", "    sandboxCreation: soon", "    runtimeSlowdownPerPod: -0.1", "    parallelSandboxCreations: 0"])).toEqual([
      { line: 7, column: 22, path: "spec.kubelet.sandboxCreation", code: "INVALID_VALUE" },
      { line: 8, column: 28, path: "spec.kubelet.runtimeSlowdownPerPod", code: "INVALID_VALUE" },
      { line: 9, column: 31, path: "spec.kubelet.parallelSandboxCreations", code: "INVALID_VALUE" },
    ]);
  });
});
