/**
 * Namespace labels for InterPodAffinity's `namespaceSelector`
 * (`interpodaffinity/plugin.go GetNamespaceLabelsSnapshot`, `mergeAffinityTermNamespacesIfNotEmpty`).
 *
 * The labels come from the cluster's Namespace objects when it has them. A namespace known
 * only from its pods gets the one label the API server puts on every namespace since v1.21,
 * `kubernetes.io/metadata.name: <name>` (pkg/registry/core/namespace/strategy.go), so a
 * selector on that label works on snapshots that did not include Namespace objects.
 * Cold code: once per cycle at most.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import { internLabels, selectorMatches, type CompiledSelector } from "./label-selector.js";

/** staging/src/k8s.io/api/core/v1/well_known_labels.go LabelMetadataName. */
export const LABEL_METADATA_NAME = "kubernetes.io/metadata.name";

/** Interned label pairs of namespace `nsId`. */
export function namespaceLabels(c: ClusterState, nsId: number): Int32Array {
  const name = c.interners.namespaces.name(nsId);
  const obj = c.namespaceObjects.get(name);
  return internLabels(c, obj ? { ...obj.metadata?.labels } : { [LABEL_METADATA_NAME]: name });
}

/** Ids of the namespaces (Namespace objects and namespaces of known pods) whose labels match. */
export function namespacesMatching(c: ClusterState, sel: CompiledSelector): number[] {
  const ids = c.interners.namespaces;
  for (const name of c.namespaceObjects.keys()) ids.id(name);
  const out: number[] = [];
  for (let id = 1; id < ids.size; id++) if (selectorMatches(sel, namespaceLabels(c, id))) out.push(id);
  return out;
}
