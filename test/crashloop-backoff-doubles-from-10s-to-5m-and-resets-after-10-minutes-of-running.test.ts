/**
 * CrashLoopBackOff through the whole runtime (models.md V8, §2.1): one pod whose container exits
 * with code 1 one second after every start, reported through `kubelet.containerExited` as the
 * memory/OOM model does. Sandbox, image (pre-pulled) and container start take no time, so the
 * container starts at t = 0 and, per kuberuntime_manager.go doBackOff and flowcontrol.Backoff:
 *   crash 1 at 1 s: no back-off entry → restart at once (1 s), back-off 10 s;
 *   crash at 2 s → 2 + 10 = 12; 13 → +20 = 33; 34 → +40 = 74; 75 → +80 = 155; 156 → +160 = 316;
 *   317 → +300 (cap) = 617; 618 → +300 = 918; 919 → +300 = 1219.
 * The run that starts at 1219 s lasts 601 s: it ends at 1820 s, 601 s > 600 s after the last
 * restart decision (1219 s), so the entry has expired: restart at once (1820 s) with the
 * back-off back at 10 s, and the doubling starts over: 1821 → 1831, 1832 → 1852, 1853 → 1893.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

describe("CrashLoopBackOff", () => {
  it("restarts at once, then after 10, 20, 40, 80, 160, 300, 300, 300 s, and resets after 10 minutes of running", () => {
    const image = "example/crash:1.0";
    const base = scenario({
      nodePools: [pool("one", 1, { images: [{ name: image, sizeBytes: 1 }] })],
      objects: [loaded(deployment("crash", 1, { image }))],
      durationUs: 1900 * S,
    });
    const s = { ...base, kubelet: { ...base.kubelet, sandboxCreationUs: 0, containerStartUs: 0 } };
    const rt = buildRuntime(s);
    const { store, ledger, sim } = rt.ctx;
    const starts: number[] = [];
    store.onEvent((e) => {
      if (e.reason !== "Started") return;
      starts.push(e.timeUs / S);
      const id = ledger.ids[0]!;
      const runS = e.timeUs === 1219 * S ? 601 : 1;
      rt.kubelet.containerExited(id, 1, "Error", e.timeUs + runS * S);
    });
    // The waiting message each time the container enters CrashLoopBackOff.
    const backOffMessages: [number, string | undefined][] = [];
    let wasWaiting = false;
    store.watch("Pod", (_t, o) => {
      const w = (o as Pod & { status: { containerStatuses?: { state: { waiting?: { reason?: string; message?: string } } }[] } }).status.containerStatuses?.[0]?.state.waiting;
      const waiting = w?.reason === "CrashLoopBackOff";
      if (waiting && !wasWaiting) backOffMessages.push([sim.nowUs / S, /^back-off (\S+) restarting failed container=crash pod=/.exec(w!.message ?? "")?.[1]]);
      wasWaiting = waiting;
    });
    const statusAt = (tS: number): string | undefined => {
      sim.run(tS * S);
      const pod = store.list("Pod")[0] as Pod & { status: { containerStatuses?: { state: { waiting?: { reason?: string } } }[] } };
      return pod.status.containerStatuses?.[0]?.state.waiting?.reason ?? pod.status.phase;
    };
    // Waiting in CrashLoopBackOff between 2 s and 12 s; the pod stays Running (phase) but not Ready.
    expect(statusAt(5)).toBe("CrashLoopBackOff");
    expect(ledger.isReady(ledger.ids[0]!)).toBe(false);
    expect((store.list("Pod")[0] as Pod).status?.phase).toBe("Running");
    sim.run(s.durationUs);

    expect(starts).toEqual([0, 1, 12, 33, 74, 155, 316, 617, 918, 1219, 1820, 1831, 1852, 1893]);
    const id = ledger.ids[0]!;
    expect(ledger.restarts[id]).toBe(13);
    expect(ledger.lastExitCode[id]).toBe(1);
    // The same pod all along: the ReplicaSet does not replace a crash-looping pod.
    expect(ledger.ids.length).toBe(1);
    // The BackOff event at each crash that must wait; the waiting message carries the delay
    // (kuberuntime_manager.go: "back-off %s restarting failed container=%s pod=%s").
    expect(store.events.filter((e) => e.reason === "BackOff").map((e) => e.timeUs / S)).toEqual([2, 13, 34, 75, 156, 317, 618, 919, 1821, 1832, 1853, 1894]);
    expect(backOffMessages).toEqual([
      [2, "10s"], [13, "20s"], [34, "40s"], [75, "1m20s"], [156, "2m40s"], [317, "5m0s"], [618, "5m0s"], [919, "5m0s"],
      [1821, "10s"], [1832, "20s"], [1853, "40s"],
      [1894, "1m20s"], // the crash at 1894 s would restart at 1974 s, after the run ends (1900 s)
    ]);
    expect(store.events.find((e) => e.reason === "BackOff")!.message).toMatch(/^Back-off restarting failed container crash in pod crash-[a-z0-9-]+_default\(uid-\d+\)$/);
  });
});
