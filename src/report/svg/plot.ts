/**
 * One chart of report.html as an inline SVG string: axes with nice ticks, lines, steps,
 * filled areas, min–max bands, points with error bars, horizontal threshold lines (an SLO's
 * bound) and vertical markers (a timeline action). No script, no font or image to fetch:
 * the chart is drawn by the browser from the markup alone, prints to PDF and reads the same
 * with JavaScript off (`ux.md` A4).
 *
 * Accessibility: the `<svg>` is `role="img"` and names itself through its `<title>` and
 * `<desc>`; report.html puts the numbers behind each chart in a table beside it.
 * Determinism: coordinates are rounded to 0.1 px and printed with `String()` (the shortest
 * round-trip form, fixed by the ECMAScript spec), ids come from the caller, and nothing
 * depends on the clock or the locale, so the same spec always gives the same bytes.
 *
 *     renderChart({ id: "pending", title: "Pending pods", description: "max 3 at 1m10s",
 *       x: { label: "simulated time", scale: "time" }, y: { label: "pods" },
 *       series: [{ name: "pending", xs: [0, 10, 20], ys: [0, 3, 0], kind: "step" }],
 *       thresholds: [{ value: 0, label: "SLO max 0" }] });
 */
import { escapeXml } from "./escape.js";
import { minMaxDownsample } from "./downsample.js";
import { formatClockTick, formatTick, niceTicks, timeTicks, type Ticks } from "./nice-ticks.js";

export interface Axis {
  label: string;
  /** x only: `time` = simulated seconds with clock ticks; default `linear`. */
  scale?: "linear" | "time";
  /** Fixed ticks (value and label) instead of computed ones: the percentile chart's nines. */
  ticks?: { value: number; label: string }[];
  /** Forced domain ends; computed from the data (and thresholds) otherwise. */
  min?: number;
  max?: number;
  /** x only: leave room beyond the first and last value (points are not cut at the frame). */
  pad?: boolean;
  /** y only: keep 0 inside the domain (default true: counts and sizes start at 0). */
  includeZero?: boolean;
  /** Tick label; default: the value with the decimals its step needs. */
  format?: (value: number, step: number) => string;
}

export interface Series {
  name: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** `step` holds each value until the next sample (gauges); `points` draws markers only. */
  kind?: "line" | "step" | "points";
  /** Fill between the line and the axis (allocatable vs requested). */
  fill?: boolean;
  color?: string;
  dashed?: boolean;
  /** `points` only: an error bar from lo to hi at each point (the replication spread). */
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
  /** `points` only: a tooltip per point (an SVG `<title>`, shown on hover without script). */
  tips?: readonly string[];
}

/** A filled range between two curves, e.g. min–max over replications. */
export interface Band {
  name: string;
  xs: ArrayLike<number>;
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  color?: string;
}

export interface Threshold {
  value: number;
  label: string;
}

export interface Marker {
  x: number;
  label: string;
}

export interface ChartSpec {
  /** Unique in the page; prefixes the ids inside the SVG. */
  id: string;
  title: string;
  /** What the chart shows in one or two sentences (the SVG `<desc>`, read by screen readers). */
  description: string;
  width?: number;
  height?: number;
  x: Axis;
  y: Axis;
  series: Series[];
  bands?: Band[];
  thresholds?: Threshold[];
  markers?: Marker[];
}

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), yellow left out for contrast on white. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"] as const;
export const THRESHOLD_COLOR = "#D55E00";
const AXIS_COLOR = "#6b7280";
const GRID_COLOR = "#e5e7eb";
const TEXT_COLOR = "#374151";
/** Approximate advance of one 11 px system-font character, for laying out legends. */
const CHAR_W = 6.2;

