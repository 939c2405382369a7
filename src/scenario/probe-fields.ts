/**
 * Load-time checks of the container fields the kubelet model reads (`src/kubelet/`), so a
 * mistake is an `InputError` at its line rather than a NaN mid-run. As the API server validates
 * them (pkg/apis/core/validation/validation.go `validateProbe`, `validateRestartPolicy`):
 * - probe `initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold`,
 *   `failureThreshold` are non-negative integers (0 means the default), and a probe-level
 *   `terminationGracePeriodSeconds` is at least 1;
 * - liveness and startup probes need `successThreshold` 1;
 * - the pod's `restartPolicy` is `Always`, `OnFailure` or `Never`, and
 *   `terminationGracePeriodSeconds` a non-negative integer.
 * Each function returns the errors it found, one per field, for `ScenarioChecker.absorb`.
 */
import { InputError } from "../errors.js";
import { expectInt, expectString, fieldError, valueAt, type LoadedObject } from "./manifests.js";
import type { KeyPath } from "./yaml-source.js";

const PROBE_INTS = ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] as const;

/** Where a kind keeps its pod spec. */
export function podSpecPath(kind: string): KeyPath | null {
  switch (kind) {
    case "Pod":
      return ["spec"];
    case "Deployment":
    case "ReplicaSet":
    case "StatefulSet":
    case "DaemonSet":
    case "Job":
      return ["spec", "template", "spec"];
    case "CronJob":
      return ["spec", "jobTemplate", "spec", "template", "spec"];
    default:
      return null;
  }
}

export function checkProbeFields(o: LoadedObject): InputError[] {
  const spec = podSpecPath(o.kind);
  if (!spec || typeof valueAt(o, spec) !== "object") return [];
  const out: InputError[] = [];
  const check = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push(e);
    }
  };
  check(() => expectString(o, [...spec, "restartPolicy"], { oneOf: ["Always", "OnFailure", "Never"] }));
  check(() => expectInt(o, [...spec, "terminationGracePeriodSeconds"], { min: 0 }));
  for (const list of ["initContainers", "containers"]) {
    const cs = valueAt(o, [...spec, list]);
    if (!Array.isArray(cs)) continue;
    cs.forEach((_, i) => {
      for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
        const at: KeyPath = [...spec, list, i, probe];
        if (valueAt(o, at) === undefined || valueAt(o, at) === null) continue;
        // validation.go: the probe's integers are int32.
        for (const f of PROBE_INTS) check(() => expectInt(o, [...at, f], { min: 0, max: 2_147_483_647 }));
        check(() => expectInt(o, [...at, "terminationGracePeriodSeconds"], { min: 1 }));
        const success = valueAt(o, [...at, "successThreshold"]);
        if (probe !== "readinessProbe" && typeof success === "number" && success > 1) {
          out.push(fieldError(o, [...at, "successThreshold"], "INVALID_VALUE", `must be 1 for a ${probe}, got ${success}`));
        }
      }
    });
  }
  return out;
}
