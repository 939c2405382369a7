/**
 * Real manifests (Google's Online Boutique, ../shared/real/online-boutique) on one node with
 * 1 CPU allocatable. The 12 Deployments (1 replica each) request, in manifest order and so in
 * scheduling-queue order: frontend 100m, adservice 200m, currencyservice 100m, cartservice
 * 200m, redis-cart 70m, loadgenerator 300m (total 970m), then six 100m services. Only 30m
 * is left, so recommendationservice, checkoutservice, emailservice, paymentservice,
 * shippingservice and productcatalogservice stay Pending with
 * "0/1 nodes are available: 1 Insufficient cpu." (plus a preemption note once
 * DefaultPreemption is registered).
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadManifests } from "../src/scenario/manifests.js";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { pool, scenario } from "./fixtures/runtime-scenario.js";

const MANIFESTS = realPath("online-boutique", "kubernetes-manifests.yaml");

describe.skipIf(NO_REAL_DATA)("Online Boutique on a 1-CPU node", () => {
  it("runs the first six services and leaves six 100m services pending for cpu", () => {
    const { objects } = loadManifests([MANIFESTS]);
    const o = runScenario(scenario({ nodePools: [pool("small", 1, { cpuMillicores: 1000, memoryBytes: 8 * 2 ** 30 })], objects, durationUs: 120_000_000 }));
    const pods = o.store.list("Pod") as Pod[];
    expect(pods).toHaveLength(12);
    const app = (p: Pod): string => p.metadata!.labels!["app"]!;
    expect(pods.filter((p) => p.spec?.nodeName).map(app).sort()).toEqual(["adservice", "cartservice", "currencyservice", "frontend", "loadgenerator", "redis-cart"]);
    const pending = pods.filter((p) => !p.spec?.nodeName);
    expect(pending.map(app).sort()).toEqual(["checkoutservice", "emailservice", "paymentservice", "productcatalogservice", "recommendationservice", "shippingservice"]);
    const failed = o.store.events.filter((e) => e.reason === "FailedScheduling");
    expect(failed.length).toBeGreaterThanOrEqual(6);
    for (const e of failed) expect(e.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    expect(o.recorder.runningPods).toBe(6);
    expect(o.recorder.pendingPods).toBe(6);
  });
});
