/**
 * The resource-dynamics example scenarios (scenarios/*.yaml), run in-process with their seeds:
 * each story's mechanism checked by hand, and its summary numbers kept as golden values
 * (a change to them is a change of the model: update them with the reason).
 */
import { describe, expect, test } from "vitest";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;

const run = (name: string) => runScenario(loadScenario(`scenarios/${name}.yaml`));
const gaugeFinal = (o: ReturnType<typeof run>, metric: string, scope: string): number => {
  const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === scope)!;
  const s = o.recorder.sampler.series(g.id);
  return s.values[s.values.length - 2]!; // the last full interval
};

describe("cpu-limit-throttling and cpu-limit-throttling-unlimited", () => {
  const limited = run("cpu-limit-throttling");
  const free = run("cpu-limit-throttling-unlimited");

  test("both use 2 CPUs: 100 rps × 20 ms; only the limited one is throttled, and its p99 is far worse", () => {
    expect(gaugeFinal(limited, "cpu_usage_millicores", "Deployment/shop/checkout")).toBeCloseTo(2000, 6);
    expect(gaugeFinal(free, "cpu_usage_millicores", "Deployment/shop/checkout")).toBeCloseTo(2000, 6);
    // 0.5 CPU per pod against a 1-CPU limit: the calibration table's 50 % row (throttled ≈ 0.13).
    const ratio = gaugeFinal(limited, "cpu_throttled_periods_ratio", "cluster");
    expect(ratio).toBeGreaterThan(0.08);
    expect(ratio).toBeLessThan(0.2);
    expect(gaugeFinal(free, "cpu_throttled_periods_ratio", "cluster")).toBe(0);
    const p99 = (o: typeof limited) => o.resources.requestLatency.summary(1000).p99;
    // The calibration table's 50 % row: about twice the p99 without the limit.
    expect(p99(limited)).toBeGreaterThan(1.8 * p99(free));
    // Golden (seed 7).
    expect([p99(limited), p99(free)]).toEqual([188.671, 95.231]);
    expect(limited.resources.requestLatency.count).toBe(free.resources.requestLatency.count);
  });
});

describe("memory-leak-crashloop", () => {
  const o = run("memory-leak-crashloop");

  test("each container is OOM-killed about (512 − 150) Mi / 1 Mi/s = 362 s after it starts, exit 137, then CrashLoopBackOff", () => {
    const L = o.ledger;
    const pods = L.ids.filter((i) => L.workload[i] === "Deployment/ledger");
    expect(pods).toHaveLength(2);
    for (const id of pods) {
      expect(L.oomKills[id]).toBeGreaterThan(1);
      expect(L.lastExitCode[id]).toBe(137);
      expect(L.restarts[id]).toBeGreaterThan(1);
    }
    // 1 h, a kill every ≈ 362 s plus back-offs 0, 10, 20, 40, 80, 160, 300 s: 8 kills per pod.
    expect(o.resources.oomKills).toBe(16);
    // Both pods wait in back-off at once: 40 rps fail meanwhile.
    expect(Math.round(o.resources.failedRequests)).toBe(28_000);
  });

  test("the first kill lands between 356 s and 362 s after Ready (in-flight requests add under 6Mi)", () => {
    const o2 = runScenario(loadScenario("scenarios/memory-leak-crashloop.yaml"), { untilUs: 200 * S });
    const id = o2.ledger.ids.find((i) => o2.ledger.workload[i] === "Deployment/ledger")!;
    const ready = o2.ledger.readyUs[id]!;
    const early = runScenario(loadScenario("scenarios/memory-leak-crashloop.yaml"), { untilUs: ready + 356 * S });
    expect(early.ledger.oomKills[id]).toBe(0);
    const late = runScenario(loadScenario("scenarios/memory-leak-crashloop.yaml"), { untilUs: ready + 362 * S });
    expect(late.ledger.oomKills[id]).toBe(1);
  });
});

describe("memory-pressure-eviction", () => {
  const o = run("memory-pressure-eviction");

  test("only BestEffort pods are evicted; the Burstable cache over its request and the Guaranteed api stay", () => {
    const L = o.ledger;
    const evicted = L.ids.filter((i) => L.evictionReason[i] === "Evicted");
    expect(evicted.length).toBe(3);
    for (const id of evicted) expect(L.qosClass[id]).toBe("BestEffort");
    const evictionTimes = o.store.events.filter((e) => e.reason === "Evicted").map((e) => e.timeUs / S);
    // Golden (seed 5); every eviction on a 10 s housekeeping tick.
    expect(evictionTimes).toEqual([1240, 2000, 3150]);
    for (const t of evictionTimes) expect(t % 10).toBe(0);
  });

  test("the first eviction is the first tick where the pods use more than the 12Gi allocatable", () => {
    const L = o.ledger;
    const reports = L.ids.filter((i) => L.workload[i] === "Deployment/reports").slice(0, 2);
    const [r1, r2] = reports.map((i) => L.readyUs[i]! / S);
    // 2 × 1800Mi + 2560Mi + 2 × 1024Mi + (t − r1 + t − r2) × 100/60 Mi/s > 12288Mi
    // ⇔ 2t − r1 − r2 > (12288 − 8208) × 60 / 100 = 2448 s.
    let tick = 10;
    while (!(2 * tick - r1! - r2! > 2448)) tick += 10;
    expect(tick).toBe(1240);
  });
});
