import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenario } from "./load-scenario.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";
import { inputErrorOf } from "../../test/fixtures/input-error-of.js";

const dir = tempDir("kubesim-slos-");
let n = 0;

/** A scenario of 10 minutes whose only content is these SLO entries (line 6 onwards, one per line). */
function load(...slos: string[]) {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, ["apiVersion: kubesim.io/v1alpha1", "kind: Scenario", "metadata: {name: s}", "spec:", "  duration: 10m", "  slos:", ...slos.map((s) => `    - ${s}`)].join("\n"));
  return () => loadScenario(file);
}

function errorOf(fn: () => unknown): { code: string; path: string } {
  const e = inputErrorOf(fn);
  return { code: e.code, path: e.path };
}

describe("SLO thresholds in the metric's unit", () => {
  test.each([
    ["{metric: podStartupLatency, stat: p99, max: 1.5s}", { max: 1500, unit: "ms" }],
    ["{metric: schedulingLatency, stat: p50, max: 500us}", { max: 0.5, unit: "ms" }],
    ["{metric: schedulingLatency, stat: count, min: 100}", { min: 100, unit: "count" }],
    ["{metric: memoryRequestedPct, stat: mean, min: 20, max: 85%}", { min: 20, max: 85, unit: "%" }],
    ["{metric: costPerHour, stat: max, max: 12.5}", { max: 12.5, unit: "$/h" }],
    ["{metric: evictions, stat: final, max: 0}", { max: 0, unit: "pods" }],
  ])("%s", (slo, expected) => {
    expect(load(slo)().slos[0]).toMatchObject(expected);
  });

  test("repeated default names get a suffix", () => {
    const s = load("{metric: pendingPods, stat: max, max: 0}", "{metric: pendingPods, stat: max, max: 5, for: 1m}")();
    expect(s.slos.map((x) => x.name)).toEqual(["pendingPods-max", "pendingPods-max-2"]);
  });
});

describe("objectives that cannot be evaluated are refused", () => {
  test.each([
    ["{metric: podStartupLatency, stat: p99, max: 5}", "INVALID_VALUE", "spec.slos[0].max"], // seconds or ms?
    ["{metric: pendingPods, stat: max, max: 10%}", "INVALID_VALUE", "spec.slos[0].max"],
    ["{metric: podStartupLatency, stat: p99, max: 5s, for: 1m}", "INVALID_VALUE", "spec.slos[0].for"],
    ["{metric: pendingPods, stat: max, max: 0, for: 11m}", "INVALID_VALUE", "spec.slos[0].for"],
    ["{metric: evictions, stat: max, max: 0}", "INVALID_VALUE", "spec.slos[0].stat"],
    ["{metric: nodesReady, stat: min, min: 5, max: 3}", "INVALID_VALUE", "spec.slos[0].min"],
    ["{metric: nodesReady, stat: min}", "MISSING_FIELD", "spec.slos[0].max"],
    ["{metric: nodesReady, max: 3}", "MISSING_FIELD", "spec.slos[0].stat"],
    ["{stat: p99, max: 5s}", "MISSING_FIELD", "spec.slos[0].metric"],
    ["{preset: kubernetes-scalability, max: 1s}", "INVALID_VALUE", "spec.slos[0].max"],
    ["{preset: kubernetes-scaling}", "UNKNOWN_REFERENCE", "spec.slos[0].preset"],
    ["{metric: pendingPods, stat: p99.9, max: 0}", "INVALID_VALUE", "spec.slos[0].stat"],
  ])("%s: %s at %s", (slo, code, path) => {
    expect(errorOf(load(slo))).toEqual({ code, path });
  });

  test("two SLOs with the same explicit name", () => {
    expect(errorOf(load("{name: a, metric: pendingPods, stat: max, max: 0}", "{name: a, metric: runningPods, stat: min, min: 1}"))).toEqual({
      code: "INVALID_VALUE",
      path: "spec.slos[1].name",
    });
  });
});

describe("`from` judges an objective from a simulated instant on", () => {
  test.each([
    ["{metric: podStartupLatency, stat: p99, max: 5s, from: 2m}", 120_000_000],
    ["{metric: pendingPods, stat: max, max: 0, for: 1m, from: 9m}", 540_000_000],
    ["{metric: evictions, stat: final, max: 0, from: 0s}", 0],
    ["{metric: schedulingLatency, stat: max, max: 1s, from: 90}", 90_000_000], // a bare number is seconds, as every duration
  ])("%s: from %i µs", (slo, fromUs) => {
    expect(load(slo)().slos[0]).toMatchObject({ fromUs });
  });

  test("an objective without it is judged on the whole run", () => {
    expect(load("{metric: podStartupLatency, stat: p99, max: 5s}")().slos[0]).not.toHaveProperty("fromUs");
  });

  test("a preset entry passes it to each of its objectives", () => {
    const s = load("{preset: kubernetes-scalability, from: 5m}")();
    expect(s.slos).toHaveLength(5);
    expect(s.slos.map((x) => x.fromUs)).toEqual([300e6, 300e6, 300e6, 300e6, 300e6]);
  });

  test.each([
    ["{metric: podStartupLatency, stat: p99, max: 5s, from: 10m}", "spec.slos[0].from"], // = spec.duration: nothing judged
    ["{metric: podStartupLatency, stat: p99, max: 5s, from: 1h}", "spec.slos[0].from"],
    ["{preset: kubernetes-scalability, from: 10m}", "spec.slos[0].from"],
    ["{metric: podStartupLatency, stat: p99, max: 5s, from: soon}", "spec.slos[0].from"],
    ["{metric: podStartupLatency, stat: p99, max: 5s, from: -1m}", "spec.slos[0].from"],
    // 8 minutes of violation cannot fit in the 10m − 5m judged: the objective could never fail.
    ["{metric: pendingPods, stat: max, max: 0, for: 8m, from: 5m}", "spec.slos[0].for"],
  ])("%s is refused at %s", (slo, path) => {
    expect(errorOf(load(slo))).toMatchObject({ path });
  });

  test("a misspelled key is still an unknown field", () => {
    expect(errorOf(load("{preset: kubernetes-scalability, form: 5m}")).path).toBe("spec.slos[0].form");
  });

  test("the error names the file, line and column of the value", () => {
    const e = inputErrorOf(load("{metric: podStartupLatency, stat: p99, max: 5s}", "{preset: kubernetes-scalability, from: 10m}"));
    // Line 8 (the second entry): `    - {preset: kubernetes-scalability, from: ` is 45 characters, so `10m` is at column 46.
    expect(e.message).toMatch(/s\d+\.yaml:8:46: spec\.slos\[1\]\.from: "10m" is not before the end of the run/);
    expect(e.details[0]).toMatchObject({ line: 8, column: 46, code: "INVALID_VALUE" });
  });
});
