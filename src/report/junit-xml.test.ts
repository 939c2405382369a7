import { describe, expect, test } from "vitest";
import type { SloResult } from "./run-summary.js";
import { junitXml } from "./junit-xml.js";
import { parseCsv } from "./csv.js";
import { sloCsv, sloLines, sloVerdict } from "./slo-outputs.js";

function result(over: Partial<SloResult>): SloResult {
  return {
    name: "x", metric: "pendingPods", stat: "max", objective: "max <= 0", max: 0, min: null, forS: null, observed: 0, unit: "pods",
    marginPct: null, ok: true, status: "pass", firstViolationS: null, longestViolationS: null, source: "s.yaml:3:7", note: "", ...over,
  };
}

const RESULTS: SloResult[] = [
  result({ name: "podStartupLatency-p99", metric: "podStartupLatency", stat: "p99", objective: "p99 <= 5s", max: 5000, observed: 7200, unit: "ms", ok: false, status: "fail", marginPct: -44 }),
  result({ name: "pendingPods-max", objective: 'max <= 0 for 2m & "<odd>"', forS: 120, observed: 3, ok: false, status: "fail", firstViolationS: 60 }),
  result({ name: "apiMutatingLatency-p99", metric: "apiMutatingLatency", stat: "p99", max: 1000, observed: null, unit: "ms", status: "not_measured", note: "not measured: needs the API server cost model" }),
  result({ name: "nodesReady-min", metric: "nodesReady", stat: "min", max: null, min: 5, observed: 5, marginPct: 0 }),
];

/**
 * A strict well-formedness check of the XML subset junit.xml uses: one prolog, balanced
 * elements, quoted attributes, only the five predefined entities and numeric references.
 * Returns the elements as [name, attributes] in document order.
 */
function parseXml(xml: string): [string, Record<string, string>][] {
  const out: [string, Record<string, string>][] = [];
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf("?>") + 2);
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = token.exec(body)) !== null) {
    pos = token.lastIndex;
    if (m[5] !== undefined) {
      expect(m[5].replace(/&(amp|lt|gt|quot|apos|#\d+);/g, "")).not.toMatch(/[&<>]/);
      if (stack.length === 0) expect(m[5].trim()).toBe("");
      continue;
    }
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      expect(stack.pop()).toBe(name);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
      expect(a[2]!.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, "")).not.toMatch(/[&<>]/);
      expect(attrs[a[1]!]).toBeUndefined();
      attrs[a[1]!] = a[2]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#10;/g, "\n").replace(/&amp;/g, "&");
    }
    if (stack.length === 0) expect(out.length).toBe(0); // a single root
    out.push([name!, attrs]);
    if (!selfClose) stack.push(name!);
  }
  expect(pos).toBe(body.length);
  expect(stack).toEqual([]);
  return out;
}

describe("junit.xml", () => {
  const summary = { scenario: "shop", seed: 42, runId: "s42-abc", kubesimVersion: "0.1.0", durationSimulatedS: 600, slos: RESULTS };
  const xml = junitXml(summary);
  const els = parseXml(xml);

  test("is well-formed, one testsuite, one testcase per SLO", () => {
    expect(els.filter(([n]) => n === "testsuite")).toHaveLength(1);
    expect(els.filter(([n]) => n === "testcase").map(([, a]) => a.name)).toEqual(RESULTS.map((r) => r.name));
  });

  test("counts: 4 tests, 2 failures, 1 skipped (not measured), 0 errors", () => {
    const suite = els.find(([n]) => n === "testsuite")![1];
    expect(suite).toMatchObject({ name: "kubesim.shop", tests: "4", failures: "2", skipped: "1", errors: "0" });
  });

  test("a failure gives the observed value against the objective; odd characters survive escaping", () => {
    const failures = els.filter(([n]) => n === "failure").map(([, a]) => a.message);
    expect(failures[0]).toBe("podStartupLatency: p99=7.20s, objective p99 <= 5s");
    expect(failures[1]).toBe('pendingPods: max=3, objective max <= 0 for 2m & "<odd>" from 60s of simulated time');
  });

  test("the same verdicts give the same bytes", () => {
    expect(junitXml(structuredClone(summary))).toBe(xml);
  });
});

describe("slo.csv and the SLOS block", () => {
  test("one row per SLO with threshold, observed and verdict", () => {
    const { header, rows } = parseCsv(sloCsv(RESULTS));
    expect(header.slice(0, 10)).toEqual(["slo", "metric", "stat", "objective", "threshold", "unit", "observed", "margin_pct", "ok", "status"]);
    expect(rows.map((r) => [r[0], r[4], r[6], r[8], r[9]])).toEqual([
      ["podStartupLatency-p99", "5000", "7200", "false", "fail"],
      ["pendingPods-max", "0", "3", "false", "fail"],
      ["apiMutatingLatency-p99", "1000", "", "true", "not_measured"],
      ["nodesReady-min", "5", "5", "true", "pass"],
    ]);
  });

  test("terminal lines fit 80 columns; not-measured SLOs are counted apart", () => {
    // Objectives up to 17 characters (all but the deliberately odd one here) keep lines <= 80 columns.
    const lines = sloLines(RESULTS);
    for (const l of lines.filter((x) => !x.includes("<odd>"))) expect([...l].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe(`  ✗ ${"podStartupLatency-p99".padEnd(27)} ${"p99 <= 5s".padEnd(17)} ${"p99=7.20s".padEnd(11)} margin -44%`);
    expect(lines[1]).toMatch(/max=3 +first at 00:01:00$/);
    expect(lines[2]).toMatch(/^ {2}- apiMutatingLatency-p99 .*not measured$/);
    expect(lines[lines.length - 1]).toBe("    not measured: needs the API server cost model");
    expect(sloVerdict(RESULTS)).toBe("2 of 3 SLOs failed (1 not measured)");
  });
});
