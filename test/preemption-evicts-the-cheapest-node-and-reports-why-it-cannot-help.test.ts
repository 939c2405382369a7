import { describe, expect, it } from "vitest";
import { cluster, node, pending, pod, keepFirstRng } from "./fixtures/k8s-objects.js";
import { createDefaultPreemption } from "../src/scheduler/plugins/default-preemption.js";
import { eventMessage, Scheduler } from "../src/scheduler/schedule-one.js";

const taint = { key: "dedicated", value: "infra", effect: "NoSchedule" as const };

function withPreemption(s: Scheduler) {
  const p = createDefaultPreemption({ fw: s.fw, rng: { int: () => 0 } });
  s.fw.postFilters.length = 0;
  s.fw.postFilters.push(p);
  return p;
}

describe("DefaultPreemption through a scheduling cycle", () => {
  it("reports not-helpful nodes and victimless nodes in one sorted preemption histogram", () => {
    // 2 tainted nodes (UnschedulableAndUnresolvable → not helpful), 3 × 1-cpu nodes full of a
    // priority-100 pod: the priority-50 preemptor cannot evict anything there.
    const nodes = [node("t1", { taints: [taint] }), node("t2", { taints: [taint] }), node("a", { cpu: "1" }), node("b", { cpu: "1" }), node("c", { cpu: "1" })];
    const running: [ReturnType<typeof pod>, string][] = ["a", "b", "c"].map((n) => [pod(`hi-${n}`, { cpu: "1", priority: 100 }), n]);
    const c = cluster(nodes, running);
    const s = new Scheduler(c, { rng: keepFirstRng });
    withPreemption(s);
    const r = s.scheduleOne(pending(c, pod("p", { cpu: "500m", priority: 50 })));
    expect(r.nodeName).toBeNull();
    expect(eventMessage(r)).toBe(
      "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. " +
        "preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
  });

  it("pods of the preemptor's priority are no victims, and a lower-priority pod bound later is seen", () => {
    // 2 × 1-cpu nodes, each full of a priority-50 pod; a priority-50 preemptor finds no victims
    // (only strictly lower priorities are). Then b's pod is replaced by a priority-1 one: the
    // node's pods changed, so the next PostFilter sees the victim there and nominates b.
    const c = cluster([node("a", { cpu: "1" }), node("b", { cpu: "1" })], [[pod("a50", { cpu: "1", priority: 50 }), "a"], [pod("b50", { cpu: "1", priority: 50 }), "b"]]);
    const s = new Scheduler(c, { rng: keepFirstRng });
    const p = withPreemption(s);
    const slot = pending(c, pod("p", { cpu: "500m", priority: 50 }));
    expect(eventMessage(s.scheduleOne(slot))).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    c.deletePod(c.podByRef.get("default/b50")!);
    const low = pending(c, pod("b1", { cpu: "1", priority: 1 }));
    c.bind(low, c.nodeByName.get("b")!);
    expect(s.scheduleOne(slot).nodeName).toBeNull();
    expect(p.lastOutcome).toEqual({ nominatedNode: c.nodeByName.get("b"), victims: [low] });
  });

  it("preemptionPolicy Never makes the pod ineligible", () => {
    const c = cluster([node("a", { cpu: "1" })], [[pod("lo", { cpu: "1", priority: 1 }), "a"]]);
    const s = new Scheduler(c, { rng: keepFirstRng });
    const p = withPreemption(s);
    const r = s.scheduleOne(pending(c, pod("p", { cpu: "1", priority: 10, preemptionPolicy: "Never" })));
    // default_preemption.go PostFilter prefixes every message with "preemption: ".
    expect(eventMessage(r)).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
    expect(p.lastOutcome).toBeNull();
  });

  it("nominates the node whose victims have the lowest top priority, with exactly the needed victims", () => {
    // Node a: 2 × 1-cpu pods of priority 5 and 8 (2 cpu). Node b: 2 × 1-cpu pods of priority 1 and 9.
    // Preemptor asks 1 cpu at priority 10. Node a: remove both, reprieve 8 → fits → victims [5].
    // Node b: reprieve 9 → fits → victims [1]. Criterion 2: top victim 1 < 5 → node b.
    const c = cluster(
      [node("a", { cpu: "2" }), node("b", { cpu: "2" })],
      [
        [pod("a5", { cpu: "1", priority: 5 }), "a"],
        [pod("a8", { cpu: "1", priority: 8 }), "a"],
        [pod("b1", { cpu: "1", priority: 1 }), "b"],
        [pod("b9", { cpu: "1", priority: 9 }), "b"],
      ],
    );
    const s = new Scheduler(c, { rng: keepFirstRng });
    const p = withPreemption(s);
    const slot = pending(c, pod("p", { cpu: "1", priority: 10 }));
    const b1 = c.podByRef.get("default/b1")!;
    const r = s.scheduleOne(slot);
    expect(r.nodeName).toBeNull();
    expect(p.lastOutcome).toEqual({ nominatedNode: c.nodeByName.get("b"), victims: [b1] });
    expect(r.nominatedNodeSlot).toBe(c.nodeByName.get("b"));
    // The dry run left node a as found; on the plain tables the victim is gone at once, and the
    // preemptor is nominated to b.
    expect(c.pods.nodeSlot[c.podByRef.get("default/a5")!]).toBe(c.nodeByName.get("a"));
    expect(c.podByRef.has("default/b1")).toBe(false);
    expect(s.nominator.nodeOf(slot)).toBe(c.nodeByName.get("b"));
    // The next cycle tries the nominated node first and binds there; the nomination ends.
    expect(s.scheduleOne(slot).nodeName).toBe("b");
    expect(s.nominator.total).toBe(0);
  });

  it("a PodDisruptionBudget with no disruptions left makes an otherwise better node worse", () => {
    // Node a's only victim (priority 1, app=db) is covered by a PDB allowing 0 disruptions;
    // node b's victim has priority 5 and no PDB. Criterion 1 (fewest PDB violations) picks b
    // although criterion 2 would prefer a.
    const c = cluster(
      [node("a", { cpu: "1" }), node("b", { cpu: "1" })],
      [
        [pod("db", { cpu: "1", priority: 1, labels: { app: "db" } }), "a"],
        [pod("web", { cpu: "1", priority: 5 }), "b"],
      ],
    );
    const s = new Scheduler(c, { rng: keepFirstRng });
    const db = c.podByRef.get("default/db")!;
    const p = createDefaultPreemption({
      fw: s.fw,
      rng: { int: () => 0 },
      pdbs: () => ({ specs: [{ namespaceId: c.pods.namespaceId[db]!, matches: (slot) => slot === db, minAvailable: 1 }], allowed: [0] }),
    });
    s.fw.postFilters.length = 0;
    s.fw.postFilters.push(p);
    const web = c.podByRef.get("default/web")!;
    s.scheduleOne(pending(c, pod("p", { cpu: "1", priority: 10 })));
    expect(p.lastOutcome).toEqual({ nominatedNode: c.nodeByName.get("b"), victims: [web] });
  });

  it("a node where the preemptor fails a filter even with every lower-priority pod gone reports that filter's reason", () => {
    // a: 2 cpu holding a priority-100 pod of 1500m and a priority-1 pod of 500m; the 1-cpu
    // preemptor still lacks cpu with the 500m pod gone (1500 + 1000 > 2000).
    // b: 4 cpu full of a priority-100 pod: no lower-priority pod, so no victims.
    const c = cluster(
      [node("a", { cpu: "2" }), node("b", { cpu: "4" })],
      [
        [pod("keep", { cpu: "1500m", priority: 100 }), "a"],
        [pod("lo", { cpu: "500m", priority: 1 }), "a"],
        [pod("hi", { cpu: "4", priority: 100 }), "b"],
      ],
    );
    const s = new Scheduler(c, { rng: keepFirstRng });
    withPreemption(s);
    const r = s.scheduleOne(pending(c, pod("p", { cpu: "1", priority: 10 })));
    expect(eventMessage(r)).toBe(
      "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod.",
    );
  });
});
