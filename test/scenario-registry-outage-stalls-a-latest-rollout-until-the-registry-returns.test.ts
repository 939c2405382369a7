/**
 * scenarios/registry-outage.yaml, checked against hand arithmetic. The scenario fixes sandbox 0.7 s,
 * container start 0.3 s, pulls at 50 MiB/s plus 0.2 s. The registry is down from 120 s to 420 s;
 * `web` (8 replicas, 25 %/25 %) rolls out to `web:latest` (185 MiB, pull policy Always) at 180 s.
 * - The rollout creates 2 surge pods, scales the old set 8 → 6, then creates 2 more: 4 new pods
 *   at 180 s, all on different nodes (4 nodes, spread by the scheduler's defaults).
 * - Each new pod: sandbox ready at 180.7 → pull fails; retries (pod worker every 10 s, image
 *   back-off 10/20/40/80/160 s) fail at 190.7, 210.7, 250.7, 330.7 and show ImagePullBackOff at
 *   200.7, 220.7, 260.7, 340.7; the next attempt, 330.7 + 160 = 490.7 s, comes after the outage:
 *   pull 0.2 + 185/50 = 3.9 s → 494.6 s, start 0.3 s → Ready at 494.9 s (the readiness probe's
 *   manual trigger at container start passes at once). End to end: 494.9 − 180 = 314.9 s.
 * - The 6 old pods stay Ready throughout; `worker` (pinned tag, cached) never notices.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;

describe("scenarios/registry-outage.yaml", () => {
  it("holds the new :latest pods in ImagePullBackOff until the registry returns", () => {
    const s = loadScenario("scenarios/registry-outage.yaml");
    const rt = buildRuntime(s);
    const { sim, ledger, store } = rt.ctx;
    const isNew = (id: number) => ledger.name[id]!.startsWith("web-") && ledger.createdUs[id]! > 0;
    sim.run(300 * S);
    const pods = store.list("Pod") as (Pod & { status: { containerStatuses?: { state: { waiting?: { reason?: string } } }[] } })[];
    const waiting = pods.filter((p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === "ImagePullBackOff").length;
    expect(waiting).toBe(4);
    const webReady = ledger.ids.filter((id) => ledger.name[id]!.startsWith("web-") && ledger.isReady(id)).length;
    expect(webReady).toBe(6);

    sim.run(s.durationUs);
    const firstWave = ledger.ids.filter((id) => isNew(id) && ledger.createdUs[id] === 180 * S);
    expect(firstWave.length).toBe(4);
    expect(firstWave.map((id) => ledger.readyUs[id]! / S)).toEqual([494.9, 494.9, 494.9, 494.9]);
    const failedPulls = store.events.filter((e) => e.message === "Error: ErrImagePull" && e.object.includes(ledger.name[firstWave[0]!]!)).map((e) => e.timeUs / S);
    expect(failedPulls).toEqual([180.7, 190.7, 210.7, 250.7, 330.7]);
    const workers = ledger.ids.filter((id) => ledger.name[id]!.startsWith("worker-"));
    expect(workers.map((id) => ledger.readyUs[id]! / S)).toEqual([1, 1, 1, 1]);
    // The rollout completes: 8 pods of the new template Ready at the end, none of the old.
    const ready = ledger.ids.filter((id) => ledger.name[id]!.startsWith("web-") && ledger.isReady(id) && Number.isNaN(ledger.deletedUs[id]!));
    expect(ready.length).toBe(8);
    expect(ready.every(isNew)).toBe(true);
  });
});
