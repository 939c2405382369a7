/**
 * kubelet/: what happens on the nodes. One `Kubelet` actor holds every node's state in typed
 * arrays: pod startup (sandbox, image pulls serialised per node with a per-node cache,
 * container start; runtime times fixed or lognormal and slowed by the node's other pods,
 * `container-runtime.ts`), probes in closed form (startup, readiness, liveness), exits and restarts
 * with restartPolicy and the exact CrashLoopBackOff schedule, image pull back-off during
 * registry outages, the pod status it posts (phase, Ready, container reasons), and termination
 * (Killing, grace period). Node-pressure eviction comes next.
 *
 * May import: `apiserver/`, `cluster/` (types), `engine/`, `scenario/scenario-types.ts` (types).
 *
 *   const kubelet = new Kubelet(); kubelet.start(ctx);   // reacts to pods bound to nodes
 *   kubelet.containerExited(podId, 137, "OOMKilled", tUs); // another model ends a container
 */
export { DEFAULT_TERMINATION_GRACE_PERIOD_S, Kubelet } from "./kubelet.js";
export { drawRunTimeUs, FAILURE_PROBABILITY_ANNOTATION, parseFailureProbability, parseRunTime, RUN_TIME_ANNOTATION, type RunTimeDistribution } from "./run-time.js";
export { imageTag, pullDurationUs, pullPolicyOf, type PullPolicy } from "./image-policy.js";
export { registryHost, normalizeRegistryHost } from "./image-policy.js";
export { CRASH_LOOP_RESET_US, IMAGE_BACKOFF_PERIOD_US, INITIAL_CRASH_LOOP_BACKOFF_US, MAX_CONTAINER_BACKOFF_US, MAX_IMAGE_BACKOFF_US } from "./backoff.js";
export { EXIT_CODE_SIGKILL, EXIT_CODE_SIGTERM } from "./container-lifecycle.js";
export { type ExitReason, REASON_TEXT } from "./container-table.js";
export { POD_WORKER_BACKOFF_US } from "./pod-worker.js";
export { ContainerRuntime, operationTime, type OperationTime, Z_P99 } from "./container-runtime.js";
export { DEFAULT_PROBE_FAILURE_THRESHOLD, DEFAULT_PROBE_PERIOD_S, DEFAULT_PROBE_SUCCESS_THRESHOLD, DEFAULT_PROBE_TIMEOUT_S, resolveProbe, type ResolvedProbe } from "./probes.js";
