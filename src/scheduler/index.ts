/**
 * scheduler/: kube-scheduler's default profile, reproduced decision for decision. A `Scheduler`
 * runs one cycle per pod (schedule-one.ts) through a `Framework` of plugins (framework/,
 * plugins/), on the cluster tables; `explain` reports why; config/ reads
 * KubeSchedulerConfiguration files into a `SchedulerProfile`; queue/ orders pending pods.
 * docs/scheduler-internals.md explains the tables, the cycle state and how to add a plugin.
 *
 * May import: `../cluster/`, `../engine/`, `../errors.ts` (and, for `explainFromFiles` only,
 * `../scenario/manifests.ts`).
 *
 *   const s = new Scheduler(cluster, { rng: new RngStreams(seed).stream("scheduler") });
 *   const r = s.scheduleOne(podSlot);       // binds on success
 *   r.nodeName ?? r.fitError!.message();    // "0/5 nodes are available: 3 Insufficient cpu, ..."
 */
export { compilePod, type CompiledPod } from "./compiled-pod.js";
export { explainFromFiles, explainPod, renderExplainTable, type ExplainOptions, type ExplainResult } from "./explain.js";
export { FitError, failedSchedulingMessage, scheduledMessage, type NodeFilterStatus } from "./framework/fit-error.js";
export { Framework, type PluginRegistry } from "./framework/framework.js";
export type { FilterPlugin, Plugin, PostFilterPlugin, PostFilterResult, ScorePlugin } from "./framework/interfaces.js";
export { allocateStateSlot, CycleState } from "./framework/cycle-state.js";
export { reasonId, reasonText } from "./framework/reasons.js";
export * from "./framework/status.js";
export { numFeasibleNodesToFind } from "./num-feasible-nodes.js";
export { CORE_PLUGINS, pluginRegistry } from "./plugins/index.js";
export { defaultProfile, type SchedulerProfile } from "./profile.js";
export { eventMessage, Scheduler, type ScheduleResult, type SchedulerOptions } from "./schedule-one.js";
export { selectHost, type IntSource } from "./select-host.js";
export { Nominator } from "./nominator.js";
export { carryOutPostFilter, NOMINATION_KEEP, tablePreemptionActions, type PreemptionActions } from "./preemption-actions.js";
export { attachDefaultPreemption, createDefaultPreemption, type DefaultPreemption } from "./plugins/default-preemption.js";
