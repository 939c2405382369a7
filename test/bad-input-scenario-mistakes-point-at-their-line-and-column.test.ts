/**
 * One test per kind of mistake in a scenario file: each must come back as an InputError whose
 * code, key path, line and column point at the mistake (ux.md A2). Positions are counted by
 * hand on the lines below (1-based; the column is the first character of the value, or of the
 * key for unknown and missing keys).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const BASE = [
  "apiVersion: kubesim.io/v1alpha1", //  1
  "kind: Scenario", //                     2
  "metadata: {name: t}", //                3
  "spec:", //                              4
  "  duration: 10m", //                    5
  "  cluster:", //                         6
  "    nodePools:", //                     7
  "      - name: general", //              8
  "        count: 3", //                   9   value at column 16
  "        instanceType: m6i.xlarge", //  10   key at column 9
  "        allocatable: {memory: 16Gi}", // 11 value at column 31
  "        zones: [z-1a]", //             12
  "  workloads:", //                      13
  "    - manifests: [app.yaml]", //       14  value at column 19
  "  timeline:", //                       15
  "    - {at: 1m, action: scale, target: deployment/web, replicas: 5}", // 16 target at 39, replicas at 66
  "    - {at: 2m, action: cordon, node: general-2}", //                    17 at at 12, node at 38
  "  slos:", //                                                            18
  "    - {metric: pendingPods, stat: max, max: 0}", //                     19 metric at 16, stat at 35
];

const APP = ["apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web}", "spec:", "  replicas: 2", ""].join("\n");

const dir = tempDir("kubesim-bad-scenario-");
let n = 0;

/** Writes the base scenario with `line` (1-based) replaced, and app.yaml next to it; returns the error details. */
function errorsOf(edit: Record<number, string>, opts: { set?: string[]; app?: string; text?: string } = {}): InputErrorDetail[] {
  const sub = join(dir, String(n++));
  const lines = BASE.map((l, i) => edit[i + 1] ?? l);
  const file = join(sub, "s.yaml");
  mkdirSync(sub, { recursive: true });
  writeFileSync(file, opts.text ?? lines.join("\n") + "\n");
  writeFileSync(join(sub, "app.yaml"), opts.app ?? APP);
  return inputErrorOf(() => loadScenario(file, { set: opts.set })).details.map((d) => ({ ...d, file: d.file.replace(sub + "/", "") }));
}

function only(details: InputErrorDetail[]): Omit<InputErrorDetail, "message"> {
  expect(details).toHaveLength(1);
  const { message: _, ...rest } = details[0]!;
  return rest;
}

