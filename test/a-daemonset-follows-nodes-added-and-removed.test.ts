/**
 * The DaemonSet controller follows the node list, worked by hand with the fixture's kubelet
 * (sandbox 0.5 s, 100 MiB image at 50 MiB/s = 2 s, container start 0.5 s: Ready 3 s after
 * creation on a node without the image):
 * - 3 nodes at t = 0 → 3 pods created at 0, one per node, Ready at 3 s;
 * - addNodes 2 at 10 s → 2 more pods created at 10 s on general-3 and general-4, Ready at 13 s;
 * - deleteNode general-1 at 60 s → desiredNumberScheduled 4 at once; its pod stays until pod GC's
 *   first 20-s tick at or after 60 + 40 s quarantine = 100 s, and nothing replaces it.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import type { DaemonSetWithStatus } from "../src/controllers/daemonset-status.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { daemonSet } from "./fixtures/daemonset-and-job-objects.js";
import { loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

const podsOf = (pods: KubeObject[], ds: string) => (pods as Pod[]).filter((p) => p.metadata!.ownerReferences?.[0]?.name === ds);

describe("a DaemonSet", () => {
  it("runs one pod per node and follows nodes added and deleted", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 3)],
        objects: [loaded(daemonSet("agent"))],
        timeline: [
          { at: 10 * S, action: "addNodes", pool: "general", count: 2, source: SRC },
          { at: 60 * S, action: "deleteNode", node: "general-1", source: SRC },
        ],
        durationUs: 200 * S,
      }),
    );
    const { sim, store, ledger } = rt.ctx;
    const ds = () => store.get("DaemonSet", "kube-system", "agent") as DaemonSetWithStatus;

    sim.run(9 * S);
    let pods = podsOf(store.list("Pod"), "agent");
    expect(pods.map((p) => p.spec!.nodeName).sort()).toEqual(["general-0", "general-1", "general-2"]);
    // The scheduler placed each through the node affinity the controller wrote.
    for (const p of pods) {
      expect(p.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: [p.spec!.nodeName] }] }]);
    }
    expect(pods.map((p) => ledger.readyUs[store.idOf("Pod", p)])).toEqual([3 * S, 3 * S, 3 * S]);
    expect(ds().status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3 });

    sim.run(20 * S);
    pods = podsOf(store.list("Pod"), "agent");
    expect(pods.map((p) => p.spec!.nodeName).sort()).toEqual(["general-0", "general-1", "general-2", "general-3", "general-4"]);
    const added = pods.filter((p) => p.spec!.nodeName === "general-3" || p.spec!.nodeName === "general-4").map((p) => store.idOf("Pod", p));
    expect(added.map((id) => [ledger.createdUs[id], ledger.readyUs[id]])).toEqual([
      [10 * S, 13 * S],
      [10 * S, 13 * S],
    ]);
    expect(ds().status).toMatchObject({ desiredNumberScheduled: 5, numberReady: 5 });

    sim.run(60 * S);
    expect(ds().status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4 });
    sim.run(99 * S);
    expect(podsOf(store.list("Pod"), "agent")).toHaveLength(5);
    sim.run(100 * S);
    pods = podsOf(store.list("Pod"), "agent");
    expect(pods.map((p) => p.spec!.nodeName).sort()).toEqual(["general-0", "general-2", "general-3", "general-4"]);
    sim.run(200 * S);
    expect(podsOf(store.list("Pod"), "agent")).toHaveLength(4);
    expect(ledger.ids.filter((id) => ledger.workload[id] === "DaemonSet/agent")).toHaveLength(5);
  });
});
