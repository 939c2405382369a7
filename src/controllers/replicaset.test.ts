import { describe, expect, it } from "vitest";
import { PodLedger } from "../apiserver/pod-ledger.js";
import type { Pod } from "../cluster/k8s-types.js";
import { podsToDelete } from "./pod-ranking.js";
import { slowStartBatches } from "./replicaset.js";

describe("slow-start batches (controller_utils.go slowStartBatch)", () => {
  it("doubles from 1 and ends with the remainder", () => {
    expect(slowStartBatches(1)).toEqual([1]);
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(15)).toEqual([1, 2, 4, 8]);
    expect(slowStartBatches(500).reduce((a, b) => a + b)).toBe(500);
    expect(slowStartBatches(0)).toEqual([]);
  });
});

describe("getPodsToDelete ranking", () => {
  const ledger = new PodLedger();
  const mk = (id: number, node: string | undefined, phase: string, readyUs: number, createdUs: number): { id: number; pod: Pod } => {
    ledger.add(id, "default", `p${id}`, "", "BestEffort", createdUs);
    if (!Number.isNaN(readyUs)) ledger.markReady(id, readyUs);
    return { id, pod: { metadata: { name: `p${id}` }, spec: { containers: [], nodeName: node }, status: { phase } } };
  };
  const pods = [
    mk(0, "n1", "Running", 10, 0), // ready long ago, n1 holds 2 of the set
    mk(1, "n1", "Running", 50, 0), // ready recently, n1
    mk(2, "n2", "Running", 20, 0), // alone on n2
    mk(3, "n2", "Pending", NaN, 5), // not ready
    mk(4, undefined, "Pending", NaN, 6), // unassigned
  ];

  it("deletes unassigned, then pending, then not ready, then crowded nodes, then the most recently ready", () => {
    expect(podsToDelete(pods, 5, ledger).map((p) => p.id)).toEqual([0, 1, 2, 3, 4]); // all: input order
    // Among the ready pods 0, 1, 2: n1 and n2 both hold 2 pods of the set (n2 counts pending
    // pod 3), equal rank, so the most recently ready goes first: 1 (50), then 2 (20).
    expect(podsToDelete(pods, 4, ledger).map((p) => p.id)).toEqual([4, 3, 1, 2]);
    // Without pods 3 and 4, n1 (2 pods) outranks n2 (1 pod): both n1 pods go first, 1 then 0.
    expect(podsToDelete(pods.slice(0, 3), 2, ledger).map((p) => p.id)).toEqual([1, 0]);
  });
});
