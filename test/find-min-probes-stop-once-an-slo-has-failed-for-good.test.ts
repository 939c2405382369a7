/**
 * A find-min probe stops as soon as an SLO has failed for good, says so in its row, and is
 * otherwise the same run. scenarios/capacity-fit.yaml: 25 pods of 700m on nodes of 2 CPU
 * (2 pods a node), SLO `pendingPods max <= 0 for 30s`, samples every 10 s. With 12 nodes one
 * pod never fits, so every sample from t = 0 (samples describe the end of their instant) shows
 * it Pending; the run of violations spans 30 s at the t = 30 s sample, the alert fires there,
 * and the probe stops at 30 s instead of 120 s, having cost 12 × $0.10 × 30/3600 h = $0.01.
 * With 13 nodes nothing fails, and the probe checked every 10 s for nothing: its numbers are
 * those of the run without checks.
 */
import { describe, expect, it } from "vitest";
import { sweepRun, type SweepRunResult } from "../src/sweep/sweep-run.js";
import { RUN_METRICS } from "../src/sweep/sweep-run.js";

const FIT = "scenarios/capacity-fit.yaml";
const COUNT = "spec.cluster.nodePools[0].count";
const col = (name: string) => RUN_METRICS.indexOf(name);

function probe(count: number, stopEarly: boolean): SweepRunResult {
  const r = sweepRun({ file: FIT, set: [`${COUNT}=${count}`], seed: 11, stopEarly });
  if ("inputError" in r) throw new Error(JSON.stringify(r.inputError));
  return r;
}

describe("find-min probes stop once an SLO has failed for good", () => {
  it("12 nodes: stops at 30 s, names the SLO, and its numbers cover those 30 s", () => {
    const r = probe(12, true);
    expect(r.stoppedAtS).toBe(30);
    expect(r.passed).toBe(false);
    expect(r.failedSlos).toEqual(["pendingPods-max"]);
    expect(r.metrics[col("cost")]).toBeCloseTo((12 * 0.1 * 30) / 3600, 9); // $0.01
    expect(r.metrics[col("cost_per_hour")]).toBeCloseTo(1.2, 9); // the pool's price per hour, whatever the length
    expect(r.metrics[col("pending_pods_max")]).toBe(1); // 25 - 24
    // the same run to its end fails the same SLO
    const full = probe(12, false);
    expect(full.stoppedAtS).toBeNull();
    expect(full.failedSlos).toEqual(["pendingPods-max"]);
    expect(full.metrics[col("cost")]).toBeCloseTo((12 * 0.1 * 120) / 3600, 9); // 2 minutes: $0.04
  });

  it("13 nodes: nothing fails, and running in 10 s slices changes no number", () => {
    const checked = probe(13, true);
    const plain = probe(13, false);
    expect(checked.stoppedAtS).toBeNull();
    expect(checked.passed).toBe(true);
    expect(checked).toEqual(plain);
  });
});
