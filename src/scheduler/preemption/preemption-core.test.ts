import { describe, expect, it } from "vitest";
import { candidateOffset, numCandidates, preemptionMessage, NO_VICTIMS_MSG, NOT_HELPFUL_MSG } from "./candidates.js";
import { disruptionsAllowed, scaledValue, splitByPdbViolation, type PdbSpec } from "./pdb.js";
import { pickOneNodeForPreemption, type Candidate } from "./pick-node.js";
import { selectVictimsOnNode, type NodeSimulation, type PodFacts } from "./select-victims.js";

/** Pods as [priority, startTimeUs, cpu, namespaceId]. */
function facts(pods: [number, number, number, number][]): PodFacts {
  return {
    priority: (s) => pods[s]![0],
    startTimeUs: (s) => pods[s]![1],
    namespaceId: (s) => pods[s]![3],
  };
}

/** A node with `allocatable` millicores and the preemptor asking for `want`. */
function cpuNode(pods: [number, number, number, number][], onNode: number[], allocatable: number, want: number): NodeSimulation {
  const present = new Set(onNode);
  return {
    removePod: (s) => void present.delete(s),
    addPod: (s) => void present.add(s),
    preemptorFits: () => {
      let used = 0;
      for (const s of present) used += pods[s]![2];
      return used + want <= allocatable;
    },
  };
}

describe("SelectVictimsOnNode", () => {
  it("evicts the lowest-priority pods and reprieves the more important ones", () => {
    // 4000m node full with 4 × 1000m pods of priorities 100, 10, 50, 200; preemptor (prio 150) needs 2000m.
    const pods: [number, number, number, number][] = [[100, 0, 1000, 1], [10, 0, 1000, 1], [50, 0, 1000, 1], [200, 0, 1000, 1]];
    const f = facts(pods);
    // Prio 200 is not a potential victim. Remove 100, 10, 50 → 1000 used, fits.
    // Reprieve in importance order: 100 back → 2000 + 2000 ≤ 4000 fits (kept);
    // 50 back → 3000 + 2000 > 4000 → victim; 10 back → victim.
    const v = selectVictimsOnNode(cpuNode(pods, [0, 1, 2, 3], 4000, 2000), [0, 1, 2, 3], 150, f, [], []);
    expect(v).toEqual({ pods: [2, 1], numPDBViolations: 0 });
  });

  it("among equal priorities reprieves the earlier-started pod", () => {
    const pods: [number, number, number, number][] = [[5, 300, 1000, 1], [5, 100, 1000, 1]];
    const v = selectVictimsOnNode(cpuNode(pods, [0, 1], 2000, 1000), [0, 1], 9, facts(pods), [], []);
    // Pod 1 started earlier, so it is more important and reprieved first; pod 0 goes.
    expect(typeof v === "object" && v.pods).toEqual([0]);
  });

  it("says doesNotFit when the preemptor does not fit even without every lower-priority pod", () => {
    const pods: [number, number, number, number][] = [[1, 0, 1000, 1], [500, 0, 3000, 1]];
    // 3000 (priority 500, kept) + 2000 > 4000 even with pod 0 gone.
    expect(selectVictimsOnNode(cpuNode(pods, [0, 1], 4000, 2000), [0, 1], 100, facts(pods), [], [])).toBe("doesNotFit");
    // No pod below priority 100 at all.
    expect(selectVictimsOnNode(cpuNode(pods, [1], 4000, 2000), [1], 100, facts(pods), [], [])).toBe("noVictims");
  });

  it("reprieves PDB-violating pods first, so a PDB-protected pod survives when one of two must go", () => {
    // Two 1000m pods of priority 1 and 2 on a 2000m node; preemptor needs 1000m.
    // Pod 1 (priority 2, more important) is protected by a PDB allowing 0 disruptions.
    const pods: [number, number, number, number][] = [[1, 0, 1000, 1], [2, 0, 1000, 1]];
    const pdb: PdbSpec = { namespaceId: 1, matches: (s) => s === 0, minAvailable: 1 };
    // With the PDB on pod 0 (the less important one): violating = [0], non-violating = [1].
    // Reprieve pod 0 first → fits → kept; pod 1 back → does not fit → victim. No violation.
    const v = selectVictimsOnNode(cpuNode(pods, [0, 1], 2000, 1000), [0, 1], 10, facts(pods), [pdb], [0]);
    expect(v).toEqual({ pods: [1], numPDBViolations: 0 });
    // Needing both slots, pod 0 must go anyway and counts as one violation.
    const w = selectVictimsOnNode(cpuNode(pods, [0, 1], 2000, 2000), [0, 1], 10, facts(pods), [pdb], [0]);
    expect(w).toEqual({ pods: [1, 0], numPDBViolations: 1 });
  });
});

