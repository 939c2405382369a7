/**
 * The field checks every loaded Kubernetes object gets before anything simulates it, whether it
 * comes from a scenario (`spec.workloads`, `spec.cluster.nodes`, a timeline `apply`) or from a
 * manifest file given to `kubesim validate`: the shapes of the fields kubesim reads
 * (object-shapes.ts), counts capped before anything allocates for them
 * (manifest-fields.ts MAX_OBJECT_COUNT), HorizontalPodAutoscaler specs, storage, Job and
 * CronJob fields, probes, and container resources. Each mistake is an `InputError` at its line.
 */
import { InputError } from "../errors.js";
import { checkHpaObject } from "./autoscaling-settings.js";
import { checkBatchFields } from "./batch-fields.js";
import { expectCount, type LoadedObject } from "./manifests.js";
import { checkObjectShapes } from "./object-shapes.js";
import { checkProbeFields } from "./probe-fields.js";
import { checkResourceFields } from "./resource-fields.js";
import { checkStorageFields } from "./storage-fields.js";

/** Every field mistake of `o`, one error per field (the first only for the throwing checks). */
export function objectFieldErrors(o: LoadedObject): InputError[] {
  // A field of the wrong shape first: the checks below read the fields they expect.
  const shapes = checkObjectShapes(o);
  if (shapes.length > 0) return shapes;
  const out: InputError[] = [];
  try {
    if (o.kind === "Deployment" || o.kind === "ReplicaSet" || o.kind === "StatefulSet") expectCount(o, ["spec", "replicas"]);
    if (o.kind === "HorizontalPodAutoscaler") checkHpaObject(o);
    if (o.kind === "Job") {
      expectCount(o, ["spec", "parallelism"]);
      expectCount(o, ["spec", "completions"]);
    }
    checkStorageFields(o);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    out.push(e);
  }
  out.push(...checkBatchFields(o), ...checkProbeFields(o), ...checkResourceFields(o));
  return out;
}
