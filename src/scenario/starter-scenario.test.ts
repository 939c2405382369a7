import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { instanceType } from "./instance-types.js";
import { loadManifests } from "./manifests.js";
import { clusterSize, MIN_NODES, workloadDemand } from "./starter-scenario.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

const dir = tempDir("kubesim-starter-");
let n = 0;

function objects(yaml: string) {
  const path = join(dir, `m-${n++}.yaml`);
  writeFileSync(path, yaml);
  return loadManifests([path]).objects;
}

const template = (cpu: string, memory: string) => `
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: c, image: i, resources: {requests: {cpu: ${cpu}, memory: ${memory}}}}]`;

const MIXED = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 20
  selector: {matchLabels: {app: x}}${template("1", "1Gi")}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: x}}${template("100m", "200Mi")}
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  parallelism: 3
  completions: 2${template("500m", "512Mi")}
---
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  containers: [{name: c, image: i, resources: {requests: {cpu: 250m, memory: 256Mi}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
`;

describe("workloadDemand", () => {
  it("counts replicas, Jobs at min(parallelism, completions), bare Pods, and DaemonSets per node", () => {
    const d = workloadDemand(objects(MIXED));
    // 20 × 1000m + 2 × 500m + 250m; 20 GiB + 2 × 512Mi + 256Mi; 20 + 2 + 1 pods.
    expect(d.total).toEqual({ cpu: 21250, memory: (20 * 1024 + 1024 + 256) * 1024 ** 2, pods: 23 });
    expect(d.perNode).toEqual({ cpu: 100, memory: 200 * 1024 ** 2, pods: 1 });
    expect(d.workloads).toBe(4);
    expect(d.daemonSets).toBe(1);
    expect(d.largest).toMatchObject({ cpu: 1000, workload: "Deployment/default/web" });
  });
});

describe("clusterSize", () => {
  const m6iXlarge = instanceType("m6i.xlarge")!;

  it("sizes the pool so requests fill at most 70 % after the DaemonSets", () => {
    // m6i.xlarge allocatable: 4000m − 80m reserved = 3920m; 16 GiB − (255 + 11·58) MiB − 100 MiB
    // = 15391 MiB; 58 pods. Room per node: 0.7·3920 − 100 = 2644m; 0.7·15391 − 200 = 10573.7 MiB;
    // 0.7·58 − 1 = 39.6 pods. Nodes: cpu ⌈21250 / 2644⌉ = 9, memory ⌈21760 / 10573.7⌉ = 3, pods 1.
    const s = clusterSize(workloadDemand(objects(MIXED)), m6iXlarge)!;
    expect(s.allocatable.cpuMillicores).toBe(3920);
    expect(s.allocatable.memoryBytes).toBe(15391 * 1024 ** 2);
    expect(s).toMatchObject({ count: 9, bound: "cpu", largestFits: true });
  });

  it("never goes below one node per zone", () => {
    const s = clusterSize(workloadDemand(objects(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n`)), m6iXlarge)!;
    expect(s).toMatchObject({ count: MIN_NODES, bound: "min" });
  });

  it("is null when the DaemonSets alone take more than 70 % of a node", () => {
    // 3000m > 0.7 · 3920m = 2744m.
    const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: big}\nspec:\n  selector: {matchLabels: {app: x}}${template("3", "1Gi")}\n`;
    expect(clusterSize(workloadDemand(objects(ds)), m6iXlarge)).toBeNull();
  });

  it("tells when the largest pod fits on no node", () => {
    // 4000m > 3920m allocatable.
    const big = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: x}}${template("4", "8Gi")}\n`;
    expect(clusterSize(workloadDemand(objects(big)), m6iXlarge)).toMatchObject({ largestFits: false });
  });
});
