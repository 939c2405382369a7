/**
 * What the cluster autoscaler refuses to remove (cluster-autoscaler/FAQ.md "What types of pods
 * can prevent CA from removing a node?"). Setup as V37's first case: two 4-core / 16Gi nodes of
 * an autoscaled pool (min 1), one 1.5 CPU / 3Gi pod of `web` on each → utilization 0.375 < 0.5.
 * Left alone, one node is unneeded from the 0 s scan and removed at 600 s (its pod is evicted
 * and exits 1 s later: the Node goes at 601 s). Each case below changes one thing.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Node } from "../src/cluster/k8s-types.js";
import { blocksScaleDown } from "../src/controllers/scale-down-rules.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, pool, scenario } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const GI = 2 ** 30;

type Template = { metadata: { annotations?: Record<string, string> }; spec: { volumes?: unknown[]; containers: { resources: { requests: Record<string, string> } }[] } };

function web(edit: (t: Template) => void = () => {}): KubeObject {
  const d = deployment("web", 2, { cpu: "1500m" });
  const t = (d as unknown as { spec: { template: Template } }).spec.template;
  t.spec.containers[0]!.resources.requests["memory"] = "3Gi";
  edit(t);
  return d;
}

function pdb(minAvailable: number): KubeObject {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web", namespace: "default" }, spec: { minAvailable, selector: { matchLabels: { app: "web" } } } } as KubeObject;
}

function removedNodes(objects: KubeObject[]): [string, number][] {
  const s = scenario({
    nodePools: [pool("general", 2, { zones: [], cpuMillicores: 4000, memoryBytes: 16 * GI, autoscaling: { minCount: 1, maxCount: 3 } })],
    objects: objects.map((o) => loaded(o)),
    durationUs: 700 * S,
  });
  const rt = buildRuntime(s);
  rt.ctx.sim.run(700 * S);
  return [...rt.recorder.nodes.values()].filter((n) => !Number.isNaN(n.deletedUs)).map((n) => [n.name, n.deletedUs / S]);
}

describe("cluster autoscaler scale-down refusals (FAQ.md)", () => {
  it("baseline: the underused node goes at 601 s", () => {
    expect(removedNodes([web()])).toHaveLength(1);
    expect(removedNodes([web()])[0]![1]).toBe(601);
  });

  it("a PodDisruptionBudget with minAvailable 2 of 2 (disruptionsAllowed 2 − 2 = 0) keeps both nodes", () => {
    expect(removedNodes([web(), pdb(2)])).toEqual([]);
  });

  it("minAvailable 1 (disruptionsAllowed 2 − 1 = 1 ≥ the node's 1 pod) lets it go, through the Eviction API", () => {
    expect(removedNodes([web(), pdb(1)]).map(([, t]) => t)).toEqual([601]);
  });

  it("a disk-backed emptyDir keeps the node; listed in safe-to-evict-local-volumes, or in memory, it does not", () => {
    expect(removedNodes([web((t) => (t.spec.volumes = [{ name: "cache", emptyDir: {} }]))])).toEqual([]);
    const listed = web((t) => {
      t.spec.volumes = [{ name: "cache", emptyDir: {} }];
      t.metadata.annotations = { "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "cache" };
    });
    expect(removedNodes([listed])).toHaveLength(1);
    expect(removedNodes([web((t) => (t.spec.volumes = [{ name: "cache", emptyDir: { medium: "Memory" } }]))])).toHaveLength(1);
  });

  it("safe-to-evict: \"false\" keeps the node", () => {
    expect(removedNodes([web((t) => (t.metadata.annotations = { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" }))])).toEqual([]);
  });

  it("the drain rules pod by pod: bare pods and kube-system pods without a budget block; safe-to-evict: \"true\" lifts both", () => {
    const owned = { kind: "ReplicaSet", name: "web-1", controller: true, apiVersion: "apps/v1", uid: "u" };
    const pod = (ns: string, owner: boolean, annotations: Record<string, string> = {}) =>
      ({ metadata: { name: "p", namespace: ns, annotations, ...(owner ? { ownerReferences: [owned] } : {}) }, spec: { containers: [] } }) as unknown as Node;
    expect(blocksScaleDown(pod("default", true) as never, false)).toBe(false);
    expect(blocksScaleDown(pod("default", false) as never, false)).toBe(true);
    expect(blocksScaleDown(pod("kube-system", true) as never, false)).toBe(true);
    expect(blocksScaleDown(pod("kube-system", true) as never, true)).toBe(false);
    expect(blocksScaleDown(pod("default", false, { "cluster-autoscaler.kubernetes.io/safe-to-evict": "true" }) as never, false)).toBe(false);
  });
});
