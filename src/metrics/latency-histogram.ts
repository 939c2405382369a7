/**
 * A latency distribution: an HDR histogram for the percentiles, plus exact count, sum, min
 * and max kept beside it.
 *
 * Values are non-negative integers in whatever unit the caller chose (kubesim records
 * simulated microseconds). The histogram is the pure-JS `Int32Histogram` from
 * `hdr-histogram-js`, never the WebAssembly build: no async initialisation, and the same
 * bytes of arithmetic on every machine, which the determinism rule needs.
 *
 * Range and precision: 3 significant digits over 1 .. 3.6e9 (1 µs .. 1 hour when recording
 * µs). Three digits means every reported percentile is within 0.1% of a recorded value
 * (HDR keeps 2048 sub-buckets per power of two, so the worst relative bucket width is
 * 1/1024) and costs about 95 KB of counts per histogram. Latencies above an hour (a pod
 * Pending for a whole scenario) are still recorded exactly in count: the histogram is
 * built with `autoResize`, which grows the range deterministically instead of throwing.
 *
 * Windows (`since`): a histogram may also keep, for a few instants, the observations that
 * *started* at or after that instant (an SLO's `from`, the warm-up deletion of simulation
 * output analysis). The caller then passes each observation's start to `record`; a window is a
 * plain `LatencyHistogram`, so its summary is computed the same way.
 */
import { build, type Histogram } from "hdr-histogram-js";

/**
 * The statistics written to `summary.csv` and `summary.json`. Field names follow
 * HdrHistogramJS's `HistogramSummary` (`p99_9`), which `ux.md` adopts for the CSV columns.
 *
 * An empty distribution summarises as all zeros with `count: 0` (not NaN, not absent), so
 * every metric always has a row and the CSV never holds empty cells for "no data": readers
 * tell "no samples" from "zero latency" by `count`.
 */
export interface LatencySummary {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p99_9: number;
  max: number;
}

/** Column order of a `LatencySummary` in `summary.csv` (after `metric,scope`). */
export const LATENCY_SUMMARY_COLUMNS = ["count", "mean", "min", "p50", "p90", "p95", "p99", "p99_9", "max"] as const;

/** Divisor from microseconds to milliseconds, for `summary(US_PER_MS)`. */
export const US_PER_MS = 1000;

/** 1 hour in µs: the pre-allocated top of the range (see the module comment). */
export const DEFAULT_HIGHEST_TRACKABLE_VALUE = 3_600_000_000;

/** Three significant digits: 0.1% precision at ~95 KB per histogram (see the module comment). */
export const DEFAULT_SIGNIFICANT_DIGITS = 3;

export interface LatencyHistogramOptions {
  /** Top of the pre-allocated range; larger values still record (the histogram grows). */
  highestTrackableValue?: number;
  numberOfSignificantValueDigits?: 1 | 2 | 3 | 4 | 5;
}

export class LatencyHistogram {
  private readonly hdr: Histogram;
  private n = 0;
  // Exact while the total stays below 2^53 (285 years of summed µs).
  private sum = 0;
  private minValue = 0;
  private maxValue = 0;
  /** `since` windows, by ascending start; null (the common case) costs one check per record. */
  private windows: { fromUs: number; h: LatencyHistogram }[] | null = null;

  constructor(options: LatencyHistogramOptions = {}) {
    this.hdr = build({
      bitBucketSize: 32,
      autoResize: true,
      lowestDiscernibleValue: 1,
      highestTrackableValue: options.highestTrackableValue ?? DEFAULT_HIGHEST_TRACKABLE_VALUE,
      numberOfSignificantValueDigits: options.numberOfSignificantValueDigits ?? DEFAULT_SIGNIFICANT_DIGITS,
      useWebAssembly: false,
    });
  }

  /** Number of values recorded. */
  get count(): number {
    return this.n;
  }

  /**
   * The window of observations that started at or after `fromUs` (created on first call; the
   * same histogram for the same instant). Register windows before recording: observations
   * recorded earlier are not in them.
   */
  since(fromUs: number): LatencyHistogram {
    if (!Number.isFinite(fromUs)) throw new RangeError(`LatencyHistogram.since: expected a finite instant, got ${fromUs}`);
    const ws = (this.windows ??= []);
    const found = ws.find((w) => w.fromUs === fromUs);
    if (found) return found.h;
    const h = new LatencyHistogram();
    ws.push({ fromUs, h });
    ws.sort((a, b) => a.fromUs - b.fromUs);
    return h;
  }

  /** The window `since(fromUs)` opened; throws when none was (it would hold nothing). */
  window(fromUs: number): LatencyHistogram {
    const w = this.windows?.find((x) => x.fromUs === fromUs);
    if (!w) throw new RangeError(`LatencyHistogram.window: no window since ${fromUs} µs was opened`);
    return w.h;
  }