/** A coordinate: 0.1 px is below what a screen shows and keeps paths short. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

interface Layout {
  w: number;
  h: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function finiteRange(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function* allY(spec: ChartSpec): Generator<number> {
  for (const s of spec.series) {
    for (let i = 0; i < s.ys.length; i++) yield s.ys[i]!;
    if (s.lo) for (let i = 0; i < s.lo.length; i++) yield s.lo[i]!;
    if (s.hi) for (let i = 0; i < s.hi.length; i++) yield s.hi[i]!;
  }
  for (const b of spec.bands ?? []) {
    for (let i = 0; i < b.lo.length; i++) yield b.lo[i]!;
    for (let i = 0; i < b.hi.length; i++) yield b.hi[i]!;
  }
  for (const t of spec.thresholds ?? []) yield t.value;
}

function* allX(spec: ChartSpec): Generator<number> {
  for (const s of spec.series) for (let i = 0; i < s.xs.length; i++) yield s.xs[i]!;
  for (const b of spec.bands ?? []) for (let i = 0; i < b.xs.length; i++) yield b.xs[i]!;
  for (const m of spec.markers ?? []) yield m.x;
}

function xTicks(spec: ChartSpec): { ticks: Ticks; labels: string[] } {
  const a = spec.x;
  if (a.ticks && a.ticks.length >= 2) {
    const vs = a.ticks.map((t) => t.value);
    return { ticks: { lo: a.min ?? vs[0]!, hi: a.max ?? vs[vs.length - 1]!, step: 1, ticks: vs }, labels: a.ticks.map((t) => t.label) };
  }
  const r = finiteRange(allX(spec)) ?? [0, 1];
  const room = a.pad ? Math.max((r[1] - r[0]) * 0.04, r[1] === r[0] ? 0.5 : 0) : 0;
  const lo = a.min ?? r[0] - room;
  const hi = a.max ?? r[1] + room;
  if (a.scale === "time") {
    const t = timeTicks(hi, 7);
    return { ticks: t, labels: t.ticks.map((v) => (a.format ? a.format(v, t.step) : formatClockTick(v))) };
  }
  const t = niceTicks(lo, hi, 6);
  return { ticks: t, labels: t.ticks.map((v) => (a.format ? a.format(v, t.step) : formatTick(v, t.step))) };
}

function yTicks(spec: ChartSpec): { ticks: Ticks; labels: string[] } {
  const a = spec.y;
  const r = finiteRange(allY(spec)) ?? [0, 1];
  let lo = a.min ?? r[0];
  let hi = a.max ?? r[1];
  if (a.includeZero !== false) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const t = niceTicks(lo, hi, 5);
  return { ticks: t, labels: t.ticks.map((v) => (a.format ? a.format(v, t.step) : formatTick(v, t.step))) };
}

/** Legend rows: [name, colour, kind] laid out left to right, wrapping at the plot's width. */
function legendRows(items: { name: string; color: string }[], width: number): { name: string; color: string; x: number }[][] {
  const rows: { name: string; color: string; x: number }[][] = [[]];
  let x = 0;
  for (const it of items) {
    const w = 18 + it.name.length * CHAR_W + 14;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1]!.push({ ...it, x });
    x += w;
  }
  return rows[0]!.length === 0 ? [] : rows;
}

/** Path data for a polyline that breaks at NaN; `step` draws horizontal-then-vertical. */
function linePath(xs: number[], ys: number[], X: (v: number) => number, Y: (v: number) => number, step: boolean, xEnd: number): string {
  let d = "";
  let open = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i]!;
    if (!Number.isFinite(y)) {
      open = false;
      continue;
    }
    if (!open) d += `M${px(X(xs[i]!))} ${px(Y(y))}`;
    else if (step) d += `H${px(X(xs[i]!))}V${px(Y(y))}`;
    else d += `L${px(X(xs[i]!))} ${px(Y(y))}`;
    open = true;
    // A step series holds its last value to the end of the axis (or until a gap).
    const next = ys[i + 1];
    if (step && (i === xs.length - 1 || next === undefined || !Number.isFinite(next))) {
      const until = i === xs.length - 1 ? xEnd : xs[i + 1]!;
      d += `H${px(X(until))}`;
    }
  }
  return d;
}

/** The closed outline of an area (to the baseline) over each run of finite values. */
function areaPath(xs: number[], ys: number[], X: (v: number) => number, Y: (v: number) => number, base: number, step: boolean, xEnd: number): string {
  let d = "";
  let i = 0;
  while (i < xs.length) {
    while (i < xs.length && !Number.isFinite(ys[i]!)) i++;
    if (i >= xs.length) break;
    const start = i;
    let run = `M${px(X(xs[i]!))} ${px(base)}`;
    for (; i < xs.length && Number.isFinite(ys[i]!); i++) {
      if (step && i > start) run += `H${px(X(xs[i]!))}`;
      run += `V${px(Y(ys[i]!))}`;
      if (!step && i + 1 < xs.length && Number.isFinite(ys[i + 1]!)) run += `L${px(X(xs[i + 1]!))} ${px(Y(ys[i + 1]!))}`;
    }
    const last = i - 1;
    const endX = step ? (i >= xs.length ? xEnd : xs[i]!) : xs[last]!;
    run += `H${px(X(endX))}V${px(base)}Z`;
    d += run;
  }
  return d;
}

