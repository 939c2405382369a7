import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  MAX_OBJECT_COUNT,
  expectBoolean,
  expectCount,
  expectInt,
  expectIntOrPercent,
  expectQuantity,
  expectString,
  formatNotSimulated,
  isSimulatedKind,
  loadManifests,
  notSimulatedKinds,
  valueAt,
  type LoadedObject,
} from "./manifests.js";
import { MAX_YAML_FILE_BYTES } from "./yaml-source.js";
import { inputErrorOf } from "../../test/fixtures/input-error-of.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-manifests-");

let fileCount = 0;
function file(text: string, name = `m${fileCount++}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function load(text: string): LoadedObject[] {
  return loadManifests([file(text)]).objects;
}

const DEPLOYMENT = [
  "apiVersion: apps/v1", // 1
  "kind: Deployment", // 2
  "metadata:", // 3
  "  name: web", // 4
  "  namespace: shop", // 5
  "spec:", // 6
  "  replicas: REPLICAS", // 7
  "  template:", // 8
  "    spec:", // 9
  "      containers:", // 10
  "      - name: app", // 11
  "        resources:", // 12
  "          requests:", // 13
  "            cpu: CPU", // 14
  "            memory: 1.5Gi", // 15
  "      restartPolicy: Always", // 16
  "  strategy:", // 17
  "    rollingUpdate: {maxSurge: SURGE}", // 18
  "  paused: false", // 19
].join("\n");

function deployment(replicas: string, cpu = "500m", surge = "25%"): LoadedObject {
  return load(DEPLOYMENT.replace("REPLICAS", replicas).replace("CPU", cpu).replace("SURGE", surge))[0]!;
}

describe("envelope", () => {
  test("multi-document YAML, empty documents skipped", () => {
    const objects = load("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\n");
    expect(objects.map((o) => [o.kind, o.name, o.source.line])).toEqual([
      ["Namespace", "a", 2],
      ["ConfigMap", "b", 7],
    ]);
  });

  test("a generic List flattens; its items need their own kind", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- {apiVersion: v1, kind: Pod, metadata: {name: p}}",
      "- {apiVersion: v1, metadata: {name: q}}", // line 5: no kind
    ].join("\n");
    const err = inputErrorOf(() => load(text));
    expect(err.details.map((d) => [d.code, d.path, d.line])).toEqual([["MISSING_FIELD", "items[1].kind", 5]]);
  });

  test("a typed list implies kind and apiVersion of its items", () => {
    const objects = load("apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: p, namespace: ns}\n");
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ kind: "Pod", apiVersion: "v1", name: "p", namespace: "ns" });
    expect(objects[0]!.source).toMatchObject({ line: 4, column: 3, path: "items[0]" });
  });

  test("an empty list is no objects, also with Go's null items", () => {
    expect(load("apiVersion: v1\nkind: PodList\nmetadata: {resourceVersion: '1'}\nitems: []\n")).toEqual([]);
    expect(load('{"apiVersion": "v1", "kind": "NodeList", "items": null}')).toEqual([]);
    const err = inputErrorOf(() => load("apiVersion: v1\nkind: List\nitems: {a: 1}\n"));
    expect([err.code, err.path, err.details[0]!.line]).toEqual(["INVALID_TYPE", "items", 3]);
  });

  test("a missing kind is MISSING_FIELD at the document", () => {
    const err = inputErrorOf(() => load("# header\napiVersion: v1\nmetadata: {name: x}\n"));
    expect(err.details.map((d) => [d.code, d.path, d.line, d.column])).toEqual([["MISSING_FIELD", "kind", 2, 1]]);
  });

  test("a missing metadata.name is MISSING_FIELD; generateName is enough", () => {
    const err = inputErrorOf(() => load("apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: x\n"));
    expect([err.code, err.path]).toEqual(["MISSING_FIELD", "metadata.name"]);
    expect(load("apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\n")[0]!.name).toBe("web-");
  });

  test("a document that is not a map is INVALID_TYPE", () => {
    const err = inputErrorOf(() => load("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n- just\n- a list\n"));
    expect(err.details.map((d) => [d.code, d.path, d.line])).toEqual([["INVALID_TYPE", "", 5]]);
  });

  test("a kind that is not a string is INVALID_TYPE", () => {
    const err = inputErrorOf(() => load("apiVersion: v1\nkind: [Pod]\nmetadata: {name: a}\n"));
    expect([err.code, err.path, err.details[0]!.line]).toEqual(["INVALID_TYPE", "kind", 2]);
  });

  test("mistakes of several files are reported together", () => {
    const a = file("apiVersion: v1\nmetadata: {name: a}\n", "a.yaml");
    const b = file("kind: Pod\nmetadata: {name: b}\n", "b.yaml");
    const err = inputErrorOf(() => loadManifests([a, b], { displayRoot: dir }));
    expect(err.details.map((d) => [d.file, d.code, d.path])).toEqual([
      ["a.yaml", "MISSING_FIELD", "kind"],
      ["b.yaml", "MISSING_FIELD", "apiVersion"],
    ]);
  });

  test("the same object twice gives a warning naming both places", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
    const { objects, warnings } = loadManifests([file(pod, "p1.yaml"), file(pod, "p2.yaml")], { displayRoot: dir });
    expect(objects).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^p2\.yaml:1:1: .*p1\.yaml:1:1/);
  });
});

describe("file-level failures through loadManifests", () => {
  test("syntax error keeps its position", () => {
    const err = inputErrorOf(() => loadManifests([file("apiVersion: v1\nkind: Pod\nmetadata: name: x\n", "syn.yaml")], { displayRoot: dir }));
    expect(err.details[0]).toMatchObject({ file: "syn.yaml", code: "YAML_SYNTAX", line: 3, column: 11 });
  });

  test("alias bomb is RESOURCE_EXHAUSTION", () => {
    const lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array<string>(10).fill(`*${prev}`).join(",")}]`);
    }
    expect(inputErrorOf(() => load(lines.join("\n"))).code).toBe("RESOURCE_EXHAUSTION");
  });

  test("oversize and missing files are FILE_UNREADABLE", () => {
    const big = file("apiVersion: v1\n", "big.yaml");
    truncateSync(big, MAX_YAML_FILE_BYTES + 1);
    expect(inputErrorOf(() => loadManifests([big])).code).toBe("FILE_UNREADABLE");
    expect(inputErrorOf(() => loadManifests([join(dir, "missing.yaml")])).code).toBe("FILE_UNREADABLE");
  });
});

