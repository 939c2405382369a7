import { describe, expect, test } from "vitest";
import { US_PER_SECOND } from "./backoff.js";
import { buildEventInterest, ClusterEventKind, pluginBit } from "./cluster-event.js";
import { QueueLocation } from "./queued-pod-columns.js";
import { SchedulingQueue, type SchedulingQueueOptions } from "./scheduling-queue.js";

const S = US_PER_SECOND;
const PLUGINS = ["NodeResourcesFit", "TaintToleration", "NodeAffinity", "ImageLocality"];
const FIT = pluginBit(PLUGINS, "NodeResourcesFit");
const TAINT = pluginBit(PLUGINS, "TaintToleration");
const AFFINITY = pluginBit(PLUGINS, "NodeAffinity");
const NO_EVENTS = pluginBit(PLUGINS, "ImageLocality"); // registers no requeue events

function queue(options: Partial<SchedulingQueueOptions> = {}): SchedulingQueue {
  return new SchedulingQueue({ eventInterest: buildEventInterest(PLUGINS), initialCapacity: 4, ...options });
}

/** Pops `podId` (asserting it is the head) and fails it at `failUs`. */
function popAndFail(q: SchedulingQueue, podId: number, failUs: number, mask: number, error = false) {
  expect(q.pop()).toBe(podId);
  return q.addUnschedulable(podId, mask, failUs, { error });
}

describe("activeQ order (PrioritySort)", () => {
  test("higher priority first, then earlier timestamp, then insertion order", () => {
    const q = queue();
    q.add(0, 0, 0);
    q.add(1, 10, 1 * S);
    q.add(2, 0, 2 * S);
    q.add(3, 10, 3 * S);
    q.add(4, 0, 0); // same priority and timestamp as pod 0, added later
    expect(q.list("active")).toEqual([1, 3, 0, 4, 2]);
    const popped = [q.pop(), q.pop(), q.pop(), q.pop(), q.pop(), q.pop()];
    expect(popped).toEqual([1, 3, 0, 4, 2, -1]);
    expect(q.inFlightCount).toBe(5);
    expect(q.attemptsOf(2)).toBe(1);
  });

  test("update() reorders a queued pod by its new priority", () => {
    const q = queue();
    q.add(0, 0, 0);
    q.add(1, 0, 1 * S);
    q.update(1, 100);
    expect(q.pop()).toBe(1);
  });

  test("slots grow past the initial capacity", () => {
    const q = queue({ initialCapacity: 1 });
    for (let id = 0; id < 100; id++) q.add(id, id % 7, id);
    expect(q.activeCount).toBe(100);
    expect(q.pop()).toBe(6); // priority 6, earliest timestamp
  });
});

describe("backoff", () => {
  test("error failures back off 1, 2, 4, 8, 10, 10 s (windowed: released at the tick after the truncated expiry)", () => {
    const q = queue();
    q.add(7, 0, 0);
    // Fail at x.5 s each time: expiry = trunc(x.5 + d) = x + d, released at the next tick x + d + 1.
    const failures = [0.5, 2.5, 5.5, 10.5, 19.5, 30.5];
    const durations = [1, 2, 4, 8, 10, 10];
    const released = [2, 5, 10, 19, 30, 41];
    failures.forEach((fail, i) => {
      expect(popAndFail(q, 7, fail * S, 0, true)).toBe("backoff");
      expect(q.locationOf(7)).toBe(QueueLocation.ErrorBackoff);
      expect(q.backoffExpiryUsOf(7)).toBe((Math.floor(fail) + durations[i]!) * S);
      expect(q.nextDueUs()).toBe(released[i]! * S);
      q.flush(released[i]! * S - 1);
      expect(q.locationOf(7)).toBe(QueueLocation.ErrorBackoff);
      // Error backoff is never popped early, even with activeQ empty.
      expect(q.pop()).toBe(-1);
      q.flush(released[i]! * S);
      expect(q.locationOf(7)).toBe(QueueLocation.Active);
    });
    expect(q.attemptsOf(7)).toBe(6);
  });

  test("exact (pre-1.33) mode releases at the first whole-second tick at or after Timestamp + d", () => {
    const windowed = queue();
    const exact = queue({ backoffMode: "exact" });
    for (const q of [windowed, exact]) {
      q.add(0, 0, 0);
      popAndFail(q, 0, 1 * S, 0, true); // expiry 1 s + 1 s = 2 s, a whole second
    }
    // windowed: trunc(2 s) = 2 s is still "now's window" at 2 s → released at 3 s.
    expect(windowed.nextDueUs()).toBe(3 * S);
    expect(exact.nextDueUs()).toBe(2 * S);
    exact.flush(2 * S);
    windowed.flush(2 * S);
    expect(exact.locationOf(0)).toBe(QueueLocation.Active);
    expect(windowed.locationOf(0)).toBe(QueueLocation.ErrorBackoff);
  });

  test("configured podInitialBackoffSeconds / podMaxBackoffSeconds", () => {
    const q = queue({ podInitialBackoffUs: 3 * S, podMaxBackoffUs: 5 * S });
    q.add(0, 0, 0);
    popAndFail(q, 0, 0, 0, true);
    expect(q.backoffExpiryUsOf(0)).toBe(3 * S);
    q.flush(4 * S);
    popAndFail(q, 0, 4 * S, 0, true);
    expect(q.backoffExpiryUsOf(0)).toBe(9 * S); // min(6, 5) = 5 s after 4 s
  });
});

