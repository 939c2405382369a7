/**
 * A registry outage from 0 s to 100 s, worked by hand. One node; sandbox 0.5 s, container start
 * 0.5 s, images of 100 MiB at 50 MiB/s = 2 s, no round-trip latency. The pod worker retries a
 * failed sync every 10 s (pod_workers.go backOffPeriod); the image back-off starts at 10 s and
 * doubles (kubelet.go imageBackOffPeriod, MaxImageBackOff 300 s).
 *
 * `example/web:latest` (imagePullPolicy Always): the sandbox is ready at 0.5 s →
 *   0.5   pull fails (ErrImagePull), back-off 10 s from 0.5
 *   10.5  10 s ≥ 10 s: pull again, fails, back-off 20 s from 10.5
 *   20.5  in back-off (10 < 20): ImagePullBackOff
 *   30.5  pull, fails, back-off 40 s;  40.5 ImagePullBackOff
 *   70.5  pull, fails, back-off 80 s;  80.5 ImagePullBackOff
 *   150.5 the outage is over: pull 150.5–152.5, start → Running and Ready at 153.0 s; the status
 *         shows ImagePullBackOff until then (the kubelet clears its reason cache on a start).
 * The startup SLI excludes the image time from the first attempt (0.5 s) to the pull's end: 1.0 s.
 *
 * `example/cached:2.0` (IfNotPresent, on the node already) starts at 1.0 s despite the outage.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

describe("a registry outage", () => {
  it("turns Always pulls into ErrImagePull / ImagePullBackOff until it ends, then the pod starts", () => {
    const s = scenario({
      nodePools: [pool("one", 1, { images: [{ name: "example/cached:2.0", sizeBytes: 1 }] })],
      objects: [loaded(deployment("web", 1, { image: "example/web:latest" })), loaded(deployment("cached", 1, { image: "example/cached:2.0" }))],
      timeline: [{ at: 0, action: "registryOutage", registry: null, durationUs: 100 * S, source: SRC }],
      durationUs: 200 * S,
    });
    const rt = buildRuntime(s);
    const { sim, ledger, store } = rt.ctx;
    const web = () => (store.list("Pod") as Pod[]).find((p) => p.metadata!.name!.startsWith("web-"))!;
    const reasonAt = (tS: number): string | undefined => {
      sim.run(tS * S);
      const st = web().status as { phase?: string; containerStatuses?: { state: { waiting?: { reason?: string } } }[] };
      return st.containerStatuses?.[0]?.state.waiting?.reason ?? st.phase;
    };
    expect([5, 15, 25, 35, 45, 75, 85, 150, 151, 152.9].map(reasonAt)).toEqual([
      "ErrImagePull", "ErrImagePull", "ImagePullBackOff", "ErrImagePull", "ImagePullBackOff",
      "ErrImagePull", "ImagePullBackOff", "ImagePullBackOff", "ImagePullBackOff", "ImagePullBackOff",
    ]);
    sim.run(s.durationUs);
    const [webId, cachedId] = ledger.ids.map((id) => id).sort((a, b) => (ledger.name[a]! < ledger.name[b]! ? 1 : -1));
    expect(ledger.name[webId!]).toMatch(/^web-/);
    expect(ledger.readyUs[webId!]).toBe(153 * S);
    expect(ledger.pullUs[webId!]).toBe(152 * S);
    expect(ledger.readyUs[cachedId!]).toBe(1 * S);
    expect(ledger.restarts[webId!]).toBe(0);

    const ev = store.events
      .filter((e) => e.object.includes("/web-") && (e.reason === "Failed" || e.reason === "BackOff" || e.reason === "Pulled" || e.reason === "Started"))
      .map((e) => [e.timeUs / S, e.reason, e.message.startsWith("Error: ") ? e.message : e.message.split(" ").slice(0, 2).join(" ")]);
    expect(ev).toEqual([
      [0.5, "Failed", "Failed to"],
      [0.5, "Failed", "Error: ErrImagePull"],
      [10.5, "Failed", "Failed to"],
      [10.5, "Failed", "Error: ErrImagePull"],
      [20.5, "BackOff", "Back-off pulling"],
      [20.5, "Failed", "Error: ImagePullBackOff"],
      [30.5, "Failed", "Failed to"],
      [30.5, "Failed", "Error: ErrImagePull"],
      [40.5, "BackOff", "Back-off pulling"],
      [40.5, "Failed", "Error: ImagePullBackOff"],
      [70.5, "Failed", "Failed to"],
      [70.5, "Failed", "Error: ErrImagePull"],
      [80.5, "BackOff", "Back-off pulling"],
      [80.5, "Failed", "Error: ImagePullBackOff"],
      [152.5, "Pulled", "Successfully pulled"],
      [153, "Started", "Started container"],
    ]);
    expect(rt.recorder.podStartupByWorkload.get("Deployment/web")!.summary(1000)).toMatchObject({ count: 1, max: 1000 });
  });

  it("only affects the registry it names", () => {
    const s = scenario({
      nodePools: [pool("one", 1)],
      objects: [loaded(deployment("a", 1, { image: "registry.example.com/a:latest" })), loaded(deployment("b", 1, { image: "quay.io/b:latest" }))],
      timeline: [{ at: 0, action: "registryOutage", registry: "quay.io", durationUs: 100 * S, source: SRC }],
      durationUs: 200 * S,
    });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(s.durationUs);
    const L = rt.ctx.ledger;
    const ready = Object.fromEntries(L.ids.map((id) => [L.name[id]!.slice(0, 1), L.readyUs[id]! / S]));
    // a: sandbox 0.5 + pull 2 + start 0.5 = 3 s. b: pulls are serialised, so b's attempt comes when
    // a's pull ends (2.5 s) and fails; retries at 12.5, 32.5, 72.5 fail, 152.5 pulls until 154.5: 155 s.
    expect(ready).toEqual({ a: 3, b: 155 });
  });
});
