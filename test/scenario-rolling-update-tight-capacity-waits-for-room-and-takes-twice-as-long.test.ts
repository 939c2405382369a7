/**
 * scenarios/rolling-update-tight-capacity.yaml, worked by hand. The API has 8 replicas of
 * 1500m on m6i.xlarge nodes (3920m: two fit, 3000m; three do not, 4500m), so 4 nodes hold
 * exactly 8. Images are pre-pulled: a pod scheduled at s starts at s + 0.7 + 0.3 = s + 1 and
 * is Ready at the first 5-s readiness tick (grid from s) at or after s + 1 + 10 s of
 * initialDelay: s + 15. A deleted pod is gone 1 s later (the container exits on SIGTERM).
 * 25 %/25 % of 8: surge ceil(2) = 2, unavailable floor(2) = 2 → ≤ 10 pods, ≥ 6 available.
 *
 * Tight (4 nodes), rollout at R = 60 s:
 * - R: new RS 0 → 2, old 8 → 6 (10 − minAvailable 6 − 2 unavailable new = 2), new → 4
 *   (10 − 8 = 2 more). No room: all 4 new pods fail (FailedScheduling, attempt 1).
 * - R+1: the 2 old pods are gone, but the new pods back off 1 s from R, and the v1.33 queue
 *   truncates that expiry to its 1-s window (61) and holds them through it: scheduled at 62.
 * - Each later wave: 2 new Ready → old −2 and new +2 at once; 1 s later the room is free and
 *   the 2 pods waiting longest (past their backoff) are scheduled; Ready 15 s later.
 *   Scheduled 62, 62, 78, 78, 94, 94, 110, 110 → Ready 77, 77, 93, 93, 109, 109, 125, 125;
 *   old pods deleted at 60, 60, 77, 77, 93, 93, 109, 109. Done at 125 s: 65 s.
 * With a fifth node (2 free slots): 2 new pods start at R (Ready 75), the other 2 at 62
 * (Ready 77); new pods created at 75 and 77 wait out their 1-s backoff window (scheduled 77,
 * 79; Ready 92, 94). Done at 94 s: 34 s, about half.
 */
import { describe, expect, it } from "vitest";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;
const FILE = "scenarios/rolling-update-tight-capacity.yaml";

function times(set: string[] = []) {
  const rt = buildRuntime(loadScenario(FILE, { set }));
  const { sim, ledger, store } = rt.ctx;
  const isNew = (id: number) => ledger.createdUs[id]! >= 60 * S;
  let maxPods = 0;
  let minAvailable = Infinity;
  // Step through the rollout second by second and check the Deployment's invariants.
  for (let t = 60; t <= 130; t++) {
    sim.run(t * S);
    const live = ledger.ids.filter((id) => Number.isNaN(ledger.deletedUs[id]!));
    maxPods = Math.max(maxPods, live.filter((id) => Number.isNaN(ledger.terminatingUs[id]!)).length);
    minAvailable = Math.min(minAvailable, live.filter((id) => ledger.isReady(id)).length);
  }
  sim.run(300 * S);
  const fresh = ledger.ids.filter(isNew);
  const old = ledger.ids.filter((id) => !isNew(id));
  return {
    created: fresh.map((id) => ledger.createdUs[id]! / S),
    scheduled: fresh.map((id) => ledger.scheduledUs[id]! / S),
    ready: fresh.map((id) => ledger.readyUs[id]! / S),
    oldDeleted: old.map((id) => ledger.terminatingUs[id]! / S).sort((a, b) => a - b),
    failed: store.events.filter((e) => e.reason === "FailedScheduling"),
    maxPods,
    minAvailable,
  };
}

describe("scenarios/rolling-update-tight-capacity.yaml", () => {
  it("holds the surge pods Pending until old pods go, so the rollout takes 65 s in four 16-s waves", () => {
    const r = times();
    expect(r.created).toEqual([60, 60, 60, 60, 77, 77, 93, 93]);
    expect(r.scheduled).toEqual([62, 62, 78, 78, 94, 94, 110, 110]);
    expect(r.ready).toEqual([77, 77, 93, 93, 109, 109, 125, 125]);
    expect(r.oldDeleted).toEqual([60, 60, 77, 77, 93, 93, 109, 109]);
    expect(Math.max(...r.ready) - 60).toBe(65);
    expect(r.maxPods).toBe(10);
    expect(r.minAvailable).toBe(6);
    expect(r.failed.length).toBeGreaterThan(0);
    for (const e of r.failed) {
      expect(e.message).toBe("0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.");
    }
  });

  it("with room for the surge (a fifth node) finishes in 34 s", () => {
    const r = times(["spec.cluster.nodePools[0].count=5"]);
    expect(r.created).toEqual([60, 60, 60, 60, 75, 75, 77, 77]);
    expect(r.scheduled).toEqual([60, 60, 62, 62, 77, 77, 79, 79]);
    expect(r.ready).toEqual([75, 75, 77, 77, 92, 92, 94, 94]);
    expect(Math.max(...r.ready) - 60).toBe(34);
    expect(r.maxPods).toBe(10);
    expect(r.minAvailable).toBeGreaterThanOrEqual(6);
  });
});