describe("typed field access", () => {
  test("values of a well-formed Deployment", () => {
    const d = deployment("3");
    expect(expectCount(d, ["spec", "replicas"], { default: 1 })).toBe(3);
    expect(expectQuantity(d, ["spec", "template", "spec", "containers", 0, "resources", "requests", "cpu"], "cpu")).toBe(500);
    expect(expectQuantity(d, ["spec", "template", "spec", "containers", 0, "resources", "requests", "memory"], "memory")).toBe(
      1_610_612_736, // 1.5 * 2^30
    );
    expect(expectString(d, ["spec", "template", "spec", "restartPolicy"], { oneOf: ["Always", "OnFailure", "Never"] })).toBe("Always");
    expect(expectIntOrPercent(d, ["spec", "strategy", "rollingUpdate", "maxSurge"])).toEqual({ type: "percent", value: 25 });
    expect(expectBoolean(d, ["spec", "paused"], { default: true })).toBe(false);
    expect(valueAt(d, ["metadata", "namespace"])).toBe("shop");
  });

  test("absent fields give the default, undefined, or MISSING_FIELD", () => {
    const d = deployment("3");
    expect(expectCount(d, ["spec", "minReadySeconds"], { default: 0 })).toBe(0);
    expect(expectInt(d, ["spec", "progressDeadlineSeconds"])).toBeUndefined();
    expect(expectString(d, ["spec", "template", "spec", "schedulerName"], { default: "default-scheduler" })).toBe("default-scheduler");
    const err = inputErrorOf(() => expectString(d, ["spec", "template", "spec", "nodeName"], { required: true }));
    // Reported at the nearest existing parent: the pod spec's first key, "containers" on line 10.
    expect([err.code, err.path, err.details[0]!.line]).toEqual(["MISSING_FIELD", "spec.template.spec.nodeName", 10]);
  });

  test("a string where an integer belongs: INVALID_TYPE with path and line", () => {
    const err = inputErrorOf(() => expectCount(deployment('"3"'), ["spec", "replicas"], { default: 1 }));
    expect(err.details[0]).toMatchObject({ code: "INVALID_TYPE", path: "spec.replicas", line: 7, column: 13 });
  });

  test("a fractional count is INVALID_TYPE, a negative one INVALID_VALUE", () => {
    expect(inputErrorOf(() => expectCount(deployment("1.5"), ["spec", "replicas"])).code).toBe("INVALID_TYPE");
    expect(inputErrorOf(() => expectCount(deployment("-1"), ["spec", "replicas"])).code).toBe("INVALID_VALUE");
  });

  test("absurd replicas are RESOURCE_EXHAUSTION; the cap itself is accepted", () => {
    const err = inputErrorOf(() => expectCount(deployment(String(MAX_OBJECT_COUNT + 1)), ["spec", "replicas"]));
    expect([err.code, err.path]).toEqual(["RESOURCE_EXHAUSTION", "spec.replicas"]);
    expect(expectCount(deployment(String(MAX_OBJECT_COUNT)), ["spec", "replicas"])).toBe(MAX_OBJECT_COUNT);
  });

  test("expectInt bounds are INVALID_VALUE", () => {
    const d = deployment("101");
    expect(inputErrorOf(() => expectInt(d, ["spec", "replicas"], { min: 1, max: 100 })).code).toBe("INVALID_VALUE");
    expect(expectInt(d, ["spec", "replicas"], { min: 1, max: 101 })).toBe(101);
  });

  test("a bad quantity is INVALID_VALUE at its line and kubectl path", () => {
    const err = inputErrorOf(() =>
      expectQuantity(deployment("1", '"4 cores"'), ["spec", "template", "spec", "containers", 0, "resources", "requests", "cpu"], "cpu"),
    );
    expect(err.details[0]).toMatchObject({
      code: "INVALID_VALUE",
      path: "spec.template.spec.containers[0].resources.requests.cpu",
      line: 14,
      column: 18,
    });
  });

  test("quantities: negative refused unless allowed, maps are INVALID_TYPE", () => {
    const cpu = ["spec", "template", "spec", "containers", 0, "resources", "requests", "cpu"];
    expect(inputErrorOf(() => expectQuantity(deployment("1", '"-1"'), cpu, "cpu")).code).toBe("INVALID_VALUE");
    expect(expectQuantity(deployment("1", '"-1"'), cpu, "cpu", { allowNegative: true })).toBe(-1000);
    expect(inputErrorOf(() => expectQuantity(deployment("1", "{m: 1}"), cpu, "cpu")).code).toBe("INVALID_TYPE");
  });

  test("enum strings outside the allowed set are INVALID_VALUE", () => {
    const err = inputErrorOf(() => expectString(deployment("1"), ["spec", "template", "spec", "restartPolicy"], { oneOf: ["Never"] }));
    expect([err.code, err.path, err.details[0]!.line]).toEqual(["INVALID_VALUE", "spec.template.spec.restartPolicy", 16]);
  });

  test.each<[string, unknown]>([
    ["3", { type: "int", value: 3 }],
    ['"30%"', { type: "percent", value: 30 }],
    ['"0%"', { type: "percent", value: 0 }],
  ])("int-or-percent %s", (surge, expected) => {
    expect(expectIntOrPercent(deployment("1", "1", surge), ["spec", "strategy", "rollingUpdate", "maxSurge"])).toEqual(expected);
  });

  test.each<[string, string]>([
    ['"30"', "INVALID_VALUE"], // a string must end in %
    ['"a%"', "INVALID_VALUE"],
    ["1.5", "INVALID_TYPE"],
    ["-1", "INVALID_VALUE"],
    ["[1]", "INVALID_TYPE"],
  ])("int-or-percent %s is %s", (surge, code) => {
    const err = inputErrorOf(() => expectIntOrPercent(deployment("1", "1", surge), ["spec", "strategy", "rollingUpdate", "maxSurge"]));
    expect([err.code, err.path]).toEqual([code, "spec.strategy.rollingUpdate.maxSurge"]);
  });

  test("paths inside a list item are reported from the document root", () => {
    const [, second] = load(
      "apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n  spec: {replicas: many}\n",
    );
    const err = inputErrorOf(() => expectCount(second!, ["spec", "replicas"]));
    expect(err.details[0]).toMatchObject({ code: "INVALID_TYPE", path: "items[1].spec.replicas", line: 6, column: 20 }); // "  spec: {replicas: " is 19 chars
  });
});

