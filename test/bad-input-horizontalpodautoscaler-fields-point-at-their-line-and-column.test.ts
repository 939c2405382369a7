/**
 * An autoscaling/v2 HorizontalPodAutoscaler is checked at load time as the API server
 * validates it (pkg/apis/autoscaling/validation), inline or from a manifest: each mistake is
 * refused with its code, key path and position (1-based, counted by hand below), exit 2.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const HEAD = ["apiVersion: kubesim.io/v1alpha1", "kind: Scenario", "metadata: {name: t}", "spec:", "  duration: 1m", "  cluster:", "    nodePools: [{name: g, count: 1, instanceType: m6i.xlarge}]", "  workloads:"];

const dir = tempDir("kubesim-bad-hpa-");

function errorsOf(lines: string[], manifest?: string[]): Omit<InputErrorDetail, "message">[] {
  const sub = mkdtempSync(join(dir, "c"));
  writeFileSync(join(sub, "s.yaml"), [...HEAD, ...lines, ""].join("\n"));
  if (manifest) writeFileSync(join(sub, "hpa.yaml"), [...manifest, ""].join("\n"));
  return inputErrorOf(() => loadScenario(join(sub, "s.yaml"))).details.map(({ message: _m, ...d }) => ({ ...d, file: d.file.replace(sub + "/", "") }));
}

const HPA = ["apiVersion: autoscaling/v2", "kind: HorizontalPodAutoscaler", "metadata: {name: web}", "spec:", "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}"];

test("inline: maxReplicas below minReplicas, averageUtilization 0 and an unknown selectPolicy, each at its value", () => {
  const inline = [
    "    - object:", // line 9
    ...[...HPA, "  minReplicas: 3", "  maxReplicas: 2", "  metrics:", "    - type: Resource", "      resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}", "  behavior:", "    scaleUp: {selectPolicy: Fastest}"].map((l) => `        ${l}`),
  ];
  expect(errorsOf(inline)).toEqual([
    // HEAD is 8 lines, "- object:" line 9, the HPA's lines from 10: maxReplicas is line 16,
    // "          maxReplicas: 2": the value at column 24.
    { file: "s.yaml", line: 16, column: 24, path: "spec.workloads[0].object.spec.maxReplicas", code: "INVALID_VALUE" },
    // line 19: "              resource: {name: cpu, target: {type: Utilization, averageUtilization: " is 84 characters.
    { file: "s.yaml", line: 19, column: 85, path: "spec.workloads[0].object.spec.metrics[0].resource.target.averageUtilization", code: "INVALID_VALUE" },
    // line 21: "            scaleUp: {selectPolicy: " is 36 characters.
    { file: "s.yaml", line: 21, column: 37, path: "spec.workloads[0].object.spec.behavior.scaleUp.selectPolicy", code: "INVALID_VALUE" },
  ]);
});

test("from a manifest: a missing maxReplicas and a policy period over 1800 s point into the manifest", () => {
  const errors = errorsOf(["    - manifests: [hpa.yaml]"], [...HPA, "  behavior:", "    scaleDown:", "      policies: [{type: Pods, value: 1, periodSeconds: 3600}]"]);
  expect(errors.map((e) => [e.file, e.line, e.code, e.path.replace(/^.*?(spec\.)/, "$1")])).toEqual([
    // A missing key points at the map that lacks it: spec's, which starts on line 5.
    ["hpa.yaml", 5, "MISSING_FIELD", "spec.maxReplicas"],
    ["hpa.yaml", 8, "INVALID_VALUE", "spec.behavior.scaleDown.policies[0].periodSeconds"],
  ]);
});
