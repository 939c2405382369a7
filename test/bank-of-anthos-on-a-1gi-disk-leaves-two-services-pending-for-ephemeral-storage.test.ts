/**
 * Google's Bank of Anthos (../shared/real/bank-of-anthos/kubernetes-manifests.yaml): two
 * StatefulSets (accounts-db, ledger-db) and seven Deployments, one replica each: 9 pods, all
 * Burstable (every container requests less CPU than its limit). Five services request
 * ephemeral storage: balancereader 0.5Gi, contacts 0.25Gi, ledgerwriter 0.5Gi,
 * transactionhistory 0.5Gi, userservice 0.25Gi (2Gi in all); ConfigMaps and the
 * ServiceAccount are stored, not simulated.
 *
 * One node with 4 CPU, 16Gi and only 1Gi of ephemeral storage. StatefulSet pods are created
 * one step earlier (no ReplicaSet in between) and request no disk; then, in manifest order:
 * balancereader 0.5 → 0.5Gi, contacts 0.25 → 0.75Gi, ledgerwriter 0.5 → 1.25Gi > 1Gi (Pending),
 * transactionhistory 0.5 → 1.25Gi (Pending), userservice 0.25 → exactly 1Gi (fits: ≤).
 * CPU (1060m) and memory (2176Mi) never bind.
 */
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";

describe.skipIf(NO_REAL_DATA)("Bank of Anthos", () => {
  it("on a node with 1Gi of ephemeral storage leaves ledgerwriter and transactionhistory Pending", () => {
    const o = runReal({
      cluster: "nodePools: [{name: small, count: 1, allocatable: {cpu: '4', memory: 16Gi, ephemeral-storage: 1Gi}}]",
      manifests: [realPath("bank-of-anthos", "kubernetes-manifests.yaml")],
    });
    expect(o.ledger.ids).toHaveLength(9);
    expect(qosCounts(o)).toEqual({ Burstable: 9 });
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual(["ledgerwriter", "transactionhistory"]);
    expect(workloadsOf(o, (p) => Boolean(p.spec?.nodeName))).toEqual(["accounts-db", "balancereader", "contacts", "frontend", "ledger-db", "loadgenerator", "userservice"]);
    expect(failedMessages(o)).toEqual(["0/1 nodes are available: 1 Insufficient ephemeral-storage. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]);
  });
});
