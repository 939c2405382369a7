/**
 * `schedulingLatency` is kube-scheduler's `scheduler_pod_scheduling_sli_duration_seconds`:
 * from the pod's first entry into activeQ (`InitialAttemptTimestamp`, set once in
 * `moveToActiveQ`) to its successful binding, across every attempt — so it counts the time a
 * pod waits behind other pods, in backoff and in the unschedulable pool, not only its own
 * cycle. Worked by hand:
 * - 5 pods created at the same instant with a 10-ms scheduling cycle: the scheduler takes them
 *   one after the other, the k-th binds k cycles after they were queued: 0, 10, 20, 30, 40 ms.
 *   (kubesim binds at the start of a pod's cycle, so a pod's own cycle is not in its latency;
 *   upstream it is. With the default cycle of 0 this never shows.)
 * - A pod that fits nowhere at 0 s and lands when a node is added at 60 s: 60,000 ms, although
 *   each of its attempts took no time.
 */
import { describe, expect, it } from "vitest";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

describe("schedulingLatency", () => {
  it("grows by one cycle per pod ahead in the queue", () => {
    const rt = buildRuntime(scenario({ objects: [loaded(deployment("web", 5))], durationUs: 10 * S }), { tunables: { schedulingCycleUs: 10_000 } });
    rt.ctx.sim.run(10 * S);
    const { ledger } = rt.ctx;
    expect(ledger.ids.map((id) => (ledger.scheduledUs[id]! - ledger.queuedUs[id]!) / 1000)).toEqual([0, 10, 20, 30, 40]);
    const h = rt.recorder.schedulingLatency.summary(1000);
    expect([h.count, h.min, h.max]).toEqual([5, 0, 40]);
  });

  it("counts the whole wait of a pod that had to wait for a node", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 1, { cpuMillicores: 1000 }), pool("large", 0, { cpuMillicores: 4000 })],
        objects: [loaded(deployment("big", 1, { cpu: "2" }))],
        timeline: [{ at: 60 * S, action: "addNodes", pool: "large", count: 1, source: SRC } as never],
        durationUs: 120 * S,
      }),
    );
    rt.ctx.sim.run(120 * S);
    expect(rt.recorder.schedulingLatency.summary(1000).max).toBe(60_000);
  });
});