describe("unschedulable pool and cluster events", () => {
  test("a pod rejected by NodeResourcesFit waits for a node add, then backs off", () => {
    const q = queue();
    q.add(0, 0, 0);
    expect(popAndFail(q, 0, 0.5 * S, FIT)).toBe("unschedulable");
    expect(q.unschedulableCount).toBe(1);
    expect(q.nextDueUs()).toBe(330 * S); // only the leftover flush is pending

    // Label change: NodeResourcesFit does not care.
    expect(q.moveAllOnEvent(ClusterEventKind.NodeLabelChange, 0.7 * S)).toBe(0);
    expect(q.locationOf(0)).toBe(QueueLocation.Unschedulable);

    // Node add at 0.8 s: expiry trunc(0.5 + 1) = 1 s ≥ trunc(0.8) = 0 → still backing off.
    expect(q.moveAllOnEvent(ClusterEventKind.NodeAdd, 0.8 * S)).toBe(1);
    expect(q.locationOf(0)).toBe(QueueLocation.Backoff);
    expect(q.nextDueUs()).toBe(2 * S);
    q.flush(2 * S);
    expect(q.list("active")).toEqual([0]);
  });

  test("an event after the backoff ended moves the pod straight to activeQ", () => {
    const q = queue();
    q.add(0, 0, 0);
    popAndFail(q, 0, 0.5 * S, FIT);
    // Pod deletion at 5 s: expiry 1 s < trunc(5 s) → not backing off.
    expect(q.moveAllOnEvent(ClusterEventKind.AssignedPodDelete, 5 * S)).toBe(1);
    expect(q.locationOf(0)).toBe(QueueLocation.Active);
  });

  test("taint and label changes move pods rejected by TaintToleration / NodeAffinity only", () => {
    const q = queue();
    q.add(0, 0, 0);
    q.add(1, 0, 0);
    q.add(2, 0, 0);
    popAndFail(q, 0, 0, FIT);
    popAndFail(q, 1, 0, TAINT);
    popAndFail(q, 2, 0, AFFINITY | FIT);
    expect(q.moveAllOnEvent(ClusterEventKind.NodeTaintChange, 10 * S)).toBe(1);
    expect(q.list("active")).toEqual([1]);
    expect(q.moveAllOnEvent(ClusterEventKind.NodeLabelChange, 10 * S)).toBe(1);
    expect(q.list("active")).toEqual([1, 2]);
    expect(q.moveAllOnEvent(ClusterEventKind.NodeAllocatableIncrease, 10 * S)).toBe(1);
    expect(q.unschedulableCount).toBe(0);
  });

  test("a pod rejected by a plugin with no requeue events waits for the leftover flush", () => {
    const q = queue();
    q.add(0, 0, 0);
    popAndFail(q, 0, 0, NO_EVENTS);
    for (const kind of Object.values(ClusterEventKind)) expect(q.moveAllOnEvent(kind, 1 * S)).toBe(0);
    expect(q.locationOf(0)).toBe(QueueLocation.Unschedulable);
  });

  test("an event while the pod was in flight sends the failure to backoffQ (QueueingHints)", () => {
    const q = queue();
    q.add(0, 0, 0);
    q.add(1, 0, 0);
    expect(q.pop()).toBe(0);
    expect(q.pop()).toBe(1);
    q.moveAllOnEvent(ClusterEventKind.NodeAdd, 0.2 * S);
    expect(q.addUnschedulable(0, FIT, 0.5 * S)).toBe("backoff");
    // Pod 1 saw the same node add, but its rejector registers no requeue events.
    expect(q.addUnschedulable(1, NO_EVENTS, 0.5 * S)).toBe("unschedulable");
    // A pod popped after the event did not see it.
    q.add(2, 0, 1 * S);
    popAndFail(q, 2, 1.5 * S, FIT);
    expect(q.locationOf(2)).toBe(QueueLocation.Unschedulable);
  });

  test("an event nobody registered is not recorded for in-flight pods", () => {
    const q = new SchedulingQueue({ eventInterest: buildEventInterest(["NodeResourcesFit"]) });
    q.add(0, 0, 0);
    q.pop();
    q.moveAllOnEvent(ClusterEventKind.NodeLabelChange, 0.1 * S);
    expect(q.addUnschedulable(0, 1, 0.5 * S)).toBe("unschedulable");
  });
});

