import { describe, expect, test } from "vitest";
import { flowDepthOverflow } from "./flow-depth.js";
import { parseYamlText } from "./yaml-source.js";
import { inputErrorOf } from "../../test/fixtures/input-error-of.js";

describe("flow collection depth, checked before parsing", () => {
  test("the bracket that opens level limit + 1 is reported", () => {
    // "a: " is 3 characters: the 4th `[` (offset 6) opens level 4.
    expect(flowDepthOverflow("a: [[[[1]]]]", 3)).toBe(6);
    expect(flowDepthOverflow("a: [[[1]]]", 3)).toBe(-1);
    // Mappings count too, mixed with sequences: `{x: [` is level 2, `{y:` level 3.
    expect(flowDepthOverflow("a: {x: [{y: 1}]}", 2)).toBe(8);
    // Across lines, in a sequence entry: "- [", newline, two spaces, "[", newline, four spaces: offset 12.
    expect(flowDepthOverflow("- [\n  [\n    [1]]]", 2)).toBe(12);
    // After an anchor or a tag the value still starts.
    expect(flowDepthOverflow("a: &x [[1]]", 1)).toBe(7);
    expect(flowDepthOverflow("a: !!seq [[1]]", 1)).toBe(10);
  });

  test("brackets in quoted scalars, comments, plain text and block scalars do not count", () => {
    const doc = [
      `a: "[[[[" # [[[[`,
      `b: '[[''[['`,
      "c: x[[[[",
      "d: |",
      "  [[[[ unclosed",
      "  [[[[",
      "e: >-",
      "    {{{{",
      "f: [1, '[[[[', \"]]]]\"]",
      "",
    ].join("\n");
    expect(flowDepthOverflow(doc, 1)).toBe(-1);
  });

  test("a block scalar ends at the first line indented no deeper than its key", () => {
    // "d: |\n" (5) + "  [[[[\n" (7) + "\n" (1) + "  x\n" (4) = 17: g's `[[` sit at 20 and 21, level 2 at 21.
    expect(flowDepthOverflow("d: |\n  [[[[\n\n  x\ng: [[1]]", 1)).toBe(21);
  });

  test("a document nested 2,000 deep is refused with its line and column, before the parser recurses", () => {
    const err = inputErrorOf(() => parseYamlText(`x: 1\na: ${"[".repeat(2000)}${"]".repeat(2000)}\n`, "deep.yaml"));
    expect(err.code).toBe("RESOURCE_EXHAUSTION");
    // Line 2, "a: " then 256 levels: the 257th `[` is column 3 + 257 = 260.
    expect(err.details[0]).toMatchObject({ file: "deep.yaml", line: 2, column: 260 });
    expect(err.details[0]!.message).toMatch(/nested more than 256 deep/);
  });

  test("256 levels still parse", () => {
    const set = parseYamlText(`a: ${"[".repeat(256)}1${"]".repeat(256)}\n`, "ok.yaml");
    let v = (set.documents[0]!.value as { a: unknown }).a;
    let levels = 0;
    while (Array.isArray(v)) [v, levels] = [v[0], levels + 1];
    expect([levels, v]).toEqual([256, 1]);
  });
});
