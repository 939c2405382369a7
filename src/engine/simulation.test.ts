import { describe, expect, it } from "vitest";
import { Band } from "./bands.js";
import { Simulation, SimulationError } from "./simulation.js";
import { US_PER_SECOND } from "./time.js";

/** A simulation whose single handler records (nowUs, arg) for every event it runs. */
function recorder(): { sim: Simulation; log: [number, number][]; kind: number } {
  const sim = new Simulation();
  const log: [number, number][] = [];
  const kind = sim.handler((arg) => {
    log.push([sim.nowUs, arg]);
  });
  return { sim, log, kind };
}

describe("Simulation.run(untilUs)", () => {
  it("runs events at exactly untilUs, leaves later ones queued, and ends the clock at untilUs", () => {
    const { sim, log, kind } = recorder();
    sim.at(5, Band.CONTROLLER, kind, 1);
    sim.at(10, Band.CONTROLLER, kind, 2);
    sim.at(11, Band.CONTROLLER, kind, 3);
    const stats = sim.run(10);
    expect(log).toEqual([
      [5, 1],
      [10, 2],
    ]);
    expect(stats).toEqual({ eventsProcessed: 2, finalTimeUs: 10, stopped: false });
    expect(sim.nowUs).toBe(10);
    expect(sim.pendingEvents).toBe(1);
  });

  it("moves the clock to untilUs even when the queue empties earlier, and continues from there", () => {
    const { sim, log, kind } = recorder();
    sim.at(3, Band.CONTROLLER, kind, 1);
    expect(sim.run(100).finalTimeUs).toBe(100);
    // Scheduling relative to the new clock: after(5) lands at 105.
    sim.after(5, Band.CONTROLLER, kind, 2);
    sim.run(200);
    expect(log).toEqual([
      [3, 1],
      [105, 2],
    ]);
    expect(sim.nowUs).toBe(200);
    expect(sim.eventsDone).toBe(2);
  });

  it("run(Infinity) drains the queue and leaves the clock at the last event", () => {
    const { sim, kind } = recorder();
    sim.at(7, Band.CONTROLLER, kind, 0);
    sim.at(42, Band.CONTROLLER, kind, 0);
    expect(sim.run(Infinity)).toEqual({ eventsProcessed: 2, finalTimeUs: 42, stopped: false });
  });

  it("orders one instant by band, then by scheduling order within a band", () => {
    const { sim, log, kind } = recorder();
    // Scheduled latest band first; args name the expected position.
    sim.at(50, Band.METRICS_SAMPLE, kind, 4);
    sim.at(50, Band.SCHEDULER, kind, 2);
    sim.at(50, Band.SCHEDULER, kind, 3);
    sim.at(50, Band.NODE_FAILURE, kind, 0);
    sim.at(50, Band.CONTROLLER, kind, 1);
    sim.run(50);
    expect(log.map(([, arg]) => arg)).toEqual([0, 1, 2, 3, 4]);
  });

  it("runs an event scheduled for now after the events already queued for now in its band", () => {
    const sim = new Simulation();
    const order: string[] = [];
    const b = sim.handler(() => order.push("b"));
    const c = sim.handler(() => order.push("c"));
    const a = sim.handler(() => {
      order.push("a");
      sim.after(0, Band.CONTROLLER, c, 0);
    });
    sim.at(1, Band.CONTROLLER, a, 0);
    sim.at(1, Band.CONTROLLER, b, 0);
    sim.run(1);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("calls progress every N events with the clock and the count", () => {
    const { sim, kind } = recorder();
    // Ten events at 1 s, 2 s, ..., 10 s; every 3 events → after events 3, 6 and 9.
    for (let s = 1; s <= 10; s++) sim.at(s * US_PER_SECOND, Band.CONTROLLER, kind, s);
    const calls: [number, number][] = [];
    sim.run(20 * US_PER_SECOND, { everyEvents: 3, onProgress: (nowUs, done) => calls.push([nowUs, done]) });
    expect(calls).toEqual([
      [3 * US_PER_SECOND, 3],
      [6 * US_PER_SECOND, 6],
      [9 * US_PER_SECOND, 9],
    ]);
  });

  it("reports progress at the same events across batch boundaries (everyEvents above the batch size)", () => {
    const sim = new Simulation();
    let left = 10_000;
    const tick = sim.handler(() => {
      if (--left > 0) sim.after(1, Band.CONTROLLER, tick, 0);
    });
    sim.at(0, Band.CONTROLLER, tick, 0);
    const calls: [number, number][] = [];
    const stats = sim.run(Infinity, { everyEvents: 4_500, onProgress: (nowUs, done) => calls.push([nowUs, done]) });
    // Event k (1-based) runs at time k - 1.
    expect(calls).toEqual([
      [4_499, 4_500],
      [8_999, 9_000],
    ]);
    expect(stats.eventsProcessed).toBe(10_000);
  });

  it("stop() ends the run after the current event and keeps the clock there", () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const kind = sim.handler((arg) => {
      seen.push(arg);
      if (arg === 2) sim.stop();
    });
    for (let i = 1; i <= 4; i++) sim.at(i * 10, Band.CONTROLLER, kind, i);
    expect(sim.run(1_000)).toEqual({ eventsProcessed: 2, finalTimeUs: 20, stopped: true });
    expect(seen).toEqual([1, 2]);
    // The next run picks up where it stopped.
    expect(sim.run(1_000)).toEqual({ eventsProcessed: 2, finalTimeUs: 1_000, stopped: false });
  });

  it("refuses to run backwards", () => {
    const sim = new Simulation();
    sim.run(10);
    expect(() => sim.run(9)).toThrow(RangeError);
  });
});

describe("Simulation scheduling", () => {
  it("refuses to schedule in the past", () => {
    const { sim, kind } = recorder();
    sim.run(100);
    expect(() => sim.at(99, Band.CONTROLLER, kind, 0)).toThrow(RangeError);
    expect(() => sim.after(-1, Band.CONTROLLER, kind, 0)).toThrow(RangeError);
    expect(sim.pendingEvents).toBe(0);
  });

  it("refuses a kind no handler was registered for", () => {
    const { sim, kind } = recorder();
    expect(() => sim.at(1, Band.CONTROLLER, kind + 1, 0)).toThrow(RangeError);
  });

  it("cancels from a handler an event due at the same instant", () => {
    const sim = new Simulation();
    const ran: string[] = [];
    const victim = sim.handler(() => ran.push("victim"));
    let handle = -1;
    const killer = sim.handler(() => {
      ran.push("killer");
      expect(sim.cancel(handle)).toBe(true);
    });
    sim.at(5, Band.NODE_FAILURE, killer, 0);
    handle = sim.at(5, Band.SCHEDULER, victim, 0);
    sim.run(10);
    expect(ran).toEqual(["killer"]);
    expect(sim.cancel(handle)).toBe(false);
  });

  it("step() runs one event at a time, whatever its time, and reports an empty queue", () => {
    const { sim, log, kind } = recorder();
    sim.at(1_000, Band.CONTROLLER, kind, 1);
    sim.at(2_000, Band.CONTROLLER, kind, 2);
    expect(sim.step()).toBe(true);
    expect(sim.nowUs).toBe(1_000);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(false);
    expect(log).toEqual([
      [1_000, 1],
      [2_000, 2],
    ]);
    expect(sim.nowUs).toBe(2_000);
  });
});

describe("Simulation failures", () => {
  it("wraps a handler's error with the handler, kind, arg and time, and stops", () => {
    const sim = new Simulation();
    const ok = sim.handler(() => {});
    const boom = sim.handler(function bindPod(arg) {
      throw new Error(`pod ${arg} has no node`);
    });
    sim.at(1, Band.CONTROLLER, ok, 0);
    sim.at(2, Band.SCHEDULER, boom, 17);
    sim.at(3, Band.CONTROLLER, ok, 0);
    let caught: unknown;
    try {
      sim.run(10);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SimulationError);
    const err = caught as SimulationError;
    expect([err.kind, err.arg, err.timeUs]).toEqual([boom, 17, 2]);
    expect(err.message).toContain("bindPod");
    expect((err.cause as Error).message).toBe("pod 17 has no node");
    expect(sim.nowUs).toBe(2);
    expect(sim.pendingEvents).toBe(1);
  });

  it("refuses a nested run from inside a handler", () => {
    const sim = new Simulation();
    const nested = sim.handler(() => {
      sim.run(100);
    });
    sim.at(1, Band.CONTROLLER, nested, 0);
    expect(() => sim.run(10)).toThrow(SimulationError);
  });
});
