/**
 * The node's container runtime through the whole kubelet, worked by hand. One node, images
 * cached, four pods of a Deployment bound at t = 0 (the kubelet sees them one after another, so
 * the k-th, k = 0..3, finds k other pods on the node when its sandbox is asked for; by the time
 * any container starts, all four are there: 3 others).
 * - Fixed 700 ms sandbox / 300 ms container, no slowdown, `parallelSandboxCreations` 2: sandboxes
 *   end at ⌈(k+1)/2⌉ · 0.7 s = 0.7, 0.7, 1.4, 1.4 s; started 0.3 s later: 1.0, 1.0, 1.7, 1.7 s.
 * - Fixed 700 / 300 ms, slowdown 0.5, no limit: sandbox k takes 700 · (1 + 0.5k) = 700, 1050,
 *   1400, 1750 ms; each container 300 · (1 + 0.5 · 3) = 750 ms: started at 1.45, 1.8, 2.15, 2.5 s.
 * - Lognormal: two runs with one seed start every pod at the same microsecond; another seed not.
 */
import { describe, expect, it } from "vitest";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { KubeletSettings } from "../src/scenario/scenario-types.js";
import { deployment, loaded, pool, scenario } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

function startedUs(kubelet: Partial<KubeletSettings>, seed = 1): number[] {
  const base = scenario({ nodePools: [pool("one", 1, { images: [{ name: "example/web:1.0", sizeBytes: 1 }] })], objects: [loaded(deployment("web", 4))], durationUs: 20 * S });
  const s = { ...base, seed, kubelet: { ...base.kubelet, sandboxCreationUs: 700_000, containerStartUs: 300_000, ...kubelet } };
  const rt = buildRuntime(s);
  rt.ctx.sim.run(s.durationUs);
  const L = rt.ctx.ledger;
  return L.ids.filter((id) => L.name[id]!.startsWith("web-")).map((id) => L.startedUs[id]!);
}

describe("pods starting together on one node", () => {
  it("wait for one of the node's sandbox slots, first come first served", () => {
    expect(startedUs({ parallelSandboxCreations: 2 })).toEqual([1.0 * S, 1.0 * S, 1.7 * S, 1.7 * S]);
  });

  it("slow each other: every other pod on the node adds runtimeSlowdownPerPod", () => {
    expect(startedUs({ runtimeSlowdownPerPod: 0.5 })).toEqual([1.45 * S, 1.8 * S, 2.15 * S, 2.5 * S]);
  });

  it("draw lognormal times reproducibly from the seed", () => {
    const lognormal = { sandboxCreationUs: 850_000, sandboxCreationP99Us: 1_300_000, containerStartUs: 250_000, containerStartP99Us: 500_000 };
    const a = startedUs(lognormal, 1);
    expect(startedUs(lognormal, 1)).toEqual(a);
    expect(startedUs(lognormal, 2)).not.toEqual(a);
    expect(new Set(a).size).toBe(4); // no two draws alike
  });
});
