/**
 * Request-rate profiles of a workload's traffic (issue 6 point 1): constant, diurnal, step,
 * spike, or a time series read from a CSV file (a rate column sampled at fixed steps, or a
 * trace of individual arrivals binned into steps). The traffic is spread evenly over the
 * workload's Ready endpoints, as a Service's kube-proxy/IPVS round-robin does on average;
 * with none Ready, every request fails.
 *
 * Pure functions of simulated time (µs); the runtime asks for the mean rate over each sample
 * period, never for individual requests.
 *
 *   const p: TrafficProfile = { kind: "diurnal", meanRps: 100, amplitude: 0.5, periodUs: 86_400e6, peakAtUs: 50_400e6 };
 *   meanRate(p, 0, 10e6);                 // requests per second over [0 s, 10 s)
 *   perEndpointRate(meanRate(p, 0, 10e6), readyPods);
 */

export type TrafficProfile =
  | { kind: "constant"; rps: number }
  /** `meanRps · (1 + amplitude · cos(2π (t − peakAt) / period))`. */
  | { kind: "diurnal"; meanRps: number; amplitude: number; periodUs: number; peakAtUs: number }
  /** `rps` until the first step, then each step's rate from its `atUs` (sorted). */
  | { kind: "step"; rps: number; steps: { atUs: number; rps: number }[] }
  /** `rps`, then `peakRps` for `durationUs` from `atUs` (linear ramps of `rampUs` each side). */
  | { kind: "spike"; rps: number; atUs: number; durationUs: number; peakRps: number; rampUs: number }
  /** Piecewise-constant rates, one per `stepUs` from t = 0; past the end it loops or holds the last value. */
  | { kind: "series"; stepUs: number; rps: Float64Array; loop: boolean };

/** Requests per second at instant `tUs`. */
export function rateAt(p: TrafficProfile, tUs: number): number {
  switch (p.kind) {
    case "constant":
      return p.rps;
    case "diurnal":
      return Math.max(0, p.meanRps * (1 + p.amplitude * Math.cos((2 * Math.PI * (tUs - p.peakAtUs)) / p.periodUs)));
    case "step": {
      let r = p.rps;
      for (const s of p.steps) {
        if (s.atUs > tUs) break;
        r = s.rps;
      }
      return r;
    }
    case "spike": {
      const up = p.atUs - p.rampUs;
      const down = p.atUs + p.durationUs;
      if (tUs < up || tUs >= down + p.rampUs) return p.rps;
      if (tUs < p.atUs) return p.rps + ((p.peakRps - p.rps) * (tUs - up)) / p.rampUs;
      if (tUs < down) return p.peakRps;
      return p.peakRps + ((p.rps - p.peakRps) * (tUs - down)) / p.rampUs;
    }
    case "series":
      return p.rps[seriesIndex(p, tUs)]!;
  }
}

function seriesIndex(p: Extract<TrafficProfile, { kind: "series" }>, tUs: number): number {
  const n = p.rps.length;
  const i = Math.floor(tUs / p.stepUs);
  return p.loop ? ((i % n) + n) % n : Math.min(Math.max(i, 0), n - 1);
}

/**
 * Mean rate over `[t0, t1)`: exact for piecewise-constant profiles (step, series), the
 * midpoint rule otherwise (error well under 1 % for a 10 s sample of a daily cycle).
 */
export function meanRate(p: TrafficProfile, t0: number, t1: number): number {
  if (t1 <= t0) return rateAt(p, t0);
  if (p.kind === "series" || p.kind === "step") {
    const bounds: number[] = [];
    if (p.kind === "step") {
      for (const s of p.steps) if (s.atUs > t0 && s.atUs < t1) bounds.push(s.atUs);
    } else {
      for (let b = (Math.floor(t0 / p.stepUs) + 1) * p.stepUs; b < t1; b += p.stepUs) bounds.push(b);
    }
    let sum = 0;
    let a = t0;
    for (const b of [...bounds, t1]) {
      sum += rateAt(p, a) * (b - a);
      a = b;
    }
    return sum / (t1 - t0);
  }
  if (p.kind === "spike") {
    // Piecewise linear: integrate exactly over its breakpoints with the trapezoid rule.
    const bps = [p.atUs - p.rampUs, p.atUs, p.atUs + p.durationUs, p.atUs + p.durationUs + p.rampUs].filter((b) => b > t0 && b < t1);
    let sum = 0;
    let a = t0;
    for (const b of [...bps, t1]) {
      sum += ((rateAt(p, a) + rateAt(p, b - 1e-9)) / 2) * (b - a);
      a = b;
    }
    return sum / (t1 - t0);
  }
  return rateAt(p, (t0 + t1) / 2);
}

