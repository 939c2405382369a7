/**
 * The open-simulator demo cluster (../shared/real/snapshots/open-simulator-demo): four Nodes
 * of 8 CPU / 16Gi (master-1 tainted `node-role.kubernetes.io/master:NoSchedule`) and two of
 * its applications, in this order:
 * - busybox-deploy: 8 replicas of 8 CPU / 8Gi, requests = limits → Guaranteed; it tolerates
 *   the master taint. One fills a node's CPU, so 4 run (one per node) and 4 wait:
 *   "4 Insufficient cpu"; no pod has a lower priority, so preemption finds no victims.
 * - nginx-deploy: 4 replicas of 4 CPU / 16Gi (limit 8 CPU) → Burstable; no toleration. Every
 *   node is full (0 CPU and 8Gi left): master-1 rejects it for its taint first (the filter
 *   order puts TaintToleration before NodeResourcesFit; current kube-scheduler no longer names
 *   the taint: "node(s) had untolerated taint(s)"), the other three for cpu and memory.
 *   Reasons are counted and sorted as text; preemption cannot remove a taint ("not
 *   helpful") and finds no lower-priority victims on the other three.
 */
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";

const D = (...p: string[]) => realPath("snapshots", "open-simulator-demo", ...p);

describe.skipIf(NO_REAL_DATA)("the open-simulator demo cluster", () => {
  it("runs one 8-CPU busybox per node and leaves the rest and every nginx Pending", () => {
    const nodes = ["master-1", "master-2", "master-3", "worker-1"].map((n) => JSON.stringify(D("cluster", "nodes", `${n}.yaml`)));
    const o = runReal({
      cluster: `nodes: [${nodes.join(", ")}]`,
      manifests: [D("application-complicate", "deploy-busybox.yaml"), D("application-complicate", "deploy-nginx.yaml")],
    });
    expect(o.ledger.ids).toHaveLength(12);
    expect(qosCounts(o)).toEqual({ Guaranteed: 8, Burstable: 4 });
    const bound = o.ledger.ids.filter((id) => o.ledger.node[id]);
    expect(bound.map((id) => o.ledger.node[id]).sort()).toEqual(["master-1", "master-2", "master-3", "worker-1"]);
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual([...Array(4).fill("busybox-deploy"), ...Array(4).fill("nginx-deploy")]);
    expect(failedMessages(o).sort()).toEqual([
      "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
      "0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.",
    ]);
  });
});
