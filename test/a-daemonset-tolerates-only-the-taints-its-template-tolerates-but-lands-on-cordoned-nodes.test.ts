/**
 * DaemonSet placement against taints and cordons, worked by hand:
 * - nodes general-0, general-1 (no taints) and gpu-0 (`dedicated=gpu:NoSchedule`);
 * - general-0 is cordoned at 5 s; at 10 s an `apply` creates DaemonSets `plain` (no
 *   tolerations) and `gpu-agent` (tolerates `dedicated` with Exists) and a one-replica Deployment.
 * `plain` gets 2 pods (general-0 and general-1): the gpu taint is not tolerated, but the
 * cordon is, because every daemon pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`
 * (daemonset_util.go AddOrUpdateDaemonPodTolerations) and the scheduler's NodeUnschedulable
 * filter honours it. `gpu-agent` gets 3. The Deployment's pod can only go to general-1.
 * The images are pre-pulled, so all pods are created at 10 s and Ready at 11 s (sandbox 0.5 +
 * start 0.5; pulls would be serialised per node and make the times depend on placement).
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import type { DaemonSetWithStatus } from "../src/controllers/daemonset-status.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { daemonSet } from "./fixtures/daemonset-and-job-objects.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const images = ["plain", "gpu-agent", "web"].map((n) => ({ name: `example/${n}:1.0`, sizeBytes: 100 * 2 ** 20 }));

describe("DaemonSet placement", () => {
  it("tolerates a NoSchedule taint only when its template does, and always lands on cordoned nodes", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 2, { images }), pool("gpu", 1, { images, taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] })],
        timeline: [
          { at: 5 * S, action: "cordon", node: "general-0", source: SRC },
          { at: 10 * S, action: "apply", objects: [loaded(daemonSet("plain")), loaded(daemonSet("gpu-agent", { tolerations: [{ key: "dedicated", operator: "Exists" }] })), loaded(deployment("web", 1))], source: SRC },
        ],
        durationUs: 30 * S,
      }),
    );
    const { sim, store, ledger } = rt.ctx;
    sim.run(30 * S);
    const pods = store.list("Pod") as Pod[];
    const nodesOf = (prefix: string) =>
      pods
        .filter((p) => p.metadata!.name!.startsWith(`${prefix}-`))
        .map((p) => p.spec!.nodeName)
        .sort();
    expect(nodesOf("plain")).toEqual(["general-0", "general-1"]);
    expect(nodesOf("gpu-agent")).toEqual(["general-0", "general-1", "gpu-0"]);
    expect(nodesOf("web")).toEqual(["general-1"]);
    for (const p of pods) expect([ledger.createdUs[store.idOf("Pod", p)], ledger.readyUs[store.idOf("Pod", p)]]).toEqual([10 * S, 11 * S]);
    expect((store.get("DaemonSet", "kube-system", "plain") as DaemonSetWithStatus).status).toMatchObject({ desiredNumberScheduled: 2, numberAvailable: 2, numberMisscheduled: 0 });
    // The daemon tolerations are on the pods (the template is left as written).
    const plainPod = pods.find((p) => p.metadata!.name!.startsWith("plain-"))!;
    expect(plainPod.spec!.tolerations!.map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
  });

  it("deletes its pod from a node that gets a NoExecute taint it does not tolerate, and keeps it under a NoSchedule one", () => {
    // The two taints are applied at 20 s by replacing the Node objects' specs with `apply`.
    const taint = (node: string, effect: string) => loaded({ apiVersion: "v1", kind: "Node", metadata: { name: node }, spec: { taints: [{ key: "maintenance", value: "true", effect }] } } as never);
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 3)],
        objects: [loaded(daemonSet("agent"))],
        timeline: [{ at: 20 * S, action: "apply", objects: [taint("general-0", "NoExecute"), taint("general-1", "NoSchedule")], source: SRC }],
        durationUs: 40 * S,
      }),
    );
    const { sim, store } = rt.ctx;
    sim.run(40 * S);
    // general-0: deleted at 20 s, gone at 21 s (container exit 1 s < 30 s grace); general-1 keeps its pod.
    const pods = (store.list("Pod") as Pod[]).map((p) => p.spec!.nodeName).sort();
    expect(pods).toEqual(["general-1", "general-2"]);
    expect((store.get("DaemonSet", "kube-system", "agent") as DaemonSetWithStatus).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1 });
  });
});