describe("leftover flush (DefaultPodMaxInUnschedulablePodsDuration)", () => {
  test("moves a pod at the first 30-s tick more than 5 min after its timestamp", () => {
    const q = queue();
    q.add(0, 0, 0);
    q.add(1, 0, 0);
    popAndFail(q, 0, 10 * S, FIT); // 10 s + 300 s = 310 s → tick 330 s
    popAndFail(q, 1, 30 * S, FIT); // 30 s + 300 s = 330 s, strictly more → tick 360 s
    expect(q.nextDueUs()).toBe(330 * S);
    q.flush(329 * S); // applies tick 300 s
    expect(q.unschedulableCount).toBe(2);
    q.flush(330 * S);
    expect(q.list("active")).toEqual([0]);
    expect(q.nextDueUs()).toBe(360 * S);
    q.flush(359.9 * S);
    expect(q.locationOf(1)).toBe(QueueLocation.Unschedulable);
    q.flush(360 * S);
    expect(q.locationOf(1)).toBe(QueueLocation.Active);
    expect(q.nextDueUs()).toBe(Infinity);
  });

  test("a leftover pod still backing off goes to backoffQ, and an in-flight pod sees the wildcard", () => {
    const q = queue({ podInitialBackoffUs: 400 * S, podMaxBackoffUs: 600 * S });
    q.add(0, 0, 0);
    q.add(1, 0, 0);
    popAndFail(q, 0, 10 * S, FIT); // expiry 410 s
    expect(q.pop()).toBe(1); // in flight across the 330-s tick
    q.flush(330 * S);
    expect(q.locationOf(0)).toBe(QueueLocation.Backoff);
    expect(q.nextDueUs()).toBe(411 * S);
    // The wildcard UnschedulableTimeout event requeues whatever rejected pod 1.
    expect(q.addUnschedulable(1, NO_EVENTS, 331 * S)).toBe("backoff");
  });
});

