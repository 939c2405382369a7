/**
 * The building blocks of the scenario JSON Schema (schema.ts): the text formats Kubernetes
 * accepts (Go durations, `resource.Quantity`, RFC 1123 names, extended resource names) as
 * patterns with what each means in words, and the builders that apply schema.ts's rules (a
 * `description` on every property, a `maximum` on every count, `additionalProperties: false`),
 * so that every block, in schema.ts or in a `*-fields.ts` (through `SchemaHelpers`), is built alike.
 */
export type Schema = Record<string, unknown>;

/** The builders a `*-fields.ts` block is given by schema.ts. */
export interface SchemaHelpers {
  object(description: string, properties: Record<string, Schema>, required?: string[]): Schema;
  duration(description: string): Schema;
  count(description: string, maximum: number, minimum?: number): Schema;
  str(description: string, extra?: Schema): Schema;
}

/**
 * Go `time.ParseDuration` text (`300ms`, `1.5h`, `2h45m`) or a plain number of seconds
 * (see src/cluster/duration.ts). Negative durations are refused here.
 */
export const DURATION_PATTERN = "^((([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+|[0-9]+(\\.[0-9]*)?|\\.[0-9]+)$";
/**
 * A non-negative `resource.Quantity` (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go):
 * `500m`, `16Gi`, `1.5`, `2e3`.
 */
export const QUANTITY_PATTERN = "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$";
/** RFC 1123 label: node names are `<pool>-<index>`, and must stay valid Node names. */
export const POOL_NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

/** Scenario names become a folder name (`results/<name>/`): no slashes, no leading dot. */
export const SCENARIO_NAME_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

/** Extended resources and hugepages: `nvidia.com/gpu`, `hugepages-2Mi`. */
export const EXTENDED_RESOURCE_PATTERN = "^(hugepages-[0-9]+[KMG]i|[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$";

/** What a failed `pattern` means, for error messages (ajv only says "must match pattern"). */
export const PATTERN_EXPECTATIONS: Readonly<Record<string, string>> = {
  [DURATION_PATTERN]: "a duration like 300ms, 10s, 5m or 1h30m (or a number of seconds)",
  [QUANTITY_PATTERN]: "a non-negative quantity like 500m, 4, 16Gi or 100Mi (16GB is not a Kubernetes quantity: write 16G or 16Gi)",
  [POOL_NAME_PATTERN]: "lower-case letters, digits and '-', starting and ending with a letter or digit",
  [SCENARIO_NAME_PATTERN]: "letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
};

export const str = (description: string, extra: Schema = {}): Schema => ({ type: "string", description, ...extra });
export const duration = (description: string): Schema => ({ type: ["string", "number"], pattern: DURATION_PATTERN, description });
export const quantity = (description: string): Schema => ({ type: ["string", "number"], pattern: QUANTITY_PATTERN, description });
export const count = (description: string, maximum: number, minimum = 0): Schema => ({ type: "integer", minimum, maximum, description });
export const nonNegative = (description: string, maximum: number): Schema => ({ type: "number", minimum: 0, maximum, description });
export const stringMap = (description: string, maxProperties: number): Schema => ({
  type: "object",
  description,
  maxProperties,
  additionalProperties: { type: "string" },
});
/**
 * A container-runtime timing: a duration (fixed), or `{median, p99}` (lognormal). One schema for
 * both forms: `pattern` applies to strings only and the object keywords to maps only.
 */
export const startupTime = (description: string): Schema => ({
  type: ["string", "number", "object"],
  pattern: DURATION_PATTERN,
  description,
  properties: { median: duration("Median, e.g. 600ms."), p99: duration("99th percentile, at least the median, e.g. 2s.") },
  required: ["median", "p99"],
  additionalProperties: false,
});
export const paths = (description: string): Schema => ({
  type: "array",
  description,
  minItems: 1,
  maxItems: 1000,
  items: str("A file path, relative to the scenario file.", { minLength: 1 }),
});
export const object = (description: string, properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: "object",
  description,
  additionalProperties: false,
  properties,
  ...(required.length > 0 ? { required } : {}),
});

/** A Kubernetes object written inline; its fields are checked by the reader of its kind. */
export const kubernetesObject = (description: string): Schema => ({
  type: "object",
  description,
  required: ["apiVersion", "kind", "metadata"],
  properties: {
    apiVersion: str("The object's API group and version, e.g. apps/v1."),
    kind: str("The object's kind, e.g. Deployment."),
    metadata: { type: "object", description: "Standard Kubernetes object metadata; needs a name." },
  },
});
