import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { NO_REAL_DATA, realPath } from "../../test/fixtures/real-data.js";
import { JsonLocator, locateInJson } from "./json-locate.js";
import { parseYamlText, type KeyPath } from "./yaml-source.js";

describe("locateInJson", () => {
  // Offsets: "{" 0, "a" key 1, "[" 6, 1 at 7, "{" 10, "b" key 11, its string 16, 'c\"d' key 26,
  // null 34, "e" key 40, 2 at 45.
  const text = '{"a": [1, {"b": "x,]}"}], "c\\"d": null, "e": 2}';
  test.each<[KeyPath, "key" | "value", number]>([
    [[], "value", 0],
    [["a"], "value", 6],
    [["a"], "key", 1],
    [["a", 0], "value", 7],
    [["a", 1], "value", 10],
    [["a", 1, "b"], "value", 16], // a string holding "," "]" "}" is skipped whole
    [["a", 1, "b"], "key", 11],
    [['c"d'], "key", 26], // escaped key decoded before comparing
    [['c"d'], "value", 34],
    [["e"], "value", 45],
    [["a", 5], "value", 6], // missing index: the array
    [["a", 1, "zz"], "value", 10], // missing key: the object
    [["e", "deeper"], "value", 45], // path through a scalar: the scalar
    [["a", "x"], "value", 6], // key into an array: the array
  ])("%j (%s) → %i", (path, which, offset) => {
    expect(locateInJson(text, path, which)).toBe(offset);
  });

  test("line and column, after a byte-order mark and CRLF line ends", () => {
    const loc = new JsonLocator('\ufeff{\r\n  "a": {\r\n    "b": true\r\n  }\r\n}', "x.json");
    expect(loc.positionOf(["a", "b"])).toEqual({ file: "x.json", line: 3, column: 10 });
    expect(loc.positionOf(["a", "b"], "key")).toEqual({ file: "x.json", line: 3, column: 5 });
  });
});

/** Every path to a leaf or container of `value`, in document order. */
function allPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

describe.skipIf(NO_REAL_DATA)("agrees with the YAML parser's positions on real kubectl dumps", () => {
  test.each([
    "snapshots/troubleshoot-fixtures/nodes.json",
    "snapshots/k3s-single-node-support-bundle/pods-default.json",
  ])("%s", (rel) => {
    const text = readFileSync(realPath(rel), "utf8");
    const doc = parseYamlText(text, "f.json").documents[0]!; // under the fast-path size: the YAML path
    const locator = new JsonLocator(text, "f.json");
    const paths = allPaths(doc.value);
    // Every 7th path (plus a missing child of each) keeps the quadratic scan cheap.
    for (let i = 0; i < paths.length; i += 7) {
      const p = paths[i]!;
      expect(locator.positionOf(p), JSON.stringify(p)).toEqual(doc.positionOf(p));
      if (p.length > 0) expect(locator.positionOf(p, "key")).toEqual(doc.positionOf(p, "key"));
      expect(locator.positionOf([...p, "missing"])).toEqual(doc.positionOf([...p, "missing"]));
    }
  });
});
