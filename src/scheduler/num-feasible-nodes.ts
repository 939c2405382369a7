/**
 * How many feasible nodes the scheduler looks for before it stops filtering
 * (pkg/scheduler/schedule_one.go `numFeasibleNodesToFind`).
 *
 * Below 100 nodes: all of them. Otherwise `percentageOfNodesToScore` percent of them (0 means
 * adaptive: `50 − N/125`, at least 5 %), but never fewer than 100. Integer arithmetic throughout:
 * N=1000 → 42 % → 420; N=5000 → 10 % → 500; N=6000 → 5 % → 300; N=6000 at 40 % → 2400.
 */

/** schedule_one.go: minFeasibleNodesToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** schedule_one.go: minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}
