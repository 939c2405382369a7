import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenario } from "./load-scenario.js";
import { buildPoolNodes, regionOfZone } from "./node-pools.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

// test/fixtures/scenario/shop.yaml: two pools, real nodes, a scheduler config file, manifests,
// an inline Deployment, every kind of timeline action and SLO.
const SHOP = "test/fixtures/scenario/shop.yaml";
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const S = 1_000_000;

const dir = tempDir("kubesim-load-scenario-");

describe("the full example resolves to the expected numbers", () => {
  const s = loadScenario(SHOP);

  test("run settings", () => {
    expect(s.name).toBe("shop");
    expect(s.file).toBe(SHOP);
    expect(s.seed).toBe(42);
    expect(s.durationUs).toBe(30 * 60 * S);
    expect(s.sampleIntervalUs).toBe(5 * S);
  });

  test("an instance-type pool: m6i.xlarge allocatable after EKS reservations", () => {
    const p = s.nodePools[0]!;
    expect(p).toMatchObject({
      name: "general",
      count: 6,
      cpuMillicores: 4000 - 80,
      memoryBytes: 16 * GIB - (255 + 11 * 58) * MIB - 100 * MIB,
      pods: 58,
      ephemeralStorageBytes: 90 * GIB,
      scalars: {},
      instanceType: "m6i.xlarge",
      zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      region: "eu-west-1",
      pricePerHour: 0.192,
      images: [{ name: "nginx:1.27", sizeBytes: 70 * MIB }],
      taints: [],
    });
    expect(p.labels).toEqual({
      // The kubelet still registers the deprecated beta copies (initialNode).
      "beta.kubernetes.io/os": "linux",
      "beta.kubernetes.io/arch": "amd64",
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "node.kubernetes.io/instance-type": "m6i.xlarge",
      "topology.kubernetes.io/region": "eu-west-1",
      pool: "general",
    });
    expect(p.source).toEqual({ file: SHOP, line: 11, column: 9 });
  });

  test("an allocatable pool: given values, kubelet maxPods 110, extended resources as scalars", () => {
    expect(s.nodePools[1]).toMatchObject({
      name: "gpu",
      count: 2,
      cpuMillicores: 7500,
      memoryBytes: 30 * GIB,
      pods: 110,
      scalars: { "nvidia.com/gpu": 1 },
      instanceType: null,
      zones: [],
      region: null,
      pricePerHour: 1.5,
      taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
    });
  });

  test("objects: real nodes first, then workloads in order (manifests, inline)", () => {
    expect(s.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual([
      "Node//legacy-1",
      "Namespace//shop",
      "Deployment/shop/web",
      "ConfigMap/shop/web-config",
      "ConfigMap/shop/web-flags",
      "Secret/shop/web-db",
      "Deployment/shop/worker",
    ]);
    const inline = s.objects[6]!;
    expect(inline.source).toMatchObject({ file: SHOP, line: 30, path: "spec.workloads[1].object" });
    expect(inline.positionOf(["spec", "replicas"])).toEqual({ file: SHOP, line: 34, column: 21 });
    expect(s.schedulerConfig?.kind).toBe("KubeSchedulerConfiguration");
  });

  test("kubelet and control-plane settings: given values in µs and bytes, the rest defaulted", () => {
    expect(s.kubelet).toEqual({
      sandboxCreationUs: 1 * S,
      containerStartUs: 500_000,
      // Scalars are fixed times: p99 = median. The node-load slowdown keeps its default.
      sandboxCreationP99Us: 1 * S,
      containerStartP99Us: 500_000,
      runtimeSlowdownPerPod: 0.115,
      imagePullBytesPerSec: 50 * MIB,
      imagePullLatencyUs: 200_000,
      defaultImageSizeBytes: 100 * MIB,
      imageSizes: { "shop/web:1.2": 300 * MIB },
      nodeLeaseRenewIntervalUs: 10 * S,
      // kubelet cpuCFSQuota true and cpuCFSQuotaPeriod 100 ms (defaults.go).
      cpuCFSQuota: true,
      cpuCFSQuotaPeriodUs: 100_000,
    });
    expect(s.controlPlane).toEqual({
      nodeMonitorGracePeriodUs: 40 * S,
      nodeMonitorPeriodUs: 5 * S,
      defaultTolerationSeconds: 300,
      terminatedPodGcThreshold: 12_500,
    });
  });

  test("the timeline is sorted by time; file order breaks no tie here", () => {
    expect(s.timeline.map((a) => [a.at / (60 * S), a.action])).toEqual([
      [5, "scale"],
      [8, "rollout"],
      [10, "failZone"],
      [12, "drain"],
      [13, "cordon"],
      [14, "registryOutage"],
      [15, "probeFailure"],
      [16, "apply"],
      [17, "addNodes"],
      [18, "failNode"], // general-7 exists only because of addNodes at 17m
      [19, "scale"], // deploy/batch exists only because of the apply at 16m
      [20, "recoverZone"],
    ]);
    expect(s.timeline[0]).toMatchObject({ target: { kind: "Deployment", namespace: "shop", name: "web" }, replicas: 10 });
    expect(s.timeline[1]).toMatchObject({ image: "shop/web:1.3", source: { line: 40, column: 7 } });
    expect(s.timeline[5]).toMatchObject({ durationUs: 300 * S, registry: null });
    expect(s.timeline[6]).toMatchObject({ probe: "liveness", durationUs: 30 * S });
    expect(s.timeline[10]).toMatchObject({ target: { kind: "Deployment", namespace: "default", name: "batch" } });
    const apply = s.timeline[7]!;
    expect(apply.action === "apply" && apply.objects.map((o) => o.name)).toEqual(["batch"]);
  });

  test("SLOs: the preset expands; thresholds in the metric's unit (ms, pods, %)", () => {
    expect(s.slos.map(({ source: _, ...rest }) => rest)).toEqual([
      { name: "podStartupLatency-p99", metric: "podStartupLatency", stat: "p99", max: 5000, min: null, unit: "ms", forUs: null, preset: "kubernetes-scalability" },
      // SIG-scalability API call latency SLOs: in the preset, reported "not measured" until the API server model exists.
      { name: "apiMutatingLatency-p99", metric: "apiMutatingLatency", stat: "p99", max: 1000, min: null, unit: "ms", forUs: null, preset: "kubernetes-scalability" },
      { name: "apiReadResourceLatency-p99", metric: "apiReadResourceLatency", stat: "p99", max: 1000, min: null, unit: "ms", forUs: null, preset: "kubernetes-scalability" },
      { name: "apiReadNamespaceLatency-p99", metric: "apiReadNamespaceLatency", stat: "p99", max: 5000, min: null, unit: "ms", forUs: null, preset: "kubernetes-scalability" },
      { name: "apiReadClusterLatency-p99", metric: "apiReadClusterLatency", stat: "p99", max: 30000, min: null, unit: "ms", forUs: null, preset: "kubernetes-scalability" },
      { name: "schedulingLatency-p99", metric: "schedulingLatency", stat: "p99", max: 250, min: null, unit: "ms", forUs: null, preset: null },
      { name: "pendingPods-max", metric: "pendingPods", stat: "max", max: 0, min: null, unit: "pods", forUs: 120 * S, preset: null },
      { name: "cpuRequestedPct-max", metric: "cpuRequestedPct", stat: "max", max: 80, min: null, unit: "%", forUs: null, preset: null },
    ]);
  });

  test("every file read is listed once", () => {
    const f = "test/fixtures/scenario/";
    expect(s.inputFiles).toEqual([SHOP, `${f}snapshots/nodes.yaml`, `${f}manifests/shop.yaml`, `${f}manifests/batch.yaml`, `${f}scheduler-config.yaml`]);
  });
});

describe("options and defaults", () => {
  test("--set and --seed override the file", () => {
    const s = loadScenario(SHOP, { set: ["spec.cluster.nodePools[0].count=10", "spec.duration=1h"], seed: 7 });
    expect(s.nodePools[0]!.count).toBe(10);
    expect(s.durationUs).toBe(3600 * S);
    expect(s.seed).toBe(7);
  });

  test("a minimal scenario gets every default", () => {
    const file = join(dir, "minimal.yaml");
    writeFileSync(file, "apiVersion: kubesim.io/v1alpha1\nkind: Scenario\nmetadata: {name: m}\nspec: {duration: 90}\n");
    const s = loadScenario(file);
    expect(s).toMatchObject({ seed: 1, durationUs: 90 * S, sampleIntervalUs: 10 * S, nodePools: [], objects: [], schedulerConfig: null, timeline: [], slos: [] });
    // The calibrated startup model (scenario-defaults.ts): lognormal sandbox and container start, +11.5 % per pod on the node.
    expect(s.kubelet).toMatchObject({ sandboxCreationUs: 850_000, sandboxCreationP99Us: 1_300_000, containerStartUs: 250_000, containerStartP99Us: 500_000, runtimeSlowdownPerPod: 0.115, imagePullBytesPerSec: 50 * MIB });
    expect(s.controlPlane.nodeMonitorGracePeriodUs).toBe(50 * S);
  });

  test("other documents of the scenario file are workloads, and an inline scheduler config is checked in place", () => {
    const file = join(dir, "multi.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: kubesim.io/v1alpha1",
        "kind: Scenario",
        "metadata: {name: multi}",
        "spec:",
        "  duration: 1h",
        "  scheduler: {config: {apiVersion: kubescheduler.config.k8s.io/v1, kind: KubeSchedulerConfiguration, parallelism: 4}}",
        "  timeline: [{at: 1m, action: scale, target: deployment/web, replicas: 2}]",
        "---",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: web}",
        "spec: {replicas: 1}",
      ].join("\n"),
    );
    const s = loadScenario(relative(process.cwd(), file)); // relative, as typed on a command line
    expect(s.objects.map((o) => o.name)).toEqual(["web"]);
    expect(s.schedulerConfig?.source).toMatchObject({ line: 6, path: "spec.scheduler.config" });
  });
});

