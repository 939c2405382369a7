import { describe, expect, test } from "vitest";
import { InputError } from "../errors.js";
import { inputErrorOf } from "../../test/fixtures/input-error-of.js";
import { columnName, parseRange, setText } from "./sweep-range.js";

describe("parseRange", () => {
  test.each([
    // from..to/step: to included when the steps land on it
    ["spec.cluster.nodePools[0].count=10..16/2", [10, 12, 14, 16]],
    // 10, 13, 16; 19 would pass 17
    ["spec.cluster.nodePools[0].count=10..17/3", [10, 13, 16]],
    // the default step is 1
    ["spec.cluster.nodePools[0].count=3..5", [3, 4, 5]],
    // 0.1 steps: 0.30000000000000004 is rounded to 9 decimals; 1 is reached despite binary rounding
    ["spec.x=0..0.5/0.1", [0, 0.1, 0.2, 0.3, 0.4, 0.5]],
    ["spec.x=7..7", [7]],
  ])("%s", (text, values) => {
    const r = parseRange(text);
    expect(r.values).toEqual(values);
    expect(r.numeric).toBe(true);
  });

  test("a list keeps its order and reads each item as YAML", () => {
    const r = parseRange("spec.cluster.nodePools[0].instanceType=m6i.xlarge, c6i.2xlarge,m6i.2xlarge");
    expect(r.values).toEqual(["m6i.xlarge", "c6i.2xlarge", "m6i.2xlarge"]);
    expect(r.numeric).toBe(false);
    expect(r.path).toBe("spec.cluster.nodePools[0].instanceType");
    expect(parseRange("spec.x=2,4,8").numeric).toBe(true); // ascending numbers can be bisected
    expect(parseRange("spec.x=8,4").numeric).toBe(false);
  });

  test.each([
    ["no equals sign", "spec.x"],
    ["no values", "spec.x="],
    ["reversed", "spec.x=5..1"],
    ["zero step", "spec.x=1..5/0"],
    ["negative step", "spec.x=1..5/-1"],
    ["not a number", "spec.x=1..ten"],
    ["bad path", "spec..x=1..2"],
    ["index first", "[0]=1..2"],
    ["three dots", "spec.x=1...5"],
    ["empty item", "spec.x=a,,b"],
    ["repeated item", "spec.x=a,b,a"],
    ["a list item that is a map", "spec.x={a: 1}"],
  ])("%s is a USAGE error naming --range", (_why, text) => {
    let err: unknown;
    try {
      parseRange(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe("USAGE");
    expect((err as InputError).path).toBe("--range");
  });

  test("an item nested deeper than 256 levels is refused before YAML parses it, and the message quotes 120 characters", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const err = inputErrorOf(() => parseRange(`spec.x=a,${deep}`));
    expect(err.code).toBe("USAGE");
    expect(err.message).toContain("an item nests more than 256 levels");
    expect(err.message.length).toBeLessThan(400);
    // 255 brackets (256 levels with the document's) still reach YAML: a list, which no range value can be.
    expect(inputErrorOf(() => parseRange(`spec.x=a,${"[".repeat(255)}${"]".repeat(255)}`)).message).toContain("is not a number, string or boolean");
  });

  test("more than 100,000 values is refused as an absurd size", () => {
    expect(() => parseRange("spec.x=1..100001")).toThrow(InputError);
    expect(parseRange("spec.x=1..100000").values.length).toBe(100_000);
  });
});

describe("setText and columnName", () => {
  test("a value becomes a --set the scenario loader reads back as the same value", () => {
    const r = parseRange("spec.cluster.nodePools[0].instanceType=m6i.xlarge,\"yes\"");
    expect(setText(r, "m6i.xlarge")).toBe("spec.cluster.nodePools[0].instanceType=m6i.xlarge");
    // "yes" unquoted would still be a string in YAML 1.2, but "true" would not: quote what YAML would change
    expect(setText(r, "true")).toBe('spec.cluster.nodePools[0].instanceType="true"');
    expect(setText(r, 12)).toBe("spec.cluster.nodePools[0].instanceType=12");
  });

  test("column names are plain identifiers", () => {
    expect(columnName("spec.cluster.nodePools[0].count")).toBe("spec_cluster_nodePools_0_count");
    expect(columnName('spec.cluster.nodePools[0].labels["team.io/owner"]')).toBe("spec_cluster_nodePools_0_labels_team_io_owner");
  });
});
