import { describe, expect, test } from "vitest";
import { renderChart, type ChartSpec } from "./plot.js";

/**
 * Layout of this spec, by hand: width 560, height 250 + one legend row of 16 → 266; top margin
 * 14 + 16 = 30, bottom 42, right 14, left max(48, 26 + 2 characters × 6.2) = 48. Plot box: x
 * 48..546 (498 px), y 30..224 (194 px). The y axis spans 0..30 (data 0..20 and the threshold
 * 30: niceTicks step 10); the x axis 0..600 s (timeTicks step 120 s).
 */
const spec = (over: Partial<ChartSpec> = {}): ChartSpec => ({
  id: "pending",
  title: "Pending pods",
  description: "pending: max 20 at 5m",
  x: { label: "simulated time", scale: "time", min: 0, max: 600 },
  y: { label: "pods" },
  series: [{ name: "pending", xs: [0, 300, 600], ys: [0, 20, 0], kind: "step" }],
  thresholds: [{ value: 30, label: "SLO max ≤ 30" }],
  ...over,
});

describe("renderChart", () => {
  test("a step series goes right then up or down at each sample, in plot coordinates", () => {
    // X(300) = 48 + 300/600 × 498 = 297; Y(20) = 224 − 20/30 × 194 = 94.67 → 94.7; Y(0) = 224;
    // the last value is held to the end of the axis, X(600) = 546.
    expect(renderChart(spec())).toContain('d="M48 224H297V94.7H546V224H546"');
  });

  test("the threshold is a dashed line across the plot at its value, Y(30) = 30", () => {
    const svg = renderChart(spec());
    expect(svg).toContain('<line x1="48" x2="546" y1="30" y2="30" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="6 4"/>');
    expect(svg).toContain(">SLO max ≤ 30</text>");
  });

  test("ticks: 0, 10, 20, 30 on y and clock labels every 2 minutes on x", () => {
    const svg = renderChart(spec());
    for (const [v, y] of [["0", 228], ["10", 163.3], ["20", 98.7], ["30", 34]] as const) expect(svg).toContain(`<text x="42" y="${y}">${v}</text>`);
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="240">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(xLabels).toEqual(["0", "2m", "4m", "6m", "8m", "10m"]);
  });

  test("it is an accessible image: role, title and description referenced by id", () => {
    const svg = renderChart(spec());
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="pending-title pending-desc"/);
    expect(svg).toContain('<title id="pending-title">Pending pods</title><desc id="pending-desc">pending: max 20 at 5m</desc>');
  });

  test("every text from the data is escaped, so no input can add markup", () => {
    const evil = `</text></svg><script>alert(1)</script>`;
    const svg = renderChart(spec({ title: evil, description: evil, x: { label: evil, scale: "time" }, y: { label: evil }, thresholds: [{ value: 1, label: evil }], markers: [{ x: 10, label: evil }], series: [{ name: evil, xs: [0, 1], ys: [1, 2] }] }));
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("</text></svg>");
    expect(svg.match(/&lt;script&gt;/g)!.length).toBe(7);
  });

  test("the same spec gives the same bytes; no clock or locale reaches the output", () => {
    const a = renderChart(spec());
    expect(renderChart(spec())).toBe(a);
    expect(a).not.toMatch(/\d,\d{3}/); // no locale thousands separators
  });

  test("a NaN sample breaks the line into two pieces", () => {
    const svg = renderChart(spec({ series: [{ name: "p99", xs: [0, 100, 200, 300], ys: [1, 2, NaN, 3] }] }));
    const d = /class="line" d="([^"]*)"/.exec(svg)![1]!;
    expect(d.match(/M/g)!.length).toBe(2);
  });

  test("a chart without any point says so", () => {
    expect(renderChart(spec({ series: [{ name: "none", xs: [], ys: [] }], x: { label: "t" } }))).toContain(">no data</text>");
  });

  test("points with error bars: a vertical bar from lo to hi with caps, and a circle at the value", () => {
    const svg = renderChart(spec({ series: [{ name: "p99", xs: [300], ys: [20], lo: [10], hi: [30], kind: "points", tips: ["6 nodes: 20"] }], thresholds: [] }));
    // Y(10) = 224 − 10/30 × 194 = 159.3; Y(30) = 30; caps 4 px either side of X(300) = 297.
    expect(svg).toContain('<path d="M297 159.3V30M293 159.3h8M293 30h8"');
    expect(svg).toContain('<circle cx="297" cy="94.7" r="3.5"><title>6 nodes: 20</title></circle>');
  });

  test("marker labels that would overlap go on the next row", () => {
    const svg = renderChart(spec({ markers: [{ x: 120, label: "rollout Deployment/shop/web" }, { x: 240, label: "failNode general-1" }] }));
    // X(120) = 147.6, label from 150.6, 27 characters × 6.2 = 167.4 px wide: X(240) = 247.2 is inside it.
    expect(svg).toContain('<text x="150.6" y="40" fill="#6b7280">rollout Deployment/shop/web</text>');
    expect(svg).toContain('<text x="250.2" y="52" fill="#6b7280">failNode general-1</text>');
  });
});
