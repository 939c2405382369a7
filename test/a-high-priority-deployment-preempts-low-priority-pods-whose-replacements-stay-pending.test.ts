/**
 * Preemption through the whole runtime, worked by hand. One node of 4000m. Deployment `batch`
 * (PriorityClass `low`, 100): 4 replicas × 1000m fill it at t = 0. At 10 s Deployment `web`
 * (PriorityClass `high`, 1000) asks for 1 replica of 2000m:
 *
 *  - web fails Filter ("Insufficient cpu", Unschedulable: 2000m ≤ 4000m allocatable), so
 *    DefaultPreemption runs: with all 4 batch pods removed 0 + 2000 ≤ 4000 fits; reprieving
 *    them one by one keeps two (1000 + 2000, 2000 + 2000 ≤ 4000) and the third would make
 *    5000 > 4000, so 2 victims. Each gets a `Preempted` event and a graceful deletion; web
 *    gets `status.nominatedNodeName: small-0` and FailedScheduling without a preemption part
 *    (preemption succeeded).
 *  - The kubelet stops each victim: `Killing`, then gone 1 s later (container exit after
 *    SIGTERM) at 11 s. Their ReplicaSet recreates both at once (terminating pods do not count).
 *  - The replacements (priority 100) cannot use the room: web (1000 ≥ 100) is nominated there,
 *    so the first filter run counts it: 4000 + 2000 + 1000 > 4000 → Insufficient cpu, and no
 *    pod on the node has a priority below 100 → "No preemption victims found".
 *  - At 11 s the victims' deletion (AssignedPodDelete) requeues web into backoffQ: after its
 *    failure at 10 s the windowed expiry is truncate(10 s + 1 s) = 11 s and it backs off while
 *    11 s ≥ truncate(now), so the 12 s flush tick moves it (with the replacements, which failed
 *    at 10 s too) to activeQ. Web (higher priority) goes first and tries its nominated node:
 *    2000 + 2000 ≤ 4000 → bound to small-0 at 12 s, nomination cleared. The replacements stay
 *    Pending with the message above.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

function priorityClass(name: string, value: number): KubeObject {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value } as KubeObject;
}

function withPriorityClass(d: KubeObject, name: string): KubeObject {
  const spec = (d as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
  spec["priorityClassName"] = name;
  return d;
}

const app = (p: Pod): string => p.metadata!.labels!["app"]!;

describe("a high-priority Deployment", () => {
  it("preempts two low-priority pods gracefully; their replacements stay Pending behind the nomination", () => {
    const s = scenario({
      nodePools: [pool("small", 1, { cpuMillicores: 4000, zones: [] })],
      objects: [loaded(priorityClass("low", 100)), loaded(priorityClass("high", 1000)), loaded(withPriorityClass(deployment("batch", 4, { cpu: "1" }), "low"))],
      timeline: [{ at: 10 * S, action: "apply", objects: [loaded(withPriorityClass(deployment("web", 1, { cpu: "2" }), "high"))], source: SRC }],
      durationUs: 60 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store, ledger } = rt.ctx;

    sim.run(10.5 * S);
    const preempted = store.events.filter((e) => e.reason === "Preempted");
    expect(preempted).toHaveLength(2);
    const web = (store.list("Pod") as Pod[]).find((p) => app(p) === "web")!;
    for (const e of preempted) {
      expect(e.timeUs).toBe(10 * S);
      expect(e.message).toBe(`Preempted by pod ${web.metadata!.uid} on node small-0`);
    }
    // Graceful: the victims are still there, terminating, with the DisruptionTarget condition.
    const victims = preempted.map((e) => store.get("Pod", "default", e.object.split("/")[2]!) as Pod);
    for (const v of victims) {
      expect(v.metadata!.deletionTimestamp).toBeDefined();
      expect(v.status!.conditions!.find((x) => x.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "PreemptionByScheduler" });
    }
    expect(web.spec!.nodeName).toBeUndefined();
    expect(web.status!.nominatedNodeName).toBe("small-0");
    const webFailed = store.events.filter((e) => e.reason === "FailedScheduling" && e.object === `Pod/default/${web.metadata!.name}`);
    expect(webFailed.map((e) => e.message)).toEqual(["0/1 nodes are available: 1 Insufficient cpu."]);
    const killing = store.events.filter((e) => e.reason === "Killing" && victims.some((v) => e.object === `Pod/default/${v.metadata!.name}`));
    expect(killing).toHaveLength(2);

    sim.run(60 * S);
    const pods = store.list("Pod") as Pod[];
    // 2 surviving batch pods + 2 replacements + web.
    expect(pods).toHaveLength(5);
    for (const v of victims) expect(store.get("Pod", "default", v.metadata!.name!)).toBeUndefined();
    const victimIds = ledger.ids.filter((id) => ledger.deletedUs[id]! >= 0);
    expect(victimIds.map((id) => ledger.deletedUs[id])).toEqual([11 * S, 11 * S]);
    const webNow = store.get("Pod", "default", web.metadata!.name!) as Pod;
    expect(webNow.spec!.nodeName).toBe("small-0");
    expect(webNow.status?.nominatedNodeName).toBeUndefined();
    expect(ledger.scheduledUs[store.idOf("Pod", webNow)]).toBe(12 * S);

    const pending = pods.filter((p) => !p.spec?.nodeName);
    expect(pending.map(app)).toEqual(["batch", "batch"]);
    for (const p of pending) {
      const last = store.events.filter((e) => e.reason === "FailedScheduling" && e.object === `Pod/default/${p.metadata!.name}`).at(-1)!;
      expect(last.message).toBe(
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
      );
    }
    expect(pods.filter((p) => p.spec?.nodeName && app(p) === "batch")).toHaveLength(2);
  });
});
