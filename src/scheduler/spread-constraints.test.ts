import { describe, expect, test } from "vitest";
import { cluster, node, pod } from "../../test/fixtures/k8s-objects.js";
import type { Pod, ReplicaSet, Service } from "../cluster/k8s-types.js";
import { defaultProfile, type PodTopologySpreadArgs } from "./profile.js";
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, spreadConstraints } from "./spread-constraints.js";

const SYSTEM: PodTopologySpreadArgs = defaultProfile().pluginConfig.PodTopologySpread;

function service(name: string, selector: Record<string, string>, namespace = "default"): Service {
  return { kind: "Service", metadata: { name, namespace }, spec: { selector } };
}

function replica(name: string, labels: Record<string, string>, owner?: string): Pod {
  const p = pod(name, { labels });
  if (owner !== undefined) p.metadata!.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: owner, uid: `uid-${owner}`, controller: true }];
  return p;
}

/** Each compiled ScheduleAnyway constraint as its topology key, maxSkew and selector, for comparing results. */
function shape(c: ReturnType<typeof cluster>, p: Pod): string[] {
  return spreadConstraints(c, p, SYSTEM, "ScheduleAnyway").map((k) => `${c.interners.labelKeys.name(k.keyId)} maxSkew ${k.maxSkew} selector ${JSON.stringify(k.selector)}`);
}

