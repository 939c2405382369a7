/**
 * The shapes of the Kubernetes fields kubesim reads (pod specs and templates, workload
 * strategies, PodDisruptionBudgets, StorageClass topologies), checked when an object loads, so
 * `containers: {}` or `tolerations: [null]` is an `InputError` at its line rather than an
 * internal error when a controller or the scheduler meets it mid-run. Only types, required
 * fields and the ranges the API server enforces (pkg/apis/core/validation/validation.go) are
 * checked; fields kubesim does not read are left alone, as valid Kubernetes may hold anything
 * there. A `null` optional field reads as absent (Go decodes it as nil); a `null` list item or
 * required field is a mistake.
 */
import { InputError } from "../errors.js";
import { expectIntOrPercent, fieldError, valueAt, type LoadedObject } from "./manifests.js";
import type { KeyPath } from "./yaml-source.js";

type Shape =
  | { t: "str" }
  | { t: "bool" }
  | { t: "int"; min: number; max: number }
  | { t: "intOrStr"; min: number; max: number }
  | { t: "obj"; fields: Readonly<Record<string, Shape>>; required?: readonly string[] }
  | { t: "list"; of: Shape; min?: number; notNull?: boolean }
  | { t: "map"; of: Shape };

/** pkg/apis/core/validation: most integer fields are int32. */
const INT32_MAX = 2_147_483_647;

const str: Shape = { t: "str" };
const bool: Shape = { t: "bool" };
const int = (min = 0, max = INT32_MAX): Shape => ({ t: "int", min, max });
const obj = (fields: Record<string, Shape>, required: string[] = []): Shape => ({ t: "obj", fields, required });
const list = (of: Shape, min = 0): Shape => ({ t: "list", of, min });
const map = (of: Shape): Shape => ({ t: "map", of });
/** validation.go validatePortNumOrName: 1–65535, or a port name. */
const port: Shape = { t: "intOrStr", min: 1, max: 65535 };
const labelSelector = obj({ matchLabels: map(str), matchExpressions: list(obj({ key: str, operator: str, values: list(str) }, ["key", "operator"])) });
const nodeSelectorRequirement = obj({ key: str, operator: str, values: list(str) }, ["key", "operator"]);
const nodeSelectorTerm = obj({ matchExpressions: list(nodeSelectorRequirement), matchFields: list(nodeSelectorRequirement) });
const podAffinityTerm = obj(
  { labelSelector, namespaceSelector: labelSelector, namespaces: list(str), topologyKey: str, matchLabelKeys: list(str), mismatchLabelKeys: list(str) },
  ["topologyKey"],
);
/** validation.go: preferred scheduling terms weigh 1–100. */
const weight = int(1, 100);
const podAffinity = obj({
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: list(obj({ weight, podAffinityTerm }, ["weight", "podAffinityTerm"])),
});
const affinity = obj({
  nodeAffinity: obj({
    requiredDuringSchedulingIgnoredDuringExecution: obj({ nodeSelectorTerms: list(nodeSelectorTerm, 1) }, ["nodeSelectorTerms"]),
    preferredDuringSchedulingIgnoredDuringExecution: list(obj({ weight, preference: nodeSelectorTerm }, ["weight", "preference"])),
  }),
  podAffinity,
  podAntiAffinity: podAffinity,
});
/** Probe integers are checked by probe-fields.ts; here the handlers' shapes. */
const probe = obj({
  httpGet: obj({ path: str, port, scheme: str, host: str }, ["port"]),
  tcpSocket: obj({ port, host: str }, ["port"]),
  grpc: obj({ port: int(1, 65535), service: str }, ["port"]),
  exec: obj({ command: list(str) }),
});
const container = obj(
  {
    name: str,
    image: str,
    command: list(str),
    args: list(str),
    env: list(obj({ name: str, value: str }, ["name"])),
    ports: list(obj({ containerPort: int(1, 65535), hostPort: int(0, 65535), protocol: str, hostIP: str, name: str }, ["containerPort"])),
    resources: obj({}), // requests and limits: resource-fields.ts
    volumeMounts: list(obj({ name: str, mountPath: str }, ["name"])),
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
    restartPolicy: str,
  },
  ["name"],
);
const podSpec = obj(
  {
    containers: { t: "list", of: container, notNull: true },
    initContainers: list(container),
    nodeName: str,
    nodeSelector: map(str),
    affinity,
    tolerations: list(obj({ key: str, operator: str, value: str, effect: str, tolerationSeconds: int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) })),
    topologySpreadConstraints: list(
      obj(
        { maxSkew: int(1), topologyKey: str, whenUnsatisfiable: str, labelSelector, minDomains: int(1), matchLabelKeys: list(str), nodeAffinityPolicy: str, nodeTaintsPolicy: str },
        ["maxSkew", "topologyKey", "whenUnsatisfiable"],
      ),
    ),
    volumes: list(obj({ name: str, persistentVolumeClaim: obj({ claimName: str }, ["claimName"]) }, ["name"])),
    overhead: map({ t: "intOrStr", min: -Infinity, max: Infinity }), // quantities: resource-fields.ts
    resources: obj({}),
    priorityClassName: str,
    priority: int(-INT32_MAX - 1),
    schedulerName: str,
    hostNetwork: bool,
    dnsPolicy: str,
    dnsConfig: obj({ nameservers: list(str), searches: list(str), options: list(obj({ name: str, value: str })) }),
  },
  // containers is required upstream; kubesim's lightweight objects (tests, sketches) may leave it out.
);
const workloadSpec = { selector: labelSelector, minReadySeconds: int(), revisionHistoryLimit: int(), progressDeadlineSeconds: int() };
/** Every object's labels and annotations are strings (the selectors and the spreading read them). */
const METADATA = obj({ labels: map(str), annotations: map(str) });
const podTemplate = obj({ metadata: METADATA, spec: podSpec });

