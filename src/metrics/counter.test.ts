import { describe, expect, test } from "vitest";
import { CounterSet } from "./counter.js";

describe("CounterSet", () => {
  test("rows come back in creation order, not sorted by name", () => {
    const set = new CounterSet();
    set.counter("oom_kills", "deployment/checkout").inc();
    set.counter("evictions", "node/a").inc(2);
    set.counter("oom_kills", "cluster").inc(3);
    set.counter("oom_kills", "deployment/checkout").inc(4);
    expect(set.rows()).toEqual([
      ["oom_kills", "deployment/checkout", 5],
      ["evictions", "node/a", 2],
      ["oom_kills", "cluster", 3],
    ]);
    expect(set.size).toBe(3);
  });

  test("the same metric and scope give the same handle; a new counter starts at 0", () => {
    const set = new CounterSet();
    const a = set.counter("restarts", "pod/web-1");
    expect(set.counter("restarts", "pod/web-1")).toBe(a);
    expect(a.value).toBe(0);
    a.inc();
    a.inc(0.5);
    expect(set.get("restarts", "pod/web-1")).toBe(1.5);
  });

  test("get of a counter never created is 0 and does not create it", () => {
    const set = new CounterSet();
    expect(set.get("oom_kills", "cluster")).toBe(0);
    expect(set.size).toBe(0);
    expect(set.rows()).toEqual([]);
  });

  test("metric and scope are not confused when one is a prefix of the other", () => {
    const set = new CounterSet();
    set.counter("a", "bc").inc();
    set.counter("ab", "c").inc(2);
    expect(set.rows()).toEqual([
      ["a", "bc", 1],
      ["ab", "c", 2],
    ]);
  });

  test.each([-1, Number.NaN, Infinity])("inc(%s) throws: counters only go up", (by) => {
    expect(() => new CounterSet().counter("x", "cluster").inc(by)).toThrow(RangeError);
  });

  test.each(["OomKills", "oom-kills", "1st", ""])("metric name %j is rejected (snake_case only)", (name) => {
    expect(() => new CounterSet().counter(name, "cluster")).toThrow(/snake_case/);
  });
});
