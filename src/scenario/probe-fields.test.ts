import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "./manifests.js";
import { checkProbeFields } from "./probe-fields.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-probe-fields-");
let n = 0;

function errorsOf(containerYaml: string[], podExtra: string[] = []) {
  const text = [
    "apiVersion: apps/v1", // 1
    "kind: Deployment", // 2
    "metadata: {name: web}", // 3
    "spec:", // 4
    "  template:", // 5
    "    spec:", // 6
    ...podExtra.map((l) => `      ${l}`),
    "      containers:",
    "        - name: web",
    ...containerYaml.map((l) => `          ${l}`),
  ].join("\n");
  const path = join(dir, `web-${n++}.yaml`);
  writeFileSync(path, text);
  const o = loadManifests([path]).objects[0]!;
  return checkProbeFields(o).map((e) => ({ code: e.details[0]!.code, path: e.details[0]!.path, line: e.details[0]!.line }));
}

describe("probe and restart fields are checked at load time", () => {
  it("accepts a well-formed probe", () => {
    expect(errorsOf(["livenessProbe: {periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1}"])).toEqual([]);
  });

  it.each([
    [["livenessProbe:", "  periodSeconds: 10s"], "INVALID_TYPE", "spec.template.spec.containers[0].livenessProbe.periodSeconds", 10],
    [["readinessProbe:", "  failureThreshold: -1"], "INVALID_VALUE", "spec.template.spec.containers[0].readinessProbe.failureThreshold", 10],
    [["startupProbe:", "  successThreshold: 2"], "INVALID_VALUE", "spec.template.spec.containers[0].startupProbe.successThreshold", 10],
    [["livenessProbe:", "  terminationGracePeriodSeconds: 0"], "INVALID_VALUE", "spec.template.spec.containers[0].livenessProbe.terminationGracePeriodSeconds", 10],
  ])("%j → %s at %s (line %i)", (yaml, code, path, line) => {
    expect(errorsOf(yaml as string[])).toEqual([{ code, path, line }]);
  });

  it("checks restartPolicy against the three values", () => {
    expect(errorsOf([], ["restartPolicy: Sometimes"])).toEqual([{ code: "INVALID_VALUE", path: "spec.template.spec.restartPolicy", line: 7 }]);
  });
});
