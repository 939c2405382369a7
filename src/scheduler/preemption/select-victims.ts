/**
 * `SelectVictimsOnNode` (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go):
 * remove every strictly lower-priority pod from a copy of the node, check that the preemptor
 * fits, then reprieve victims one by one — most important first, PDB-violating ones before the
 * rest — keeping each reprieved pod when the preemptor still fits with it back.
 */
import { splitByPdbViolation, type PdbSpec } from "./pdb.js";

/** A what-if copy of one node: pods can be taken off and put back, and the preemptor tried. */
export interface NodeSimulation {
  removePod(slot: number): void;
  addPod(slot: number): void;
  /** The preemptor passes every filter on the simulated node (incl. nominated pods). */
  preemptorFits(): boolean;
}

const NONE: readonly number[] = [];

export interface PodFacts {
  priority(slot: number): number;
  startTimeUs(slot: number): number;
  namespaceId(slot: number): number;
}

export interface Victims {
  pods: number[];
  numPDBViolations: number;
}

/**
 * `util.MoreImportantPod` (pkg/scheduler/util/utils.go): higher priority first, then the
 * earlier start time. Negative when a is more important.
 */
export function compareImportance(f: PodFacts, a: number, b: number): number {
  const pa = f.priority(a), pb = f.priority(b);
  if (pa !== pb) return pb - pa;
  return f.startTimeUs(a) - f.startTimeUs(b);
}

/**
 * The victims; "noVictims" when no pod on the node has a lower priority (upstream's
 * UnschedulableAndUnresolvable "No preemption victims found for incoming pod"); "doesNotFit"
 * when the preemptor fails a filter even with all of them gone (upstream reports that
 * filter's status for the node).
 */
export function selectVictimsOnNode(
  sim: NodeSimulation,
  podsOnNode: readonly number[],
  preemptorPriority: number,
  facts: PodFacts,
  pdbs: readonly PdbSpec[],
  pdbAllowed: readonly number[],
): Victims | "noVictims" | "doesNotFit" {
  const potential = podsOnNode.filter((p) => facts.priority(p) < preemptorPriority);
  if (potential.length === 0) return "noVictims";
  for (const p of potential) sim.removePod(p);
  if (!sim.preemptorFits()) {
    for (const p of potential) sim.addPod(p);
    return "doesNotFit";
  }
  potential.sort((a, b) => compareImportance(facts, a, b));
  const [violating, nonViolating] = pdbs.length === 0 ? [NONE, potential] : splitByPdbViolation(potential, (s) => facts.namespaceId(s), pdbs, pdbAllowed);
  const victims: number[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: number): boolean => {
    sim.addPod(p);
    if (sim.preemptorFits()) return true;
    sim.removePod(p);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  // Upstream sorts the final list by importance again when victims were appended from both groups.
  if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => compareImportance(facts, a, b));
  // Leave the simulation as found.
  for (const p of victims) sim.addPod(p);
  return { pods: victims, numPDBViolations };
}