describe("PDB accounting", () => {
  it("rounds percentages up and floors allowance at zero", () => {
    expect(scaledValue("25%", 10)).toBe(3); // 2.5 → 3
    // minAvailable 50% of 5 → ceil(2.5) = 3 desired; 5 healthy → 2 allowed.
    expect(disruptionsAllowed({ minAvailable: "50%" }, 5, 5)).toBe(2);
    // maxUnavailable 25% of 10 → 3; desired 7; 8 healthy → 1 allowed.
    expect(disruptionsAllowed({ maxUnavailable: "25%" }, 8, 10)).toBe(1);
    expect(disruptionsAllowed({ minAvailable: 4 }, 3, 3)).toBe(0);
  });

  it("counts a pod as violating once the allowance of a matching PDB in its namespace goes negative", () => {
    const ns = [1, 1, 1, 2];
    const pdb: PdbSpec = { namespaceId: 1, matches: () => true, maxUnavailable: 1 };
    // Allowance 1: pod 0 uses it, pod 1 and 2 drive it below zero; pod 3 is another namespace.
    expect(splitByPdbViolation([0, 1, 2, 3], (s) => ns[s]!, [pdb], [1])).toEqual([[1, 2], [0, 3]]);
  });
});

describe("pickOneNodeForPreemption", () => {
  // Pod slots: [priority, start, cpu, ns].
  const pods: [number, number, number, number][] = [
    [10, 100, 0, 1], // 0
    [10, 200, 0, 1], // 1
    [20, 100, 0, 1], // 2
    [5, 100, 0, 1], // 3
    [-100, 100, 0, 1], // 4
    [10, 50, 0, 1], // 5
    [-2147483648, 100, 0, 1], // 6
  ];
  const f = facts(pods);
  const c = (node: number, victims: number[], pdb = 0): Candidate => ({ node, victims, numPDBViolations: pdb });

  it("1: fewest PDB violations wins over everything else", () => {
    expect(pickOneNodeForPreemption([c(0, [3], 1), c(1, [2, 0], 0)], f)).toBe(1);
  });
  it("2: lowest highest-victim priority", () => {
    // Node 0 top victim 20; node 1 top victim 10 (more victims, but criterion 2 comes first).
    expect(pickOneNodeForPreemption([c(0, [2]), c(1, [0, 1])], f)).toBe(1);
  });
  it("3: smallest sum of priority + 2^31", () => {
    // Both top 10. Sums: [0,3] = 10+5 + 2·2^31; [1,4] = 10−100 + 2·2^31 → smaller.
    expect(pickOneNodeForPreemption([c(0, [0, 3]), c(1, [1, 4])], f)).toBe(1);
  });
  it("4: fewest victims", () => {
    // Node 0: [0] → top 10, sum 10 + 2^31. Node 1: [1, 6] → top 10, sum 10 + 2^31 + (−2^31 + 2^31)
    // = 10 + 2^31. Criteria 1–3 tie; node 0 has fewer victims.
    expect(pickOneNodeForPreemption([c(0, [0]), c(1, [1, 6])], f)).toBe(0);
  });
  it("5: latest earliest-start among the top-priority victims", () => {
    // Both one victim of priority 10; node 1's started at 200, later than node 0's 100.
    expect(pickOneNodeForPreemption([c(0, [0]), c(1, [1])], f)).toBe(1);
    expect(pickOneNodeForPreemption([c(0, [1]), c(1, [5])], f)).toBe(0);
  });
  it("6: first in candidate order on a full tie", () => {
    expect(pickOneNodeForPreemption([c(7, [0]), c(8, [0])], f)).toBe(0);
    expect(pickOneNodeForPreemption([], f)).toBe(-1);
  });
});

describe("candidate window and message", () => {
  it("numCandidates = clamp(max(N·10/100, 100), N)", () => {
    expect(numCandidates(5)).toBe(5);
    expect(numCandidates(5000)).toBe(500);
    expect(numCandidates(1500)).toBe(150);
    expect(numCandidates(999)).toBe(100);
    expect(numCandidates(1009, 10, 1)).toBe(100); // 100.9 truncated
  });
  it("offset comes from the injected RNG", () => {
    expect(candidateOffset(5, { int: (n) => n - 1 })).toBe(4);
    expect(candidateOffset(0, { int: () => 3 })).toBe(0);
  });
  it("builds the sorted preemption histogram", () => {
    const m = new Map([[NO_VICTIMS_MSG, 3], [NOT_HELPFUL_MSG, 2]]);
    expect(preemptionMessage(5, m)).toBe(
      "preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
  });
});
