/**
 * Mistakes in `spec.apiServer` are refused at load time with their code, key path and position
 * (line and column counted by hand below, 1-based, the column of the value or, for an unknown
 * key, of the key), and `kubesim run` exits 2 without a results folder (as every bad input).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const HEAD = ["apiVersion: kubesim.io/v1alpha1", "kind: Scenario", "metadata: {name: t}", "spec:", "  duration: 10m", "  cluster:", "    nodePools: [{name: g, count: 1, instanceType: m6i.xlarge}]", "  apiServer:"];

const dir = tempDir("kubesim-bad-apiserver-");

function errorsOf(lines: string[]): Omit<InputErrorDetail, "message">[] {
  const file = join(dir, "s.yaml");
  writeFileSync(file, [...HEAD, ...lines].join("\n") + "\n");
  return inputErrorOf(() => loadScenario(file)).details.map(({ message: _m, ...d }) => ({ ...d, file: d.file.replace(dir + "/", "") }));
}

test.each([
  {
    what: "a misspelled key",
    lines: ["    maxRequestInflight: 800"],
    // line 9, the key starts at column 5.
    want: { code: "UNKNOWN_FIELD", path: "spec.apiServer.maxRequestInflight", line: 9, column: 5 },
  },
  {
    what: "an absurd number of replicas",
    lines: ["    replicas: 1000"],
    // line 9, "    replicas: " is 14 characters: column 15. Over the schema's maximum (100): refused as an absurd size.
    want: { code: "RESOURCE_EXHAUSTION", path: "spec.apiServer.replicas", line: 9, column: 15 },
  },
  {
    what: "a queue wait that is not a duration",
    lines: ["    queueWait: soon"],
    // line 9, "    queueWait: " is 15 characters: column 16.
    want: { code: "INVALID_VALUE", path: "spec.apiServer.queueWait", line: 9, column: 16 },
  },
  {
    what: "startAt past the end of the run",
    lines: ["    startAt: 1h"],
    want: { code: "INVALID_VALUE", path: "spec.apiServer.startAt", line: 9, column: 14 },
  },
  {
    what: "a load with both every and perSecond",
    lines: ["    load:", "      - {name: l, verb: list, resource: pods, every: 10s, perSecond: 3}"],
    // line 10, "      - " is 8 characters: the mapping starts at column 9.
    want: { code: "INVALID_VALUE", path: "spec.apiServer.load[0]", line: 10, column: 9 },
  },
  {
    what: "a namespace on a verb other than list",
    lines: ["    load:", "      - {name: l, verb: get, resource: pods, every: 1s, namespace: shop}"],
    // line 10, "      - {name: l, verb: get, resource: pods, every: 1s, namespace: " is 67 characters: column 68.
    want: { code: "INVALID_VALUE", path: "spec.apiServer.load[0].namespace", line: 10, column: 68 },
  },
])("$what", ({ lines, want }) => {
  const got = errorsOf(lines);
  expect(got.map((d) => d.path)).toContain(want.path);
  expect(got.find((d) => d.path === want.path)).toEqual({ file: "s.yaml", ...want });
});
