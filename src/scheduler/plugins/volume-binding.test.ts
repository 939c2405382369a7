/**
 * VolumeBinding and VolumeZone verdicts on a three-zone cluster (one node per zone: a in
 * zone-a, b in zone-b, c in zone-c), worked from volume_binding.go / binder.go / volume_zone.go:
 * which nodes pass, which plugin rejects the others, with which upstream reason and code.
 */
import { describe, expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { claim, podWithClaim, storageClass, zonalVolume } from "../../../test/fixtures/stateful-objects.js";
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { KubeObject, Pod } from "../../cluster/k8s-types.js";
import type { PersistentVolume, PersistentVolumeClaim } from "../../cluster/k8s-storage-types.js";
import { compilePod } from "../compiled-pod.js";
import { explainPod } from "../explain.js";
import { Scheduler } from "../schedule-one.js";
import { preBindVolumes } from "./volume-binding.js";

function zonal(objects: KubeObject[]): ClusterState {
  const c = cluster(["a", "b", "c"].map((n) => node(n, { labels: { "topology.kubernetes.io/zone": `zone-${n}` } })));
  c.volumes.enabled = true;
  for (const o of objects) c.volumes.set(o.kind!, o);
  return c;
}

/** Per node a, b, c: null when feasible, else "<plugin>: <reasons> (<code>)". */
function verdicts(c: ClusterState, p: Pod): (string | null)[] {
  return explainPod(c, pending(c, p)).nodes.map((n) => (n.filter ? `${n.filter.plugin}: ${n.filter.reasons.join(" + ")} (${n.filter.code})` : null));
}

const NODE_CONFLICT = "VolumeBinding: node(s) had volume node affinity conflict (UnschedulableAndUnresolvable)";
const BIND_CONFLICT = "VolumeBinding: node(s) didn't find available persistent volumes to bind (UnschedulableAndUnresolvable)";
const zoneTopology = (...zones: string[]) => ({ allowedTopologies: [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: zones }] }] });

