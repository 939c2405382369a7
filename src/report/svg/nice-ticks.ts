/**
 * Axis ticks people can read: steps of 1, 2 or 5 × 10^k for quantities (Heckbert's "nice
 * numbers", Graphics Gems I, 1990), and clock steps (15 s, 1 m, 5 m, 1 h, ...) for
 * simulated time. Pure arithmetic, so the same data always gives the same axis.
 *
 *     niceTicks(0, 37, 5)  // { lo: 0, hi: 40, step: 10, ticks: [0, 10, 20, 30, 40] }
 *     timeTicks(600, 6)    // { step: 120, ticks: [0, 120, 240, 360, 480, 600] }
 */

export interface Ticks {
  /** The axis domain: the first and last tick. */
  lo: number;
  hi: number;
  step: number;
  ticks: number[];
}

/**
 * The nice number near `x` (> 0): the smallest of 1, 2, 5, 10 × 10^k not below it, or, with
 * `round`, the nearest one (thresholds 1.5, 3, 7 as in Heckbert's algorithm).
 */
export function niceNumber(x: number, round: boolean): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  let nf: number;
  if (round) nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * 10 ** exp;
}

/** Decimal places a tick step needs (0.25 → 2, 5 → 0). */
export function stepDecimals(step: number): number {
  for (let d = 0; d <= 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9 * 10 ** d) return d;
  return 12;
}

/**
 * About `count` ticks covering [min, max] (count ≥ 2): the range rounded up to a nice number,
 * then a nice step of range / (count − 1), and the domain widened outwards to whole steps.
 * An empty range [v, v] widens to [0, v], [v, 0] or [0, 1] so that a flat line has an axis.
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceTicks(0, 1, count);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    if (min === 0) max = 1;
    else if (min > 0) min = 0;
    else max = 0;
  }
  const range = niceNumber(max - min, false);
  const step = niceNumber(range / Math.max(1, count - 1), true);
  const d = stepDecimals(step);
  const fix = (v: number) => Number(v.toFixed(d)) + 0; // + 0 turns -0 into 0
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(fix(k * step));
  return { lo: ticks[0]!, hi: ticks[ticks.length - 1]!, step, ticks };
}

/** Clock steps in seconds, smallest first: seconds, minutes, hours, then whole days. */
const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * Ticks for simulated time from 0 to `maxS`: the smallest clock step that needs at most
 * `count` ticks (0 included); the domain ends at the last tick at or after `maxS`.
 */
export function timeTicks(maxS: number, count = 6): Ticks {
  if (!(maxS > 0)) maxS = 1;
  let step = TIME_STEPS_S.find((s) => Math.ceil(maxS / s - 1e-9) + 1 <= count);
  if (step === undefined) step = 86400 * niceNumber(maxS / 86400 / Math.max(1, count - 1), false);
  const last = Math.ceil(maxS / step - 1e-9);
  const ticks: number[] = [];
  for (let k = 0; k <= last; k++) ticks.push(k * step);
  return { lo: 0, hi: last * step, step, ticks };
}

/** A tick label for simulated seconds: `0`, `45s`, `2m`, `2m30s`, `1h`, `1h30m`, `2d`. */
export function formatClockTick(seconds: number): string {
  if (seconds === 0) return "0";
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Number((seconds % 60).toFixed(3));
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${s}s`);
  return parts.join("");
}

/** A tick value with exactly the decimals its step needs (`0.25` step → `1.50`, never `1.5000000001`). */
export function formatTick(value: number, step: number): string {
  return (value + 0).toFixed(stepDecimals(step));
}
