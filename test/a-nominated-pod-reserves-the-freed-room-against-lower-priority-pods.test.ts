/**
 * Nominated pods (RunFilterPluginsWithNominatedPods / addGENominatedPods), worked by hand.
 * Node a: 2 cpu holding lo-1 and lo-2 (priority 1, 1 cpu each). Preemptor P (priority 100,
 * 1 cpu) evicts one of them and is nominated to a: a now has 1 cpu in use and 1 cpu free.
 *
 *  - M (priority 1, 1 cpu) arrives before P is retried. P (100 ≥ 1) counts on a in the first
 *    filter run: 1000 + 1000 (P) + 1000 > 2000 → "Insufficient cpu"; lo-2 has M's priority, so
 *    no victims. M stays pending although a has 1 cpu free.
 *  - H (priority 200, 1 cpu): P (100 < 200) is ignored; 1000 + 1000 ≤ 2000 → H takes the room.
 *    (A pod may take space freed for lower-priority nominated pods.)
 *  - Without H, P's next cycle tries a first and binds there; the nomination ends.
 */
import { describe, expect, it } from "vitest";
import { eventMessage, Scheduler } from "../src/scheduler/schedule-one.js";
import { cluster, node, pending, pod } from "./fixtures/k8s-objects.js";

function setUp() {
  const c = cluster([node("a", { cpu: "2" })], [
    [pod("lo-1", { cpu: "1", priority: 1 }), "a"],
    [pod("lo-2", { cpu: "1", priority: 1 }), "a"],
  ]);
  const s = new Scheduler(c, { rng: { int: () => 0 } });
  const p = pending(c, pod("p", { cpu: "1", priority: 100 }));
  const r = s.scheduleOne(p);
  expect(r.victims).toHaveLength(1);
  expect(s.nominator.nodeOf(p)).toBe(c.nodeByName.get("a"));
  expect(c.nodes.reqCpu[c.nodeByName.get("a")!]).toBe(1000);
  return { c, s, p };
}

describe("a nominated pod", () => {
  it("keeps an equal-or-lower-priority pod off the room its victims freed", () => {
    const { c, s, p } = setUp();
    const m = s.scheduleOne(pending(c, pod("m", { cpu: "1", priority: 1 })));
    expect(m.nodeName).toBeNull();
    expect(eventMessage(m)).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
    // M's failed preemption clears only M's own (absent) nomination; P keeps a.
    expect(s.nominator.nodeOf(p)).toBe(c.nodeByName.get("a"));
    const r = s.scheduleOne(p);
    expect(r.nodeName).toBe("a");
    // The nominated-node fast path: a is the only node examined, the cursor does not move.
    expect(r.evaluatedNodes).toBe(1);
    expect(s.nominator.total).toBe(0);
  });

  it("does not hold the room against a higher-priority pod", () => {
    const { c, s } = setUp();
    expect(s.scheduleOne(pending(c, pod("h", { cpu: "1", priority: 200 }))).nodeName).toBe("a");
  });
});
