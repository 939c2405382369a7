/**
 * scenarios/zone-outage.yaml, checked against the mechanism (times in seconds):
 *
 * - eu-west-1a (general-0 and general-3: pool nodes go round-robin over the three zones) fails
 *   at 120. Each node turns NotReady at its first 5-s monitor tick ≥ last lease + 50, and its
 *   pods are evicted exactly 300 later (DefaultTolerationSeconds).
 * - The API Deployment's evicted pods are replaced at once; the replacements run in zones b/c.
 * - The PostgreSQL member whose disk was provisioned in zone a (WaitForFirstConsumer: the zone
 *   of the node it was first scheduled to) stays Terminating while its node is unreachable.
 * - Both zone-a Node objects are deleted at 600; pod GC force-deletes their pods at the first
 *   20-s tick ≥ 600 + 40 = 640; the StatefulSet recreates the member at 640, and the scheduler
 *   finds its PV's zone affinity on none of the 4 remaining nodes (VolumeBinding,
 *   UnschedulableAndUnresolvable, so preemption cannot help either).
 * - addNodes at 780 adds general-6 (index 6 → zone 6 mod 3 = 0, eu-west-1a) and general-7: the
 *   NodeAdd event requeues the member, which is scheduled at 780 on general-6.
 */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;
const ZONE = "topology.kubernetes.io/zone";

describe("a zone outage", () => {
  it("moves the stateless pods and leaves the zone-a StatefulSet member Pending on its volume", () => {
    const rt = buildRuntime(loadScenario("scenarios/zone-outage.yaml"));
    const { sim, store } = rt.ctx;
    const pods = (): Pod[] => store.list("Pod") as Pod[];
    const zoneOf = new Map<string, string>();
    for (const n of store.list("Node") as Node[]) zoneOf.set(n.metadata!.name!, n.metadata!.labels![ZONE]!);
    expect([...zoneOf].filter(([, z]) => z === "eu-west-1a").map(([n]) => n)).toEqual(["general-0", "general-3"]);

    sim.run(60 * S);
    // One member per zone (DoNotSchedule spread), each volume in its member's zone.
    const members = pods().filter((p) => p.metadata!.namespace === "data");
    expect(members.map((p) => zoneOf.get(p.spec!.nodeName!)).sort()).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    const victim = members.find((p) => zoneOf.get(p.spec!.nodeName!) === "eu-west-1a")!;
    const name = victim.metadata!.name!;
    const claim = store.get("PersistentVolumeClaim", "data", `data-${name}`) as { spec: { volumeName: string } };
    const pv = store.get("PersistentVolume", undefined, claim.spec.volumeName) as { spec: { nodeAffinity: unknown } };
    expect(pv.spec.nodeAffinity).toEqual({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "In", values: ["eu-west-1a"] }] }] } });

    sim.run(9 * 60 * S);
    const notReady = store.events.filter((e) => e.reason === "NodeNotReady" && e.object.startsWith("Node/"));
    const evicted = store.events.filter((e) => e.reason === "TaintManagerEviction");
    expect(notReady.map((e) => e.object).sort()).toEqual(["Node/general-0", "Node/general-3"]);
    for (const e of notReady) expect(e.timeUs).toBeGreaterThan(120 * S + 40 * S); // last lease ≥ 110 s
    for (const e of notReady) expect(e.timeUs).toBeLessThanOrEqual(120 * S + 55 * S);
    const evictedAt = new Set(evicted.map((e) => e.timeUs));
    expect([...evictedAt].sort()).toEqual(notReady.map((e) => e.timeUs + 300 * S).sort());
    // Stateless: 6 live API pods, Running, none in the failed zone.
    const api = pods().filter((p) => p.metadata!.namespace === "shop" && !p.metadata!.deletionTimestamp);
    expect(api).toHaveLength(6);
    expect(api.every((p) => p.status?.phase === "Running" && zoneOf.get(p.spec!.nodeName!) !== "eu-west-1a")).toBe(true);
    // Stateful: the member is Terminating on its unreachable node, and not replaced.
    const stuck = store.get("Pod", "data", name) as Pod;
    expect(stuck).toBe(victim);
    expect(stuck.metadata!.deletionTimestamp).toBeDefined();

    sim.run(12 * 60 * S);
    const again = store.get("Pod", "data", name) as Pod;
    expect(again).not.toBe(victim);
    expect(again.spec!.nodeName).toBeUndefined();
    expect(again.status?.phase).toBe("Pending");
    const failed = store.events.filter((e) => e.reason === "FailedScheduling" && e.object === `Pod/data/${name}`);
    expect(failed.map((e) => [e.timeUs / S, e.message])).toEqual([
      [640, "0/4 nodes are available: 4 node(s) had volume node affinity conflict. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."],
    ]);
    // The API pods still run, in zones b and c.
    expect(pods().filter((p) => p.metadata!.namespace === "shop" && p.status?.phase === "Running")).toHaveLength(6);

    sim.run(15 * 60 * S);
    const back = store.get("Pod", "data", name) as Pod;
    expect(back.spec!.nodeName).toBe("general-6");
    expect(back.status?.phase).toBe("Running");
    const scheduled = store.events.filter((e) => e.reason === "Scheduled" && e.object === `Pod/data/${name}`);
    expect(scheduled.at(-1)!.timeUs).toBe(780 * S);
  });
});
