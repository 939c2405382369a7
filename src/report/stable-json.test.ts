import { describe, expect, test } from "vitest";
import { stableStringify } from "./stable-json.js";

describe("stableStringify", () => {
  test("keys are sorted at every depth; output ends with a newline", () => {
    const value = { seed: 42, b: { z: 1, a: [{ y: true, x: null }] }, a: "s" };
    expect(stableStringify(value)).toBe(
      '{\n  "a": "s",\n  "b": {\n    "a": [\n      {\n        "x": null,\n        "y": true\n      }\n    ],\n    "z": 1\n  },\n  "seed": 42\n}\n',
    );
  });

  test("the same value built in a different key order gives the same bytes", () => {
    const one = { metrics: { pod_startup_latency_ms: { p99: 2.31, count: 10 } }, exitCode: 1 };
    const two = { exitCode: 1, metrics: { pod_startup_latency_ms: { count: 10, p99: 2.31 } } };
    expect(stableStringify(one)).toBe(stableStringify(two));
  });

  test("integer-like keys sort as strings ('10' before '9'), unlike JSON.stringify's order", () => {
    // JavaScript objects enumerate integer-like keys numerically first: JSON.stringify would
    // give {"9":..,"10":..,"a":..}. Code-unit order puts "1" (0x31) before "9" (0x39) before "a".
    expect(stableStringify({ a: 0, 9: 1, 10: 2 }, 0)).toBe('{"10":2,"9":1,"a":0}\n');
  });

  test("keys sort by UTF-16 code units, not locale: uppercase before lowercase", () => {
    expect(stableStringify({ b: 1, B: 2, a: 3 }, 0)).toBe('{"B":2,"a":3,"b":1}\n');
  });

  test("indent 0 gives one line, like JSON.stringify without spacing", () => {
    const value = { list: [1, "two", false, null, [], {}], n: -0 };
    expect(stableStringify(value, 0)).toBe('{"list":[1,"two",false,null,[],{}],"n":0}\n');
  });

  test("numbers use ECMAScript's shortest round-trip form", () => {
    expect(stableStringify([0.1, 1 / 3, 1e21, 1e-7, 123456789, 2.5], 0)).toBe("[0.1,0.3333333333333333,1e+21,1e-7,123456789,2.5]\n");
  });

  test("strings are escaped as JSON", () => {
    expect(stableStringify({ msg: 'a "b"\n\\' }, 0)).toBe('{"msg":"a \\"b\\"\\n\\\\"}\n');
  });

  test("undefined members are dropped; toJSON is honoured", () => {
    const withToJson = { toJSON: () => ({ q: "1Gi" }) };
    expect(stableStringify({ gone: undefined, kept: 1, mem: withToJson }, 0)).toBe('{"kept":1,"mem":{"q":"1Gi"}}\n');
  });

  test.each([
    ["NaN", { x: Number.NaN }, /\$\.x/],
    ["Infinity", { y: [Infinity] }, /\$\.y\[0\]/],
    ["bigint", { z: 1n }, /\$\.z/],
    ["function", { f: () => 1 }, /\$\.f/],
    ["Map", { m: new Map() }, /\$\.m/],
    ["undefined in an array", [undefined], /\$\[0\]/],
  ])("%s throws a TypeError naming the path", (_name, value, path) => {
    expect(() => stableStringify(value)).toThrow(TypeError);
    expect(() => stableStringify(value)).toThrow(path);
  });

  test("a cycle throws; a shared (acyclic) object is written twice", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/circular/);
    const shared = { k: 1 };
    expect(stableStringify({ a: shared, b: shared }, 0)).toBe('{"a":{"k":1},"b":{"k":1}}\n');
  });

  test("objects without a prototype are plain objects", () => {
    const bare = Object.create(null) as Record<string, number>;
    bare.y = 2;
    bare.x = 1;
    expect(stableStringify(bare, 0)).toBe('{"x":1,"y":2}\n');
  });
});
