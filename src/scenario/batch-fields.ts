/**
 * Load-time checks of what the Job controller and the kubelet's run-to-completion model read,
 * so a mistake is an `InputError` at its line instead of a surprise mid-run:
 *
 * - a Job's `backoffLimit`, `activeDeadlineSeconds` (> 0), `ttlSecondsAfterFinished`,
 *   `completionMode` (`NonIndexed` | `Indexed`, Indexed needs `completions`) and its template's
 *   `restartPolicy` (`Never` | `OnFailure`: the API server rejects a Job with `Always`, the pod
 *   default) — pkg/apis/batch/validation/validation.go;
 * - the `kubesim.io/run-time` and `kubesim.io/failure-probability` annotations of a Pod or of any
 *   workload's pod template (kubelet/run-time.ts; documented in docs/scenarios.md).
 *
 * Each function returns the errors it found (one per field), for `ScenarioChecker.absorb`.
 */
import { InputError } from "../errors.js";
import { FAILURE_PROBABILITY_ANNOTATION, parseFailureProbability, parseRunTime, RUN_TIME_ANNOTATION, RunTimeError } from "../kubelet/run-time.js";
import { expectCount, expectInt, expectString, fieldError, valueAt, type LoadedObject } from "./manifests.js";
import type { KeyPath } from "./yaml-source.js";

/** Runs each check and collects its `InputError`, so one object can report several fields. */
function collect(checks: (() => void)[]): InputError[] {
  const out: InputError[] = [];
  for (const c of checks) {
    try {
      c();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push(e);
    }
  }
  return out;
}

export function checkBatchFields(o: LoadedObject): InputError[] {
  const checks: (() => void)[] = [];
  if (o.kind === "Job") {
    checks.push(
      () => expectCount(o, ["spec", "backoffLimit"]),
      () => expectInt(o, ["spec", "activeDeadlineSeconds"], { min: 1 }),
      () => expectInt(o, ["spec", "ttlSecondsAfterFinished"], { min: 0 }),
      () => {
        const mode = expectString(o, ["spec", "completionMode"], { oneOf: ["NonIndexed", "Indexed"] });
        if (mode === "Indexed" && valueAt(o, ["spec", "completions"]) == null) {
          throw fieldError(o, ["spec", "completions"], "MISSING_FIELD", "required when completionMode is Indexed");
        }
      },
      () => expectString(o, ["spec", "template", "spec", "restartPolicy"], { required: true, oneOf: ["Never", "OnFailure"] }),
    );
  }
  const meta: KeyPath = o.kind === "Pod" ? ["metadata"] : ["spec", "template", "metadata"];
  const annotation = (key: string, parse: (s: string) => unknown) => () => {
    const path = [...meta, "annotations", key];
    const text = expectString(o, path);
    if (text === undefined) return;
    try {
      parse(text);
    } catch (e) {
      if (e instanceof RunTimeError) throw fieldError(o, path, "INVALID_VALUE", e.message);
      throw e;
    }
  };
  checks.push(annotation(RUN_TIME_ANNOTATION, parseRunTime), annotation(FAILURE_PROBABILITY_ANNOTATION, parseFailureProbability));
  return collect(checks);
}
