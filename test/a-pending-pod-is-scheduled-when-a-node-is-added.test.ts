/**
 * Scaling and requeueing, worked by hand: one 1-CPU node (pods request 300m) holds 3 pods.
 * Scaling to 5 at 10 s leaves 2 Pending with "0/1 nodes are available: 1 Insufficient cpu."
 * (NodeResourcesFit rejections park them in the unschedulable pool). `addNodes` at 60 s is a
 * NodeAdd cluster event, which NodeResourcesFit registers for: both are scheduled onto the new
 * node at 60 s (their 1 s → 2 s backoff has long expired). Scaling down to 1 at 120 s deletes 4.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const target = { kind: "Deployment" as const, namespace: "default", name: "api" };

describe("a pending pod", () => {
  it("waits for capacity and is scheduled when a node is added", () => {
    const s = scenario({
      nodePools: [pool("small", 1, { cpuMillicores: 1000, zones: [] })],
      objects: [loaded(deployment("api", 3, { cpu: "300m" }))],
      timeline: [
        { at: 10 * S, action: "scale", target, replicas: 5, source: SRC },
        { at: 60 * S, action: "addNodes", pool: "small", count: 1, source: SRC },
        { at: 120 * S, action: "scale", target, replicas: 1, source: SRC },
      ],
      durationUs: 200 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store, ledger } = rt.ctx;
    sim.run(59 * S);
    const pods = store.list("Pod") as Pod[];
    expect(pods).toHaveLength(5);
    expect(pods.filter((p) => !p.spec?.nodeName)).toHaveLength(2);
    const failed = store.events.filter((e) => e.reason === "FailedScheduling");
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed[0]!.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    expect(failed[0]!.timeUs).toBe(10 * S);

    sim.run(60 * S);
    const late = ledger.ids.filter((id) => ledger.createdUs[id] === 10 * S);
    expect(late).toHaveLength(2);
    expect(late.map((id) => [ledger.scheduledUs[id], ledger.node[id]])).toEqual([
      [60 * S, "small-1"],
      [60 * S, "small-1"],
    ]);
    expect(late.map((id) => ledger.scheduledUs[id]! - ledger.queuedUs[id]!)).toEqual([50 * S, 50 * S]);

    sim.run(200 * S);
    expect(store.list("Pod")).toHaveLength(1);
    expect(ledger.ids.filter((id) => ledger.deletedUs[id] === 121 * S)).toHaveLength(4);
  });
});
