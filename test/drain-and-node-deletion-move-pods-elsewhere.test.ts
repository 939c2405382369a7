/**
 * Node removal, worked by hand on 3 nodes with 6 pods of one Deployment:
 * - drain general-0 at 10 s: cordoned, its pods get a deletionTimestamp at 10 s (reason Drain)
 *   and are gone at 11 s; replacements, created at 10 s, never land on the cordoned node.
 * - deleteNode general-1 at 100 s: its pods are orphans until pod GC's first 20-s tick at or
 *   after 100 + 40 s quarantine = 140 s force-deletes them; the ReplicaSet replaces them then.
 */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

describe("draining and deleting nodes", () => {
  it("evicts drained pods at once and garbage-collects a deleted node's pods after 40 s", () => {
    const rt = buildRuntime(
      scenario({
        objects: [loaded(deployment("web", 6))],
        timeline: [
          { at: 10 * S, action: "drain", node: "general-0", source: SRC },
          { at: 100 * S, action: "deleteNode", node: "general-1", source: SRC },
        ],
        durationUs: 200 * S,
      }),
    );
    const { sim, store, ledger } = rt.ctx;
    sim.run(9 * S);
    const drained = (store.list("Pod") as Pod[]).filter((p) => p.spec!.nodeName === "general-0");
    expect(drained.length).toBeGreaterThan(0);
    sim.run(10 * S);
    expect((store.get("Node", undefined, "general-0") as Node).spec!.unschedulable).toBe(true);
    expect(drained.every((p) => p.metadata!.deletionTimestamp)).toBe(true);
    sim.run(11 * S);
    const pods = store.list("Pod") as Pod[];
    expect(pods).toHaveLength(6);
    expect(pods.some((p) => p.spec!.nodeName === "general-0")).toBe(false);
    expect(ledger.evictionReason.filter((r) => r === "Drain")).toHaveLength(drained.length);

    sim.run(99 * S);
    const orphans = (store.list("Pod") as Pod[]).filter((p) => p.spec!.nodeName === "general-1");
    expect(orphans.length).toBeGreaterThan(0);
    sim.run(139 * S);
    expect(orphans.every((p) => store.get("Pod", "default", p.metadata!.name!) === p)).toBe(true);
    sim.run(140 * S);
    expect(orphans.every((p) => store.get("Pod", "default", p.metadata!.name!) === undefined)).toBe(true);
    const replacements = ledger.ids.filter((id) => ledger.createdUs[id] === 140 * S);
    expect(replacements).toHaveLength(orphans.length);
    sim.run(200 * S);
    expect((store.list("Pod") as Pod[]).every((p) => p.spec!.nodeName === "general-2" && p.status?.phase === "Running")).toBe(true);
  });
});
