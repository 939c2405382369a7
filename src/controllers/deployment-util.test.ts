import { describe, expect, it } from "vitest";
import type { Deployment } from "../cluster/k8s-types.js";
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, scaledValue, templateHash } from "./deployment-util.js";

const d = (replicas: number, maxSurge?: number | string, maxUnavailable?: number | string, type?: string): Deployment => ({
  spec: { replicas, strategy: { type, rollingUpdate: { maxSurge, maxUnavailable } } },
});

describe("deployment arithmetic (deployment_util.go)", () => {
  it("rounds surge up and unavailable down", () => {
    expect(resolveFenceposts("25%", "25%", 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts("25%", "25%", 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(scaledValue("33%", 10, true)).toBe(4);
    expect(scaledValue("33%", 10, false)).toBe(3);
    expect(scaledValue(2, 10, false)).toBe(2);
  });

  it("makes one pod unavailable when both round to zero", () => {
    // 1 replica: surge ceil(0.25) = 1, unavailable floor(0.25) = 0 → stays 0 (surge is not 0).
    expect(resolveFenceposts("25%", "25%", 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(0, "10%", 5)).toEqual({ surge: 0, unavailable: 1 });
  });

  it("caps maxUnavailable at replicas and gives Recreate no surge", () => {
    expect(maxUnavailable(d(2, 0, 5))).toBe(2);
    expect(maxSurge(d(10, undefined, undefined, "Recreate"))).toBe(0);
    expect(maxUnavailable(d(10, undefined, undefined, "Recreate"))).toBe(0);
  });

  it("grows the new ReplicaSet up to replicas + maxSurge in total", () => {
    // 10 replicas, surge 3: 10 old → new gets 3; with 8 old + 3 new → 2 more; never past 10.
    expect(newRSNewReplicas(d(10), 10, 0)).toBe(3);
    expect(newRSNewReplicas(d(10), 11, 3)).toBe(5);
    expect(newRSNewReplicas(d(10), 13, 3)).toBe(3);
    expect(newRSNewReplicas(d(10), 9, 9)).toBe(10);
  });

  it("hashes equal templates equally and different ones differently", () => {
    const a = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1" }] } };
    const b = structuredClone(a);
    expect(templateHash(a)).toBe(templateHash(b));
    // A changed template is a new object (templates are never changed in place: the hash is kept per object).
    const c = structuredClone(a);
    c.spec.containers[0]!.image = "web:2";
    expect(templateHash(a)).not.toBe(templateHash(c));
    expect(templateHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});
