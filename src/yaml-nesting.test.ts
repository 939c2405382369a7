import { describe, expect, test } from "vitest";
import { inputErrorOf } from "../test/fixtures/input-error-of.js";
import { nestingOverflow } from "./yaml-nesting.js";
import { parseConfigText } from "./scheduler/config/config-yaml.js";
import { parseYamlText } from "./scenario/yaml-source.js";

describe("collection nesting, checked before parsing", () => {
  test("flow collections: the bracket that passes the limit is reported", () => {
    // The block map `a:` is level 1; "a: " is 3 characters, so the `[`s at offsets 3, 4, 5 are
    // levels 2–4 and the one at 6 is level 5.
    expect(nestingOverflow("a: [[[[1]]]]", 4)).toBe(6);
    expect(nestingOverflow("a: [[[1]]]", 4)).toBe(-1);
    // Mappings count too: `{` (offset 3) level 2, `[` (7) level 3, `{` (8) level 4.
    expect(nestingOverflow("a: {x: [{y: 1}]}", 3)).toBe(8);
    // Across lines, in a sequence entry: "- [" is levels 1–2, then "\n  [" (offset 6) level 3,
    // "\n    [" (offset 12) level 4.
    expect(nestingOverflow("- [\n  [\n    [1]]]", 3)).toBe(12);
    // After an anchor or a tag the value still starts: `[[` at 6–7 and 9–10.
    expect(nestingOverflow("a: &x [[1]]", 2)).toBe(7);
    expect(nestingOverflow("a: !!seq [[1]]", 2)).toBe(10);
  });

  test("block collections: each deeper indentation is a level, and so is each compact `- ` after a line's first", () => {
    // a (0), b (2), c (4): three levels; d back at 2 closes c.
    const doc = "a:\n  b:\n    c: 1\n  d:\n    e: 1\n";
    expect(nestingOverflow(doc, 3)).toBe(-1);
    // "    c" sits at offset 12: level 3.
    expect(nestingOverflow(doc, 2)).toBe(12);
    // "- - - x": the line's first `-` is level 1, the next two (offsets 2, 4) levels 2 and 3.
    expect(nestingOverflow("- - - x", 2)).toBe(4);
    // A sibling at the same indentation is not deeper.
    expect(nestingOverflow("- a\n- b\n- c\n", 1)).toBe(-1);
  });

  test("brackets in quoted scalars, comments, plain text and block scalars do not count", () => {
    const doc = [
      `a: "[[[[" # [[[[`,
      `b: '[[''[['`,
      "c: x[[[[",
      "d: |",
      "  [[[[ unclosed",
      "      [[[[",
      "e: >-",
      "    {{{{",
      "f: [1, '[[[[', \"]]]]\"]",
      "",
    ].join("\n");
    // Every key is level 1 and f's sequence level 2.
    expect(nestingOverflow(doc, 2)).toBe(-1);
  });

  test("a block scalar ends at the first line indented no deeper than its key", () => {
    // "d: |\n" (5) + "  [[[[\n" (7) + "\n" (1) + "  x\n" (4) = 17: g is level 1, its `[[` at 20
    // and 21 levels 2 and 3.
    expect(nestingOverflow("d: |\n  [[[[\n\n  x\ng: [[1]]", 2)).toBe(21);
  });

  test("a document nested 2,000 deep is refused with its line and column, before the parser recurses", () => {
    const err = inputErrorOf(() => parseYamlText(`x: 1\na: ${"[".repeat(2000)}${"]".repeat(2000)}\n`, "deep.yaml"));
    expect(err.code).toBe("RESOURCE_EXHAUSTION");
    // Line 2: `a:` is level 1, so the 256th `[` is level 257, at column 3 + 256 = 259.
    expect(err.details[0]).toMatchObject({ file: "deep.yaml", line: 2, column: 259 });
    expect(err.details[0]!.message).toMatch(/nested more than 256 deep/);
    const compact = inputErrorOf(() => parseYamlText(`a:\n  ${"- ".repeat(3000)}x\n`, "compact.yaml"));
    // `a` is level 1, the line's first `-` (column 3) level 2: the 256th `-`, column 3 + 2 · 255 = 513, is level 257.
    expect(compact.details[0]).toMatchObject({ line: 2, column: 513 });
  });

  test("a scheduler configuration file gets the same check", () => {
    const text = `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: ${"[".repeat(300)}${"]".repeat(300)}\n`;
    const err = inputErrorOf(() => parseConfigText(text, "sched.yaml"));
    // "profiles: " is 10 characters: the 256th `[` (level 257) is at column 10 + 256 = 266.
    expect(err.details[0]).toMatchObject({ code: "RESOURCE_EXHAUSTION", file: "sched.yaml", line: 3, column: 266 });
  });

  test("255 levels of brackets under a key still parse", () => {
    const set = parseYamlText(`a: ${"[".repeat(255)}1${"]".repeat(255)}\n`, "ok.yaml");
    let v = (set.documents[0]!.value as { a: unknown }).a;
    let levels = 0;
    while (Array.isArray(v)) [v, levels] = [v[0], levels + 1];
    expect([levels, v]).toEqual([255, 1]);
  });
});
