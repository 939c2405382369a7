/**
 * A `LoadedObject` for an object that is not in a manifest file of its own: a Kubernetes object
 * written inline in the scenario (`spec.workloads[].object`, `spec.scheduler.config`), or a
 * KubeSchedulerConfiguration file (which has no `metadata`, so `loadManifests` would refuse it).
 * Positions and paths are those of the enclosing document, so mistakes found later inside the
 * object still point at the right line of the scenario.
 */
import type { KubeObject } from "../cluster/k8s-types.js";
import type { LoadedObject } from "./manifests.js";
import { pathToString, type KeyPath, type YamlDocument } from "./yaml-source.js";

export function documentObject(doc: YamlDocument, basePath: KeyPath): LoadedObject {
  let v: unknown = doc.value;
  for (const k of basePath) v = (v as Record<string | number, unknown>)[k];
  const object = v as KubeObject;
  const meta = object.metadata;
  return {
    kind: typeof object.kind === "string" ? object.kind : "",
    apiVersion: typeof object.apiVersion === "string" ? object.apiVersion : "",
    name: meta?.name || meta?.generateName || "",
    namespace: meta?.namespace ?? "",
    object,
    source: { ...doc.positionOf(basePath), path: pathToString(basePath) },
    basePath,
    positionOf: (path, which) => doc.positionOf([...basePath, ...path], which),
  };
}
