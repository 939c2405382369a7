import { describe, expect, it } from "vitest";
import { fmtCount, metricLines } from "./terminal-summary.js";

const dist = (unit: string, p50: number, p90: number, p99: number, max: number, count = 10) => ({ unit, count, mean: 0, min: 0, p50, p90, p95: p90, p99, p99_9: max, max });

describe("metricLines (--summary full)", () => {
  it("one line per metric by name: distributions by p50 p90 p99 max in their unit, counters as counts", () => {
    const lines = metricLines({
      requestLatency: dist("ms", 5.807, 9.991, 5009.407, 5177.699),
      dnsTimeouts: { unit: "timeouts", count: 9503 },
      corednsUtilization: dist("ratio", 0.380171, 0.380171, 0.380171, 0.380171),
      cost: { unit: "$", count: 0.32000000000000006 },
      podStartupLatency: dist("ms", 0, 0, 0, 0, 0),
    });
    expect(lines).toEqual([
      "METRICS                     p50       p90       p99       max",
      "  corednsUtilization ........ 0.38      0.38      0.38      0.38      ratio",
      "  cost ...................... $0.32",
      "  dnsTimeouts ............... 9,503 timeouts",
      "  podStartupLatency ......... (none)",
      "  requestLatency ............ 5.8ms     10ms      5.01s     5.18s",
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it("fmtCount: thousands separators for integers and values from 1,000, 3 significant digits below", () => {
    expect([0, 7, 1276000, -25600, 12.895069, 0.380171, 1234.56, 0.000123].map(fmtCount)).toEqual(["0", "7", "1,276,000", "-25,600", "12.9", "0.38", "1,235", "0.000123"]);
  });
});
