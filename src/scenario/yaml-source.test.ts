import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { FAST_JSON_MIN_BYTES, MAX_YAML_FILE_BYTES, parseYamlText, pathToString, readYamlFile } from "./yaml-source.js";
import { inputErrorOf } from "../../test/fixtures/input-error-of.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-yaml-source-");

describe("documents and values", () => {
  test("multi-document YAML gives one entry per document, empty ones included", () => {
    const set = parseYamlText("a: 1\n---\n---\nb: [x, y]\n", "m.yaml");
    expect(set.file).toBe("m.yaml");
    expect(set.documents.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(set.documents.map((d) => d.value)).toEqual([{ a: 1 }, null, { b: ["x", "y"] }]);
  });

  test("an empty file has no documents", () => {
    expect(parseYamlText("", "e.yaml").documents).toEqual([]);
  });

  test("JSON is YAML", () => {
    const set = parseYamlText('{"kind": "Pod", "spec": {"containers": [{"name": "c"}]}}', "p.json");
    expect(set.documents[0]!.value).toEqual({ kind: "Pod", spec: { containers: [{ name: "c" }] } });
  });

  test("merge keys are resolved, as go-yaml does", () => {
    const set = parseYamlText("base: &b {cpu: 1}\nx:\n  <<: *b\n  mem: 2\n", "m.yaml");
    expect(set.documents[0]!.value).toEqual({ base: { cpu: 1 }, x: { cpu: 1, mem: 2 } });
  });
});

describe("positionOf", () => {
  const text = [
    "apiVersion: v1", // 1
    "kind: Pod", // 2
    "metadata:", // 3
    "  name: web", // 4
    "  labels:", // 5
    "    app.kubernetes.io/name: web", // 6
    "spec:", // 7
    "  containers:", // 8
    "  - name: c0", // 9
    "    resources:", // 10
    "      requests: {cpu: 500m}", // 11
    "  - name: c1", // 12
  ].join("\n");
  const doc = parseYamlText(text, "pod.yaml").documents[0]!;

  test.each<[(string | number)[], "key" | "value", number, number]>([
    [["kind"], "value", 2, 7], // "Pod" starts after "kind: "
    [["kind"], "key", 2, 1],
    [["metadata", "labels", "app.kubernetes.io/name"], "value", 6, 29],
    [["metadata", "labels", "app.kubernetes.io/name"], "key", 6, 5],
    [["spec", "containers", 1], "value", 12, 5], // the "name" of the 2nd item
    [["spec", "containers", 0, "resources", "requests", "cpu"], "value", 11, 23],
    // Missing keys fall back to the nearest existing parent: the requests map "{".
    [["spec", "containers", 0, "resources", "requests", "memory"], "value", 11, 17],
    [["spec", "containers", 5, "name"], "value", 9, 3], // containers sequence starts at "- "
    [[], "value", 1, 1],
  ])("%j (%s) at %i:%i", (path, which, line, column) => {
    expect(doc.positionOf(path, which)).toEqual({ file: "pod.yaml", line, column });
  });

  test("positions in a later document count lines from the top of the file", () => {
    const set = parseYamlText("a: 1\n---\nb:\n  c: 2\n", "two.yaml");
    expect(set.documents[1]!.positionOf(["b", "c"])).toEqual({ file: "two.yaml", line: 4, column: 6 });
  });
});

describe("large JSON (fast path, positions on demand)", () => {
  // JSON.stringify(.., 2) puts each item on 8 lines: "    {" (column 5), "metadata", "name",
  // "annotations", "pad", and three closing lines; items start on line 5 after "{", kind,
  // apiVersion and "items": [.
  const pad = "x".repeat(1000);
  const list = {
    kind: "PodList",
    apiVersion: "v1",
    items: Array.from({ length: 1200 }, (_, i) => ({ metadata: { name: `p${i}`, annotations: { pad } } })),
  };
  const text = JSON.stringify(list, null, 2);

  test("is large enough to take the fast path", () => {
    expect(text.length).toBeGreaterThan(FAST_JSON_MIN_BYTES);
  });

  test("values and positions match the YAML reading", () => {
    const doc = parseYamlText(text, "big.json").documents[0]!;
    expect(doc.value).toEqual(list);
    expect(doc.positionOf(["items", 1000])).toEqual({ file: "big.json", line: 5 + 8 * 1000, column: 5 });
    expect(doc.positionOf(["items", 1000, "metadata", "name"])).toEqual({ file: "big.json", line: 7 + 8 * 1000, column: 17 });
  });

  test("invalid large JSON is still a positioned YAML_SYNTAX error", () => {
    const broken = text.replace('"name": "p3",', '"name": "p3",,');
    const err = inputErrorOf(() => parseYamlText(broken, "broken.json"));
    expect(err.code).toBe("YAML_SYNTAX");
    expect(err.details[0]!.line).toBe(7 + 8 * 3); // the line of p3's name
  });
});

describe("bad input", () => {
  test("syntax error with line and column", () => {
    // Line 3 nests a mapping "d: e" (column 4) inside the compact value of "c".
    const err = inputErrorOf(() => parseYamlText("a: 1\nb: 2\nc: d: e\n", "bad.yaml"));
    expect(err.code).toBe("YAML_SYNTAX");
    expect(err.details[0]).toMatchObject({ file: "bad.yaml", line: 3, column: 4, path: "" });
  });

  test("an unclosed flow sequence is reported where the next line gives it away", () => {
    // "[" opens on line 3; line 4 at column 1 is where the parser learns it never closes.
    const err = inputErrorOf(() => parseYamlText("a: 1\nb: 2\nc: [1, 2\nd: 4\n", "bad.yaml"));
    expect(err.code).toBe("YAML_SYNTAX");
    expect(err.details[0]).toMatchObject({ line: 4, column: 1 });
  });

  test("an indentation error points at its line", () => {
    const err = inputErrorOf(() => parseYamlText("a:\n  b: 1\n c: 2\n", "indent.yaml"));
    expect(err.code).toBe("YAML_SYNTAX");
    expect(err.details[0]!.line).toBe(3);
  });

  test("duplicate keys are syntax errors (uniqueKeys), in small JSON too", () => {
    const err = inputErrorOf(() => parseYamlText('{"a": 1, "a": 2}', "dup.json"));
    expect(err.code).toBe("YAML_SYNTAX");
    expect(err.details[0]).toMatchObject({ line: 1, column: 10 }); // the second "a"
  });

  test("billion laughs is refused as resource exhaustion", () => {
    const lol = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    ].join("\n");
    const err = inputErrorOf(() => parseYamlText(lol, "lol.yaml"));
    expect(err.code).toBe("RESOURCE_EXHAUSTION");
    expect(err.details[0]!.file).toBe("lol.yaml");
  });

  test("nesting too deep for the stack is refused as resource exhaustion", () => {
    const err = inputErrorOf(() => parseYamlText(`a: ${"[".repeat(2000)}${"]".repeat(2000)}`, "deep.yaml"));
    expect(err.code).toBe("RESOURCE_EXHAUSTION");
    expect(err.details[0]!.line).toBe(1);
  });

  test("a missing file is FILE_UNREADABLE under its display name", () => {
    const err = inputErrorOf(() => readYamlFile(join(dir, "nope.yaml"), "nope.yaml"));
    expect(err.code).toBe("FILE_UNREADABLE");
    expect(err.details[0]!.file).toBe("nope.yaml");
  });

  test("a directory is FILE_UNREADABLE", () => {
    expect(inputErrorOf(() => readYamlFile(dir)).code).toBe("FILE_UNREADABLE");
  });

  test("a file over the size cap is refused before parsing", () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, "a: 1\n");
    truncateSync(big, MAX_YAML_FILE_BYTES + 1); // sparse: costs no disk
    const err = inputErrorOf(() => readYamlFile(big));
    expect(err.code).toBe("FILE_UNREADABLE");
    expect(err.details[0]!.file).toBe(big);
  });
});

describe("pathToString", () => {
  test.each<[(string | number)[], string]>([
    [["spec", "template", "spec", "containers", 0, "resources"], "spec.template.spec.containers[0].resources"],
    [["metadata", "labels", "app.kubernetes.io/name"], 'metadata.labels["app.kubernetes.io/name"]'],
    [["spec", "containers", 0, "resources", "limits", "nvidia.com/gpu"], 'spec.containers[0].resources.limits["nvidia.com/gpu"]'],
    [["items", 3], "items[3]"],
    [[0, "kind"], "[0].kind"],
    [["data", "kube-proxy"], "data.kube-proxy"],
    [["a b"], '["a b"]'],
    [[], ""],
  ])("%j → %s", (path, text) => {
    expect(pathToString(path)).toBe(text);
  });
});
