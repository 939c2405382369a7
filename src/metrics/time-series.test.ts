import { describe, expect, test } from "vitest";
import { DEFAULT_SAMPLE_INTERVAL_US, TIME_SERIES_COLUMNS, TimeSeriesSampler } from "./time-series.js";

describe("TimeSeriesSampler", () => {
  test("the default interval is 10 s", () => {
    expect(new TimeSeriesSampler().intervalUs).toBe(10_000_000);
    expect(DEFAULT_SAMPLE_INTERVAL_US).toBe(10_000_000);
  });

  test("one row per gauge per sample, long form, time in seconds", () => {
    let pending = 3;
    let nodes = 2;
    const ts = new TimeSeriesSampler(10_000_000);
    ts.gauge("pending_pods", "cluster", () => pending);
    ts.gauge("nodes", "pool/general", () => nodes);
    ts.sample(0);
    pending = 0;
    nodes = 4;
    ts.sample(10_000_000);
    expect(ts.rows()).toEqual([
      [0, "pending_pods", "cluster", 3],
      [0, "nodes", "pool/general", 2],
      [10, "pending_pods", "cluster", 0],
      [10, "nodes", "pool/general", 4],
    ]);
    expect(ts.rowCount).toBe(4);
    expect(TIME_SERIES_COLUMNS).toEqual(["time_s", "metric", "scope", "value"]);
  });

  test("nextSampleUs walks the grid start + k*interval; an off-grid sample does not shift it", () => {
    const ts = new TimeSeriesSampler(10_000_000, 5_000_000);
    expect(ts.nextSampleUs).toBe(5_000_000);
    ts.sample(5_000_000);
    expect(ts.nextSampleUs).toBe(15_000_000);
    ts.sample(15_000_000);
    expect(ts.nextSampleUs).toBe(25_000_000);
    // End of the run at 27.5 s: the next grid point after it is 35 s, not 37.5 s.
    ts.sample(27_500_000);
    expect(ts.lastSampleUs).toBe(27_500_000);
    expect(ts.nextSampleUs).toBe(35_000_000);
  });

  test("a sample before the grid start leaves the first grid point due", () => {
    const ts = new TimeSeriesSampler(10_000_000, 5_000_000);
    ts.sample(1_000_000);
    expect(ts.nextSampleUs).toBe(5_000_000);
  });

  test("sub-second sample times are exact in time_s", () => {
    const ts = new TimeSeriesSampler(250_000);
    ts.gauge("queue_depth", "scheduler", () => 1);
    ts.sample(0);
    ts.sample(ts.nextSampleUs);
    ts.sample(1_000_001);
    expect(ts.rows().map((r) => r[0])).toEqual([0, 0.25, 1.000001]);
  });

  test("sampling twice at the same instant, or going back, throws", () => {
    const ts = new TimeSeriesSampler(1000);
    ts.sample(2000);
    expect(() => ts.sample(2000)).toThrow(RangeError);
    expect(() => ts.sample(1000)).toThrow(RangeError);
    expect(() => ts.sample(2500.5)).toThrow(RangeError);
  });

  test("a gauge registered late appears from the next sample; a retired one stops", () => {
    const ts = new TimeSeriesSampler(1_000_000);
    const a = ts.gauge("cpu_requested_millicores", "node/a", () => 100);
    ts.sample(0);
    ts.gauge("cpu_requested_millicores", "node/b", () => 200);
    ts.sample(1_000_000);
    ts.retire(a);
    ts.sample(2_000_000);
    expect(ts.rows()).toEqual([
      [0, "cpu_requested_millicores", "node/a", 100],
      [1, "cpu_requested_millicores", "node/a", 100],
      [1, "cpu_requested_millicores", "node/b", 200],
      [2, "cpu_requested_millicores", "node/b", 200],
    ]);
  });

  test("registering the same gauge twice throws; gaugeId finds registered gauges", () => {
    const ts = new TimeSeriesSampler();
    const id = ts.gauge("nodes", "cluster", () => 0);
    expect(() => ts.gauge("nodes", "cluster", () => 1)).toThrow(/already registered/);
    expect(ts.gaugeId("nodes", "cluster")).toBe(id);
    expect(ts.gaugeId("nodes", "pool/a")).toBe(-1);
  });

  test("storage grows past its initial capacity without losing readings; series() picks one gauge", () => {
    // 3 gauges x 500 samples = 1500 readings, more than the initial 1024 rows.
    let t = 0;
    const ts = new TimeSeriesSampler(1);
    ts.gauge("g", "a", () => t);
    const b = ts.gauge("g", "b", () => -t);
    ts.gauge("g", "c", () => 7);
    for (t = 0; t < 500; t++) ts.sample(t);
    expect(ts.rowCount).toBe(1500);
    const s = ts.series(b);
    expect(s.timesUs.length).toBe(500);
    expect(s.timesUs[499]).toBe(499);
    expect(s.values[0]).toBe(-0);
    expect(s.values[499]).toBe(-499);
    expect(ts.rows()[1497]).toEqual([0.000499, "g", "a", 499]);
  });

  test("invalid intervals are rejected", () => {
    expect(() => new TimeSeriesSampler(0)).toThrow(RangeError);
    expect(() => new TimeSeriesSampler(1.5)).toThrow(RangeError);
    expect(() => new TimeSeriesSampler(1000, -1)).toThrow(RangeError);
  });
});
