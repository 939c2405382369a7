import { describe, expect, it } from "vitest";
import { addWindow, ExternalFaults } from "./external-faults.js";

describe("fault windows", () => {
  it.each([
    // [existing, added, result]
    [[], [10, 20], [10, 20]],
    [[10, 20], [30, 40], [10, 20, 30, 40]],
    [[30, 40], [10, 20], [10, 20, 30, 40]],
    [[10, 20, 30, 40], [15, 35], [10, 40]], // bridges two windows
    [[10, 20], [20, 25], [10, 25]], // touching half-open windows merge
    [[10, 20, 50, 60], [30, 40], [10, 20, 30, 40, 50, 60]],
    [[10, 20], [5, 5], [10, 20]], // empty: ignored
  ])("%j + %j = %j", (w, [from, until], out) => {
    const list = [...(w as number[])];
    addWindow(list, from!, until!);
    expect(list).toEqual(out);
  });

  it("reports a registry down for its own host and for an outage of every registry", () => {
    const f = new ExternalFaults();
    f.registryOutage("quay.io", 100, 200);
    f.registryOutage(null, 150, 300);
    expect(f.registryDownUntil("quay.io", 120)).toBe(200);
    expect(f.registryDownUntil("quay.io", 160)).toBe(300); // both cover it: the later end
    expect(f.registryDownUntil("docker.io", 120)).toBeNaN();
    expect(f.registryDownUntil("docker.io", 299)).toBe(300);
    expect(f.registryDownUntil("docker.io", 300)).toBeNaN(); // half-open
  });

  it("tells listeners when a workload's probes start failing", () => {
    const f = new ExternalFaults();
    const heard: unknown[] = [];
    f.onProbeFailure((w, p, t) => heard.push([w, p, t]));
    f.probeFailure("shop/Deployment/web", "liveness", 60, 90);
    expect(heard).toEqual([["shop/Deployment/web", "liveness", 60]]);
    expect(f.probeWindows("shop/Deployment/web", "liveness")).toEqual([60, 90]);
    expect(f.probeWindows("shop/Deployment/web", "readiness")).toEqual([]);
  });

  it("a pod's overload window is open-ended until it recovers, merges with its workload's, and only for its serving container", () => {
    const f = new ExternalFaults();
    const heard: number[] = [];
    f.onPodProbeChange((id) => heard.push(id));
    f.probeFailure("shop/Deployment/api", "liveness", 300, 325);
    f.podProbeOverloaded(7, 0, "liveness", 330);
    expect(f.containerProbeWindows("shop/Deployment/api", 7, 0, "liveness")).toEqual([300, 325, 330, Infinity]);
    expect(f.containerProbeWindows("shop/Deployment/api", 7, 1, "liveness")).toEqual([300, 325]);
    expect(f.containerProbeWindows("shop/Deployment/api", 8, 0, "liveness")).toEqual([300, 325]);
    f.podProbeRecovered(7, "liveness", 360);
    expect(f.containerProbeWindows("shop/Deployment/api", 7, 0, "liveness")).toEqual([300, 325, 330, 360]);
    // Recovered at the instant it opened: the window is dropped, not left empty.
    f.podProbeOverloaded(7, 0, "liveness", 400);
    f.podProbeRecovered(7, "liveness", 400);
    expect(f.containerProbeWindows("shop/Deployment/api", 7, 0, "liveness")).toEqual([300, 325, 330, 360]);
    expect(heard).toEqual([7, 7, 7, 7]);
    f.forgetPod(7);
    expect(f.containerProbeWindows("shop/Deployment/api", 7, 0, "liveness")).toEqual([300, 325]);
  });
});
