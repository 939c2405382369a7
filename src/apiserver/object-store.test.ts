import { describe, expect, it } from "vitest";
import type { Pod } from "../cluster/k8s-types.js";
import { Simulation } from "../engine/index.js";
import { ObjectStore, type WatchEventType } from "./object-store.js";

describe("ObjectStore", () => {
  it("commits at once but delivers watch events later, at the same instant, in write order", () => {
    const sim = new Simulation();
    const store = new ObjectStore(sim);
    const seen: [WatchEventType, string, number, number][] = [];
    store.watch("Pod", (t, o, id) => seen.push([t, o.metadata!.name!, id, sim.nowUs]));
    const kick = sim.handler(() => {
      store.create("Pod", { metadata: { name: "a" }, spec: { containers: [] } } as Pod);
      const b: Pod = { metadata: { name: "b", namespace: "ns" }, spec: { containers: [] } };
      store.create("Pod", b);
      expect(seen).toEqual([]); // nothing delivered inside the writer's call
      expect(store.get("Pod", "default", "a")?.metadata?.uid).toBe("uid-0");
      store.update("Pod", b);
    });
    sim.at(5, 3, kick, 0);
    sim.run(10);
    expect(seen).toEqual([
      ["ADDED", "a", 0, 5],
      ["ADDED", "b", 1, 5],
      ["MODIFIED", "b", 1, 5],
    ]);
    expect(store.get("Pod", "ns", "b")?.metadata?.resourceVersion).toBe("3");
    expect(store.list("Pod").map((p) => p.metadata!.name)).toEqual(["a", "b"]);
  });

  it("deletes an unbound pod at once and a bound one gracefully (deletionTimestamp)", () => {
    const sim = new Simulation();
    const store = new ObjectStore(sim);
    const unbound: Pod = { metadata: { name: "u" }, spec: { containers: [] } };
    const bound: Pod = { metadata: { name: "b" }, spec: { containers: [], nodeName: "n1" } };
    store.create("Pod", unbound);
    store.create("Pod", bound);
    expect(store.deletePod(unbound)).toBe(true);
    expect(store.get("Pod", "default", "u")).toBeUndefined();
    expect(store.deletePod(bound)).toBe(false);
    expect(store.get("Pod", "default", "b")?.metadata?.deletionTimestamp).toBe("1970-01-01T00:00:00.000Z");
    expect(store.deletePod(bound, true)).toBe(true);
    expect(store.count("Pod")).toBe(0);
  });

  it("finds an object to update or delete by kind, namespace and name, whether it is the stored object or another", () => {
    const sim = new Simulation();
    const store = new ObjectStore(sim);
    const ids: number[] = [];
    store.watch("Pod", (_t, _o, id) => ids.push(id));
    const first: Pod = { metadata: { name: "p" }, spec: { containers: [] } };
    const id = store.create("Pod", first);
    const second: Pod = { metadata: { name: "p", namespace: "default" }, spec: { containers: [], nodeName: "n1" } };
    store.update("Pod", second);
    expect(store.get("Pod", "default", "p")).toBe(second);
    store.update("Pod", second);
    // The same object under another kind is not that kind's object.
    expect(() => store.update("Service", second)).toThrow("Service default/p does not exist");
    store.delete("Pod", second);
    expect(() => store.update("Pod", second)).toThrow("Pod default/p does not exist");
    expect(() => store.delete("Pod", first)).toThrow("does not exist");
    sim.run(1);
    expect(ids).toEqual([id, id, id, id]);
  });

  it("records Events with namespaced and cluster-scoped object references", () => {
    const sim = new Simulation();
    const store = new ObjectStore(sim);
    store.recordEvent("Warning", "FailedScheduling", "Pod", { metadata: { name: "p" } }, "0/3 nodes are available: 3 Insufficient cpu.");
    store.recordEvent("Normal", "NodeNotReady", "Node", { metadata: { name: "n1" } }, "Node n1 status is now: NodeNotReady");
    expect(store.events.map((e) => e.object)).toEqual(["Pod/default/p", "Node/n1"]);
  });
});
