/**
 * Node failure, worked by hand. With a lease renewed every 1 µs the last renewal is the
 * failure instant itself, so NotReady comes at the first 5-s monitor tick at or after
 * failure + 50 s: failing at 242 s gives 295 s (53 s later, inside (50, 55]). The node's pods
 * are marked Ready=False then (the Deployment counts them unavailable), the unreachable
 * NoExecute taint is added, and pods without their own toleration get the admission
 * default of 300 s: evicted at 595 s, when their ReplicaSet creates replacements elsewhere.
 * The evicted pods stay Terminating while the node is down; recovery at 700 s makes the node
 * Ready at the next tick (700 s) and its kubelet removes them 1 s later (container exit).
 */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

function podsOn(store: { list(k: string): unknown[] }, node: string): Pod[] {
  return (store.list("Pod") as Pod[]).filter((p) => p.spec?.nodeName === node);
}

describe("a failed node", () => {
  it("turns NotReady at the first tick ≥ last lease + 50 s and its pods are evicted 300 s later", () => {
    const base = scenario();
    const s = scenario({
      nodePools: [pool("general", 3, { zones: [] })],
      kubelet: { ...base.kubelet, nodeLeaseRenewIntervalUs: 1 },
      objects: [loaded(deployment("web", 6)), loaded(deployment("tolerant", 3, { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }] }))],
      timeline: [
        { at: 242 * S, action: "failNode", node: "general-1", source: SRC },
        { at: 700 * S, action: "recoverNode", node: "general-1", source: SRC },
      ],
      durationUs: 800 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store } = rt.ctx;
    const ready = (): string => ((store.get("Node", undefined, "general-1") as Node).status!.conditions!.find((c) => c.type === "Ready")!.status);

    sim.run(294 * S);
    expect(ready()).toBe("True");
    const onNode = podsOn(store, "general-1");
    const webOnNode = onNode.filter((p) => p.metadata!.labels!["app"] === "web");
    const tolerantOnNode = onNode.filter((p) => p.metadata!.labels!["app"] === "tolerant");
    expect(webOnNode.length).toBeGreaterThan(0);
    expect(tolerantOnNode.length).toBeGreaterThan(0);

    sim.run(295 * S);
    expect(ready()).toBe("Unknown");
    const taints = (store.get("Node", undefined, "general-1") as Node).spec!.taints!;
    expect(taints.map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    // MarkPodsNotReady: the node's pods stop counting as available at once.
    expect(webOnNode.every((p) => p.status!.conditions!.some((c) => c.type === "Ready" && c.status === "False"))).toBe(true);
    const webDeployment = store.get("Deployment", "default", "web") as { status?: { availableReplicas: number } };
    expect(webDeployment.status!.availableReplicas).toBe(6 - webOnNode.length);

    sim.run(594 * S);
    expect(webOnNode.every((p) => !p.metadata!.deletionTimestamp)).toBe(true);
    sim.run(595 * S);
    expect(webOnNode.every((p) => p.metadata!.deletionTimestamp)).toBe(true);
    // Tolerating the taint forever: never evicted.
    expect(tolerantOnNode.every((p) => !p.metadata!.deletionTimestamp)).toBe(true);
    const evictions = store.events.filter((e) => e.reason === "TaintManagerEviction");
    expect(evictions).toHaveLength(webOnNode.length);
    expect(evictions.every((e) => e.timeUs === 595 * S)).toBe(true);

    // Replacements are created at 595 s and run elsewhere; the evicted pods stay Terminating.
    sim.run(650 * S);
    const web = (store.list("Pod") as Pod[]).filter((p) => p.metadata!.labels!["app"] === "web");
    const active = web.filter((p) => !p.metadata!.deletionTimestamp);
    expect(active).toHaveLength(6);
    expect(active.every((p) => p.spec!.nodeName !== "general-1" && p.status?.phase === "Running")).toBe(true);
    expect(web.length - active.length).toBe(webOnNode.length);

    sim.run(700 * S);
    expect(ready()).toBe("True");
    sim.run(701 * S);
    expect((store.list("Pod") as Pod[]).filter((p) => p.metadata!.labels!["app"] === "web")).toHaveLength(6);
    expect(rt.ctx.ledger.evictionReason.filter((r) => r === "TaintManagerEviction")).toHaveLength(webOnNode.length);
  });

  it("with the default 10 s lease, goes NotReady between 40 s and 55 s after the failure", () => {
    const s = scenario({ timeline: [{ at: 242 * S, action: "failNode", node: "general-0", source: SRC }], durationUs: 400 * S });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(s.durationUs);
    const ev = rt.ctx.store.events.find((e) => e.reason === "NodeNotReady")!;
    expect(ev.object).toBe("Node/general-0");
    // Last renewal in (232, 242] s → NotReady at the first 5-s tick ≥ renewal + 50 s.
    expect(ev.timeUs).toBeGreaterThan(282 * S);
    expect(ev.timeUs).toBeLessThanOrEqual(295 * S);
    expect(ev.timeUs % (5 * S)).toBe(0);
  });
});
