/**
 * Candidate window and the preemption part of FailedScheduling
 * (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go `calculateNumCandidates`,
 * `GetOffsetAndNumCandidates`; preemption.go `DryRunPreemption`, `Preempt`).
 */

/** DefaultPreemptionArgs defaults (pkg/scheduler/apis/config/v1/defaults.go). */
export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** Upstream reason texts. */
export const NOT_HELPFUL_MSG = "Preemption is not helpful for scheduling";
export const NO_VICTIMS_MSG = "No preemption victims found for incoming pod";
export const POLICY_NEVER_MSG = "not eligible due to preemptionPolicy=Never.";
export const TERMINATING_VICTIM_MSG = "not eligible due to a terminating pod on the nominated node.";
/** default_preemption.go PostFilter prefixes every message it returns with this. */
export const PREEMPTION_MSG_PREFIX = "preemption: ";

/** `calculateNumCandidates`: max(N·pct/100, abs), at most N (integer division as upstream). */
export function numCandidates(numNodes: number, pct = DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE, abs = DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE): number {
  let n = Math.trunc((numNodes * pct) / 100);
  if (n < abs) n = abs;
  if (n > numNodes) n = numNodes;
  return n;
}

/** The random window offset: `rand.Int31n(N)`. */
export function candidateOffset(numNodes: number, rng: { int(n: number): number }): number {
  return numNodes > 0 ? rng.int(numNodes) : 0;
}

/**
 * "preemption: 0/N nodes are available: <sorted histogram>." — each node contributes one
 * reason (not-helpful for UnschedulableAndUnresolvable nodes, no-victims for failed dry runs).
 */
export function preemptionMessage(numAllNodes: number, reasons: ReadonlyMap<string, number>): string {
  const entries = [...reasons].map(([r, n]) => `${n} ${r}`);
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${PREEMPTION_MSG_PREFIX}0/${numAllNodes} nodes are available: ${entries.join(", ")}.`;
}
