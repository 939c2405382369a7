import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { scenarioSchemaText } from "../cli/commands/schema.js";
import { SCENARIO_SCHEMA } from "./schema.js";

const COMMITTED = join(process.cwd(), "schema", "scenario.schema.json");
const REGENERATE = "npx tsc -p tsconfig.json && node dist/src/cli/main.js schema > schema/scenario.schema.json";

type Node = Record<string, unknown>;

/** Every subschema with its JSON pointer-ish location. */
function* walk(schema: Node, at = "#"): Generator<[string, Node]> {
  yield [at, schema];
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" || key === "patternProperties") {
      for (const [name, sub] of Object.entries(value as Record<string, Node>)) yield* walk(sub, `${at}/${key}/${name}`);
    } else if ((key === "items" || key === "additionalProperties") && typeof value === "object" && value !== null) {
      yield* walk(value as Node, `${at}/${key}`);
    } else if (key === "oneOf") {
      for (const [i, sub] of (value as Node[]).entries()) yield* walk(sub, `${at}/oneOf/${i}`);
    }
  }
}

/** Embedded Kubernetes objects are checked by their own readers, not by additionalProperties. */
const isKubernetesObject = (s: Node) => Array.isArray(s["required"]) && (s["required"] as string[]).includes("apiVersion") && !("const" in ((s["properties"] as Node)["apiVersion"] as Node));

describe("the scenario JSON Schema", () => {
  test(`schema/scenario.schema.json is what schema.ts prints (regenerate: ${REGENERATE})`, () => {
    const committed = readFileSync(COMMITTED, "utf8");
    expect(committed, `schema/scenario.schema.json is out of date; regenerate it with: ${REGENERATE}`).toBe(scenarioSchemaText());
  });

  test("every property has a description (editors show it on hover)", () => {
    const missing: string[] = [];
    for (const [at, s] of walk(SCENARIO_SCHEMA)) {
      if (/\/(properties|patternProperties)\/[^/]+$/.test(at) && typeof s["description"] !== "string") missing.push(at);
    }
    expect(missing).toEqual([]);
  });

  test("every kubesim object refuses unknown keys", () => {
    const open: string[] = [];
    for (const [at, s] of walk(SCENARIO_SCHEMA)) {
      if (!("properties" in s) || isKubernetesObject(s) || at.endsWith("/metadata")) continue;
      // The timeline item only names `action` to pick its oneOf branch; each branch is closed.
      if ("oneOf" in s) continue;
      if (s["additionalProperties"] !== false) open.push(at);
    }
    expect(open).toEqual([]);
  });

  test("every integer and every list has a maximum", () => {
    const unbounded: string[] = [];
    for (const [at, s] of walk(SCENARIO_SCHEMA)) {
      if (s["type"] === "integer" && typeof s["maximum"] !== "number") unbounded.push(at);
      if (s["type"] === "array" && typeof s["maxItems"] !== "number") unbounded.push(at);
      if (s["type"] === "object" && !("properties" in s) && typeof s["maxProperties"] !== "number" && !at.endsWith("/metadata") && !at.endsWith("/config")) unbounded.push(at);
    }
    expect(unbounded).toEqual([]);
  });
});