describe("system default constraints (podtopologyspread/plugin.go systemDefaultConstraints, helper/spread.go DefaultSelector)", () => {
  test("a pod selected by a Service gets hostname maxSkew 3 and zone maxSkew 5; one selected by nothing gets none", () => {
    const c = cluster([node("n1")]);
    c.services.push(service("web", { app: "web" }));
    const list = spreadConstraints(c, replica("a", { app: "web" }), SYSTEM, "ScheduleAnyway");
    expect(list.map((k) => [c.interners.labelKeys.name(k.keyId), k.maxSkew, k.isHostname])).toEqual([
      [LABEL_HOSTNAME, 3, true],
      [LABEL_TOPOLOGY_ZONE, 5, false],
    ]);
    expect(spreadConstraints(c, replica("b", { app: "db" }), SYSTEM, "ScheduleAnyway")).toEqual([]);
    // The system defaults have no DoNotSchedule constraint.
    expect(spreadConstraints(c, replica("a2", { app: "web" }), SYSTEM, "DoNotSchedule")).toEqual([]);
  });

  test("replicas with the same namespace, labels and controller share one compiled result", () => {
    const c = cluster([node("n1")]);
    c.services.push(service("web", { app: "web" }));
    const first = spreadConstraints(c, replica("a", { app: "web" }, "rs"), SYSTEM, "ScheduleAnyway");
    expect(spreadConstraints(c, replica("b", { app: "web" }, "rs"), SYSTEM, "ScheduleAnyway")).toBe(first);
    // Another controller, namespace or label set is another key.
    expect(spreadConstraints(c, replica("c", { app: "web" }, "other"), SYSTEM, "ScheduleAnyway")).not.toBe(first);
    expect(spreadConstraints(c, replica("d", { app: "web", tier: "x" }, "rs"), SYSTEM, "ScheduleAnyway")).not.toBe(first);
    const elsewhere = replica("e", { app: "web" }, "rs");
    elsewhere.metadata!.namespace = "shop";
    expect(spreadConstraints(c, elsewhere, SYSTEM, "ScheduleAnyway")).toEqual([]);
  });

  test("the same pod object asked again keeps its entry until its labels are replaced or a Service changes", () => {
    const c = cluster([node("n1")]);
    c.services.push(service("web", { app: "web" }));
    const p = replica("a", { app: "web" });
    const first = spreadConstraints(c, p, SYSTEM, "ScheduleAnyway");
    expect(first).toHaveLength(2);
    expect(spreadConstraints(c, p, SYSTEM, "ScheduleAnyway")).toBe(first);
    // Labels replaced, as the timeline's apply does: the Service no longer selects the pod.
    p.metadata!.labels = { app: "db" };
    expect(spreadConstraints(c, p, SYSTEM, "ScheduleAnyway")).toEqual([]);
    // And back, then a Service that selects the pod's other label: a new selector for the same object.
    p.metadata!.labels = { app: "web", tier: "front" };
    const back = shape(c, p);
    c.services.push(service("front", { tier: "front" }));
    expect(shape(c, p)).not.toEqual(back);
  });

  test("a Service added, changed in place (with its watch event) or deleted changes the selector of the next pod", () => {
    const c = cluster([node("n1")]);
    const labels = { app: "web", tier: "front", track: "stable" };
    c.services.push(service("web", { app: "web" }));
    const before = shape(c, replica("a", labels));
    // Added: the union of the selectors now includes tier.
    c.services.push(service("front", { tier: "front" }));
    const added = shape(c, replica("b", labels));
    expect(added).not.toEqual(before);
    // Changed in place, as the store's update does, and announced by the watch (policyVersion).
    c.services[1]!.spec!.selector = { track: "stable" };
    c.policyVersion++;
    const changed = shape(c, replica("c", labels));
    expect(changed).not.toEqual(added);
    expect(changed).not.toEqual(before);
    // Changed so that it no longer selects the pod, then deleted: back to the first selector.
    c.services[1]!.spec!.selector = { tier: "back" };
    c.policyVersion++;
    expect(shape(c, replica("d", labels))).toEqual(before);
    c.services.splice(1, 1);
    expect(shape(c, replica("e", labels))).toEqual(before);
  });

  test("the controlling ReplicaSet's selector is ANDed in, and follows the ReplicaSet list", () => {
    const c = cluster([node("n1")]);
    c.services.push(service("web", { app: "web" }));
    const onlyService = shape(c, replica("a", { app: "web", "pod-template-hash": "h1" }, "web-h1"));
    const rs: ReplicaSet = { kind: "ReplicaSet", metadata: { name: "web-h1", namespace: "default" }, spec: { selector: { matchLabels: { "pod-template-hash": "h1" } } } };
    c.replicaSets.push(rs);
    const withRs = shape(c, replica("b", { app: "web", "pod-template-hash": "h1" }, "web-h1"));
    expect(withRs).not.toEqual(onlyService);
    expect(withRs[0]).toContain(String(c.interners.labelKeys.id("pod-template-hash")));
  });

  test("with no Service, a pod's controlling ReplicaSet alone gives the selector; a pod with no controller has none", () => {
    const c = cluster([node("n1")]);
    const labels = { app: "web", "pod-template-hash": "h1" };
    expect(shape(c, replica("a", labels, "web-h1"))).toEqual([]);
    c.replicaSets.push({ kind: "ReplicaSet", metadata: { name: "web-h1", namespace: "default" }, spec: { selector: { matchLabels: { "pod-template-hash": "h1" } } } });
    const owned = shape(c, replica("b", labels, "web-h1"));
    expect(owned).toHaveLength(2);
    expect(owned[0]).toContain(String(c.interners.labelKeys.id("pod-template-hash")));
    expect(shape(c, replica("c", labels))).toEqual([]);
  });

  test("another profile's arguments are not served from the first profile's entries", () => {
    const c = cluster([node("n1")]);
    c.services.push(service("web", { app: "web" }));
    const list: PodTopologySpreadArgs = { defaultingType: "List", defaultConstraints: [{ topologyKey: LABEL_TOPOLOGY_ZONE, maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }] };
    expect(spreadConstraints(c, replica("a", { app: "web" }), SYSTEM, "DoNotSchedule")).toEqual([]);
    expect(spreadConstraints(c, replica("b", { app: "web" }), list, "DoNotSchedule").map((k) => k.maxSkew)).toEqual([1]);
    expect(spreadConstraints(c, replica("c", { app: "web" }), SYSTEM, "ScheduleAnyway").map((k) => k.maxSkew)).toEqual([3, 5]);
  });
});
