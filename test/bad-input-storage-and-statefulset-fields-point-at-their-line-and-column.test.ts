/**
 * Mistakes in the StatefulSet and storage fields kubesim acts on are refused at load time with
 * their code, key path and position (line and column counted by hand below, 1-based, the
 * column of the value), not discovered later as a claim that never binds.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const SCENARIO = ["apiVersion: kubesim.io/v1alpha1", "kind: Scenario", "metadata: {name: t}", "spec:", "  duration: 1m", "  cluster:", "    nodePools: [{name: g, count: 1, instanceType: m6i.xlarge}]", "  workloads:", "    - manifests: [app.yaml]", ""].join("\n");

const dir = tempDir("kubesim-bad-storage-");

function errorsOf(app: string): Omit<InputErrorDetail, "message">[] {
  const sub = mkdtempSync(join(dir, "c"));
  writeFileSync(join(sub, "s.yaml"), SCENARIO);
  writeFileSync(join(sub, "app.yaml"), app);
  return inputErrorOf(() => loadScenario(join(sub, "s.yaml"))).details.map(({ message: _m, ...d }) => ({ ...d, file: d.file.replace(sub + "/", "") }));
}

test.each([
  {
    what: "an unknown volumeBindingMode",
    app: ["apiVersion: storage.k8s.io/v1", "kind: StorageClass", "metadata: {name: gp3}", "provisioner: ebs.csi.aws.com", "volumeBindingMode: WaitForConsumer"],
    // line 5, "volumeBindingMode: " is 19 characters: the value starts at column 20.
    want: { code: "INVALID_VALUE", path: "volumeBindingMode", line: 5, column: 20 },
  },
  {
    what: "a storage request that is not a quantity",
    app: ["apiVersion: v1", "kind: PersistentVolumeClaim", "metadata: {name: data}", "spec:", "  resources:", "    requests: {storage: ten-gigs}"],
    // line 6, "    requests: {storage: " is 24 characters: column 25.
    want: { code: "INVALID_VALUE", path: "spec.resources.requests.storage", line: 6, column: 25 },
  },
  {
    what: "an unknown podManagementPolicy",
    app: ["apiVersion: apps/v1", "kind: StatefulSet", "metadata: {name: db}", "spec:", "  podManagementPolicy: Ordered"],
    // line 5, "  podManagementPolicy: " is 23 characters: column 24.
    want: { code: "INVALID_VALUE", path: "spec.podManagementPolicy", line: 5, column: 24 },
  },
  {
    what: "a claim template's storage that is not a quantity",
    app: ["apiVersion: apps/v1", "kind: StatefulSet", "metadata: {name: db}", "spec:", "  volumeClaimTemplates:", "    - metadata: {name: data}", "      spec: {resources: {requests: {storage: lots}}}"],
    // line 7, "      spec: {resources: {requests: {storage: " is 45 characters: column 46.
    want: { code: "INVALID_VALUE", path: "spec.volumeClaimTemplates[0].spec.resources.requests.storage", line: 7, column: 46 },
  },
])("$what", ({ app, want }) => {
  expect(errorsOf(app.join("\n") + "\n")).toEqual([{ file: "app.yaml", ...want }]);
});
