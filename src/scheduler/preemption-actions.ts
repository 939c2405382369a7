/**
 * Carrying out a PostFilter outcome: upstream's `prepareCandidate`
 * (pkg/scheduler/framework/preemption/preemption.go) evicts the victims and clears the
 * nominations of lower-priority pods nominated to the chosen node, then
 * `handleSchedulingFailure` (schedule_one.go) records the preemptor's new
 * `status.nominatedNodeName` (or clears it when preemption found nothing).
 *
 * The Scheduler decides; whoever owns the objects acts, through `PreemptionActions`:
 * `tablePreemptionActions` removes victims from the tables at once (bench, explain, tests);
 * the runtime's SchedulerActor deletes them through the object store (graceful deletion,
 * `Preempted` events) and writes `status.nominatedNodeName`.
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import type { Nominator } from "./nominator.js";

export interface PreemptionActions {
  /** `PreemptPod`: evict `victim` so `preemptor` fits `node`. */
  preemptVictim(victim: number, preemptor: number, node: number): void;
  /** `status.nominatedNodeName` of `pod` changed to `node` (−1: cleared). The nominator is already updated. */
  nominationChanged(pod: number, node: number): void;
}

/** The plain-tables path: a victim is gone at once (no graceful termination to wait for). */
export function tablePreemptionActions(c: ClusterState, nominator: Nominator): PreemptionActions {
  return {
    preemptVictim(victim) {
      nominator.remove(victim);
      c.deletePod(victim);
    },
    nominationChanged() {},
  };
}

/** PostFilter left the nomination alone (upstream ModeNoop). */
export const NOMINATION_KEEP = -2;

/**
 * Applies a PostFilter outcome for `pod`: `node` ≥ 0 evicts `victims` there and nominates the
 * pod; −1 clears its nomination; NOMINATION_KEEP does nothing.
 */
export function carryOutPostFilter(
  c: ClusterState,
  nominator: Nominator,
  actions: PreemptionActions,
  pod: number,
  node: number,
  victims: readonly number[],
): void {
  if (node === NOMINATION_KEEP) return;
  if (node >= 0) {
    for (const v of victims) actions.preemptVictim(v, pod, node);
    // getLowerPriorityNominatedPods: they may no longer fit there; clearing lets them look elsewhere.
    const prio = c.pods.priority[pod]!;
    for (const p of [...nominator.podsOn(node)]) {
      if (p === pod || c.pods.priority[p]! >= prio) continue;
      nominator.remove(p);
      actions.nominationChanged(p, -1);
    }
  }
  const before = nominator.nodeOf(pod);
  if (node >= 0) nominator.add(pod, node);
  else nominator.remove(pod);
  if (before !== node) actions.nominationChanged(pod, node);
}