describe("a scenario mistake is reported with its code, path, line and column", () => {
  test("the base scenario is valid", () => {
    const sub = join(dir, "base");
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, "s.yaml"), BASE.join("\n") + "\n");
    writeFileSync(join(sub, "app.yaml"), APP);
    expect(loadScenario(join(sub, "s.yaml")).nodePools[0]!.memoryBytes).toBe(16 * 1024 ** 3);
  });

  test("unknown key: points at the key and suggests the closest one", () => {
    const d = errorsOf({ 10: "        instanceTyp: m6i.xlarge" });
    expect(only(d)).toEqual({ file: "s.yaml", line: 10, column: 9, path: "spec.cluster.nodePools[0].instanceTyp", code: "UNKNOWN_FIELD" });
    expect(d[0]!.message).toContain('"instanceType"');
  });

  test("wrong type", () => {
    expect(only(errorsOf({ 9: "        count: three" }))).toEqual({ file: "s.yaml", line: 9, column: 16, path: "spec.cluster.nodePools[0].count", code: "INVALID_TYPE" });
  });

  test("bad quantity (16GB)", () => {
    expect(only(errorsOf({ 11: "        allocatable: {memory: 16GB}" }))).toEqual({
      file: "s.yaml",
      line: 11,
      column: 31,
      path: "spec.cluster.nodePools[0].allocatable.memory",
      code: "INVALID_VALUE",
    });
  });

  test("bad duration", () => {
    expect(only(errorsOf({ 5: "  duration: 10 minutes" }))).toEqual({ file: "s.yaml", line: 5, column: 13, path: "spec.duration", code: "INVALID_VALUE" });
  });

  test("negative count", () => {
    expect(only(errorsOf({ 9: "        count: -3" }))).toEqual({ file: "s.yaml", line: 9, column: 16, path: "spec.cluster.nodePools[0].count", code: "INVALID_VALUE" });
  });

  test("absurd counts: a billion nodes, a billion replicas in a manifest, a 60-day run", () => {
    expect(only(errorsOf({ 9: "        count: 1000000000" }))).toEqual({ file: "s.yaml", line: 9, column: 16, path: "spec.cluster.nodePools[0].count", code: "RESOURCE_EXHAUSTION" });
    expect(only(errorsOf({}, { app: APP.replace("replicas: 2", "replicas: 1000000000") }))).toEqual({ file: "app.yaml", line: 5, column: 13, path: "spec.replicas", code: "RESOURCE_EXHAUSTION" });
    expect(only(errorsOf({ 5: "  duration: 1440h" }))).toEqual({ file: "s.yaml", line: 5, column: 13, path: "spec.duration", code: "RESOURCE_EXHAUSTION" });
  });

  test("unknown SLO metric, and a stat the metric does not have", () => {
    expect(only(errorsOf({ 19: "    - {metric: pendingPod, stat: max, max: 0}" }))).toEqual({ file: "s.yaml", line: 19, column: 16, path: "spec.slos[0].metric", code: "UNKNOWN_REFERENCE" });
    expect(only(errorsOf({ 19: "    - {metric: pendingPods, stat: p99, max: 0}" }))).toEqual({ file: "s.yaml", line: 19, column: 35, path: "spec.slos[0].stat", code: "INVALID_VALUE" });
  });

  test("unknown timeline target", () => {
    expect(only(errorsOf({ 16: "    - {at: 1m, action: scale, target: deployment/api, replicas: 5}" }))).toEqual({
      file: "s.yaml",
      line: 16,
      column: 39,
      path: "spec.timeline[0].target",
      code: "UNKNOWN_REFERENCE",
    });
  });

  test("unknown node (the pool has general-0 .. general-2)", () => {
    expect(only(errorsOf({ 17: "    - {at: 2m, action: cordon, node: general-3}" }))).toEqual({ file: "s.yaml", line: 17, column: 38, path: "spec.timeline[1].node", code: "UNKNOWN_REFERENCE" });
  });

  test("a bad reference in an action past the duration is still an error", () => {
    // Actions at or after spec.duration only warn (they never run), but are still checked.
    expect(only(errorsOf({ 17: "    - {at: 12m, action: cordon, node: general-99}" }))).toEqual({ file: "s.yaml", line: 17, column: 39, path: "spec.timeline[1].node", code: "UNKNOWN_REFERENCE" });
  });

  test("missing file referenced by manifests:", () => {
    expect(only(errorsOf({ 14: "    - manifests: [nope.yaml]" }))).toEqual({ file: "s.yaml", line: 14, column: 19, path: "spec.workloads[0].manifests[0]", code: "FILE_UNREADABLE" });
  });

  test("YAML syntax error (a duplicate key)", () => {
    const lines = [...BASE.slice(0, 5), "  duration: 20m", ...BASE.slice(5)];
    const d = errorsOf({}, { text: lines.join("\n") + "\n" });
    expect(only(d)).toEqual({ file: "s.yaml", line: 6, column: 3, path: "", code: "YAML_SYNTAX" });
  });

  test("alias bomb", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"];
    const d = errorsOf({}, { text: bomb.join("\n") + "\n" });
    expect(d.map((x) => [x.code, x.path])).toEqual([["RESOURCE_EXHAUSTION", ""]]);
  });

  test("bad --set: a malformed expression, a path past the end of a list, a value of the wrong type", () => {
    expect(only(errorsOf({}, { set: ["spec..duration=5m"] }))).toEqual({ file: "", line: 0, column: 0, path: "", code: "USAGE" });
    expect(only(errorsOf({}, { set: ["spec.cluster.nodePools[3].count=1"] }))).toEqual({ file: "", line: 0, column: 0, path: "", code: "USAGE" });
    expect(only(errorsOf({}, { set: ["spec.cluster.nodePools[0].count=many"] }))).toEqual({ file: "--set", line: 0, column: 0, path: "spec.cluster.nodePools[0].count", code: "INVALID_TYPE" });
  });

  test("a name that would escape the results folder (results/<name>/)", () => {
    expect(only(errorsOf({ 3: "metadata: {name: ../etc}" }))).toEqual({ file: "s.yaml", line: 3, column: 18, path: "metadata.name", code: "INVALID_VALUE" });
  });

  test("a timeline of more than 100,000 actions", () => {
    const actions = Array.from({ length: 100_001 }, () => ({ at: 1, action: "registryOutage", duration: 1 }));
    const text = JSON.stringify({ apiVersion: "kubesim.io/v1alpha1", kind: "Scenario", metadata: { name: "t" }, spec: { duration: 60, timeline: actions } });
    // `{"apiVersion":"kubesim.io/v1alpha1","kind":"Scenario","metadata":{"name":"t"},"spec":{"duration":60,"timeline":` is 111 characters.
    expect(only(errorsOf({}, { text }))).toEqual({ file: "s.yaml", line: 1, column: 112, path: "spec.timeline", code: "RESOURCE_EXHAUSTION" });
  });

  test("at most 20 mistakes are shown, in file order", () => {
    const keys = Array.from({ length: 25 }, (_, i) => `  unknown${i}: 1`);
    const d = errorsOf({}, { text: [...BASE.slice(0, 4), ...keys, ...BASE.slice(4)].join("\n") + "\n" });
    expect(d.map((x) => [x.line, x.code])).toEqual(Array.from({ length: 20 }, (_, i) => [5 + i, "UNKNOWN_FIELD"]));
  });

  test("several mistakes come back together, sorted by position", () => {
    const d = errorsOf({ 17: "    - {at: 2m, action: cordon, node: general-9}", 5: "  duration: 10 minutes", 10: "        instanceTyp: m6i.xlarge" });
    expect(d.map((x) => [x.line, x.code])).toEqual([
      [5, "INVALID_VALUE"],
      [10, "UNKNOWN_FIELD"],
    ]); // schema errors stop before references are checked
  });
});
