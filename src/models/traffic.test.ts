import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { NO_REAL_DATA, REAL_DATA_DIR } from "../../test/fixtures/real-data.js";
import { meanRate, parseRateSeries, perEndpointRate, rateAt, TrafficSeriesError, type TrafficProfile } from "./traffic.js";

const s = 1e6;
const REAL = REAL_DATA_DIR ?? "";

describe("rate profiles", () => {
  test("constant", () => {
    expect(meanRate({ kind: "constant", rps: 40 }, 0, 10 * s)).toBe(40);
  });

  test("diurnal peaks at peakAt and bottoms half a period later", () => {
    // mean 100, amplitude 0.5: peak 100 × 1.5 = 150 at 14:00, trough 50 at 02:00.
    const p: TrafficProfile = { kind: "diurnal", meanRps: 100, amplitude: 0.5, periodUs: 86_400 * s, peakAtUs: 50_400 * s };
    expect(rateAt(p, 50_400 * s)).toBeCloseTo(150, 9);
    expect(rateAt(p, 7_200 * s)).toBeCloseTo(50, 9);
    // A quarter period from the peak the cosine is 0: the mean.
    expect(rateAt(p, (50_400 - 21_600) * s)).toBeCloseTo(100, 9);
  });

  test("step: the mean over a sample that straddles a step weighs each side by its time", () => {
    // 10 rps, then 70 rps from 65 s: [60, 70) = 5 s × 10 + 5 s × 70 over 10 s = 40.
    const p: TrafficProfile = { kind: "step", rps: 10, steps: [{ atUs: 65 * s, rps: 70 }] };
    expect(meanRate(p, 60 * s, 70 * s)).toBe(40);
    expect(rateAt(p, 64 * s)).toBe(10);
    expect(rateAt(p, 65 * s)).toBe(70);
  });

  test("spike with ramps", () => {
    // 20 rps, ramp 10 s up to 220 at 100 s, hold 30 s, ramp 10 s down.
    const p: TrafficProfile = { kind: "spike", rps: 20, atUs: 100 * s, durationUs: 30 * s, peakRps: 220, rampUs: 10 * s };
    expect(rateAt(p, 89 * s)).toBe(20);
    expect(rateAt(p, 95 * s)).toBe(120); // halfway up the ramp
    expect(rateAt(p, 110 * s)).toBe(220);
    expect(rateAt(p, 135 * s)).toBe(120); // halfway down
    expect(rateAt(p, 140 * s)).toBe(20);
    // Mean over the up-ramp [90, 100): a linear 20 → 220 averages 120.
    expect(meanRate(p, 90 * s, 100 * s)).toBeCloseTo(120, 6);
  });

  test("traffic spreads over Ready endpoints; none Ready gets none (the requests fail)", () => {
    expect(perEndpointRate(300, 4)).toBe(75);
    expect(perEndpointRate(300, 0)).toBe(0);
  });
});

describe.skipIf(NO_REAL_DATA)("CSV time series from shared/real", () => {
  test("the Azure LLM arrival trace binned per minute keeps every request", () => {
    const text = readFileSync(`${REAL}/azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv`, "utf8");
    const rows = text.split("\n").slice(1).filter((l) => l.trim() !== "");
    const series = parseRateSeries(text, { timeColumn: "TIMESTAMP", stepUs: 60 * s });
    // Σ rate × 60 s = number of arrivals.
    let total = 0;
    for (const r of series) total += r * 60;
    expect(Math.round(total)).toBe(rows.length);
    // The first minute: rows whose timestamp is before 18:16:46.68059 (first row + 60 s).
    const first = rows.filter((l) => l < "2023-11-16 18:16:46.6805900").length;
    expect(series[0]).toBeCloseTo(first / 60, 9);
    // Span ≈ 58 min (SOURCES.md): 59 one-minute steps.
    expect(series.length).toBe(59);
  });

  test("a utilization curve scaled to a peak rate, one row per 300 s step", () => {
    const text = readFileSync(`${REAL}/datacenter-utilization-curves/google2019_instance_usage_grouped_300_seconds_month.csv`, "utf8");
    const series = parseRateSeries(text, { column: "avg_cpu", stepUs: 300 * s, scale: 1000 });
    const p: TrafficProfile = { kind: "series", stepUs: 300 * s, rps: series, loop: false };
    // Rows 1 and 2 of the file: avg_cpu 0.4416155843647663 and 0.4331291456739953, × 1000.
    expect(rateAt(p, 0)).toBeCloseTo(441.6155843647663, 9);
    expect(rateAt(p, 301 * s)).toBeCloseTo(433.1291456739953, 9);
    // A 10 s sample across the step boundary: half each.
    expect(meanRate(p, 295 * s, 305 * s)).toBeCloseTo((441.6155843647663 + 433.1291456739953) / 2, 9);
    const peaked = parseRateSeries(text, { column: "avg_cpu", stepUs: 300 * s, peakRps: 500 });
    expect(Math.max(...peaked)).toBeCloseTo(500, 9);
  });

  test("a missing column names the header", () => {
    expect(() => parseRateSeries("a,b\n1,2\n", { column: "c", stepUs: s })).toThrow(TrafficSeriesError);
    let err: unknown = null;
    try {
      parseRateSeries("t,v\n0,1\n1,x\n", { column: "v", timeColumn: "t", stepUs: s });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrafficSeriesError);
    expect((err as TrafficSeriesError).line).toBe(3);
  });
});
