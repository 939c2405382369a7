import { describe, expect, test } from "vitest";
import { allocateConcurrency, DEFAULT_PRIORITY_LEVELS, lendableConcurrencyLimits, nominalConcurrencyLimits } from "./priority-levels.js";

const byName = (cl: Int32Array) => Object.fromEntries(DEFAULT_PRIORITY_LEVELS.map((l, i) => [l.name, cl[i]]));

describe("V27: APF nominal limits", () => {
  test("default flags 400/200: ServerCL 600, Σ NCS 245, NominalCL = ceil(600 × NCS / 245), as EKS publishes", () => {
    // system 600×30/245 = 73.47 → 74; leader-election 600×10/245 = 24.49 → 25; node-high and
    // workload-high 600×40/245 = 97.96 → 98; workload-low 600×100/245 = 244.9 → 245;
    // global-default 600×20/245 = 48.98 → 49; catch-all 600×5/245 = 12.24 → 13.
    const cl = nominalConcurrencyLimits(600, DEFAULT_PRIORITY_LEVELS);
    expect(byName(cl)).toEqual({ exempt: 0, system: 74, "node-high": 98, "leader-election": 25, "workload-high": 98, "workload-low": 245, "global-default": 49, "catch-all": 13 });
    // The ceilings make the sum 602, not 600.
    expect(cl.reduce((a, b) => a + b, 0)).toBe(602);
  });

  test("flags 800/400: ServerCL 1200 doubles the shares' seats (rounded up)", () => {
    const cl = byName(nominalConcurrencyLimits(1200, DEFAULT_PRIORITY_LEVELS));
    // 1200×100/245 = 489.8 → 490; 1200×5/245 = 24.5 → 25; 1200×30/245 = 146.9 → 147.
    expect([cl["workload-low"], cl["catch-all"], cl["system"]]).toEqual([490, 25, 147]);
  });

  test("workload-low lends round(245 × 0.9) = 221 seats; leader-election and catch-all lend none", () => {
    const lend = byName(lendableConcurrencyLimits(nominalConcurrencyLimits(600, DEFAULT_PRIORITY_LEVELS), DEFAULT_PRIORITY_LEVELS));
    expect(lend["workload-low"]).toBe(221);
    expect(lend["leader-election"]).toBe(0);
    expect(lend["catch-all"]).toBe(0);
    // global-default round(49 × 0.5) = 24.5 → 25 (Math.round, half up, as Go's math.Round for positives).
    expect(lend["global-default"]).toBe(25);
  });
});

describe("borrowing: the 10-second re-division", () => {
  const nominal = nominalConcurrencyLimits(600, DEFAULT_PRIORITY_LEVELS);
  const lendable = lendableConcurrencyLimits(nominal, DEFAULT_PRIORITY_LEVELS);
  const levels = DEFAULT_PRIORITY_LEVELS;

  test("demand equal to the nominal limits keeps them", () => {
    const out = new Int32Array(levels.length);
    allocateConcurrency(nominal, lendable, levels, Float64Array.from(nominal), out);
    expect(Array.from(out)).toEqual(Array.from(nominal));
  });

  test("an idle cluster with one busy level: the others shrink to what they may not lend, the busy one takes the rest", () => {
    const demand = new Float64Array(levels.length);
    demand[5] = 1000; // workload-low wants far more than its 245
    const out = new Int32Array(levels.length);
    allocateConcurrency(nominal, lendable, levels, demand, out);
    // Floors: NominalCL − LendableCL: system 74−24 = 50, node-high 98−25 = 73 (round(24.5) = 25),
    // leader-election 25, workload-high 98−49 = 49, global-default 49−25 = 24, catch-all 13.
    const floors = { system: 50, "node-high": 73, "leader-election": 25, "workload-high": 49, "global-default": 24, "catch-all": 13 };
    const got = byName(out);
    for (const [k, v] of Object.entries(floors)) expect(got[k]).toBe(v);
    // The total stays Σ NominalCL = 602: workload-low gets 602 − (50+73+25+49+24+13) = 368.
    expect(got["workload-low"]).toBe(368);
  });
});