describe("simulated and not simulated kinds", () => {
  test("the simulated set", () => {
    for (const k of ["Node", "Pod", "Deployment", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "PersistentVolume", "StorageClass"]) expect(isSimulatedKind(k)).toBe(true);
    for (const k of ["ConfigMap", "Secret", "Role", "ReplicationController"]) expect(isSimulatedKind(k)).toBe(false);
  });

  test("counted, most frequent first, ties by name", () => {
    const docs = [
      ["v1", "Secret", "s1"],
      ["v1", "ConfigMap", "c1"],
      ["v1", "Pod", "p"],
      ["v1", "ConfigMap", "c2"],
      ["rbac.authorization.k8s.io/v1", "Role", "r"],
      ["v1", "Secret", "s2"],
      ["v1", "ConfigMap", "c3"],
    ].map(([api, kind, name]) => `apiVersion: ${api}\nkind: ${kind}\nmetadata: {name: ${name}}\n`);
    const kinds = notSimulatedKinds(load(docs.join("---\n")));
    expect(kinds).toEqual([
      { kind: "ConfigMap", count: 3 },
      { kind: "Secret", count: 2 },
      { kind: "Role", count: 1 },
    ]);
    expect(formatNotSimulated(kinds)).toBe("3 ConfigMap, 2 Secret, 1 Role");
    expect(formatNotSimulated([])).toBe("");
  });
});
