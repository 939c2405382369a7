/**
 * Which pods count towards the pod startup SLI, as SIG-scalability defines it
 * (kubernetes/community sig-scalability/slos/pod_startup_latency.md): "startup latency of
 * stateless and schedulable pods, excluding time to pull images and run init containers,
 * measured from pod creation timestamp to when all its containers are reported as started
 * and observed via watch".
 * - stateless: every volume is a secret, configMap, downwardAPI or emptyDir (projected
 *   volumes are made of those plus service account tokens, so they count as stateless too);
 * - schedulable: placed "without causing any preemption" — a pod that ever had
 *   `status.nominatedNodeName` (it preempted) is left out;
 * - started: all containers started (not Ready: readiness depends on the application).
 * Simplification: init containers in this model only cost their image pull (excluded) and a
 * container start, which stays in the SLI.
 */
import type { PodSpec } from "../cluster/k8s-types.js";

const STATELESS_SOURCES = ["secret", "configMap", "downwardAPI", "emptyDir", "projected"];

export function isStatelessPod(spec: PodSpec | undefined): boolean {
  for (const v of spec?.volumes ?? []) {
    if (!STATELESS_SOURCES.some((k) => v[k] !== undefined)) return false;
  }
  return true;
}
