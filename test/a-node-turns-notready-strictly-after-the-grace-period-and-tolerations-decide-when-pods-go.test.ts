/**
 * Node lifecycle details, worked by hand with the lease renewed every 1 µs (phase 0), so the
 * last renewal is the failure instant itself; monitor ticks every 5 s, grace 50 s.
 * - NotReady needs `now.After(lastRenewal + 50 s)`, strictly: a failure at 242 s gives 292 s →
 *   the 295-s tick (53 s); a failure at 245 s gives exactly 295 s, which is not after itself →
 *   the 300-s tick (55 s). Both inside (50, 55].
 * - NotReady adds `node.kubernetes.io/unreachable:NoExecute` (timeAdded = that tick). A pod is
 *   evicted when its toleration of that taint runs out, counted from the taint:
 *     no toleration                     → DefaultTolerationSeconds admission: 300 s
 *     not-ready:NoExecute 30 s only     → does not match unreachable; admission adds 300 s
 *     unreachable:NoExecute 60 s        → 60 s
 *     Exists (forever) + unreachable 120 s → the smallest seconds among the matches: 120 s
 *     unreachable:NoExecute, no seconds → never
 *   With the failure at 245 s (taint at 300 s): evictions at 360, 420, 600 and 600 s.
 */
import { describe, expect, it } from "vitest";
import type { Node } from "../src/cluster/k8s-types.js";
import { simTimestamp } from "../src/apiserver/sim-time.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const UNREACHABLE = "node.kubernetes.io/unreachable";

function runFailingAt(failAtS: number) {
  const base = scenario();
  const tolerations: Record<string, unknown[] | undefined> = {
    plain: undefined,
    "not-ready-only": [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 }],
    short: [{ key: UNREACHABLE, operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }],
    "two-matches": [{ operator: "Exists" }, { key: UNREACHABLE, operator: "Exists", effect: "NoExecute", tolerationSeconds: 120 }],
    forever: [{ key: UNREACHABLE, operator: "Exists", effect: "NoExecute" }],
  };
  const rt = buildRuntime(
    scenario({
      nodePools: [pool("general", 1, { zones: [] })],
      kubelet: { ...base.kubelet, nodeLeaseRenewIntervalUs: 1 },
      objects: Object.entries(tolerations).map(([name, t]) => loaded(deployment(name, 1, t ? { tolerations: t } : {}))),
      timeline: [{ at: failAtS * S, action: "failNode", node: "general-0", source: SRC }],
      durationUs: 900 * S,
    }),
  );
  rt.ctx.sim.run(900 * S);
  return rt;
}

describe("node failure", () => {
  it.each([
    [242, 295],
    [245, 300],
  ])("failing at %i s turns NotReady at %i s", (failAt, notReadyAt) => {
    const rt = runFailingAt(failAt);
    const ev = rt.ctx.store.events.filter((e) => e.reason === "NodeNotReady" && e.object === "Node/general-0");
    expect(ev.map((e) => e.timeUs / S)).toEqual([notReadyAt]);
    expect(notReadyAt - failAt).toBeGreaterThan(50);
    expect(notReadyAt - failAt).toBeLessThanOrEqual(55);
    const node = rt.ctx.store.get("Node", undefined, "general-0") as Node;
    const noExecute = node.spec!.taints!.find((t) => t.key === UNREACHABLE && t.effect === "NoExecute")!;
    expect(noExecute.timeAdded).toBe(simTimestamp(notReadyAt * S));
  });

  it("evicts each pod when its toleration of unreachable:NoExecute runs out", () => {
    const rt = runFailingAt(245);
    const { ledger } = rt.ctx;
    const evictedAt = Object.fromEntries(
      ledger.ids.filter((id) => ledger.createdUs[id] === 0).map((id) => [ledger.workload[id]!.split("/")[1], ledger.evictionReason[id] === "TaintManagerEviction" ? ledger.terminatingUs[id]! / S : null]),
    );
    expect(evictedAt).toEqual({ plain: 600, "not-ready-only": 600, short: 360, "two-matches": 420, forever: null });
  });
});
