/**
 * Load-time checks of container `resources` (and the pod's `overhead` and pod-level
 * `resources`) in every pod spec and pod template, so a mistyped
 * quantity (`cpu: 2 cores`) is an `InputError` at its line when the scenario loads, not an
 * internal error when a controller creates the pod mid-run. As the API server validates them
 * (pkg/apis/core/validation/validation.go `ValidateResourceRequirements`):
 * - every `requests` and `limits` entry is a quantity, not negative;
 * - a request is at most the limit of the same resource, when both are given ("must be less
 *   than or equal to cpu limit of 1").
 */
import { InputError } from "../errors.js";
import { expectQuantity, fieldError, valueAt, type LoadedObject } from "./manifests.js";
import { podSpecPath } from "./probe-fields.js";
import type { KeyPath } from "./yaml-source.js";

/** The errors of `o`'s container resources, one per field, for `ScenarioChecker.absorb`. */
export function checkResourceFields(o: LoadedObject): InputError[] {
  const spec = podSpecPath(o.kind);
  if (!spec || typeof valueAt(o, spec) !== "object") return [];
  const out: InputError[] = [];
  // Pod overhead (RuntimeClass) and pod-level resources are resource lists too.
  quantities(o, [...spec, "overhead"], out);
  checkContainer(o, [...spec, "resources"], out);
  for (const list of ["initContainers", "containers"]) {
    const cs = valueAt(o, [...spec, list]);
    if (!Array.isArray(cs)) continue;
    cs.forEach((_, i) => checkContainer(o, [...spec, list, i, "resources"], out));
  }
  return out;
}

function checkContainer(o: LoadedObject, at: KeyPath, out: InputError[]): void {
  const requests = quantities(o, [...at, "requests"], out);
  const limits = quantities(o, [...at, "limits"], out);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit !== undefined && request > limit) {
      const given = (path: KeyPath) => String(valueAt(o, path));
      out.push(fieldError(o, [...at, "requests", name], "INVALID_VALUE", `must be less than or equal to ${name} limit of ${given([...at, "limits", name])}, got ${given([...at, "requests", name])}`));
    }
  }
}

/** The valid entries of a resource list by name; each invalid one adds its error to `out`. */
function quantities(o: LoadedObject, path: KeyPath, out: InputError[]): Map<string, number> {
  const values = new Map<string, number>();
  const list = valueAt(o, path);
  if (list === undefined || list === null) return values;
  if (typeof list !== "object" || Array.isArray(list)) {
    out.push(fieldError(o, path, "INVALID_TYPE", "expected a map of resource names to quantities, e.g. {cpu: 500m, memory: 1Gi}"));
    return values;
  }
  for (const name of Object.keys(list)) {
    try {
      const v = expectQuantity(o, [...path, name], name);
      if (v !== undefined) values.set(name, v);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push(e);
    }
  }
  return values;
}
