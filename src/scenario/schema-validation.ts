/**
 * Checks a scenario document against the JSON Schema (`schema.ts`) with ajv 8 and turns every
 * ajv error into an `InputErrorDetail` at the right place in the file: an unknown key points at
 * the key itself and suggests the closest known one (`unknown field "instanceTyp" (did you mean
 * "instanceType"?)`), a missing key at its parent, anything else at the value.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { ErrorCode, InputErrorDetail } from "../errors.js";
import { SCENARIO_SCHEMA } from "./schema.js";
import { PATTERN_EXPECTATIONS } from "./schema-helpers.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import { didYouMean } from "./suggest.js";
import type { KeyPath } from "./yaml-source.js";

let compiled: ValidateFunction | undefined;

/** The compiled schema; compiling takes a few milliseconds, so it is done once per process. */
function validator(): ValidateFunction {
  // strict: unknown keywords and type mix-ups in the schema itself are bugs, caught at compile time.
  // allowUnionTypes: durations and quantities are `string | number`. verbose: errors carry parentSchema.
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true, verbose: true }).compile(SCENARIO_SCHEMA);
  return compiled;
}

/**
 * Enumerations whose values name things (a metric, an instance type, a preset): a value outside
 * them is an unknown reference rather than a malformed value.
 */
const REFERENCE_ENUMS = ["/metric/enum", "/instanceType/enum", "/preset/enum"];

/** Fields whose `maximum` guards memory: going over it is RESOURCE_EXHAUSTION. */
const COUNT_FIELDS = new Set(["count", "replicas"]);

/** Schema errors of `value`, positioned through `checker`; empty when the document is valid. */
export function schemaErrors(value: unknown, checker: ScenarioChecker): InputErrorDetail[] {
  const validate = validator();
  if (validate(value)) return [];
  const out: InputErrorDetail[] = [];
  for (const e of validate.errors ?? []) {
    const d = toDetail(e, value, checker);
    if (d !== undefined) out.push(d);
  }
  return out;
}

function toDetail(e: ErrorObject, root: unknown, checker: ScenarioChecker): InputErrorDetail | undefined {
  const path = instancePath(e.instancePath, root);
  const last = path[path.length - 1];
  const params = e.params as Record<string, unknown>;
  const fail = (code: ErrorCode, message: string, at: KeyPath = path, which: "key" | "value" = "value") =>
    checker.detail(at, code, message, which);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params["additionalProperty"]);
      const known = Object.keys((e.parentSchema?.["properties"] as object | undefined) ?? {});
      return fail("UNKNOWN_FIELD", `unknown field ${JSON.stringify(key)}${didYouMean(key, known)}`, [...path, key], "key");
    }
    case "required":
      return fail("MISSING_FIELD", "required field is missing", [...path, String(params["missingProperty"])], "key");
    case "type":
      return fail("INVALID_TYPE", `expected ${String(params["type"]).replace(",", " or ")}, got ${describe(e.data)}`);
    case "const":
      return fail("INVALID_VALUE", `must be ${JSON.stringify(params["allowedValue"])}, got ${describe(e.data)}`);
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map(String);
      const isReference = REFERENCE_ENUMS.some((s) => e.schemaPath.endsWith(s));
      const hint = typeof e.data === "string" ? didYouMean(e.data, allowed) : "";
      return fail(
        isReference ? "UNKNOWN_REFERENCE" : "INVALID_VALUE",
        `${isReference ? `unknown ${String(last)}` : "unsupported value"} ${describe(e.data)}${hint}; known: ${allowed.join(", ")}`,
      );
    }
    case "pattern": {
      const expected = PATTERN_EXPECTATIONS[String(params["pattern"])] ?? `a value matching ${String(params["pattern"])}`;
      return fail("INVALID_VALUE", `expected ${expected}, got ${describe(e.data)}`);
    }
    case "maximum":
      if (typeof last === "string" && COUNT_FIELDS.has(last)) {
        return fail("RESOURCE_EXHAUSTION", `${describe(e.data)} is more than kubesim simulates (at most ${String(params["limit"])})`);
      }
      return fail("INVALID_VALUE", `must be at most ${String(params["limit"])}, got ${describe(e.data)}`);
    case "minimum":
      return fail("INVALID_VALUE", `must be at least ${String(params["limit"])}, got ${describe(e.data)}`);
    case "maxItems":
    case "maxProperties":
      return fail("RESOURCE_EXHAUSTION", `more than ${String(params["limit"])} entries`);
    case "minItems":
      return fail("INVALID_VALUE", `needs at least ${String(params["limit"])} entr${params["limit"] === 1 ? "y" : "ies"}`);
    case "discriminator":
      return undefined; // the `action` enum or required error says the same, better
    default:
      return fail("INVALID_VALUE", e.message ?? e.keyword);
  }
}

/** `/spec/cluster/nodePools/0/count` → ["spec", "cluster", "nodePools", 0, "count"]: indexes only inside arrays. */
function instancePath(pointer: string, root: unknown): KeyPath {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let v: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(v)) {
      out.push(Number(key));
      v = v[Number(key)];
    } else {
      out.push(key);
      v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "a map";
  return JSON.stringify(v);
}
