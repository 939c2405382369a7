/**
 * Kubernetes manifests and cluster dumps as kubesim input: the files `kubectl apply -f` takes
 * (multi-document YAML, JSON) and the ones `kubectl get -o yaml|json` prints (`List`,
 * `NodeList`, `PodList`, ...). Every object keeps its file, line, column and key path, so later
 * stages report mistakes as `file:line:column: path: message` (see `manifest-fields.ts`).
 *
 * Loading only checks the envelope (an object with `apiVersion`, `kind`, `metadata.name`); what
 * the fields mean is decided by the callers that interpret them. Kinds kubesim does not simulate
 * (ConfigMap, Secret, RBAC, CRDs, ...) are loaded too and summarised by `notSimulatedKinds`, so
 * a real manifest set never has to be edited before import.
 *
 *     const { objects, warnings } = loadManifests(["app.yaml", "nodes.json"]);
 *     const nodes = objects.filter((o) => o.kind === "Node");
 *     const replicas = expectCount(deployment, ["spec", "replicas"], { default: 1 });
 */
import { relative } from "node:path";
import type { KubeObject } from "../cluster/k8s-types.js";
import { InputError, type InputErrorDetail, type SourcePosition } from "../errors.js";
import { pathToString, readYamlFile, type KeyPath, type YamlDocument } from "./yaml-source.js";

export {
  MAX_OBJECT_COUNT,
  expectBoolean,
  expectCount,
  expectInt,
  expectIntOrPercent,
  expectQuantity,
  expectString,
  fieldError,
  valueAt,
} from "./manifest-fields.js";
export type { IntOrPercent } from "./manifest-fields.js";

/** One Kubernetes object read from a file. */
export interface LoadedObject {
  readonly kind: string;
  readonly apiVersion: string;
  /** `metadata.name`, or `metadata.generateName` when only that is set. */
  readonly name: string;
  /** `metadata.namespace` as written; "" when unset (cluster-scoped, or the default namespace). */
  readonly namespace: string;
  /** The object as plain data. Items of a typed list get the list's implied kind and apiVersion. */
  readonly object: KubeObject;
  /** Where the object starts, and its key path in the document: "" or `items[3]`. */
  readonly source: SourcePosition & { path: string };
  /** The same key path as a list of keys: [] or ["items", 3]. */
  readonly basePath: KeyPath;
  /** Position of a field, given by its path relative to the object (`["spec", "replicas"]`). */
  positionOf(path: KeyPath, which?: "key" | "value"): SourcePosition;
}

export interface LoadedManifests {
  /** In file order, then document order, then item order. */
  readonly objects: LoadedObject[];
  /** Non-fatal findings, each starting with `file:line:column`. */
  readonly warnings: string[];
}

export interface LoadManifestsOptions {
  /** Show file names relative to this folder in positions and messages. */
  displayRoot?: string;
}

/**
 * Kinds kubesim simulates. Everything else is accepted and reported as not simulated.
 * Matching is by kind only, whatever the apiVersion (`extensions/v1beta1` Deployments included).
 */
export const SIMULATED_KINDS: ReadonlySet<string> = new Set([
  "Node",
  "Pod",
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "PriorityClass",
  "PodDisruptionBudget",
  "Namespace",
  "Service",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StorageClass",
  "HorizontalPodAutoscaler",
]);

export function isSimulatedKind(kind: string): boolean {
  return SIMULATED_KINDS.has(kind);
}

/** Errors collected before giving up, across all files: enough to fix a batch in one pass. */
const MAX_REPORTED_ERRORS = 50;

/**
 * Loads manifest files. Empty documents are skipped; every other document must be an object
 * with `apiVersion` and `kind`. All envelope mistakes of all files are thrown together as one
 * `InputError`.
 */
export function loadManifests(files: readonly string[], opts: LoadManifestsOptions = {}): LoadedManifests {
  const objects: LoadedObject[] = [];
  const warnings: string[] = [];
  const errors: InputErrorDetail[] = [];
  for (const file of files) {
    const shown = opts.displayRoot === undefined ? file : relative(opts.displayRoot, file);
    try {
      const set = readYamlFile(file, shown);
      warnings.push(...set.warnings);
      for (const doc of set.documents) loadDocument(doc, objects, errors);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(...e.details);
    }
    if (errors.length >= MAX_REPORTED_ERRORS) break;
  }
  if (errors.length > 0) throw new InputError(errors.slice(0, MAX_REPORTED_ERRORS));
  warnings.push(...duplicateWarnings(objects));
  return { objects, warnings };
}

function loadDocument(doc: YamlDocument, out: LoadedObject[], errors: InputErrorDetail[]): void {
  const value = doc.value;
  if (value === null || value === undefined) return; // an empty document, e.g. a trailing "---"
  const envelope = checkEnvelope(doc, value, [], undefined, errors);
  if (envelope === undefined) return;
  if (!isList(envelope.kind, value as Record<string, unknown>)) {
    out.push(makeLoaded(doc, value as KubeObject, [], envelope));
    return;
  }
  const items = (value as Record<string, unknown>)["items"];
  if (items === null) return; // Go marshals an empty (nil) slice as null
  if (!Array.isArray(items)) {
    errors.push(detail(doc, ["items"], "INVALID_TYPE", `a ${envelope.kind} needs an "items" array`));
    return;
  }
  // A typed list (NodeList, PodList, ...) implies its items' kind; kubectl omits it in some dumps.
  const implied = envelope.kind === "List" ? undefined : { kind: envelope.kind.slice(0, -4), apiVersion: envelope.apiVersion };
  items.forEach((item, i) => {
    const path = ["items", i];
    const itemEnvelope = checkEnvelope(doc, item, path, implied, errors);
    if (itemEnvelope !== undefined) out.push(makeLoaded(doc, item as KubeObject, path, itemEnvelope));
  });
}