  /** Whether `since` windows exist (recorders then must pass each observation's start). */
  get hasWindows(): boolean {
    return this.windows !== null;
  }

  /**
   * Records one value. A negative, fractional or non-finite value is a kubesim bug (simulated
   * time is integer µs, so differences of it are too): it throws rather than being rounded.
   * `startUs` is when the observation began (pod created, request issued); it is required once
   * `since` windows exist, so that no window silently misses an observation.
   */
  record(value: number, startUs?: number): void {
    if (!(value >= 0) || !Number.isSafeInteger(value)) {
      throw new RangeError(`LatencyHistogram.record: expected a non-negative integer, got ${value}`);
    }
    if (this.windows !== null) this.recordInWindows(value, 1, startUs);
    this.hdr.recordValue(value);
    if (this.n === 0 || value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    this.sum += value;
    this.n++;
  }

  /**
   * Records `count` observations of one value at once (the resource-dynamics model records a
   * whole sample period's requests per latency quantile). Same rules as `record`.
   */
  recordCount(value: number, count: number, startUs?: number): void {
    if (!(value >= 0) || !Number.isSafeInteger(value) || !(count >= 0) || !Number.isSafeInteger(count)) {
      throw new RangeError(`LatencyHistogram.recordCount: expected non-negative integers, got ${value} × ${count}`);
    }
    if (count === 0) return;
    if (this.windows !== null) this.recordInWindows(value, count, startUs);
    this.hdr.recordValueWithCount(value, count);
    if (this.n === 0 || value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    this.sum += value * count;
    this.n += count;
  }

  private recordInWindows(value: number, count: number, startUs: number | undefined): void {
    if (startUs === undefined || Number.isNaN(startUs)) {
      throw new RangeError("LatencyHistogram.record: this histogram has `since` windows; pass the observation's start");
    }
    for (const w of this.windows!) {
      if (startUs < w.fromUs) break; // ascending: no later window takes it either
      w.h.recordCount(value, count);
    }
  }

  /** Adds every value recorded in `other` to this histogram (not to its windows); `other` is unchanged. */
  merge(other: LatencyHistogram): void {
    if (other.n === 0) return;
    this.hdr.add(other.hdr);
    if (this.n === 0 || other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
    this.sum += other.sum;
    this.n += other.n;
  }

  /** Forgets every recorded value, the windows' too. */
  reset(): void {
    for (const w of this.windows ?? []) w.h.reset();
    this.hdr.reset();
    this.n = 0;
    this.sum = 0;
    this.minValue = 0;
    this.maxValue = 0;
  }

  /**
   * The summary, every value field divided by `divisor` (`summary(US_PER_MS)` turns µs into
   * ms; `count` is never scaled).
   *
   * `count`, `mean`, `min` and `max` are exact. Percentiles are HDR's: the highest value
   * equivalent to the bucket holding the nearest-rank sample, clamped to [min, max] so that a
   * percentile never lies outside the recorded values (HDR alone can report p99_9 a bucket
   * width above the true max).
   */
  summary(divisor = 1): LatencySummary {
    if (this.n === 0) return { count: 0, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0 };
    const at = (p: number): number => Math.min(this.maxValue, Math.max(this.minValue, this.hdr.getValueAtPercentile(p)));
    return scaleLatencySummary(
      {
        count: this.n,
        mean: this.sum / this.n,
        min: this.minValue,
        p50: at(50),
        p90: at(90),
        p95: at(95),
        p99: at(99),
        p99_9: at(99.9),
        max: this.maxValue,
      },
      divisor,
    );
  }
}

/** Divides every value field of `s` by `divisor`, leaving `count` alone. */
export function scaleLatencySummary(s: LatencySummary, divisor: number): LatencySummary {
  if (!(divisor > 0) || !Number.isFinite(divisor)) throw new RangeError(`scaleLatencySummary: bad divisor ${divisor}`);
  if (divisor === 1) return { ...s };
  return {
    count: s.count,
    mean: s.mean / divisor,
    min: s.min / divisor,
    p50: s.p50 / divisor,
    p90: s.p90 / divisor,
    p95: s.p95 / divisor,
    p99: s.p99 / divisor,
    p99_9: s.p99_9 / divisor,
    max: s.max / divisor,
  };
}

/** The summary's values in `LATENCY_SUMMARY_COLUMNS` order, for a `summary.csv` row. */
export function latencySummaryCells(s: LatencySummary): number[] {
  return LATENCY_SUMMARY_COLUMNS.map((c) => s[c]);
}
