/**
 * DefaultPreemption wired into the Scheduler (default profile, nothing registered by hand),
 * on clusters built from Kubernetes objects, PodDisruptionBudgets included. Every node has
 * 4 cpu; the preemptor asks for the cpu named in each case at priority 1000. Expected values
 * are the node-choice rules of pickOneNodeForPreemption worked by hand.
 */
import { describe, expect, it } from "vitest";
import { addPod, buildClusterState, type ImportObject } from "../src/cluster/cluster-import.js";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import { InputError } from "../src/errors.js";
import { parseConfigText } from "../src/scheduler/config/config-yaml.js";
import { loadSchedulerConfiguration } from "../src/scheduler/config/scheduler-config.js";
import { eventMessage, Scheduler } from "../src/scheduler/schedule-one.js";
import { node, pod } from "./fixtures/k8s-objects.js";

const zero = { int: () => 0 };

/** A running pod on `nodeName` with a start time (status.startTime) in minutes after 10:00. */
function running(name: string, nodeName: string, cpu: string, priority: number, o: { labels?: Record<string, string>; startMin?: number } = {}): Pod {
  const p = pod(name, { cpu, priority, labels: o.labels, nodeName });
  p.status = { startTime: `2026-01-01T10:${String(o.startMin ?? 0).padStart(2, "0")}:00Z` };
  return p;
}

function pdb(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: "default" }, spec } as KubeObject;
}

function build(objs: KubeObject[]) {
  const c = buildClusterState(objs.map((o): ImportObject => ({ kind: o.kind!, object: o })));
  const s = new Scheduler(c, { rng: zero });
  return { c, s };
}

/** Schedules a 1000-priority preemptor asking `cpu`; returns the nominated node and victim names. */
function preempt(objs: KubeObject[], cpu: string) {
  const { c, s } = build(objs);
  const slot = addPod(c, pod("preemptor", { cpu, priority: 1000 }));
  const names = new Map<number, string>();
  for (const [ref, sl] of c.podByRef) names.set(sl, ref.split("/")[1]!);
  const r = s.scheduleOne(slot);
  return { node: r.nominatedNodeSlot >= 0 ? c.nodeName(r.nominatedNodeSlot) : null, victims: r.victims.map((v) => names.get(v)), r, c, s, slot };
}

