import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "./manifests.js";
import { checkResourceFields } from "./resource-fields.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-resource-fields-");
let n = 0;

/** The errors of a Deployment whose one container has `resources` (line 9 onwards). */
function errorsOf(resourcesYaml: string[]) {
  const text = [
    "apiVersion: apps/v1", // 1
    "kind: Deployment", // 2
    "metadata: {name: web}", // 3
    "spec:", // 4
    "  template:", // 5
    "    spec:", // 6
    "      containers:", // 7
    "        - name: web", // 8
    "          resources:", // 9
    ...resourcesYaml.map((l) => `            ${l}`),
  ].join("\n");
  const path = join(dir, `web-${n++}.yaml`);
  writeFileSync(path, text);
  const o = loadManifests([path]).objects[0]!;
  return checkResourceFields(o).map((e) => ({ code: e.details[0]!.code, path: e.details[0]!.path, line: e.details[0]!.line }));
}

const AT = "spec.template.spec.containers[0].resources";

describe("container resources are checked at load time", () => {
  it("accepts well-formed requests and limits, extended resources included", () => {
    expect(errorsOf(["requests: {cpu: 500m, memory: 1Gi, nvidia.com/gpu: 1}", "limits: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 1}"])).toEqual([]);
  });

  it.each([
    [["requests: {cpu: 2 cores}"], "INVALID_VALUE", `${AT}.requests.cpu`, 10],
    [["requests:", "  memory: -1Gi"], "INVALID_VALUE", `${AT}.requests.memory`, 11],
    [["limits: {memory: [1Gi]}"], "INVALID_TYPE", `${AT}.limits.memory`, 10],
    [["requests: 500m"], "INVALID_TYPE", `${AT}.requests`, 10],
    // validation.go ValidateResourceRequirements: a request above its limit is refused.
    [["requests: {cpu: 1500m}", "limits: {cpu: 1}"], "INVALID_VALUE", `${AT}.requests.cpu`, 10],
  ])("%j → %s at %s (line %i)", (yaml, code, path, line) => {
    expect(errorsOf(yaml)).toEqual([{ code, path, line }]);
  });

  it("a request equal to its limit is fine, and every bad field is reported", () => {
    expect(errorsOf(["requests: {cpu: 1000m}", "limits: {cpu: 1}"])).toEqual([]);
    expect(errorsOf(["requests: {cpu: x, memory: y}"]).map((e) => e.path)).toEqual([`${AT}.requests.cpu`, `${AT}.requests.memory`]);
  });
});