/** Shapes of the objects' `spec`, by kind. */
const SPEC_SHAPES: Readonly<Record<string, Shape>> = {
  Pod: podSpec,
  Deployment: obj({ ...workloadSpec, template: podTemplate, strategy: obj({ type: str, rollingUpdate: obj({}) }) }),
  ReplicaSet: obj({ ...workloadSpec, template: podTemplate }),
  StatefulSet: obj({ ...workloadSpec, template: podTemplate, volumeClaimTemplates: list(obj({ metadata: obj({ name: str }), spec: obj({}) })) }),
  DaemonSet: obj({ ...workloadSpec, template: podTemplate, updateStrategy: obj({ type: str, rollingUpdate: obj({}) }) }),
  Job: obj({ selector: labelSelector, template: podTemplate }),
  PodDisruptionBudget: obj({ selector: labelSelector }),
  CronJob: obj({ jobTemplate: obj({ spec: obj({ template: podTemplate }) }) }),
};

/** IntOrString fields checked with expectIntOrPercent, by kind; PDB values are also at most 100 %. */
const INT_OR_PERCENT: Readonly<Record<string, readonly KeyPath[]>> = {
  Deployment: [
    ["spec", "strategy", "rollingUpdate", "maxSurge"],
    ["spec", "strategy", "rollingUpdate", "maxUnavailable"],
  ],
  DaemonSet: [
    ["spec", "updateStrategy", "rollingUpdate", "maxSurge"],
    ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"],
  ],
  PodDisruptionBudget: [
    ["spec", "minAvailable"],
    ["spec", "maxUnavailable"],
  ],
};

const STORAGE_CLASS_TOPOLOGIES = list(obj({ matchLabelExpressions: list(obj({ key: str, values: list(str) }, ["key", "values"])) }));

/** Every shape mistake of `o`, one error per field. */
export function checkObjectShapes(o: LoadedObject): InputError[] {
  const out: InputError[] = [];
  check(o, ["metadata"], METADATA, false, out);
  const shape = SPEC_SHAPES[o.kind];
  if (shape !== undefined) check(o, ["spec"], shape, false, out);
  if (o.kind === "StorageClass") check(o, ["allowedTopologies"], STORAGE_CLASS_TOPOLOGIES, false, out);
  for (const path of INT_OR_PERCENT[o.kind] ?? []) {
    try {
      const v = expectIntOrPercent(o, path);
      if (o.kind === "PodDisruptionBudget" && v?.type === "percent" && v.value > 100) {
        out.push(fieldError(o, path, "INVALID_VALUE", `a percentage from 0% to 100%, got "${v.value}%"`));
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push(e);
    }
  }
  return out;
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}

function check(o: LoadedObject, path: KeyPath, shape: Shape, required: boolean, out: InputError[]): void {
  const v = valueAt(o, path);
  if (v === undefined || (v === null && !required && !(shape.t === "list" && shape.notNull))) {
    if (required) out.push(fieldError(o, path, "MISSING_FIELD", "required"));
    return;
  }
  const fail = (message: string): void => void out.push(fieldError(o, path, v === null ? "MISSING_FIELD" : "INVALID_TYPE", message));
  switch (shape.t) {
    case "str":
      if (typeof v !== "string") fail(`expected a string, got ${kindOf(v)}`);
      return;
    case "bool":
      if (typeof v !== "boolean") fail(`expected true or false, got ${kindOf(v)}`);
      return;
    case "int":
    case "intOrStr":
      if (shape.t === "intOrStr" && typeof v === "string") return;
      if (typeof v !== "number" || (shape.min !== -Infinity && !Number.isSafeInteger(v))) {
        fail(`expected ${shape.t === "int" ? "an integer" : "an integer or a name"}, got ${kindOf(v)}`);
      } else if (v < shape.min || v > shape.max) {
        out.push(fieldError(o, path, "INVALID_VALUE", `must be from ${shape.min} to ${shape.max}, got ${v}`));
      }
      return;
    case "list":
      if (!Array.isArray(v)) return fail(`expected a list, got ${kindOf(v)}`);
      if (v.length < (shape.min ?? 0)) out.push(fieldError(o, path, "MISSING_FIELD", `needs at least ${shape.min} item${shape.min === 1 ? "" : "s"}`));
      v.forEach((_, i) => check(o, [...path, i], shape.of, true, out));
      return;
    case "map":
    case "obj":
      if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(`expected a map, got ${kindOf(v)}`);
      if (shape.t === "map") {
        for (const k of Object.keys(v)) check(o, [...path, k], shape.of, true, out);
        return;
      }
      for (const [k, s] of Object.entries(shape.fields)) check(o, [...path, k], s, shape.required?.includes(k) ?? false, out);
      return;
  }
}
