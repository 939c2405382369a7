/**
 * A time-series sampler: reads every registered gauge at a fixed interval of simulated time
 * and keeps the readings in long form, ready for `timeseries.csv`
 * (`time_s,metric,scope,value`, `ux.md` A5).
 *
 * The sampler does not schedule anything itself (it knows no engine): the caller schedules an
 * event at `nextSampleUs`, calls `sample(nowUs)` from it, and schedules the next one. Samples
 * sit on the grid `startUs + k * intervalUs`; an extra off-grid `sample` (say, at the end of
 * the run) is allowed and does not shift the grid.
 *
 * Storage is three growable typed-array columns (time, gauge id, value), one entry per
 * reading: a sample allocates nothing unless a column has to grow (amortised doubling).
 */
import { assertMetricName } from "./counter.js";

/** Default sampling interval, 10 s of simulated time (Locust's stats window; `ux.md` A5). */
export const DEFAULT_SAMPLE_INTERVAL_US = 10_000_000;

/** `timeseries.csv` columns. */
export const TIME_SERIES_COLUMNS = ["time_s", "metric", "scope", "value"] as const;

export type TimeSeriesRow = [time_s: number, metric: string, scope: string, value: number];

/**
 * Returns the gauge's current value; called once per sample, so it must not allocate. NaN
 * means "no reading" and becomes an empty `value` cell in the CSV.
 */
export type GaugeReader = () => number;

/** Initial rows of capacity: 64 gauges for 16 samples before the first doubling. */
const INITIAL_CAPACITY = 1024;
const US_PER_S = 1_000_000;

export class TimeSeriesSampler {
  readonly intervalUs: number;
  readonly startUs: number;

  private readonly metrics: string[] = [];
  private readonly scopes: string[] = [];
  // null once retired: the gauge keeps its id and past rows but is no longer read.
  private readonly readers: (GaugeReader | null)[] = [];
  private readonly ids = new Map<string, number>();

  private timeUs = new Float64Array(INITIAL_CAPACITY);
  private gaugeOf = new Int32Array(INITIAL_CAPACITY);
  private value = new Float64Array(INITIAL_CAPACITY);
  private length = 0;

  private next: number;
  private last = -1;

  constructor(intervalUs: number = DEFAULT_SAMPLE_INTERVAL_US, startUs = 0) {
    if (!Number.isSafeInteger(intervalUs) || intervalUs <= 0) throw new RangeError(`sampling interval must be a positive integer of µs, got ${intervalUs}`);
    if (!Number.isSafeInteger(startUs) || startUs < 0) throw new RangeError(`sampling start must be a non-negative integer of µs, got ${startUs}`);
    this.intervalUs = intervalUs;
    this.startUs = startUs;
    this.next = startUs;
  }

  /**
   * Registers a gauge and returns its id. It is read from the next `sample` on; registering
   * the same metric and scope twice is a bug and throws.
   */
  gauge(metric: string, scope: string, read: GaugeReader): number {
    assertMetricName(metric);
    const key = `${metric}\u0000${scope}`;
    if (this.ids.has(key)) throw new Error(`gauge ${metric}{${scope}} is already registered`);
    const id = this.readers.length;
    this.metrics.push(metric);
    this.scopes.push(scope);
    this.readers.push(read);
    this.ids.set(key, id);
    return id;
  }

  /** The id of a registered gauge, or -1. */
  gaugeId(metric: string, scope: string): number {
    return this.ids.get(`${metric}\u0000${scope}`) ?? -1;
  }

  /** Stops reading a gauge (its node was deleted, say); rows already taken are kept. */
  retire(id: number): void {
    if (!(id >= 0 && id < this.readers.length)) throw new RangeError(`no gauge with id ${id}`);
    this.readers[id] = null;
  }

  /** When the caller should call `sample` next: the first grid point after the last sample. */
  get nextSampleUs(): number {
    return this.next;
  }

  /** Time of the latest sample, or -1 before the first. */
  get lastSampleUs(): number {
    return this.last;
  }

  /** Number of readings stored (rows of `rows()`). */
  get rowCount(): number {
    return this.length;
  }

  /**
   * Reads every live gauge once, stamping the readings `nowUs`. Time must move forward:
   * sampling twice at the same instant, or going back, is a bug and throws.
   */
  sample(nowUs: number): void {
    if (!Number.isSafeInteger(nowUs) || nowUs <= this.last) {
      throw new RangeError(`sample at ${nowUs} µs: must be an integer after the previous sample (${this.last} µs)`);
    }
    const readers = this.readers;
    if (this.length + readers.length > this.timeUs.length) this.grow(this.length + readers.length);
    let n = this.length;
    for (let id = 0; id < readers.length; id++) {
      const read = readers[id];
      if (read === null) continue;
      this.timeUs[n] = nowUs;
      this.gaugeOf[n] = id;
      this.value[n] = read();
      n++;
    }
    this.length = n;
    this.last = nowUs;
    this.next = nowUs < this.startUs ? this.startUs : this.startUs + (Math.floor((nowUs - this.startUs) / this.intervalUs) + 1) * this.intervalUs;
  }

  /** All readings in long form, in sampling order, gauges in registration order within a sample. */
  rows(): TimeSeriesRow[] {
    const out: TimeSeriesRow[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const g = this.gaugeOf[i];
      out[i] = [this.timeUs[i] / US_PER_S, this.metrics[g], this.scopes[g], this.value[i]];
    }
    return out;
  }

  /** One gauge's readings as columns (copies), for SLO checks and charts. */
  series(id: number): { timesUs: Float64Array; values: Float64Array } {
    if (!(id >= 0 && id < this.readers.length)) throw new RangeError(`no gauge with id ${id}`);
    let count = 0;
    for (let i = 0; i < this.length; i++) if (this.gaugeOf[i] === id) count++;
    const timesUs = new Float64Array(count);
    const values = new Float64Array(count);
    for (let i = 0, j = 0; i < this.length; i++) {
      if (this.gaugeOf[i] !== id) continue;
      timesUs[j] = this.timeUs[i];
      values[j] = this.value[i];
      j++;
    }
    return { timesUs, values };
  }

  private grow(needed: number): void {
    let capacity = this.timeUs.length * 2;
    while (capacity < needed) capacity *= 2;
    const t = new Float64Array(capacity);
    const g = new Int32Array(capacity);
    const v = new Float64Array(capacity);
    t.set(this.timeUs.subarray(0, this.length));
    g.set(this.gaugeOf.subarray(0, this.length));
    v.set(this.value.subarray(0, this.length));
    this.timeUs = t;
    this.gaugeOf = g;
    this.value = v;
  }
}
