/**
 * The k3s support bundle (../shared/real/snapshots/k3s-single-node-support-bundle), replayed:
 * its one Node (2 CPU allocatable) from nodes.json, and its Deployments and DaemonSet
 * recreated from scratch.
 * - kube-system: coredns (100m, system-cluster-critical), metrics-server (100m,
 *   system-node-critical), local-path-provisioner and traefik (no requests), the svclb
 *   DaemonSet (no requests) — high priority, so scheduled first: 200m.
 * - default, in manifest order at priority 0: backend-api 100m → 300m; cpu-intensive-app
 *   3 × 800m → 1100m, 1900m, and the third would make 2700m (Pending); memory-hungry-app
 *   2 × 100m → exactly 2000m (fits), then 2100m (Pending).
 * So 2 Pending (the recorded bundle, with its own history, had one cpu-intensive pod running
 * and two pending). QoS: coredns Burstable (memory limit only), metrics-server Burstable
 * (requests, no limits), the request-less pods BestEffort, the default ones Burstable.
 */
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";

const B = (f: string) => realPath("snapshots", "k3s-single-node-support-bundle", f);

describe.skipIf(NO_REAL_DATA)("the k3s support bundle, replayed", () => {
  it("fills the 2-CPU node to exactly 2000m and leaves one cpu-intensive and one memory-hungry pod Pending", () => {
    const o = runReal({
      cluster: `nodes: [${JSON.stringify(B("nodes.json"))}]`,
      manifests: [B("deployments-kube-system.json"), B("daemonsets-kube-system.json"), B("deployments-default.json")],
    });
    // 4 kube-system Deployments + 1 DaemonSet pod + 1 + 3 + 2 default replicas.
    expect(o.ledger.ids).toHaveLength(11);
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual(["cpu-intensive-app", "memory-hungry-app"]);
    expect(workloadsOf(o, (p) => Boolean(p.spec?.nodeName)).filter((w) => w === "cpu-intensive-app")).toHaveLength(2);
    expect(qosCounts(o)).toEqual({ BestEffort: 3, Burstable: 8 });
    expect(failedMessages(o)).toEqual(["0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]);
  });
});
