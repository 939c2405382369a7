import { describe, expect, test } from "vitest";
import { InputError } from "../errors.js";
import { groupCount, groupOf, groupPoints, parseShard, pointCoordinates, pointValues, replicationSeed, replicationsNeeded, shardOwns } from "./sweep-plan.js";

const plan = {
  ranges: [
    { path: "a", values: ["x", "y", "z"], numeric: false, text: "" },
    { path: "b", values: [1, 2, 3, 4], numeric: true, text: "" },
  ],
  search: 1,
};

describe("sweep points", () => {
  test("the last range varies fastest, like nested loops", () => {
    expect(pointValues(plan, 0)).toEqual(["x", 1]);
    expect(pointValues(plan, 3)).toEqual(["x", 4]);
    expect(pointValues(plan, 4)).toEqual(["y", 1]);
    expect(pointCoordinates(plan, 11)).toEqual([2, 3]);
  });

  test("a group is every point sharing the non-search values", () => {
    expect(groupCount(plan)).toBe(3);
    expect(groupPoints(plan, 1)).toEqual([4, 5, 6, 7]);
    expect(groupPoints({ ...plan, search: 0 }, 1)).toEqual([1, 5, 9]);
    expect(groupOf(plan, 6)).toBe(1);
  });

  test("replication 0 keeps the scenario seed; others are distinct 32-bit seeds, the same on every call", () => {
    expect(replicationSeed(42, 0)).toBe(42);
    const seeds = [1, 2, 3, 4, 5].map((r) => replicationSeed(42, r));
    expect(new Set([42, ...seeds]).size).toBe(6);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect([1, 2, 3, 4, 5].map((r) => replicationSeed(42, r))).toEqual(seeds);
  });

  test.each([
    [1, 5, 5],
    [0.8, 5, 4], // ⌈0.8 × 5⌉ = 4
    [0.9, 5, 5], // ⌈4.5⌉ = 5
    [0.6, 5, 3], // 0.6 × 5 = 3.0000000000000004 in binary: still 3
    [0.01, 5, 1],
  ])("confidence %s of %s replications needs %s", (confidence, replications, need) => {
    expect(replicationsNeeded({ confidence, replications })).toBe(need);
  });
});

describe("shards", () => {
  test("i/N deals units round robin; every unit has exactly one owner", () => {
    const shards = [0, 1, 2].map((i) => parseShard(`${i}/3`));
    for (let u = 0; u < 20; u++) expect(shards.filter((s) => shardOwns(s, u)).length).toBe(1);
    expect(shardOwns(shards[1]!, 4)).toBe(true);
    expect(shardOwns(null, 4)).toBe(true);
  });

  test.each(["3/3", "1", "a/2", "-1/2", "0/0", "1/2/3"])("%s is a USAGE error", (text) => {
    expect(() => parseShard(text)).toThrow(InputError);
  });
});