describe("SchedulerPopFromBackoffQ", () => {
  function twoPodsInBackoff(mode: "windowed" | "exact") {
    const q = queue({ backoffMode: mode });
    q.add(0, 0, 0); // priority 0
    q.add(1, 5, 0); // priority 5
    expect(q.pop()).toBe(1);
    expect(q.pop()).toBe(0);
    q.moveAllOnEvent(ClusterEventKind.NodeAdd, 1 * S);
    q.addUnschedulable(0, FIT, 1.2 * S); // raw expiry 2.2 s
    q.addUnschedulable(1, FIT, 1.7 * S); // raw expiry 2.7 s
    return q;
  }

  test("windowed: one window is ordered like activeQ, and an idle scheduler pops it early", () => {
    const q = twoPodsInBackoff("windowed");
    expect(q.backoffExpiryUsOf(0)).toBe(2 * S);
    expect(q.backoffExpiryUsOf(1)).toBe(2 * S);
    expect(q.list("backoff")).toEqual([1, 0]);
    expect(q.pop()).toBe(1); // activeQ is empty
    expect(q.attemptsOf(1)).toBe(2);
    q.flush(3 * S);
    expect(q.list("active")).toEqual([0]);
  });

  test("exact: ordered by expiry and never popped before the flush", () => {
    const q = twoPodsInBackoff("exact");
    expect(q.list("backoff")).toEqual([0, 1]);
    expect(q.pop()).toBe(-1);
    q.flush(3 * S);
    expect(q.list("active")).toEqual([1, 0]);
  });
});

describe("delete and done", () => {
  test("delete removes a pod from any sub-queue; a deleted in-flight pod is forgotten on failure", () => {
    const q = queue();
    for (let id = 0; id < 4; id++) q.add(id, 0, id);
    popAndFail(q, 0, 0, FIT); // pool
    popAndFail(q, 1, 0, 0, true); // error backoff
    expect(q.pop()).toBe(2); // in flight
    expect(q.pendingCount).toBe(3);
    for (const id of [0, 1, 2, 3]) q.delete(id);
    expect(q.pendingCount).toBe(0);
    expect(q.locationOf(2)).toBe(QueueLocation.DeletedInFlight);
    expect(q.addUnschedulable(2, FIT, 1 * S)).toBe("forgotten");
    expect(q.locationOf(2)).toBe(QueueLocation.None);
    expect(q.inFlightCount).toBe(0);
  });

  test("done forgets a scheduled pod and its slot can be reused", () => {
    const q = queue();
    q.add(0, 0, 0);
    q.pop();
    q.done(0);
    expect(q.locationOf(0)).toBe(QueueLocation.None);
    q.add(0, 3, 5 * S);
    expect(q.attemptsOf(0)).toBe(0);
    expect(q.initialAttemptUsOf(0)).toBe(5 * S);
  });

  test("InitialAttemptTimestamp stays at the first activeQ entry while Timestamp is refreshed", () => {
    const q = queue();
    q.add(0, 0, 2 * S);
    popAndFail(q, 0, 3 * S, FIT);
    q.moveAllOnEvent(ClusterEventKind.NodeAdd, 9 * S);
    expect(q.initialAttemptUsOf(0)).toBe(2 * S);
    expect(q.timestampUsOf(0)).toBe(3 * S);
  });
});

describe("scheduling gates", () => {
  test("a gated pod waits aside, untouched by events and flushes, until ungated", () => {
    const q = queue();
    q.add(0, 0, 1 * S, true);
    q.add(1, 0, 2 * S);
    expect(q.gatedCount).toBe(1);
    expect(q.pendingCount).toBe(2);
    expect(q.pop()).toBe(1);
    expect(q.pop()).toBe(-1);
    q.moveAllOnEvent(ClusterEventKind.NodeAdd, 3 * S);
    q.flush(3600 * S);
    expect(q.locationOf(0)).toBe(QueueLocation.Gated);
    expect(q.nextDueUs()).toBe(Infinity);

    q.add(2, 0, 3601 * S);
    q.ungate(0, 3700 * S);
    // Ordered by its creation Timestamp (1 s), ahead of pod 2 (3601 s).
    expect(q.list("active")).toEqual([0, 2]);
    expect(q.timestampUsOf(0)).toBe(1 * S);
    expect(q.initialAttemptUsOf(0)).toBe(3700 * S);
    expect(q.attemptsOf(0)).toBe(0);
  });

  test("deleting a gated pod", () => {
    const q = queue();
    q.add(0, 0, 0, true);
    q.delete(0);
    expect(q.gatedCount).toBe(0);
    expect(q.locationOf(0)).toBe(QueueLocation.None);
  });
});
