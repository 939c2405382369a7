import { describe, expect, it, test } from "vitest";
import { RngStreams } from "../engine/index.js";
import { drawRunTimeUs, parseFailureProbability, parseRunTime, RunTimeError } from "./run-time.js";

describe("kubesim.io/run-time", () => {
  test.each([
    ["10s", { kind: "fixed", aUs: 10e6, bUs: 0 }],
    ["1m30s", { kind: "fixed", aUs: 90e6, bUs: 0 }],
    ["45", { kind: "fixed", aUs: 45e6, bUs: 0 }],
    ["uniform(5s, 15s)", { kind: "uniform", aUs: 5e6, bUs: 15e6 }],
    ["exponential(30s)", { kind: "exponential", aUs: 30e6, bUs: 0 }],
    [" normal( 2m , 500ms ) ", { kind: "normal", aUs: 120e6, bUs: 0.5e6 }],
  ])("%s parses", (text, want) => expect(parseRunTime(text)).toEqual(want));

  test.each(["", "ten seconds", "uniform(5s)", "uniform(15s, 5s)", "exponential(1s, 2s)", "normal(-1s, 1s)", "-5s", "gamma(1s)"])("%j is refused", (text) => {
    expect(() => parseRunTime(text)).toThrow(RunTimeError);
  });

  it("draws fixed values exactly and random ones within their bounds, with the means given", () => {
    const rng = new RngStreams(7).stream("run-time");
    expect(drawRunTimeUs(parseRunTime("10s"), rng)).toBe(10e6);
    const u = parseRunTime("uniform(5s, 15s)");
    const e = parseRunTime("exponential(30s)");
    const n = parseRunTime("normal(1s, 5s)");
    let sumE = 0;
    let bad = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = drawRunTimeUs(u, rng);
      if (!(x >= 5e6 && x < 15e6 && Number.isInteger(x))) bad++;
      sumE += drawRunTimeUs(e, rng);
      if (drawRunTimeUs(n, rng) < 0) bad++; // normal is cut at 0
    }
    expect(bad).toBe(0);
    // Exponential mean 30 s; the standard error of 20,000 draws is 30 / √20000 ≈ 0.21 s.
    expect(Math.abs(sumE / 20_000 / 1e6 - 30)).toBeLessThan(1);
  });

  test.each([
    ["0", 0],
    ["0.25", 0.25],
    ["1", 1],
    [".5", 0.5],
  ])("failure probability %s", (text, p) => expect(parseFailureProbability(text)).toBe(p));
  test.each(["1.5", "-0.1", "half", ""])("failure probability %j is refused", (text) => expect(() => parseFailureProbability(text)).toThrow(RunTimeError));
});
