import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "./manifests.js";
import { objectFieldErrors } from "./object-fields.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-object-shapes-");
let n = 0;

/** The errors of one object written as YAML: code, path and line of each. */
function errorsOf(yaml: string) {
  const path = join(dir, `o-${n++}.yaml`);
  writeFileSync(path, yaml);
  const o = loadManifests([path]).objects[0]!;
  return objectFieldErrors(o).map((e) => ({ code: e.details[0]!.code, path: e.details[0]!.path, line: e.details[0]!.line }));
}

/** A Deployment whose pod spec has `podSpec` (indented lines) after one container, from line 10. */
function deployment(podSpec: string[], spec: string[] = []) {
  return [
    "apiVersion: apps/v1", // 1
    "kind: Deployment", // 2
    "metadata: {name: web}", // 3
    "spec:", // 4
    "  replicas: 2", // 5
    "  template:", // 6
    "    metadata: {labels: {app: web}}", // 7
    "    spec:", // 8
    "      containers: [{name: web, image: nginx}]", // 9
    ...podSpec.map((l) => `      ${l}`),
    ...spec.map((l) => `  ${l}`),
  ].join("\n");
}

const POD = "spec.template.spec";

describe("the shapes of the fields kubesim reads are checked when an object loads", () => {
  it("accepts a well-formed Deployment with affinity, tolerations, spread constraints, probes and volumes", () => {
    expect(
      errorsOf(
        deployment(
          [
            "tolerations: [{key: gpu, operator: Exists, effect: NoSchedule, tolerationSeconds: 30}]",
            "affinity:",
            "  nodeAffinity:",
            "    requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: disk, operator: In, values: [ssd]}]}]}",
            "    preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchExpressions: [{key: z, operator: Exists}]}}]",
            "  podAntiAffinity:",
            "    preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}}]",
            "topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}]",
            "volumes: [{name: data, persistentVolumeClaim: {claimName: data}}, {name: cfg, configMap: {name: cfg}}]",
            "overhead: {cpu: 250m, memory: 120Mi}",
            "dnsConfig: null",
          ],
          ["minReadySeconds: 10", "strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}"],
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    // Each mutation ended `kubesim run` with exit 3 before (a fuzzing session, 2026-11-29).
    [["initContainers: x"], "INVALID_TYPE", `${POD}.initContainers`, 10],
    [["initContainers: [null]"], "MISSING_FIELD", `${POD}.initContainers[0]`, 10],
    [["tolerations: {}"], "INVALID_TYPE", `${POD}.tolerations`, 10],
    [["tolerations: [null]"], "MISSING_FIELD", `${POD}.tolerations[0]`, 10],
    [["affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: x}}}"], "INVALID_TYPE", `${POD}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, 10],
    [["affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1000, preference: {}}]}}"], "INVALID_VALUE", `${POD}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, 10],
    [["affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {}}]}}"], "MISSING_FIELD", `${POD}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`, 10],
    [["affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: h, namespaces: shop}]}}"], "INVALID_TYPE", `${POD}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces`, 10],
    [["topologySpreadConstraints: [null]"], "MISSING_FIELD", `${POD}.topologySpreadConstraints[0]`, 10],
    [["volumes: {}"], "INVALID_TYPE", `${POD}.volumes`, 10],
    [["nodeSelector: {disk: true}"], "INVALID_TYPE", `${POD}.nodeSelector.disk`, 10],
    [["overhead: {cpu: abc}"], "INVALID_VALUE", `${POD}.overhead.cpu`, 10],
    [["resources: {requests: {cpu: abc}}"], "INVALID_VALUE", `${POD}.resources.requests.cpu`, 10],
  ])("pod spec %j → %s at %s (line %i)", (lines, code, path, line) => {
    expect(errorsOf(deployment(lines))).toEqual([{ code, path, line }]);
  });

  it.each([
    ["containers: x", "INVALID_TYPE", `${POD}.containers`],
    ["containers: [null]", "MISSING_FIELD", `${POD}.containers[0]`],
    ["containers: [{name: web, image: 123}]", "INVALID_TYPE", `${POD}.containers[0].image`],
    ["containers: [{name: web, image: nginx, ports: [{containerPort: 0}]}]", "INVALID_VALUE", `${POD}.containers[0].ports[0].containerPort`],
    ["containers: [{name: web, image: nginx, ports: {}}]", "INVALID_TYPE", `${POD}.containers[0].ports`],
    ["containers: [{name: web, image: nginx, readinessProbe: {httpGet: {path: /, port: -1}}}]", "INVALID_VALUE", `${POD}.containers[0].readinessProbe.httpGet.port`],
    ["containers: [{name: web, image: nginx, startupProbe: {exec: {command: [x]}, periodSeconds: 2147483648}}]", "INVALID_VALUE", `${POD}.containers[0].startupProbe.periodSeconds`],
  ])("container %s → %s at %s", (line, code, path) => {
    const yaml = deployment([]).replace("containers: [{name: web, image: nginx}]", line);
    expect(errorsOf(yaml)).toEqual([{ code, path, line: 9 }]);
  });

  it.each([
    [["minReadySeconds: x"], "INVALID_TYPE", "spec.minReadySeconds"],
    [["minReadySeconds: 1e30"], "INVALID_TYPE", "spec.minReadySeconds"],
    [["revisionHistoryLimit: -1"], "INVALID_VALUE", "spec.revisionHistoryLimit"],
    [["strategy: {rollingUpdate: {maxSurge: abc}}"], "INVALID_VALUE", "spec.strategy.rollingUpdate.maxSurge"],
  ])("Deployment spec %j → %s at %s", (lines, code, path) => {
    expect(errorsOf(deployment([], lines))).toEqual([{ code, path, line: 10 }]);
  });

  it("selectors and labels: a workload's or a budget's selector, and any object's labels", () => {
    expect(errorsOf(deployment([], ["selector: {matchExpressions: [{key: app, operator: In, values: web}]}"]))).toEqual([
      { code: "INVALID_TYPE", path: "spec.selector.matchExpressions[0].values", line: 10 },
    ]);
    expect(errorsOf("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {selector: {matchExpressions: [null]}}\n")).toEqual([
      { code: "MISSING_FIELD", path: "spec.selector.matchExpressions[0]", line: 4 },
    ]);
    expect(errorsOf("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: app=web}\nspec: {containers: [{name: c, image: i}]}\n")).toEqual([
      { code: "INVALID_TYPE", path: "metadata.labels", line: 3 },
    ]);
  });

  it("a PodDisruptionBudget's percentages stop at 100 %; a StorageClass's topologies are lists", () => {
    expect(errorsOf("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 150%}\n")).toEqual([{ code: "INVALID_VALUE", path: "spec.minAvailable", line: 4 }]);
    expect(errorsOf("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {maxUnavailable: abc}\n")).toEqual([{ code: "INVALID_VALUE", path: "spec.maxUnavailable", line: 4 }]);
    expect(errorsOf("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: s}\nprovisioner: x\nallowedTopologies: x\n")).toEqual([{ code: "INVALID_TYPE", path: "allowedTopologies", line: 5 }]);
  });
});
