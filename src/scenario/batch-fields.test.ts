/**
 * Bad Job fields and run-time annotations are refused at load time with their position and
 * path (tests assert code, path and line, not the wording).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { InputError } from "../errors.js";
import { loadScenario } from "./load-scenario.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-batch-fields-");

const HEAD = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: b}
spec:
  duration: 1m
  cluster:
    nodePools: [{name: g, count: 1, instanceType: m6i.xlarge}]
---
`;

function errorsOf(manifest: string): { code: string; path: string; line: number }[] {
  const file = join(dir, `s${Math.abs(hash(manifest))}.yaml`);
  writeFileSync(file, HEAD + manifest);
  try {
    loadScenario(file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.details.map((d) => ({ code: d.code, path: d.path, line: d.line }));
  }
  return [];
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

const job = (spec: string, annotations = "{kubesim.io/run-time: 10s}", restart = "restartPolicy: Never") => `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  ${spec}
  template:
    metadata:
      annotations: ${annotations}
    spec:
      ${restart}
      containers: [{name: c, image: "x:1"}]
`;

test("a valid Job loads", () => expect(errorsOf(job("completions: 3"))).toEqual([]));

// Lines: HEAD is 8 lines; the Job's spec line is 13, the annotations line 16, restartPolicy 18.
test.each([
  ["restartPolicy Always", job("completions: 1", undefined, "restartPolicy: Always"), { code: "INVALID_VALUE", path: "spec.template.spec.restartPolicy", line: 18 }],
  ["restartPolicy missing (the API server rejects the pod default, Always)", job("completions: 1", undefined, "dnsPolicy: ClusterFirst"), { code: "MISSING_FIELD", path: "spec.template.spec.restartPolicy" }],
  ["Indexed without completions", job("completionMode: Indexed"), { code: "MISSING_FIELD", path: "spec.completions" }],
  ["an unknown completionMode", job("completionMode: Sorted"), { code: "INVALID_VALUE", path: "spec.completionMode", line: 13 }],
  ["a negative backoffLimit", job("backoffLimit: -1"), { code: "INVALID_VALUE", path: "spec.backoffLimit", line: 13 }],
  ["activeDeadlineSeconds 0", job("activeDeadlineSeconds: 0"), { code: "INVALID_VALUE", path: "spec.activeDeadlineSeconds", line: 13 }],
  ["a run time that is not a duration", job("completions: 1", "{kubesim.io/run-time: soon}"), { code: "INVALID_VALUE", path: 'spec.template.metadata.annotations["kubesim.io/run-time"]', line: 16 }],
  ["a failure probability above 1", job("completions: 1", '{kubesim.io/run-time: 1s, kubesim.io/failure-probability: "2"}'), { code: "INVALID_VALUE", path: 'spec.template.metadata.annotations["kubesim.io/failure-probability"]', line: 16 }],
  [
    "a bad run time on a bare Pod",
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {kubesim.io/run-time: "uniform(9s, 1s)"}}\nspec: {restartPolicy: Never, containers: [{name: c, image: "x:1"}]}\n`,
    { code: "INVALID_VALUE", path: 'metadata.annotations["kubesim.io/run-time"]', line: 11 },
  ],
])("%s", (_, manifest, want) => {
  expect(errorsOf(manifest)).toEqual([expect.objectContaining(want)]);
});