export function renderChart(spec: ChartSpec): string {
  const w = spec.width ?? 560;
  const h0 = spec.height ?? 250;
  const id = spec.id;
  const colored = spec.series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length]! }));
  // One legend entry per name and colour (a line and its points drawn as two series share one).
  const legendItems = [
    ...(spec.bands ?? []).map((b) => ({ name: b.name, color: b.color ?? PALETTE[0] })),
    ...colored.map((s) => ({ name: s.name, color: s.color })),
  ].filter((it, i, all) => all.findIndex((o) => o.name === it.name && o.color === it.color) === i);
  const yt = yTicks(spec);
  const left = Math.max(48, 26 + Math.max(...yt.labels.map((l) => l.length)) * CHAR_W);
  const L: Layout = { w, h: h0, left, right: 14, top: 14, bottom: 42 };
  const rows = legendRows(legendItems, w - L.left - L.right);
  L.top += rows.length * 16;
  const h = h0 + rows.length * 16;
  L.h = h;
  const xt = xTicks(spec);
  const plotW = w - L.left - L.right;
  const plotH = h - L.top - L.bottom;
  const X = (v: number) => L.left + ((v - xt.ticks.lo) / (xt.ticks.hi - xt.ticks.lo || 1)) * plotW;
  const Y = (v: number) => L.top + plotH - ((v - yt.ticks.lo) / (yt.ticks.hi - yt.ticks.lo || 1)) * plotH;
  const base = Y(Math.max(yt.ticks.lo, Math.min(0, yt.ticks.hi)));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-labelledby="${id}-title ${id}-desc" class="chart" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="11">`,
    `<title id="${id}-title">${escapeXml(spec.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(spec.description)}</desc>`,
    `<clipPath id="${id}-clip"><rect x="${px(L.left)}" y="${px(L.top - 1)}" width="${px(plotW)}" height="${px(plotH + 2)}"/></clipPath>`,
  );
  // Grid and y ticks.
  out.push(`<g class="gridlines" stroke="${GRID_COLOR}" stroke-width="1">`);
  for (const v of yt.ticks.ticks) out.push(`<line x1="${px(L.left)}" x2="${px(L.left + plotW)}" y1="${px(Y(v))}" y2="${px(Y(v))}"/>`);
  out.push(`</g>`);
  out.push(`<g class="y-ticks" fill="${TEXT_COLOR}" text-anchor="end">`);
  yt.ticks.ticks.forEach((v, i) => out.push(`<text x="${px(L.left - 6)}" y="${px(Y(v) + 4)}">${escapeXml(yt.labels[i]!)}</text>`));
  out.push(`</g>`);
  out.push(`<g class="x-ticks" fill="${TEXT_COLOR}" text-anchor="middle">`);
  xt.ticks.ticks.forEach((v, i) => {
    out.push(`<line x1="${px(X(v))}" x2="${px(X(v))}" y1="${px(L.top + plotH)}" y2="${px(L.top + plotH + 4)}" stroke="${AXIS_COLOR}"/>`);
    out.push(`<text x="${px(X(v))}" y="${px(L.top + plotH + 16)}">${escapeXml(xt.labels[i]!)}</text>`);
  });
  out.push(`</g>`);
  out.push(`<line class="axis" x1="${px(L.left)}" x2="${px(L.left + plotW)}" y1="${px(L.top + plotH)}" y2="${px(L.top + plotH)}" stroke="${AXIS_COLOR}"/>`);
  out.push(`<text class="x-label" x="${px(L.left + plotW / 2)}" y="${px(h - 6)}" text-anchor="middle" fill="${TEXT_COLOR}">${escapeXml(spec.x.label)}</text>`);
  out.push(`<text class="y-label" transform="translate(11 ${px(L.top + plotH / 2)}) rotate(-90)" text-anchor="middle" fill="${TEXT_COLOR}">${escapeXml(spec.y.label)}</text>`);
  // Data, clipped to the plot.
  out.push(`<g class="data" clip-path="url(#${id}-clip)">`);
  const columns = Math.max(1, Math.round(plotW));
  for (const b of spec.bands ?? []) {
    const xs = Array.from(b.xs);
    const upper = xs.map((x, i) => `${px(X(x))} ${px(Y(b.hi[i]!))}`);
    const lower = xs.map((x, i) => `${px(X(x))} ${px(Y(b.lo[i]!))}`).reverse();
    if (xs.length > 0) out.push(`<path class="band" d="M${[...upper, ...lower].join("L")}Z" fill="${b.color ?? PALETTE[0]}" fill-opacity="0.18" stroke="none"/>`);
  }
  for (const s of colored) {
    const kind = s.kind ?? "line";
    const dash = s.dashed ? ` stroke-dasharray="5 3"` : "";
    if (kind === "points") {
      out.push(`<g class="points" fill="${s.color}" stroke="${s.color}">`);
      for (let i = 0; i < s.xs.length; i++) {
        const y = s.ys[i]!;
        const x = px(X(s.xs[i]!));
        if (s.lo && s.hi && Number.isFinite(s.lo[i]!) && Number.isFinite(s.hi[i]!)) {
          const [a, b] = [px(Y(s.lo[i]!)), px(Y(s.hi[i]!))];
          out.push(`<path d="M${x} ${a}V${b}M${px(X(s.xs[i]!) - 4)} ${a}h8M${px(X(s.xs[i]!) - 4)} ${b}h8" stroke-width="1.5" fill="none"/>`);
        }
        if (!Number.isFinite(y)) continue;
        const tip = s.tips?.[i];
        out.push(`<circle cx="${x}" cy="${px(Y(y))}" r="3.5">${tip ? `<title>${escapeXml(tip)}</title>` : ""}</circle>`);
      }
      out.push(`</g>`);
      continue;
    }
    const d = minMaxDownsample(s.xs, s.ys, columns);
    const step = kind === "step";
    const xEnd = Math.max(d.xs[d.xs.length - 1] ?? 0, Math.min(xt.ticks.hi, spec.x.max ?? -Infinity));
    if (s.fill) out.push(`<path class="area" d="${areaPath(d.xs, d.ys, X, Y, base, step, xEnd)}" fill="${s.color}" fill-opacity="0.2" stroke="none"/>`);
    out.push(`<path class="line" d="${linePath(d.xs, d.ys, X, Y, step, xEnd)}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${dash}/>`);
  }
  out.push(`</g>`);
  for (const t of spec.thresholds ?? []) {
    const y = px(Y(t.value));
    out.push(
      `<g class="threshold"><line x1="${px(L.left)}" x2="${px(L.left + plotW)}" y1="${y}" y2="${y}" stroke="${THRESHOLD_COLOR}" stroke-width="1.5" stroke-dasharray="6 4"/>` +
        `<text x="${px(L.left + plotW - 4)}" y="${px(Y(t.value) - 5)}" text-anchor="end" fill="${THRESHOLD_COLOR}" font-weight="600">${escapeXml(t.label)}</text></g>`,
    );
  }
  // Marker labels go on the first text row where they do not overlap an earlier label.
  const rowEnds: number[] = [];
  for (const m of spec.markers ?? []) {
    if (m.x < xt.ticks.lo || m.x > xt.ticks.hi) continue;
    const x = px(X(m.x));
    const x0 = X(m.x) + 3;
    const width = m.label.length * CHAR_W;
    // Near the right edge the label goes left of its line.
    const flip = x0 + width > L.left + plotW;
    const [a, b] = flip ? [X(m.x) - 3 - width, X(m.x) - 3] : [x0, x0 + width];
    let row = rowEnds.findIndex((end) => end < a);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = b + 4;
    out.push(
      `<g class="marker"><line x1="${x}" x2="${x}" y1="${px(L.top)}" y2="${px(L.top + plotH)}" stroke="${AXIS_COLOR}" stroke-dasharray="2 3"/>` +
        `<text x="${px(flip ? b : a)}" y="${px(L.top + 10 + 12 * row)}" fill="${AXIS_COLOR}"${flip ? ' text-anchor="end"' : ""}>${escapeXml(m.label)}</text></g>`,
    );
  }
  // Legend, above the plot.
  rows.forEach((row, r) => {
    for (const it of row) {
      const x = L.left + it.x;
      const y = 12 + r * 16;
      out.push(`<g class="legend"><rect x="${px(x)}" y="${px(y - 8)}" width="12" height="8" rx="2" fill="${it.color}"/><text x="${px(x + 16)}" y="${px(y)}" fill="${TEXT_COLOR}">${escapeXml(it.name)}</text></g>`);
    }
  });
  if (finiteRange(allX(spec)) === null) {
    out.push(`<text x="${px(L.left + plotW / 2)}" y="${px(L.top + plotH / 2)}" text-anchor="middle" fill="${AXIS_COLOR}">no data</text>`);
  }
  out.push(`</svg>`);
  return out.join("");
}
