/**
 * `kubesim schema`: prints the scenario file's JSON Schema, the document editors use for
 * completion and hover help (`# yaml-language-server: $schema=...`). Keys are sorted and
 * indented by 2, so the output is byte-stable; `schema/scenario.schema.json` is this output.
 */
import type { Command } from "commander";
import { stableStringify } from "../../report/stable-json.js";
import { SCENARIO_SCHEMA } from "../../scenario/schema.js";
import { action, newCommand } from "../command.js";
import { EXIT_OK } from "../exit-codes.js";

/** The schema exactly as `kubesim schema` prints it. */
export function scenarioSchemaText(): string {
  return stableStringify(SCENARIO_SCHEMA, 2);
}

export function schemaCommand(): Command {
  return newCommand("schema", "print the JSON Schema of scenario files (for editors and CI)", [
    "kubesim schema > schema/scenario.schema.json",
    "kubesim schema | jq '.properties.spec.properties | keys'",
  ]).action(
    action((ctx) => {
      ctx.print(scenarioSchemaText());
      return EXIT_OK;
    }),
  );
}
