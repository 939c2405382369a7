/**
 * The API server example scenarios (docs/api-server.md) tell their stories. The three
 * 5,000-node ones run at a tenth of their size (500 nodes, the DaemonSets and the payments
 * team's 14 Deployments × 1,000 replicas) for 2 minutes: the model free until 60 s (the
 * cluster is up by then), half of the payments Deployments restarted at 75 s, the node agents
 * LISTing from 60 s at the same 50 LISTs/s, each returning the ~15,000 pods of this cluster.
 *
 * - steady: only closed-form background load: 500 nodes / 10 s = 50 lease PUTs/s over the 60 s
 *   modelled = 3,000 (the per-second carry makes it exact), and no 429.
 * - rollout: the ReplicaSet controller's 20/s bucket paces the restart; APF never queues
 *   workload-high and mutating p99 stays in milliseconds.
 * - list-operator: workload-low overflows (429s); the LISTs keep the CPUs busy, so the same
 *   rollout's mutating p99 and pod startup p99 get worse than without the operator.
 * - webhook-fail-freezes-rollouts: nothing is created from the zone failure (5m) to the fix
 *   (25m); then the backend and the rollout come back.
 */
import { describe, expect, test } from "vitest";
import { LEVEL_WORKLOAD_HIGH, LEVEL_WORKLOAD_LOW } from "../src/apiserver/apf/priority-levels.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

/** A tenth of the size, as in the goldens (every-example-scenario-matches-its-golden-summary.test.ts), with the model from 60 s. */
const API_SERVER_5000_SHORTENED = [
  "spec.duration=2m",
  "spec.cluster.nodePools[0].count=500",
  "spec.workloads[0].manifests=[scale-5000/daemonsets.yaml, scale-5000/payments.yaml]",
  "spec.apiServer.startAt=60s",
  "spec.slos[1].min=500",
];
const ROLLOUT_AT_45S = "spec.timeline=[" + ["api", "web", "worker", "cache", "gateway", "indexer", "scorer"].map((d) => `{at: 75s, action: rollout, target: deployment/payments/${d}}`).join(", ") + "]";

const run = (name: string, extra: string[] = []) => runScenario(loadScenario(`scenarios/${name}.yaml`, { set: [...API_SERVER_5000_SHORTENED, ...extra] }));

describe("the 5,000-node API server scenarios, at a tenth of their size", () => {
  test("steady: leases in closed form, 50 PUTs/s for 60 s, nothing queued or rejected", () => {
    const o = run("api-server-5000-steady");
    const m = o.apiServer!.metrics;
    expect(m.byVerbResource.get("PUT leases")!.count).toBe(3000);
    expect(m.rejectedTotal).toBe(0);
    expect(m.worstMutating()!.p99).toBeLessThan(20);
  });

  const rollout = run("api-server-5000-rollout", ["spec.apiServer.load=[]", ROLLOUT_AT_45S]);
  const listing = run("api-server-5000-list-operator", [ROLLOUT_AT_45S, "spec.apiServer.load[0].start=60s"]);

  test("rollout: the ReplicaSet controller's 20/s sets the pace; no 429, workload-high barely queues", () => {
    const m = rollout.apiServer!.metrics;
    expect(m.rejectedTotal).toBe(0);
    // Only the scheduler's burst of binds (100 at once, 2 seats each) can briefly outrun
    // workload-high's seats (49 after lending them out while idle): a few milliseconds.
    expect(m.queueWaitByLevel[LEVEL_WORKLOAD_HIGH]!.summary(1).max).toBeLessThan(20_000);
    // 45 s of rollout on one client at 20 requests/s (burst 30 first): creates, graceful
    // deletes and status updates of the ReplicaSets together take at most 30 + 45 × 20 = 930 tokens.
    const rs = ["POST pods", "PUT pods", "PUT replicasets"].map((k) => m.byVerbResource.get(k)?.count ?? 0);
    expect(rs[0]).toBeGreaterThan(300);
    expect(rs[0]! + rs[1]! + rs[2]!).toBeLessThanOrEqual(930);
    expect(m.worstMutating()!.p99).toBeLessThan(20);
  });

  test("list-operator: workload-low overflows with 429s, and everyone's latency and pod startup degrade", () => {
    const m = listing.apiServer!.metrics;
    expect(m.rejectedByLevel[LEVEL_WORKLOAD_LOW]).toBeGreaterThan(0);
    expect(m.worstMutating()!.p99).toBeGreaterThan(2 * rollout.apiServer!.metrics.worstMutating()!.p99);
    expect(listing.recorder.podStartupLatency.summary(1000).p99).toBeGreaterThan(rollout.recorder.podStartupLatency.summary(1000).p99);
  });
});

describe("webhook-fail-freezes-rollouts", () => {
  const o = runScenario(loadScenario("scenarios/webhook-fail-freezes-rollouts.yaml"));
  const S = 1e6;

  test("from the zone failure to the fix, every pod create is rejected", () => {
    const created = o.ledger.ids.map((id) => o.ledger.createdUs[id]!).filter((t) => t > 5 * 60 * S && t < 25 * 60 * S);
    expect(created).toEqual([]);
    expect(o.apiServer!.metrics.webhookRejections).toBeGreaterThan(0);
    const failed = o.store.events.filter((e) => e.reason === "FailedCreate");
    expect(failed.some((e) => e.object.startsWith("ReplicaSet/policy/"))).toBe(true); // it blocks its own repair
  });

  test("after the fix the backend returns and the rollout completes: 10 web pods on 1.1.0", () => {
    const pods = o.store.list("Pod") as { metadata?: { namespace?: string; deletionTimestamp?: string }; spec?: { containers?: { image?: string }[] }; status?: { phase?: string } }[];
    const live = (ns: string) => pods.filter((p) => p.metadata?.namespace === ns && !p.metadata.deletionTimestamp && p.status?.phase === "Running");
    expect(live("policy")).toHaveLength(2);
    const web = live("shop");
    expect(web).toHaveLength(10);
    expect(web.every((p) => p.spec?.containers?.[0]?.image === "registry.example.com/shop/web:1.1.0")).toBe(true);
  });
});
