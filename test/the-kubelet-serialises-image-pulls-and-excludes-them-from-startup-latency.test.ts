/**
 * Kubelet timings on one node, worked by hand: sandbox 0.5 s, container start 0.5 s, images of
 * 100 MiB pulled at 50 MiB/s = 2 s, pulls serialised per node. Three pods bound at t = 0:
 *   A (image x): sandbox → 0.5 s, pulls x 0.5–2.5 s, started and Ready at 3.0 s;
 *   B (image x): sandbox → 0.5 s, waits for A's pull of x until 2.5 s, Ready at 3.0 s;
 *   C (image y): sandbox → 0.5 s, the node is pulling until 2.5 s, pulls y 2.5–4.5 s, Ready 5.0 s.
 * The startup SLI excludes pull time (including the wait): 1.0 s for all three. Scaling the x
 * Deployment to 0 at 10 s kills A and B, which are removed 1 s later (container exit < 30 s grace).
 */
import { describe, expect, it } from "vitest";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

describe("the kubelet", () => {
  it("serialises pulls per node, shares an in-flight pull, and excludes pulls from the SLI", () => {
    const s = scenario({
      nodePools: [pool("one", 1)],
      objects: [loaded(deployment("x", 2, { image: "example/x:1.0" })), loaded(deployment("y", 1, { image: "example/y:1.0" }))],
      timeline: [{ at: 10 * S, action: "scale", target: { kind: "Deployment", namespace: "default", name: "x" }, replicas: 0, source: SRC }],
      durationUs: 20 * S,
    });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(s.durationUs);
    const L = rt.ctx.ledger;
    const byName = (prefix: string): number[] => L.ids.filter((id) => L.name[id]!.startsWith(prefix));
    const [a, b] = byName("x-");
    const [c] = byName("y-");
    expect([L.readyUs[a!], L.readyUs[b!], L.readyUs[c!]]).toEqual([3 * S, 3 * S, 5 * S]);
    expect([L.pullUs[a!], L.pullUs[b!], L.pullUs[c!]]).toEqual([2 * S, 2 * S, 4 * S]);
    expect(rt.recorder.podStartupLatency.summary(1000)).toMatchObject({ count: 3, min: 1000, max: 1000 });
    expect(rt.recorder.podStartupLatencyE2E.summary(1000)).toMatchObject({ count: 3, min: 3000, max: 5000 });
    expect([...rt.recorder.podStartupByWorkload].map(([w, h]) => [w, h.count])).toEqual([
      ["Deployment/x", 2],
      ["Deployment/y", 1],
    ]);

    const ev = rt.ctx.store.events.filter((e) => e.reason === "Pulling" || e.reason === "Pulled").map((e) => [e.timeUs / S, e.reason, e.message]);
    expect(ev).toEqual([
      [0.5, "Pulling", 'Pulling image "example/x:1.0"'],
      [2.5, "Pulled", 'Successfully pulled image "example/x:1.0" in 2s (2s including waiting). Image size: 104857600 bytes.'],
      [2.5, "Pulled", 'Container image "example/x:1.0" already present on machine'],
      [2.5, "Pulling", 'Pulling image "example/y:1.0"'],
      [4.5, "Pulled", 'Successfully pulled image "example/y:1.0" in 2s (4s including waiting). Image size: 104857600 bytes.'],
    ]);
    expect(rt.ctx.store.events.filter((e) => e.reason === "Killing").map((e) => e.timeUs)).toEqual([10 * S, 10 * S]);
    expect([L.deletedUs[a!], L.deletedUs[b!], L.deletedUs[c!]]).toEqual([11 * S, 11 * S, NaN]);
  });
});
