/**
 * `pickOneNodeForPreemption` (pkg/scheduler/framework/preemption/preemption.go): among the
 * candidates, keep those best on each criterion in turn until one is left:
 *   1. fewest PDB violations;
 *   2. lowest priority of the highest-priority victim;
 *   3. smallest Σ(victim priority + 2^31) (MaxInt32 + 1, so negative priorities count);
 *   4. fewest victims;
 *   5. latest start time among the highest-priority victims (`util.GetEarliestPodStartTime`);
 *   6. first in candidate order.
 */
import type { PodFacts } from "./select-victims.js";

export interface Candidate {
  node: number;
  /** Victims sorted most important first. */
  victims: readonly number[];
  numPDBViolations: number;
}

/** Earliest start time among the victims of the highest priority (the victims are sorted). */
function earliestStartOfTopPriority(c: Candidate, f: PodFacts): number {
  const top = f.priority(c.victims[0]!);
  let earliest = Infinity;
  for (const v of c.victims) if (f.priority(v) === top && f.startTimeUs(v) < earliest) earliest = f.startTimeUs(v);
  return earliest;
}

/** Index of the chosen candidate, or −1 when there are none. */
export function pickOneNodeForPreemption(cands: readonly Candidate[], f: PodFacts): number {
  if (cands.length === 0) return -1;
  // Each score is "higher is better", as upstream's scoreFuncs.
  const scores: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -f.priority(c.victims[0]!),
    (c) => {
      let sum = 0;
      for (const v of c.victims) sum += f.priority(v) + 2147483648;
      return -sum;
    },
    (c) => -c.victims.length,
    (c) => earliestStartOfTopPriority(c, f),
  ];
  let alive = cands.map((_, i) => i);
  for (const score of scores) {
    let best = -Infinity;
    let next: number[] = [];
    for (const i of alive) {
      const s = score(cands[i]!);
      if (s > best) {
        best = s;
        next = [i];
      } else if (s === best) next.push(i);
    }
    alive = next;
    if (alive.length === 1) break;
  }
  return alive[0]!;
}
