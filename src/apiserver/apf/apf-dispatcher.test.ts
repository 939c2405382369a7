import { describe, expect, test } from "vitest";
import { ADMIT_EXECUTE, ADMIT_QUEUED, ApfDispatcher, MaxInflightLimiter, REJECT_CONCURRENCY, REJECT_QUEUE_FULL } from "./apf-dispatcher.js";
import { DEFAULT_PRIORITY_LEVELS, LEVEL_CATCH_ALL, LEVEL_EXEMPT, LEVEL_WORKLOAD_LOW, nominalConcurrencyLimits } from "./priority-levels.js";
import { dealHand } from "./shuffle-shard.js";

const dispatcher = () => new ApfDispatcher(DEFAULT_PRIORITY_LEVELS, nominalConcurrencyLimits(600, DEFAULT_PRIORITY_LEVELS));

describe("V28: APF disabled (max-inflight)", () => {
  test("the 401st read-only request and the 201st mutating request get 429 at once", () => {
    const l = new MaxInflightLimiter(400, 200);
    for (let i = 0; i < 400; i++) expect(l.admit(false)).toBe(ADMIT_EXECUTE);
    expect(l.admit(false)).toBe(REJECT_CONCURRENCY);
    for (let i = 0; i < 200; i++) expect(l.admit(true)).toBe(ADMIT_EXECUTE);
    expect(l.admit(true)).toBe(REJECT_CONCURRENCY);
    // A finished request frees its semaphore slot.
    l.release(true);
    expect(l.admit(true)).toBe(ADMIT_EXECUTE);
  });
});

describe("V29: APF queueing", () => {
  test("workload-low full (245 seats busy): the next request is queued; with all 6 queues of its hand at 50, 429 queue-full", () => {
    const d = dispatcher();
    let req = 0;
    for (let i = 0; i < 245; i++) expect(d.admit(req++, LEVEL_WORKLOAD_LOW, i, 1)).toBe(ADMIT_EXECUTE);
    expect(d.seatsInUse[LEVEL_WORKLOAD_LOW]).toBe(245);
    // One flow (one hash): its hand of 6 queues holds 6 × 50 = 300 requests, then queue-full.
    const flow = 123456789;
    for (let i = 0; i < 300; i++) expect(d.admit(req++, LEVEL_WORKLOAD_LOW, flow, 1)).toBe(ADMIT_QUEUED);
    expect(d.waiting[LEVEL_WORKLOAD_LOW]).toBe(300);
    expect(d.admit(req++, LEVEL_WORKLOAD_LOW, flow, 1)).toBe(REJECT_QUEUE_FULL);
  });

  test("a request whose hand has a queue with room is enqueued on the shortest queue of the hand", () => {
    const d = dispatcher();
    for (let i = 0; i < 245; i++) d.admit(i, LEVEL_WORKLOAD_LOW, i, 1);
    const hand = new Int32Array(6);
    dealHand(42, 128, 6, hand);
    expect(new Set(hand).size).toBe(6);
    // 6 requests of the flow spread one per queue (each goes to the then-shortest), so 300 fit before queue-full.
    for (let i = 0; i < 6; i++) expect(d.admit(1000 + i, LEVEL_WORKLOAD_LOW, 42, 1)).toBe(ADMIT_QUEUED);
  });

  test("a freed seat dispatches the oldest queued request; a timed-out one is removed", () => {
    const d = dispatcher();
    for (let i = 0; i < 245; i++) d.admit(i, LEVEL_WORKLOAD_LOW, i, 1);
    d.admit(500, LEVEL_WORKLOAD_LOW, 7, 1);
    d.admit(501, LEVEL_WORKLOAD_LOW, 7, 1);
    expect(d.remove(500, LEVEL_WORKLOAD_LOW)).toBe(true); // its 15 s ran out: 429 time-out
    d.release(LEVEL_WORKLOAD_LOW, 1);
    expect(d.dispatch(LEVEL_WORKLOAD_LOW)).toBe(501);
    expect(d.dispatch(LEVEL_WORKLOAD_LOW)).toBe(-1);
    expect(d.waiting[LEVEL_WORKLOAD_LOW]).toBe(0);
  });

  test("catch-all (Reject): 13 concurrent requests run, the 14th gets 429 at once", () => {
    const d = dispatcher();
    for (let i = 0; i < 13; i++) expect(d.admit(i, LEVEL_CATCH_ALL, i, 1)).toBe(ADMIT_EXECUTE);
    expect(d.admit(13, LEVEL_CATCH_ALL, 13, 1)).toBe(REJECT_CONCURRENCY);
  });

  test("exempt requests are never limited or counted", () => {
    const d = dispatcher();
    for (let i = 0; i < 1000; i++) expect(d.admit(i, LEVEL_EXEMPT, i, 1)).toBe(ADMIT_EXECUTE);
    expect(d.seatsInUse[LEVEL_EXEMPT]).toBe(0);
  });

  test("a LIST of 10 seats waits until 10 seats are free", () => {
    const d = dispatcher();
    for (let i = 0; i < 240; i++) d.admit(i, LEVEL_WORKLOAD_LOW, i, 1);
    expect(d.admit(900, LEVEL_WORKLOAD_LOW, 1, 10)).toBe(ADMIT_QUEUED); // 5 free < 10
    for (let k = 0; k < 4; k++) {
      d.release(LEVEL_WORKLOAD_LOW, 1);
      expect(d.dispatch(LEVEL_WORKLOAD_LOW)).toBe(-1); // 6..9 free
    }
    d.release(LEVEL_WORKLOAD_LOW, 1);
    expect(d.dispatch(LEVEL_WORKLOAD_LOW)).toBe(900); // 10 free
    expect(d.seatsInUse[LEVEL_WORKLOAD_LOW]).toBe(235 + 10);
  });
});

describe("shuffle sharding", () => {
  test.each([
    // hash 0: every digit 0 → the first six cards.
    [0, [0, 1, 2, 3, 4, 5]],
    // hash 1: digits 1,0,0,0,0,0 → card 1, then 0, then the lowest not dealt: 2, 3, 4, 5.
    [1, [1, 0, 2, 3, 4, 5]],
    // hash 128: digits 0,1,0,... (128 = 1 × 128) → 0, then remainder 1 of the 127 left → card 2, then 1, 3, 4, 5.
    [128, [0, 2, 1, 3, 4, 5]],
  ])("hash %i deals %j from 128 queues", (hash, want) => {
    const hand = new Int32Array(6);
    dealHand(hash, 128, 6, hand);
    expect(Array.from(hand)).toEqual(want);
  });
});