describe("pool nodes", () => {
  test("buildPoolNodes names nodes <pool>-<index>, spreads zones round-robin, adds the kubelet's labels", () => {
    const pool = loadScenario(SHOP).nodePools[0]!;
    const nodes = buildPoolNodes(pool);
    expect(nodes.map((n) => n.metadata?.name)).toEqual(["general-0", "general-1", "general-2", "general-3", "general-4", "general-5"]);
    expect(nodes.map((n) => n.metadata?.labels?.["topology.kubernetes.io/zone"])).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(nodes[4]!.metadata?.labels).toMatchObject({ "kubernetes.io/hostname": "general-4", pool: "general", "node.kubernetes.io/instance-type": "m6i.xlarge" });
    expect(nodes[0]!.status?.allocatable).toEqual({ cpu: "3920m", memory: "16138633216", pods: "58", "ephemeral-storage": "96636764160" });
    expect(nodes[0]!.status?.images).toEqual([{ names: ["nginx:1.27"], sizeBytes: 73400320 }]);
    // addNodes continues the numbering (and the zone rotation).
    expect(buildPoolNodes(pool, 6, 8).map((n) => [n.metadata?.name, n.metadata?.labels?.["topology.kubernetes.io/zone"]])).toEqual([
      ["general-6", "eu-west-1a"],
      ["general-7", "eu-west-1b"],
    ]);
  });

  test.each([
    ["eu-west-1a", "eu-west-1"],
    ["us-east-1f", "us-east-1"],
    ["europe-west1-b", "europe-west1"],
    ["us-central1-a", "us-central1"],
    ["1", null],
    ["zone-a", null],
  ])("zone %s is in region %s", (zone, region) => {
    expect(regionOfZone(zone)).toBe(region);
  });
});
