/**
 * The frame of report.html and the small pieces every section is made of: a page with its
 * style sheet inlined, tables, figures (a chart with its numbers in a table behind it) and
 * number formats. Everything is static markup: no script, no web font, no image, and a
 * Content-Security-Policy that forbids fetching anything, so the page is the same offline, in
 * a CI artifact viewer and printed to PDF (`ux.md` A4: hyperfine's report broke offline).
 *
 * Numbers are formatted with `toFixed` (never `toLocaleString`, which depends on the machine),
 * so identical data gives identical bytes.
 */
import { escapeXml } from "../svg/escape.js";
import { renderChart, type ChartSpec } from "../svg/plot.js";
import { formatClockTick } from "../svg/nice-ticks.js";

/** `0.8ms`, `41ms`, `1.10s`, `2m05s` for a latency in ms. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 10) return `${Number(ms.toFixed(1))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  return fmtClock(ms / 1000);
}

/** Simulated time as `1h02m03s`-style clock text (`0s` at the start). */
export function fmtClock(s: number): string {
  if (!Number.isFinite(s)) return "–";
  return s === 0 ? "0s" : formatClockTick(Math.round(s * 1000) / 1000);
}

/** A number with at most `d` decimals, trailing zeros dropped (`12.5`, `3`, `0.004`), thousands apart from 10 000 up. */
export function fmtNum(v: number, d = 2): string {
  if (!Number.isFinite(v)) return "–";
  let s = v.toFixed(d);
  s = (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s).replace(/^-0$/, "0");
  if (Math.abs(v) < 10_000) return s;
  const [int, frac] = s.split(".");
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009") + (frac ? `.${frac}` : "");
}

/** Thousands separated by a thin space, locale-free: `12 345`. */
export function fmtInt(v: number): string {
  if (!Number.isFinite(v)) return "–";
  const neg = v < 0;
  const digits = String(Math.round(Math.abs(v)));
  return (neg ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
}

export function fmtMoney(v: number): string {
  return Number.isFinite(v) ? `$${v.toFixed(2)}` : "–";
}

export function fmtPct(v: number, d = 1): string {
  return Number.isFinite(v) ? `${fmtNum(v, d)}%` : "–";
}

/** Bytes in the largest binary unit that keeps the number ≥ 1: `512Mi`, `15.03Gi`. */
export function fmtBytes(b: number): string {
  if (!Number.isFinite(b)) return "–";
  const units = ["", "Ki", "Mi", "Gi", "Ti", "Pi"];
  let u = 0;
  let v = b;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${fmtNum(v, 2)}${units[u]}`;
}

/** `<=` and `>=` as the mathematical signs, for objectives shown on the page. */
export function prettyObjective(text: string): string {
  return text.replace(/<=/g, "≤").replace(/>=/g, "≥");
}

/** A cell: plain text (escaped), or markup the caller built and escaped itself. */
export type Cell = string | number | { html: string };

function cell(c: Cell): string {
  if (typeof c === "number") return fmtNum(c);
  if (typeof c === "string") return escapeXml(c);
  return c.html;
}

/** A table; columns listed in `numeric` are right-aligned (figures line up). */
export function table(head: readonly string[], rows: readonly (readonly Cell[])[], opts: { numeric?: readonly number[]; caption?: string; cls?: string } = {}): string {
  const num = new Set(opts.numeric ?? []);
  const th = head.map((h, i) => `<th scope="col"${num.has(i) ? ' class="n"' : ""}>${escapeXml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${num.has(i) ? ' class="n"' : ""}>${cell(c)}</td>`).join("")}</tr>`).join("\n");
  const cap = opts.caption ? `<caption>${escapeXml(opts.caption)}</caption>` : "";
  return `<table${opts.cls ? ` class="${opts.cls}"` : ""}>${cap}<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/**
 * A chart and, folded behind it, the table of the numbers it draws (screen readers and
 * anyone who wants the values); `note` is a line under the chart.
 */
export function figure(spec: ChartSpec, dataTable: string, note = ""): string {
  return (
    `<figure id="${spec.id}" class="fig"><figcaption>${escapeXml(spec.title)}</figcaption>\n` +
    renderChart(spec) +
    (note ? `\n<p class="note">${note}</p>` : "") +
    (dataTable ? `\n<details><summary>Data table</summary>${dataTable}</details>` : "") +
    `\n</figure>`
  );
}

export function section(id: string, title: string, body: string, intro = ""): string {
  return `<section id="${id}"><h2>${escapeXml(title)}</h2>${intro ? `\n<p class="intro">${intro}</p>` : ""}\n${body}\n</section>`;
}

const CSS = `
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#fff;--soft:#f9fafb;--pass:#047857;--passbg:#ecfdf5;--fail:#b91c1c;--failbg:#fef2f2;--na:#6b7280}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:36px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:20px 0 6px}
nav{font-size:13px;margin:6px 0 0;color:var(--muted)}
nav a{color:inherit;margin-right:14px}
.banner{border-radius:10px;padding:16px 20px;margin:16px 0 8px;border:1px solid var(--line)}
.banner.pass{background:var(--passbg);border-color:#a7f3d0}
.banner.fail{background:var(--failbg);border-color:#fecaca}
.banner .verdict{font-size:20px;font-weight:700}
.banner.pass .verdict{color:var(--pass)}
.banner.fail .verdict{color:var(--fail)}
.banner .answer{font-size:15px;margin:6px 0}
.banner .meta{color:var(--muted);font-size:13px}
pre.cmd{background:#111827;color:#f9fafb;padding:10px 14px;border-radius:6px;overflow-x:auto;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:8px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:18px 24px}
figure.fig{margin:0;padding:10px 12px;border:1px solid var(--line);border-radius:8px;background:var(--bg);min-width:0}
figure.fig figcaption{font-weight:600;margin-bottom:4px}
figure.fig svg{width:100%;height:auto;display:block}
details{margin-top:6px;font-size:12.5px}
details summary{cursor:pointer;color:var(--muted)}
details table{margin-top:6px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 10px}
caption{text-align:left;color:var(--muted);font-size:12.5px;padding-bottom:4px}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.msg{max-width:640px;word-break:break-word}
.ok{color:var(--pass);font-weight:700}
.bad{color:var(--fail);font-weight:700}
.na{color:var(--na)}
p.note,p.intro,.muted{color:var(--muted);font-size:13px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px}
ul.files{columns:3;font-size:13px}
@media print{.grid{grid-template-columns:1fr 1fr}figure.fig{break-inside:avoid}details{display:none}}
`;

/** The whole document: `<head>` with the inline style and a no-network policy, then `body`. */
export function htmlPage(title: string, body: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: styles are inline, charts are inline SVG, and the empty icon
    // stops the browser asking the server for /favicon.ico.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<link rel="icon" href="data:,">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body><main>",
    body,
    "</main></body>",
    "</html>",
    "",
  ].join("\n");
}

/** Arguments as a POSIX shell would need them typed: anything beyond safe characters is single-quoted. */
export function shellCommand(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