describe("VolumeBinding", () => {
  test.each([
    {
      what: "a bound claim fits only the zone of its PV",
      objects: [zonalVolume("pv-b", "zone-b"), claim("data", { volumeName: "pv-b", bound: true })],
      want: [NODE_CONFLICT, null, NODE_CONFLICT],
    },
    {
      // VolumeBinding's PreFilter passes (the claim is bound); VolumeZone's PreFilter, next in
      // the profile, cannot read the PV and rejects the pod everywhere before any Filter runs.
      what: "a bound claim whose PV is gone fits nowhere",
      objects: [claim("data", { volumeName: "pv-gone", bound: true })],
      want: Array(3).fill('VolumeZone: persistentvolume "pv-gone" not found (UnschedulableAndUnresolvable)'),
    },
    {
      what: "an unbound WaitForFirstConsumer claim fits where its class may provision (allowedTopologies a, b)",
      objects: [storageClass("wffc", "WaitForFirstConsumer", zoneTopology("zone-a", "zone-b")), claim("data", { storageClassName: "wffc" })],
      want: [null, null, BIND_CONFLICT],
    },
    {
      what: "a claim whose class cannot provision fits only where an Available PV matches (static PV in zone c)",
      objects: [
        { ...storageClass("local", "WaitForFirstConsumer"), provisioner: "kubernetes.io/no-provisioner" } as KubeObject,
        zonalVolume("pv-c", "zone-c", { storageClassName: "local" }),
        zonalVolume("pv-small", "zone-a", { storageClassName: "local", size: "5Gi" }), // 5Gi < 10Gi requested
        claim("data", { storageClassName: "local" }),
      ],
      want: [BIND_CONFLICT, BIND_CONFLICT, null],
    },
    {
      what: "a claim already provisioning for node b (selected-node) fits only b",
      objects: [
        storageClass("wffc", "WaitForFirstConsumer"),
        { ...claim("data", { storageClassName: "wffc" }), metadata: { name: "data", namespace: "default", annotations: { "volume.kubernetes.io/selected-node": "b" } } } as KubeObject,
      ],
      want: [BIND_CONFLICT, null, BIND_CONFLICT],
    },
  ])("$what", ({ objects, want }) => {
    expect(verdicts(zonal(objects), podWithClaim("p", "data") as Pod)).toEqual(want);
  });

  test.each([
    {
      what: "an unbound Immediate claim (the PV controller has not bound it)",
      objects: [storageClass("fast", "Immediate"), claim("data", { storageClassName: "fast" })],
      message: "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    },
    {
      what: "a claim that does not exist",
      objects: [],
      message: '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
  ])("PreFilter rejects the pod on every node for $what", ({ objects, message }) => {
    const c = zonal(objects);
    const r = explainPod(c, pending(c, podWithClaim("p", "data") as Pod));
    expect(r.selectedNode).toBeNull();
    expect(r.message).toBe(message);
  });

  test("FailedScheduling counts the nodes per reason when the PV's zone has no node left", () => {
    const c = cluster(["b", "c"].map((n) => node(n, { labels: { "topology.kubernetes.io/zone": `zone-${n}` } })));
    c.volumes.enabled = true;
    for (const o of [zonalVolume("pv-a", "zone-a"), claim("data", { volumeName: "pv-a", bound: true })]) c.volumes.set(o.kind!, o);
    expect(explainPod(c, pending(c, podWithClaim("p", "data") as Pod)).message).toBe(
      // UnschedulableAndUnresolvable everywhere: DefaultPreemption finds no candidate.
      "0/2 nodes are available: 2 node(s) had volume node affinity conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  test("pods without claims skip both plugins at PreFilter (off the hot path)", () => {
    const c = zonal([storageClass("wffc", "WaitForFirstConsumer"), claim("data", { storageClassName: "wffc" })]);
    const s = new Scheduler(c, { rng: { int: () => 0 } });
    s.fw.runPreFilter(c, compilePod(c, pending(c, pod("plain"))), 3);
    expect(s.fw.activeFilters.map((p) => p.name)).not.toContain("VolumeBinding");
    s.fw.runPreFilter(c, compilePod(c, pending(c, podWithClaim("stateful", "data") as Pod)), 3);
    expect(s.fw.activeFilters.map((p) => p.name)).toContain("VolumeBinding");
  });

  test("PreBind annotates a claim to provision with the node, and pre-binds a matched static PV", () => {
    const sc = storageClass("wffc", "WaitForFirstConsumer");
    const local = { ...storageClass("local", "WaitForFirstConsumer"), provisioner: "kubernetes.io/no-provisioner" } as KubeObject;
    const pv = zonalVolume("pv-c", "zone-c", { storageClassName: "local" }) as PersistentVolume;
    const dyn = claim("dyn", { storageClassName: "wffc" }) as PersistentVolumeClaim;
    const stat = claim("stat", { storageClassName: "local" }) as PersistentVolumeClaim;
    const c = zonal([sc, local, pv, dyn, stat]);
    const p = podWithClaim("p", "dyn") as Pod;
    p.spec!.volumes!.push({ name: "s", persistentVolumeClaim: { claimName: "stat" } });
    const slot = pending(c, p);
    const writes: string[] = [];
    const n = preBindVolumes(c, compilePod(c, slot), c.nodeByName.get("c")!, { update: (kind, o) => void writes.push(`${kind}/${o.metadata!.name}`) });
    expect(n).toBe(2);
    expect(writes).toEqual(["PersistentVolume/pv-c", "PersistentVolumeClaim/dyn"]);
    expect(pv.spec!.claimRef).toMatchObject({ namespace: "default", name: "stat" });
    expect(dyn.metadata!.annotations!["volume.kubernetes.io/selected-node"]).toBe("c");
  });
});

describe("VolumeZone", () => {
  const labelled = (value: string) => [
    zonalVolume("pv", "", { labels: { "topology.kubernetes.io/zone": value }, affinity: false }),
    claim("data", { volumeName: "pv", bound: true }),
  ];
  const ZONE_CONFLICT = "VolumeZone: node(s) had no available volume zone (UnschedulableAndUnresolvable)";

  test.each([
    { value: "zone-a", want: [null, ZONE_CONFLICT, ZONE_CONFLICT] },
    // volume helpers LabelZonesToSet: "__" separates the zones of a multi-zone volume.
    { value: "zone-a__zone-c", want: [null, ZONE_CONFLICT, null] },
  ])("a PV labelled zone=$value fits the nodes of those zones", ({ value, want }) => {
    expect(verdicts(zonal(labelled(value)), podWithClaim("p", "data") as Pod)).toEqual(want);
  });

  test("a node without any zone or region label passes (single-zone clusters)", () => {
    const c = cluster([node("plain")]);
    c.volumes.enabled = true;
    for (const o of labelled("zone-a")) c.volumes.set(o.kind!, o);
    expect(verdicts(c, podWithClaim("p", "data") as Pod)).toEqual([null]);
  });
});
