import { describe, expect, test } from "vitest";
import { fanOutUs, seatsFor, VERB_CREATE, VERB_GET, VERB_LIST, VERB_PATCH } from "./request-cost.js";

describe("APF work estimates", () => {
  test.each([
    // LIST: ceil(objects / 100), between 1 and 10.
    [VERB_LIST, 0, 0, 1],
    [VERB_LIST, 100, 0, 1],
    [VERB_LIST, 101, 0, 2],
    [VERB_LIST, 950, 0, 10],
    [VERB_LIST, 150_000, 0, 10],
    // mutating: ceil(watchers / 10) when watchers ≥ 10, capped at 10.
    [VERB_CREATE, 1, 9, 1],
    [VERB_CREATE, 1, 10, 1],
    [VERB_CREATE, 1, 15, 2],
    [VERB_PATCH, 1, 5000, 10],
    [VERB_GET, 1, 5000, 1],
  ])("verb %i, %i objects, %i watchers → %i seats", (verb, objects, watchers, seats) => {
    expect(seatsFor(verb, objects, watchers)).toBe(seats);
  });

  test.each([
    [9, 0], // under watchesPerSeat: no extra work
    [15, 5000], // 2 seats × 5 ms of work over 2 seats = 5 ms
    [5000, 250_000], // 500 seats × 5 ms = 2.5 s of work over 10 seats = 250 ms
  ])("a write fanning out to %i watchers holds its seats %i µs longer", (watchers, us) => {
    expect(fanOutUs(VERB_CREATE, watchers)).toBe(us);
  });
});
