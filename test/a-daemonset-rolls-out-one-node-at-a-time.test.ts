/**
 * DaemonSet updates on 4 nodes, worked by hand (update.go `rollingUpdate`, maxUnavailable
 * default 1, maxSurge 0). A new pod is Ready 3 s after creation (sandbox 0.5 + pull of the new
 * 100 MiB image 2 + start 0.5); a deleted pod is gone 1 s later (container exit < 30 s grace).
 * Rollout to `:2.0` at 20 s, nodes in order:
 *   20 s delete general-0's pod → 21 s gone, new pod created → 24 s Ready → delete general-1's
 *   → 25 s new → 28 s Ready → delete general-2's → 29 → 32 → delete general-3's → 33 → 36 s:
 *   every node runs the new template; never more than 1 node without an available pod.
 * OnDelete: the same rollout replaces nothing; only a node added later gets the new template.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import type { DaemonSetWithStatus } from "../src/controllers/daemonset-status.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { daemonSet } from "./fixtures/daemonset-and-job-objects.js";
import { loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const target = { kind: "DaemonSet" as const, namespace: "kube-system", name: "agent" };

describe("a DaemonSet rollout", () => {
  it("replaces one node's pod at a time with the default maxUnavailable 1", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 4)],
        objects: [loaded(daemonSet("agent"))],
        timeline: [{ at: 20 * S, action: "rollout", target, image: "example/agent:2.0", source: SRC }],
        durationUs: 60 * S,
      }),
    );
    const { sim, store, ledger } = rt.ctx;
    const ds = () => store.get("DaemonSet", "kube-system", "agent") as DaemonSetWithStatus;
    sim.run(19 * S);
    let maxUnavailable = 0;
    for (let t = 19 * S; t <= 60 * S; t += 100_000) {
      sim.run(t);
      maxUnavailable = Math.max(maxUnavailable, ds().status!.numberUnavailable);
    }
    expect(maxUnavailable).toBe(1);
    const pods = store.list("Pod") as Pod[];
    expect(pods.map((p) => p.spec!.containers[0]!.image)).toEqual(Array(4).fill("example/agent:2.0"));
    const created = (node: string) => ledger.createdUs[store.idOf("Pod", pods.find((p) => p.spec!.nodeName === node)!)]! / S;
    const ready = (node: string) => ledger.readyUs[store.idOf("Pod", pods.find((p) => p.spec!.nodeName === node)!)]! / S;
    expect(["general-0", "general-1", "general-2", "general-3"].map((n) => [created(n), ready(n)])).toEqual([
      [21, 24],
      [25, 28],
      [29, 32],
      [33, 36],
    ]);
    expect(ds().status).toMatchObject({ desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 });
  });

  it("replaces nothing with OnDelete; a node added later gets the new template", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 2)],
        objects: [loaded(daemonSet("agent", { updateStrategy: { type: "OnDelete" } }))],
        timeline: [
          { at: 20 * S, action: "rollout", target, image: "example/agent:2.0", source: SRC },
          { at: 30 * S, action: "addNodes", pool: "general", count: 1, source: SRC },
        ],
        durationUs: 60 * S,
      }),
    );
    rt.ctx.sim.run(60 * S);
    const images = (rt.ctx.store.list("Pod") as Pod[]).map((p) => `${p.spec!.nodeName} ${p.spec!.containers[0]!.image}`).sort();
    expect(images).toEqual(["general-0 example/agent:1.0", "general-1 example/agent:1.0", "general-2 example/agent:2.0"]);
    expect((rt.ctx.store.get("DaemonSet", "kube-system", "agent") as DaemonSetWithStatus).status).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 1 });
  });
});
