/**
 * Weaveworks' Sock Shop (../shared/real/sock-shop/complete-demo.yaml): 14 Deployments of one
 * replica, every pod with `nodeSelector: beta.kubernetes.io/os: linux`.
 * - QoS: the six databases and queues (carts-db, catalogue-db, orders-db, rabbitmq, session-db,
 *   user-db) set no requests or limits → BestEffort; the other eight request less than their
 *   limits → Burstable.
 * - On one node with 700m CPU (a kubelet-registered node: it carries the beta label too), in
 *   manifest order the services request carts 100 + catalogue 100 + front-end 100 + orders 100
 *   + payment 99 + queue-master 100 + shipping 100 = 699m; user's 100m makes 799m > 700m, so
 *   user alone stays Pending for cpu; the BestEffort pods request nothing and all fit.
 * - On a Node object without the deprecated beta labels (only `kubernetes.io/os`), the
 *   selector matches nothing: all 14 Pending, "1 node(s) didn't match Pod's node
 *   affinity/selector".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";
import { tempDir } from "./fixtures/temp-dir.js";

const MANIFESTS = [realPath("sock-shop", "complete-demo.yaml")];
const dir = tempDir("kubesim-sock-");

describe.skipIf(NO_REAL_DATA)("Sock Shop", () => {
  it("on a 700m node runs 13 services and leaves user Pending for 1m of cpu", () => {
    const o = runReal({ cluster: "nodePools: [{name: small, count: 1, allocatable: {cpu: 700m, memory: 8Gi}}]", manifests: MANIFESTS });
    expect(o.ledger.ids).toHaveLength(14);
    expect(qosCounts(o)).toEqual({ BestEffort: 6, Burstable: 8 });
    const be = o.ledger.ids.filter((id) => o.ledger.qosClass[id] === "BestEffort").map((id) => o.ledger.workload[id]!.split("/")[1]).sort();
    expect(be).toEqual(["carts-db", "catalogue-db", "orders-db", "rabbitmq", "session-db", "user-db"]);
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual(["user"]);
    expect(failedMessages(o)).toEqual(["0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]);
    expect(o.recorder.runningPods).toBe(13);
  });

  it("on a node without the deprecated beta.kubernetes.io/os label schedules nothing", () => {
    const nodes = join(dir, "nodes.yaml");
    writeFileSync(
      nodes,
      `apiVersion: v1
kind: Node
metadata: {name: gke-node, labels: {kubernetes.io/os: linux, kubernetes.io/hostname: gke-node}}
status:
  allocatable: {cpu: "4", memory: 16Gi, pods: "110"}
  conditions: [{type: Ready, status: "True"}]
`,
    );
    const o = runReal({ cluster: `nodes: [${JSON.stringify(nodes)}]`, manifests: MANIFESTS });
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toHaveLength(14);
    expect(failedMessages(o)).toEqual(["0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."]);
  });
});
