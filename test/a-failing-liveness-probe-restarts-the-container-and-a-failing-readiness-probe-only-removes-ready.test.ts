/**
 * Probes under a `probeFailure` window, worked by hand. One node, one replica, image pre-pulled;
 * sandbox 0.5 s and container start 0.5 s, so the kubelet's first sync (and the probe tickers'
 * phase) is t = 0 and the container starts at 1.0 s. Probes: period 10 s, timeout 1 s (default),
 * failureThreshold 3; ticks at 0, 10, 20, ... s. The window opens at 100 s for 60 s: probes that
 * start in [100, 160) fail, each reporting at start + timeout.
 *
 * Liveness: probes at 100, 110, 120 fail → third failure reported at 121 s: Unhealthy, Killing;
 * the container exits 1 s later (containerExitAfterSigtermUs < 30 s grace) at 122 s with 143
 * (128 + SIGTERM). First crash → restart at once: started at 122.5 s (restartCount 1). The new
 * container is probed at 130, 140, 150 (all in the window) → killed at 151, exits at 152 →
 * back-off 10 s (the entry from 122 s has not expired) → restarted at 162 + 0.5 = 162.5 s
 * (restartCount 2). Probes from 170 s pass. Without a readiness probe, Ready follows "running":
 * lost at 122 s and 152 s, back at 122.5 s and 162.5 s.
 *
 * Startup (failureThreshold 3, window [0, 100)): nothing else runs until it passes. It is probed
 * on ticks only: 10, 20, 30 fail → killed at 31, exits at 32, restarted at once (32.5); 40, 50,
 * 60 fail → killed at 61, exits 62, back-off 10 s → started 72.5; 80, 90 fail, 100 passes →
 * started, and with no readiness probe Ready at 100 s. Without a window it passes at the first
 * tick, 10 s: Ready at 10 s rather than at the container start (1 s).
 *
 * Readiness: the manual trigger at container start makes the pod Ready at 1.0 s. Probes at 100,
 * 110, 120 fail → NotReady at 121 s; the first probe after the window, at 160 s, passes → Ready
 * at 160 s. No restart. The ReplicaSet counts 0 ready replicas in between.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../src/cluster/k8s-types.js";
import type { ReplicaSetWithStatus } from "../src/controllers/replicaset.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const image = "example/api:1.0";

type ProbeField = "livenessProbe" | "readinessProbe" | "startupProbe";

function withProbe(kind: ProbeField): KubeObject {
  const d = deployment("api", 1, { image }) as KubeObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  d.spec.template.spec.containers[0]![kind] = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10, failureThreshold: 3 };
  return d;
}

function run(kind: ProbeField, atS = 100, forS = 60) {
  const s = scenario({
    nodePools: [pool("one", 1, { images: [{ name: image, sizeBytes: 1 }] })],
    objects: [loaded(withProbe(kind))],
    timeline: forS === 0 ? [] : [{ at: atS * S, action: "probeFailure", target: { kind: "Deployment", namespace: "default", name: "api" }, probe: kind.replace("Probe", "") as "liveness", durationUs: forS * S, source: SRC }],
    durationUs: 300 * S,
  });
  return buildRuntime(s);
}

describe("a probeFailure window", () => {
  it("makes a liveness probe kill and restart the container after failureThreshold periods", () => {
    const rt = run("livenessProbe");
    const { sim, ledger, store } = rt.ctx;
    const readyAt = (tS: number): boolean => {
      sim.run(tS * S);
      return ledger.isReady(ledger.ids[0]!);
    };
    expect([readyAt(121.5), readyAt(122.2)]).toEqual([true, false]);
    // Between the exit and the new container, kubectl shows how it ended: Error, exit code 143.
    const state = () => (store.list("Pod")[0] as { status: { containerStatuses: { state: Record<string, { reason?: string; exitCode?: number }> }[] } }).status.containerStatuses[0]!.state;
    expect(state()).toEqual({ terminated: { reason: "Error", exitCode: 143 } });
    expect([readyAt(122.6), readyAt(151.5), readyAt(152.1)]).toEqual([true, true, false]);
    expect(state()["waiting"]!.reason).toBe("CrashLoopBackOff");
    expect([readyAt(162.4), readyAt(162.6)]).toEqual([false, true]);
    sim.run(300 * S);
    const id = ledger.ids[0]!;
    expect(ledger.restarts[id]).toBe(2);
    expect(ledger.lastExitCode[id]).toBe(143);
    expect(ledger.ids.length).toBe(1);
    const ev = store.events.filter((e) => ["Unhealthy", "Killing", "BackOff", "Started"].includes(e.reason)).map((e) => [e.timeUs / S, e.reason]);
    expect(ev).toEqual([
      [1, "Started"],
      [121, "Unhealthy"],
      [121, "Killing"],
      [122.5, "Started"],
      [151, "Unhealthy"],
      [151, "Killing"],
      [152, "BackOff"],
      [162.5, "Started"],
    ]);
    expect(store.events.find((e) => e.reason === "Killing")!.message).toBe("Container api failed liveness probe, will be restarted");
  });

  it("makes a readiness probe take the pod out of Ready without a restart", () => {
    const rt = run("readinessProbe");
    const { sim, ledger, store } = rt.ctx;
    const rs = () => store.list("ReplicaSet")[0] as ReplicaSetWithStatus;
    sim.run(120.5 * S);
    const id = ledger.ids[0]!;
    expect(ledger.readyUs[id]).toBe(1 * S);
    expect(ledger.isReady(id)).toBe(true);
    sim.run(121 * S + 1);
    expect(ledger.isReady(id)).toBe(false);
    expect(rs().status!.readyReplicas).toBe(0);
    sim.run(159.9 * S);
    expect(ledger.isReady(id)).toBe(false);
    sim.run(300 * S);
    expect(ledger.lastReadyUs[id]).toBe(160 * S);
    expect(rs().status!.readyReplicas).toBe(1);
    expect(ledger.restarts[id]).toBe(0);
    expect(store.events.filter((e) => e.reason === "Unhealthy").map((e) => [e.timeUs / S, e.message.split(":")[0]])).toEqual([[121, "Readiness probe failed"]]);
    expect(store.events.some((e) => e.reason === "Killing")).toBe(false);
  });

  it("holds a startup probe's container back until it passes, and kills it after failureThreshold failures", () => {
    const healthy = run("startupProbe", 0, 0);
    healthy.ctx.sim.run(300 * S);
    expect(healthy.ctx.ledger.readyUs[healthy.ctx.ledger.ids[0]!]).toBe(10 * S);

    const rt = run("startupProbe", 0, 100);
    const { sim, ledger, store } = rt.ctx;
    sim.run(300 * S);
    const id = ledger.ids[0]!;
    expect(ledger.readyUs[id]).toBe(100 * S);
    expect(ledger.restarts[id]).toBe(2);
    const ev = store.events.filter((e) => ["Killing", "BackOff", "Started"].includes(e.reason)).map((e) => [e.timeUs / S, e.reason]);
    expect(ev).toEqual([
      [1, "Started"],
      [31, "Killing"],
      [32.5, "Started"],
      [61, "Killing"],
      [62, "BackOff"],
      [72.5, "Started"],
    ]);
  });

  it("changes nothing for a workload without that probe, and says so", () => {
    const s = scenario({
      nodePools: [pool("one", 1, { images: [{ name: image, sizeBytes: 1 }] })],
      objects: [loaded(withProbe("livenessProbe"))],
      timeline: [{ at: 100 * S, action: "probeFailure", target: { kind: "Deployment", namespace: "default", name: "api" }, probe: "readiness", durationUs: 60 * S, source: SRC }],
      durationUs: 300 * S,
    });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(130 * S);
    expect(rt.ctx.ledger.isReady(rt.ctx.ledger.ids[0]!)).toBe(true);
    expect(rt.ctx.store.events.some((e) => e.reason === "Unhealthy")).toBe(false);
    expect(rt.warnings.filter((w) => w.includes("has no readinessProbe")).length).toBe(1);
  });
});
