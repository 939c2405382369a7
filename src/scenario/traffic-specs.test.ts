import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { InputError } from "../errors.js";
import { loadScenario } from "./load-scenario.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-traffic-");
const S = 1e6;
const MI = 1024 * 1024;

function scenario(traffic: string, kubelet = ""): string {
  const file = join(dir, `s${Math.abs(hash(traffic + kubelet))}.yaml`);
  writeFileSync(
    file,
    `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 10m
  cluster:
    nodePools: [{name: general, count: 1, allocatable: {cpu: "4", memory: 16Gi}}]
${kubelet}  workloads:
    - object:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          replicas: 2
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers: [{name: api, image: api:1, resources: {limits: {cpu: "1", memory: 512Mi}}}]
  traffic:
${traffic}`,
  );
  return file;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

function errorsOf(file: string): { code: string; path: string; line: number }[] {
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof InputError) return e.details.map((d) => ({ code: d.code, path: d.path, line: d.line }));
    throw e;
  }
  return [];
}

describe("spec.traffic resolves to kubesim units", () => {
  test("a spike profile, lognormal CPU cost, threads and a leaking working set", () => {
    const s = loadScenario(
      scenario(`    - target: deployment/api
      rate: {profile: spike, rps: 50, at: 2m, duration: 30s, peakRps: 400, ramp: 5s}
      cpuPerRequest: {distribution: lognormal, mean: 15ms, cv: 2}
      threads: 8
      memory: {base: 200Mi, perInFlight: 2Mi, leakPerMinute: 6Mi, spikes: {every: 5m, size: 100Mi, duration: 20s}}
`),
    );
    const t = s.traffic![0]!;
    expect(t.target).toEqual({ kind: "Deployment", namespace: "default", name: "api" });
    expect(t.rate).toEqual({ kind: "spike", rps: 50, atUs: 120 * S, durationUs: 30 * S, peakRps: 400, rampUs: 5 * S });
    expect(t.cpuPerRequest).toEqual({ kind: "lognormal", meanUs: 15_000, cv: 2 });
    expect(t.threads).toBe(8);
    // 6Mi per minute = 0.1Mi per second.
    expect(t.memory).toEqual({ baseBytes: 200 * MI, perInFlightBytes: 2 * MI, leakBytesPerSec: (6 * MI) / 60, spikeEveryUs: 300 * S, spikeBytes: 100 * MI, spikeDurationUs: 20 * S });
    expect(s.kubelet.cpuCFSQuota).toBe(true);
    expect(s.kubelet.cpuCFSQuotaPeriodUs).toBe(100_000);
  });

  test("cpuCFSQuota: false switches CPU limits off", () => {
    const s = loadScenario(scenario(`    - {target: deployment/api, rate: {profile: constant, rps: 10}, cpuPerRequest: {mean: 5ms}}\n`, "  kubelet: {cpuCFSQuota: false}\n"));
    expect(s.kubelet.cpuCFSQuota).toBe(false);
  });

  test("a CSV series from a file next to the scenario", () => {
    writeFileSync(join(dir, "rate.csv"), "t,rps\n0,10\n60,30\n");
    const s = loadScenario(scenario(`    - {target: deployment/api, rate: {profile: csv, file: rate.csv, column: rps, timeColumn: t}, cpuPerRequest: {mean: 5ms}}\n`));
    const r = s.traffic![0]!.rate;
    expect(r.kind).toBe("series");
    expect(r.kind === "series" && [...r.rps]).toEqual([10, 30]);
  });
});

describe("mistakes point at their place", () => {
  test("an unknown workload, a missing profile key, a key the profile does not take", () => {
    const errs = errorsOf(
      scenario(`    - {target: deployment/nope, rate: {profile: constant, rps: 1}, cpuPerRequest: {mean: 5ms}}
    - {target: deployment/api, container: web, rate: {profile: spike, rps: 1, at: 1m, peakRps: 9, amplitude: 0.5}, cpuPerRequest: {mean: 5ms}}
`),
    );
    expect(errs).toContainEqual(expect.objectContaining({ code: "UNKNOWN_REFERENCE", path: "spec.traffic[0].target" }));
    expect(errs).toContainEqual(expect.objectContaining({ code: "UNKNOWN_REFERENCE", path: "spec.traffic[1].container" }));
    expect(errs).toContainEqual(expect.objectContaining({ code: "MISSING_FIELD", path: "spec.traffic[1].rate.profile" }));
    expect(errs).toContainEqual(expect.objectContaining({ code: "INVALID_VALUE", path: "spec.traffic[1].rate.amplitude" }));
  });

  test("a bad value in a CSV file is reported at its line in that file", () => {
    writeFileSync(join(dir, "bad.csv"), "t,rps\n0,10\n60,lots\n");
    const errs = errorsOf(scenario(`    - {target: deployment/api, rate: {profile: csv, file: bad.csv, column: rps, timeColumn: t}, cpuPerRequest: {mean: 5ms}}\n`));
    expect(errs).toEqual([{ code: "INVALID_VALUE", path: "", line: 3 }]);
  });

  test("the schema refuses an unknown key and a zero thread count", () => {
    const errs = errorsOf(scenario(`    - {target: deployment/api, rate: {profile: constant, rps: 1}, cpuPerRequest: {mean: 5ms}, threads: 0, thread: 2}\n`));
    expect(errs.map((e) => e.path).sort()).toEqual(["spec.traffic[0].thread", "spec.traffic[0].threads"]);
  });
});