describe("which node preemption nominates", () => {
  it("1: fewest PodDisruptionBudget violations first, even against a lower-priority victim", () => {
    // n1's only pod (priority 1, app=db) is covered by a PDB with minAvailable 1: 1 healthy of
    // 1 expected → disruptionsAllowed = 1 − 1 = 0, so evicting it violates the budget.
    // n2's pod has priority 5 and no budget. Rule 1 (0 violations) picks n2 over rule 2.
    const objs = [
      node("n1"),
      node("n2"),
      running("db", "n1", "4", 1, { labels: { app: "db" } }),
      running("web", "n2", "4", 5),
      pdb("db", { minAvailable: 1, selector: { matchLabels: { app: "db" } } }),
    ];
    expect(preempt(objs, "4")).toMatchObject({ node: "n2", victims: ["web"] });
    // maxUnavailable "50%" of 1 expected pod → ceil(0.5) = 1 → desiredHealthy 0 → 1 allowed:
    // no violation, and rule 2 (victim priority 1 < 5) picks n1.
    objs[4] = pdb("db", { maxUnavailable: "50%", selector: { matchLabels: { app: "db" } } });
    expect(preempt(objs, "4")).toMatchObject({ node: "n1", victims: ["db"] });
    // An empty selector protects nothing (upstream: `selector.Empty()` matches no pod).
    objs[4] = pdb("db", { minAvailable: 1, selector: {} });
    expect(preempt(objs, "4")).toMatchObject({ node: "n1", victims: ["db"] });
  });

  it("2: the lowest highest-victim priority beats fewer victims", () => {
    // n1: two 2-cpu pods of priority 3 → victims [3, 3], top 3. n2: one 4-cpu pod of priority 4.
    const objs = [node("n1"), node("n2"), running("a1", "n1", "2", 3), running("a2", "n1", "2", 3), running("b", "n2", "4", 4)];
    const r = preempt(objs, "4");
    // Equal importance: their order among the victims is not specified.
    expect([r.node, [...r.victims].sort()]).toEqual(["n1", ["a1", "a2"]]);
  });

  it("3: with the same top priority, the smaller Σ(priority + 2^31)", () => {
    // n1: [4, 4] → 2·(4 + 2^31); n2: [4] → 4 + 2^31, smaller.
    const objs = [node("n1"), node("n2"), running("a1", "n1", "2", 4), running("a2", "n1", "2", 4), running("b", "n2", "4", 4)];
    expect(preempt(objs, "4")).toMatchObject({ node: "n2", victims: ["b"] });
  });

  it("5: then the latest start time among the top-priority victims (least work lost)", () => {
    // One victim each, both priority 5: started 10:00 on n1 and 10:10 on n2 → n2.
    const objs = [node("n1"), node("n2"), running("old", "n1", "4", 5, { startMin: 0 }), running("new", "n2", "4", 5, { startMin: 10 })];
    expect(preempt(objs, "4")).toMatchObject({ node: "n2", victims: ["new"] });
  });

  it("keeps the fewest victims on a node: the more important pods are reprieved first", () => {
    // n1 (4 cpu) holds p1 (prio 1), p2 (prio 2), keep (prio 2000), 1 cpu each: 1 cpu free.
    // The 2-cpu preemptor: without p1, p2 → 1000 + 2000 ≤ 4000 fits. Reprieve p2 (more
    // important): 2000 + 2000 ≤ 4000, kept; p1: 3000 + 2000 > 4000 → the only victim.
    const objs = [node("n1"), running("p1", "n1", "1", 1), running("p2", "n1", "1", 2), running("keep", "n1", "1", 2000)];
    const { node: n, victims, r, c, s, slot } = preempt(objs, "2");
    expect([n, victims]).toEqual(["n1", ["p1"]]);
    // Preemption succeeded: FailedScheduling carries no preemption part.
    expect(eventMessage(r)).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    // On the plain tables the victim is gone at once and the preemptor nominated; its next
    // cycle tries n1 first and binds there.
    expect(c.podByRef.has("default/p1")).toBe(false);
    expect(s.nominator.nodeOf(slot)).toBe(c.nodeByName.get("n1"));
    expect(s.scheduleOne(slot).nodeName).toBe("n1");
  });

  it("the dry run leaves every node's pod list in its order (upstream simulates on a copy of the NodeInfo)", () => {
    // Two full 4-cpu nodes of four 1-cpu pods; the 2-cpu preemptor is simulated on both and
    // nominates n1 (victims of priority 1–2 against 5–6 on n2). n2's simulation unbinds e–h and
    // binds back g and h, then the victims e and f: with binds prepending, its list would read
    // e f g h instead of h g f e.
    const objs = [node("n1"), node("n2"), ...["a", "b", "c", "d"].map((n, i) => running(n, "n1", "1", i + 1)), ...["e", "f", "g", "h"].map((n, i) => running(n, "n2", "1", i + 5))];
    const { c, slot, s, node: nominated } = preempt(objs, "2");
    const names = (node: string) => {
      const out: string[] = [];
      for (let p = c.nodes.firstPod[c.nodeByName.get(node)!]!; p !== -1; p = c.pods.nextOnNode[p]!) out.push(c.pods.ref[p]!.split("/")[1]!);
      return out;
    };
    expect(nominated).toBe("n1");
    expect(s.nominator.nodeOf(slot)).toBe(c.nodeByName.get("n1"));
    expect(names("n2")).toEqual(["h", "g", "f", "e"]);
    // On n1 the victims a and b are gone; c and d keep their order.
    expect(names("n1")).toEqual(["d", "c"]);
  });

  it("a bad minAvailable is an input error naming the field", () => {
    const objs = [node("n1"), pdb("db", { minAvailable: "150%", selector: { matchLabels: { app: "db" } } })];
    let err: unknown;
    try {
      build(objs);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe("spec.minAvailable");
  });

  it("a KubeSchedulerConfiguration that disables DefaultPreemption leaves no preemption part", () => {
    const cfg = loadSchedulerConfiguration(
      parseConfigText(
        [
          "apiVersion: kubescheduler.config.k8s.io/v1",
          "kind: KubeSchedulerConfiguration",
          "profiles:",
          "- plugins:",
          "    postFilter:",
          "      disabled: [{name: DefaultPreemption}]",
          "",
        ].join("\n"),
        "sched.yaml",
      ),
    );
    const c = buildClusterState([node("n1"), running("lo", "n1", "4", 1)].map((o) => ({ kind: o.kind!, object: o })));
    const s = new Scheduler(c, { rng: zero, profile: cfg.profiles[0]! });
    expect(s.preemption).toBeNull();
    const r = s.scheduleOne(addPod(c, pod("p", { cpu: "4", priority: 1000 })));
    expect(eventMessage(r)).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    expect(c.podByRef.has("default/lo")).toBe(true);
  });
});
