/**
 * FudanSELab's Train-Ticket (../shared/real/train-ticket/quickstart-ts-deployment.yaml): 64
 * Deployments of one replica, every pod 50m CPU: 22 databases (100Mi, no limits), 41 services
 * (100–200Mi, limits 200m/500Mi) and the UI (limits 500m/500Mi) — all Burstable.
 *
 * Three t3.medium nodes: 1930m CPU, 4Gi − 542Mi = 3554Mi memory and only 17 pods each (the EKS
 * ENI limit: 3 ENIs × (6 IPs − 1) + 2). 17 pods need at most 17 × 50m = 850m and
 * 17 × 200Mi = 3400Mi, so CPU and memory never bind: the first 51 pods in queue (manifest) order
 * run, and the last 13 wait with "3 Too many pods" whatever the placement.
 */
import { describe, expect, it } from "vitest";
import { loadManifests } from "../src/scenario/manifests.js";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";

const FILE = realPath("train-ticket", "quickstart-ts-deployment.yaml");

describe.skipIf(NO_REAL_DATA)("Train-Ticket", () => {
  it("runs 51 of its 64 pods on three t3.medium nodes and leaves the last 13 Pending for the pod limit", () => {
    const o = runReal({ cluster: "nodePools: [{name: small, count: 3, instanceType: t3.medium}]", manifests: [FILE] });
    const order = loadManifests([FILE]).objects.filter((x) => x.kind === "Deployment").map((x) => x.name);
    expect(order).toHaveLength(64);
    expect(o.ledger.ids).toHaveLength(64);
    expect(qosCounts(o)).toEqual({ Burstable: 64 });
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual(order.slice(51).sort());
    expect(o.recorder.runningPods).toBe(51);
    expect(failedMessages(o)).toEqual(["0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."]);
  });
});