/** The rate each of `ready` endpoints receives; 0 when none is Ready (the requests fail). */
export function perEndpointRate(rps: number, ready: number): number {
  return ready > 0 ? rps / ready : 0;
}

/** A CSV file that cannot be read as a rate series. */
export class TrafficSeriesError extends Error {
  constructor(
    message: string,
    /** 1-based line of the CSV file, 0 when the whole file is at fault. */
    readonly line: number,
  ) {
    super(message);
  }
}

export interface SeriesOptions {
  /** Column holding the rate (or the utilization to scale); absent = each row is one arrival. */
  column?: string;
  /** Column holding each row's time: seconds, or a timestamp `2023-11-16 18:15:46.68` (UTC); absent = row i at i × step. */
  timeColumn?: string;
  /** Width of one step of the series. */
  stepUs: number;
  /** Multiply every value by this (e.g. a utilization in % → requests per second). */
  scale?: number;
  /** Scale the series so that its largest step is this many requests per second (after `scale`). */
  peakRps?: number;
}

/**
 * Reads a rate series from CSV text (header line first, comma-separated, no quoted commas).
 * With `column`, each row's value is a rate; rows are placed at `timeColumn` (relative to the
 * first row) or one `stepUs` apart, and averaged per step. Without `column`, each row is one
 * arrival at `timeColumn` and the rate of a step is its count / step length.
 */
export function parseRateSeries(text: string, o: SeriesOptions): Float64Array {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "");
  const col = (name: string | undefined): number => {
    if (name === undefined) return -1;
    const i = header.indexOf(name);
    if (i < 0) throw new TrafficSeriesError(`no column ${JSON.stringify(name)}; the header has ${header.map((h) => JSON.stringify(h)).join(", ")}`, 1);
    return i;
  };
  const vi = col(o.column);
  const ti = col(o.timeColumn);
  if (vi < 0 && ti < 0) throw new TrafficSeriesError("an arrival trace (no column) needs timeColumn", 0);
  const sums: number[] = [];
  const counts: number[] = [];
  let t0 = NaN;
  let row = 0;
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.trim() === "") continue;
    const cells = splitCsvLine(line);
    let tUs: number;
    if (ti >= 0) {
      const abs = parseTimeCell(cells[ti] ?? "", l + 1);
      if (Number.isNaN(t0)) t0 = abs;
      tUs = abs - t0;
      if (tUs < 0) throw new TrafficSeriesError(`time ${cells[ti]} is before the first row's`, l + 1);
    } else tUs = row * o.stepUs;
    const bin = Math.floor(tUs / o.stepUs);
    while (sums.length <= bin) {
      sums.push(0);
      counts.push(0);
    }
    if (vi >= 0) {
      const v = Number(cells[vi]);
      if (!Number.isFinite(v) || v < 0) throw new TrafficSeriesError(`${JSON.stringify(cells[vi] ?? "")} in column ${o.column} is not a non-negative number`, l + 1);
      sums[bin]! += v;
      counts[bin]!++;
    } else counts[bin]!++;
    row++;
  }
  if (row === 0) throw new TrafficSeriesError("the file has no data rows", 0);
  const out = new Float64Array(sums.length);
  let last = 0;
  for (let i = 0; i < out.length; i++) {
    // A step with no row holds the previous value (sampled series), or 0 arrivals (traces).
    if (vi >= 0) out[i] = counts[i]! > 0 ? (last = sums[i]! / counts[i]!) : last;
    else out[i] = counts[i]! / (o.stepUs / 1e6);
  }
  const scale = o.scale ?? 1;
  let peak = 0;
  for (let i = 0; i < out.length; i++) peak = Math.max(peak, (out[i]! *= scale));
  if (o.peakRps !== undefined && peak > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i]! * o.peakRps) / peak;
  return out;
}

function splitCsvLine(line: string): string[] {
  return line.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
}

/** Seconds as a number, or an ISO-like UTC timestamp, to µs. */
function parseTimeCell(cell: string, line: number): number {
  const n = Number(cell);
  if (cell !== "" && Number.isFinite(n)) return n * 1e6;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?$/.exec(cell);
  if (!m) throw new TrafficSeriesError(`${JSON.stringify(cell)} is neither seconds nor a timestamp like 2023-11-16 18:15:46.68`, line);
  const whole = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const frac = m[7] ? Number(`0.${m[7]}`) : 0;
  return whole * 1000 + Math.round(frac * 1e6);
}