/** `List`, `NodeList`, `PodList`, ...: a kind ending in "List" with an `items` key. */
function isList(kind: string, obj: Record<string, unknown>): boolean {
  return kind.endsWith("List") && "items" in obj;
}

interface Envelope {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
}

/** Checks kind, apiVersion and metadata; fills implied ones in. Undefined (and an error) if bad. */
function checkEnvelope(
  doc: YamlDocument,
  value: unknown,
  path: KeyPath,
  implied: { kind: string; apiVersion: string } | undefined,
  errors: InputErrorDetail[],
): Envelope | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`;
    errors.push(detail(doc, path, "INVALID_TYPE", `expected a Kubernetes object (a map with apiVersion and kind), got ${what}`));
    return undefined;
  }
  const obj = value as Record<string, unknown>;
  if (implied !== undefined) {
    obj["kind"] ??= implied.kind;
    obj["apiVersion"] ??= implied.apiVersion;
  }
  let ok = true;
  for (const field of ["apiVersion", "kind"] as const) {
    const v = obj[field];
    if (v === undefined || v === null || v === "") {
      errors.push(detail(doc, [...path, field], "MISSING_FIELD", `every Kubernetes object needs "${field}"`));
      ok = false;
    } else if (typeof v !== "string") {
      errors.push(detail(doc, [...path, field], "INVALID_TYPE", `"${field}" must be a string`));
      ok = false;
    }
  }
  if (!ok) return undefined;
  const kind = obj["kind"] as string;
  // A list's own metadata holds only resourceVersion: no name to check.
  if (isList(kind, obj)) {
    return { kind, apiVersion: obj["apiVersion"] as string, name: "", namespace: "" };
  }
  const meta = obj["metadata"];
  if (meta === undefined || meta === null) {
    errors.push(detail(doc, [...path, "metadata"], "MISSING_FIELD", `a ${kind} needs metadata.name`));
    return undefined;
  }
  if (typeof meta !== "object" || Array.isArray(meta)) {
    errors.push(detail(doc, [...path, "metadata"], "INVALID_TYPE", "metadata must be a map"));
    return undefined;
  }
  const m = meta as Record<string, unknown>;
  for (const field of ["name", "generateName", "namespace"] as const) {
    if (m[field] !== undefined && typeof m[field] !== "string") {
      errors.push(detail(doc, [...path, "metadata", field], "INVALID_TYPE", `metadata.${field} must be a string`));
      return undefined;
    }
  }
  const name = (m["name"] as string | undefined) || (m["generateName"] as string | undefined) || "";
  if (name === "") {
    errors.push(detail(doc, [...path, "metadata", "name"], "MISSING_FIELD", `a ${kind} needs metadata.name`));
    return undefined;
  }
  return { kind, apiVersion: obj["apiVersion"] as string, name, namespace: (m["namespace"] as string | undefined) ?? "" };
}

function makeLoaded(doc: YamlDocument, object: KubeObject, basePath: KeyPath, e: Envelope): LoadedObject {
  let source: (SourcePosition & { path: string }) | undefined;
  return {
    kind: e.kind,
    apiVersion: e.apiVersion,
    name: e.name,
    namespace: e.namespace,
    object,
    // Lazy: positions of a JSON dump cost a second, YAML parse (see yaml-source.ts).
    get source() {
      return (source ??= { ...doc.positionOf(basePath), path: pathToString(basePath) });
    },
    basePath,
    positionOf: (path, which) => doc.positionOf([...basePath, ...path], which),
  };
}

function detail(doc: YamlDocument, path: KeyPath, code: InputErrorDetail["code"], message: string): InputErrorDetail {
  return { ...doc.positionOf(path), path: pathToString(path), code, message };
}

/** The same kind, namespace and name twice: `kubectl apply` would keep only the last one. */
function duplicateWarnings(objects: readonly LoadedObject[]): string[] {
  const seen = new Map<string, LoadedObject>();
  const out: string[] = [];
  for (const o of objects) {
    if (o.object.metadata?.name === undefined) continue; // generateName: every copy is a new object
    const key = `${o.kind}\u0000${o.namespace}\u0000${o.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, o);
      continue;
    }
    const s = o.source;
    const ns = o.namespace === "" ? "" : `${o.namespace}/`;
    out.push(
      `${s.file}:${s.line}:${s.column}: ${o.kind} ${ns}${o.name} is also defined at ` +
        `${first.source.file}:${first.source.line}:${first.source.column}; both are kept`,
    );
  }
  return out;
}

/** How many objects of each kind kubesim does not simulate, most frequent first, then by name. */
export function notSimulatedKinds(objects: readonly LoadedObject[]): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const o of objects) if (!isSimulatedKind(o.kind)) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/** `3 ConfigMap, 2 Secret` for the CLI's "not simulated:" line; "" when everything is simulated. */
export function formatNotSimulated(kinds: readonly { kind: string; count: number }[]): string {
  return kinds.map((k) => `${k.count} ${k.kind}`).join(", ");
}
