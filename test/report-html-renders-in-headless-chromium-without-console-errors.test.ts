/**
 * The report.html of a real run (the quickstart) opened in headless Chromium: the browser
 * logs no console message (a blocked fetch or a script would log one: the control page shows
 * the check catches both), and a screenshot shows the main chart, "Nodes", drawn.
 *
 * Needs Debian's `chromium` (apt-get install -y chromium) or KUBESIM_CHROMIUM pointing at a
 * Chromium/Chrome binary; without one the test is skipped with a note (CI may lack it).
 *
 * Where the chart is: the page is 1280 px wide, so the capacity grid has two columns and the
 * Nodes chart is the first figure of the left one. Its "nodes" line is the palette's blue
 * (#0072B2) and the nodesReady SLO bound (min ≥ 5) the dashed threshold orange (#D55E00);
 * nothing else in the left half of the first 1400 px uses either colour (links are the
 * browser's own blue, the PASS banner green).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/kubesim.js";
import { decodePng, rgbAt, type Pixels } from "./fixtures/png-pixels.js";
import { tempDir } from "./fixtures/temp-dir.js";

function findChromium(): string | null {
  const names = [process.env["KUBESIM_CHROMIUM"], "chromium", "chromium-browser", "google-chrome"].filter((n): n is string => !!n);
  for (const n of names) {
    const r = spawnSync("sh", ["-c", `command -v "${n}"`], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn("chromium not found (apt-get install -y chromium, or set KUBESIM_CHROMIUM): the report.html browser test is skipped");

const tmp = tempDir("kubesim-chromium-");

/** Opens `file` at 1280 × 1400, returns the console lines Chromium logged and the screenshot. */
function open(file: string, name: string): { console: string[]; shot: Pixels } {
  const png = join(tmp, `${name}.png`);
  const r = spawnSync(
    CHROMIUM!,
    ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--window-size=1280,1400", `--screenshot=${png}`, pathToFileURL(file).href],
    { encoding: "utf8", timeout: 90_000, cwd: tmp },
  );
  expect(r.error).toBeUndefined();
  return { console: r.stderr.split("\n").filter((l) => /:CONSOLE|Uncaught|Refused to/.test(l)), shot: decodePng(readFileSync(png)) };
}

interface Box {
  count: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Pixels of colour `rgb` (± 24 per channel, for anti-aliasing) in the left half. */
function pixelsOf(p: Pixels, rgb: [number, number, number]): Box {
  const b: Box = { count: 0, x0: Infinity, x1: -1, y0: Infinity, y1: -1 };
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width / 2; x++) {
      const c = rgbAt(p, x, y);
      if (Math.abs(c[0] - rgb[0]) > 24 || Math.abs(c[1] - rgb[1]) > 24 || Math.abs(c[2] - rgb[2]) > 24) continue;
      b.count++;
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y);
    }
  }
  return b;
}

const BLUE: [number, number, number] = [0x00, 0x72, 0xb2];
const ORANGE: [number, number, number] = [0xd5, 0x5e, 0x00];

describe.skipIf(!CHROMIUM)("report.html in headless Chromium", () => {
  let report = "";
  beforeAll(async () => {
    const [out, err] = [process.stdout.write, process.stderr.write];
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(["run", "scenarios/quickstart.yaml", "-o", tmp, "--run-id", "c", "--json"])).toBe(0);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    report = join(tmp, "quickstart", "c", "report.html");
  });

  it("renders with no console message and draws the Nodes chart with its SLO line", () => {
    const { console: logged, shot } = open(report, "report");
    expect(logged).toEqual([]);
    const line = pixelsOf(shot, BLUE);
    const slo = pixelsOf(shot, ORANGE);
    // The nodes line spans the plot from 0 to 10m: at 1280 px the figure is ~560 px wide.
    expect(line.count).toBeGreaterThan(300);
    expect(line.x1 - line.x0).toBeGreaterThan(400);
    // min ≥ 5 sits below 6 nodes on screen, and is dashed across the same plot.
    expect(slo.x1 - slo.x0).toBeGreaterThan(400);
    expect(slo.y0).toBeGreaterThan(line.y0);
    expect(slo.y1 - line.y0).toBeLessThan(120);
  });

  it("control: a page that fetches and runs a script logs both, and has no chart", () => {
    const bad = join(tmp, "bad.html");
    writeFileSync(bad, readFileSync(report, "utf8").replace(/<main>[\s\S]*<\/main>/, '<main><img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script></main>'));
    const { console: logged, shot } = open(bad, "bad");
    expect(logged.length).toBe(2);
    expect(pixelsOf(shot, BLUE).count).toBe(0);
  });
});
