/**
 * runtime/: a scenario run assembled from its parts. `buildRuntime` turns a
 * `ResolvedScenario` into a Simulation, an object store, the actors (scheduler, Deployment and
 * ReplicaSet controllers, kubelet, node lifecycle, pod GC), the run recorder (metrics) and the
 * timeline; `runScenario` also runs it. No Kubernetes behaviour lives here
 * (docs/design/runtime-internals.md).
 *
 * May import: every actor layer (`apiserver/`, `scheduler/`, `controllers/`, `kubelet/`),
 * `metrics/`, `cluster/`, `engine/`, and scenario types. `report/` and `cli/` import this.
 *
 *   const outcome = runScenario(loadScenario("scenarios/quickstart.yaml"));
 *   outcome.recorder.podStartupLatency.summary(1000).p99;   // ms
 */
export { buildRuntime, type ClusterRuntime, runScenario, type RunOptions, type RunOutcome } from "./cluster-runtime.js";
export { type NodeRecordRow, RunRecorder } from "./run-recorder.js";
export { qosClass, type QosClass } from "./qos-class.js";
export { DEFAULT_TIMELINE_HANDLERS, type TimelineHandler, type TimelineRuntime } from "./timeline-actions.js";
