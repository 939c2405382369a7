import { describe, expect, test } from "vitest";
import { LatencyHistogram, US_PER_MS, latencySummaryCells, scaleLatencySummary } from "./latency-histogram.js";

function filled(values: Iterable<number>): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

describe("LatencyHistogram", () => {
  test("values 1..1000 give nearest-rank percentiles exactly (HDR is exact below 2048 at 3 digits)", () => {
    // Nearest rank: pN is the ceil(N% * 1000)-th smallest value, which for 1..1000 is N*10.
    // Every value below 2048 has its own HDR bucket at 3 significant digits, so no tolerance.
    const s = filled(range(1, 1000)).summary();
    expect(s).toEqual({ count: 1000, mean: 500.5, min: 1, p50: 500, p90: 900, p95: 950, p99: 990, p99_9: 999, max: 1000 });
  });

  test("1 ms..1 s in µs: percentiles within 0.1% (3 significant digits), never below the true rank value", () => {
    // 1000, 2000, ..., 1_000_000 µs. True nearest-rank p50 = 500_000, p90 = 900_000, p99 = 990_000.
    // HDR reports the top of the bucket holding the value; buckets are at most 1/1024 wide.
    const s = filled(range(1000, 1_000_000, 1000)).summary();
    const truth = { p50: 500_000, p90: 900_000, p95: 950_000, p99: 990_000, p99_9: 999_000 };
    for (const [k, v] of Object.entries(truth)) {
      const got = s[k as keyof typeof truth];
      expect(got).toBeGreaterThanOrEqual(v);
      expect(got).toBeLessThanOrEqual(v * 1.001);
    }
    // count, mean, min and max are kept exactly beside the histogram.
    expect(s.count).toBe(1000);
    expect(s.mean).toBe(500_500);
    expect(s.min).toBe(1000);
    expect(s.max).toBe(1_000_000);
  });

  test("percentiles are clamped to the recorded max (HDR alone reports the bucket top)", () => {
    // 5000 lies in the HDR bucket 4096..8191 whose unit is 4: its equivalence range is
    // 5000..5003, so raw HDR would say p50 = 5003 for a histogram holding only 5000.
    const s = filled([5000]).summary();
    expect(s).toEqual({ count: 1, mean: 5000, min: 5000, p50: 5000, p90: 5000, p95: 5000, p99: 5000, p99_9: 5000, max: 5000 });
  });

  test("an empty histogram summarises as all zeros with count 0", () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.summary()).toEqual({ count: 0, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0 });
    expect(h.summary(US_PER_MS).count).toBe(0);
  });

  test("summary(US_PER_MS) converts µs to ms and leaves count alone", () => {
    // 1000..1_000_000 µs in steps of 1000 are 1..1000 ms; mean 500.5 ms.
    const ms = filled(range(1000, 1_000_000, 1000)).summary(US_PER_MS);
    expect(ms.count).toBe(1000);
    expect(ms.mean).toBe(500.5);
    expect(ms.min).toBe(1);
    expect(ms.max).toBe(1000);
    expect(ms.p50).toBeGreaterThanOrEqual(500);
    expect(ms.p50).toBeLessThanOrEqual(500.5);
  });

  test("scaleLatencySummary divides every value field and rejects a zero divisor", () => {
    const s = { count: 4, mean: 2500, min: 1000, p50: 2000, p90: 4000, p95: 4000, p99: 4000, p99_9: 4000, max: 4000 };
    expect(scaleLatencySummary(s, 1000)).toEqual({ count: 4, mean: 2.5, min: 1, p50: 2, p90: 4, p95: 4, p99: 4, p99_9: 4, max: 4 });
    expect(() => scaleLatencySummary(s, 0)).toThrow(RangeError);
  });

  test("merge of 1..500 and 501..1000 equals one histogram of 1..1000; the source is unchanged", () => {
    const low = filled(range(1, 500));
    const high = filled(range(501, 1000));
    low.merge(high);
    expect(low.summary()).toEqual(filled(range(1, 1000)).summary());
    expect(high.summary()).toEqual(filled(range(501, 1000)).summary());
  });

  test("merge into an empty histogram takes the other's min; merging an empty one changes nothing", () => {
    const empty = new LatencyHistogram();
    empty.merge(filled([7, 9]));
    expect(empty.summary()).toMatchObject({ count: 2, min: 7, max: 9, mean: 8 });
    const h = filled([3]);
    h.merge(new LatencyHistogram());
    expect(h.summary()).toMatchObject({ count: 1, min: 3, max: 3 });
  });

  test("reset forgets everything, and recording afterwards starts afresh", () => {
    const h = filled(range(1, 100));
    h.reset();
    expect(h.summary().count).toBe(0);
    h.record(42);
    expect(h.summary()).toEqual({ count: 1, mean: 42, min: 42, p50: 42, p90: 42, p95: 42, p99: 42, p99_9: 42, max: 42 });
  });

  test("zero is a valid latency (a pod bound in the same instant it was created)", () => {
    expect(filled([0, 0, 10]).summary()).toMatchObject({ count: 3, min: 0, p50: 0, max: 10 });
  });

  test("values beyond the pre-allocated hour are kept: the histogram grows", () => {
    const twoHoursUs = 7_200_000_000;
    const s = filled([1, twoHoursUs]).summary();
    expect(s.count).toBe(2);
    expect(s.max).toBe(twoHoursUs);
    expect(s.p99).toBe(twoHoursUs);
  });

  test("merging a histogram that grew past an hour into one that did not keeps the large value", () => {
    const small = filled([1, 2, 3]);
    small.merge(filled([7_200_000_000]));
    // Four values; nearest-rank p50 is the 2nd smallest (2), p90 the 4th (the 2 h value).
    expect(small.summary()).toMatchObject({ count: 4, min: 1, p50: 2, p90: 7_200_000_000, max: 7_200_000_000 });
  });

  test.each([-1, 1.5, Number.NaN, Infinity])("record(%s) throws: latencies are non-negative integers", (v) => {
    expect(() => new LatencyHistogram().record(v)).toThrow(RangeError);
  });

  test("since(from) windows keep the observations that started at or after their instant", () => {
    const h = new LatencyHistogram();
    const w10 = h.since(10);
    const w20 = h.since(20);
    expect(h.since(10)).toBe(w10); // one window per instant
    h.record(500, 0); // started before both
    h.record(300, 10); // at 10: in w10
    h.recordCount(100, 3, 25); // after both
    expect(h.count).toBe(5);
    expect(w10.summary()).toMatchObject({ count: 4, min: 100, max: 300 });
    expect(w20.summary()).toMatchObject({ count: 3, min: 100, max: 100 });
    expect(h.window(20)).toBe(w20);
    expect(() => h.window(30)).toThrow(RangeError); // never opened: it would hold nothing
  });

  test("once windows exist, recording without the observation's start throws rather than missing them", () => {
    const h = new LatencyHistogram();
    h.record(5); // no window: the start is not needed
    h.since(0);
    expect(() => h.record(5)).toThrow(RangeError);
    expect(() => h.recordCount(5, 2)).toThrow(RangeError);
  });

  test("latencySummaryCells lists values in summary.csv column order", () => {
    const s = { count: 1, mean: 2, min: 3, p50: 4, p90: 5, p95: 6, p99: 7, p99_9: 8, max: 9 };
    expect(latencySummaryCells(s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
