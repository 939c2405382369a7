/**
 * The scheduler compiles a pod's default PodTopologySpread constraints once per (namespace,
 * labels, controller) and keeps them while the Services and controllers it read are unchanged
 * (spread-constraints.ts). The store updates a Service in place, so the scheduler's Service
 * watch must mark the change: a pod scheduled after the MODIFIED event sees the new selector.
 *
 * Two Services select `app: web` pods: `web` ({app: web}) and `front` ({tier: front}). The
 * DefaultSelector is their union, app = web ∧ tier = front; after `front` is changed to
 * {track: stable} it is app = web ∧ track = stable.
 */
import { expect, it } from "vitest";
import type { Pod, Service } from "../src/cluster/k8s-types.js";
import { defaultProfile } from "../src/scheduler/profile.js";
import { spreadConstraints } from "../src/scheduler/spread-constraints.js";
import { runtimeFromYaml } from "./fixtures/runtime-from-yaml.js";

const S = 1_000_000;

const SCENARIO = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: service-change}
spec:
  duration: 1m
  cluster:
    nodePools:
      - {name: pool, count: 2, allocatable: {cpu: "4", memory: 8Gi}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: front}
spec: {selector: {tier: front}, ports: [{port: 80}]}
`;

const LABELS = { app: "web", tier: "front", track: "stable" };

/** The label keys the default selector requires of a pod labelled LABELS, by name. */
function selectorKeys(rt: ReturnType<typeof runtimeFromYaml>, name: string): string[] {
  const c = rt.scheduler.cluster;
  const pod: Pod = { kind: "Pod", metadata: { name, namespace: "default", labels: LABELS }, spec: { containers: [] } };
  const [hostname] = spreadConstraints(c, pod, defaultProfile().pluginConfig.PodTopologySpread, "ScheduleAnyway");
  const keys = c.interners.labelKeys;
  return [...hostname!.selector.keys].map((id) => keys.name(id)).sort();
}

it("a Service selector changed through the store applies to the next pod's default spreading", () => {
  const rt = runtimeFromYaml(SCENARIO);
  rt.ctx.sim.run(1 * S);
  expect(selectorKeys(rt, "first")).toEqual(["app", "tier"]);
  const front = rt.ctx.store.get("Service", "default", "front") as Service;
  const version = rt.scheduler.cluster.policyVersion;
  front.spec!.selector = { track: "stable" };
  rt.ctx.store.update("Service", front);
  rt.ctx.sim.run(2 * S);
  expect(rt.scheduler.cluster.policyVersion).toBeGreaterThan(version);
  expect(selectorKeys(rt, "second")).toEqual(["app", "track"]);
});

it("a Service replaced by a new object with the same name, or deleted through a copy, leaves no stale entry", () => {
  const rt = runtimeFromYaml(SCENARIO);
  rt.ctx.sim.run(1 * S);
  const front = rt.ctx.store.get("Service", "default", "front") as Service;
  // ObjectStore.update finds the entry by namespace and name: a fresh object replaces the old one.
  rt.ctx.store.update("Service", { ...structuredClone(front), spec: { selector: { track: "stable" } } } as Service);
  rt.ctx.sim.run(2 * S);
  expect(rt.scheduler.cluster.services.map((s) => s.metadata?.name).sort()).toEqual(["front", "web"]);
  expect(selectorKeys(rt, "replaced")).toEqual(["app", "track"]);
  rt.ctx.store.delete("Service", structuredClone(rt.ctx.store.get("Service", "default", "front") as Service));
  rt.ctx.sim.run(3 * S);
  expect(rt.scheduler.cluster.services.map((s) => s.metadata?.name)).toEqual(["web"]);
  expect(selectorKeys(rt, "deleted")).toEqual(["app"]);
});
