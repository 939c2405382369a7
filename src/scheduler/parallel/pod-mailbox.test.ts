import { describe, expect, test } from "vitest";
import { ClusterState } from "../../cluster/cluster-state.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import { OP_GT, OP_IN } from "../node-selector.js";
import { NODE_RESOURCES_FIT_STATE_SLOT } from "../plugins/node-resources-fit.js";
import { PodMailbox, readShipment, SHIPPED_FIELDS } from "./pod-mailbox.js";

function pod(): CompiledPod {
  return {
    slot: 0,
    ref: "default/a",
    object: {} as CompiledPod["object"],
    namespaceId: 1,
    priority: 0,
    cpu: 100,
    memory: 1024,
    ephemeralStorage: 0,
    nonZeroCpu: 100,
    nonZeroMemory: 1024,
    scalarIds: new Int32Array(0),
    scalarAmounts: new Float64Array(0),
    hostPortKeys: new Int32Array(0),
    hostPortIps: new Int32Array(0),
    nodeNameId: 0,
    tolerations: { count: 0, key: new Int32Array(0), value: new Int32Array(0), op: new Uint8Array(0), effect: new Uint8Array(0) },
    nodeSelector: new Int32Array(0),
    requiredTerms: null,
    preferredTerms: [],
    preferredWeights: new Int32Array(0),
    images: new Int32Array(0),
  } as CompiledPod;
}

/** A value of field `f` different from `pod()`'s. */
const CHANGED: Record<(typeof SHIPPED_FIELDS)[number], unknown> = {
  namespaceId: 2,
  priority: 1000,
  cpu: 200,
  memory: 2048,
  ephemeralStorage: 1,
  nonZeroCpu: 200,
  nonZeroMemory: 2048,
  scalarIds: new Int32Array([3]),
  scalarAmounts: new Float64Array([1]),
  hostPortKeys: new Int32Array([80]),
  hostPortIps: new Int32Array([0]),
  nodeNameId: 7,
  tolerations: { count: 1, key: new Int32Array([4]), value: new Int32Array([0]), op: new Uint8Array([1]), effect: new Uint8Array([0]) },
  nodeSelector: new Int32Array([1, 2]),
  requiredTerms: [{ valid: true, labels: [{ op: OP_IN, key: 1, values: new Int32Array([2]), bound: 0 }], names: [] }],
  preferredTerms: [{ valid: true, labels: [{ op: OP_IN, key: 1, values: new Int32Array([2]), bound: 0 }], names: [] }],
  preferredWeights: new Int32Array([5]),
  images: new Int32Array([9]),
};

const emptyState = () => ({ slots: [] }) as unknown as CycleState;

describe("PodMailbox", () => {
  test("an equal pod in new objects is not shipped again; the first one is", () => {
    const c = new ClusterState();
    const m = new PodMailbox();
    m.post(c, pod(), emptyState());
    expect(m.version).toBe(1);
    m.post(c, pod(), emptyState());
    expect(m.version).toBe(1);
    expect(readShipment(m.bytes, m.length).pod.cpu).toBe(100);
  });

  test.each(SHIPPED_FIELDS.map((f) => [f]))("a pod differing only in %s is shipped", (f) => {
    const c = new ClusterState();
    const m = new PodMailbox();
    m.post(c, pod(), emptyState());
    const changed = { ...pod(), [f]: CHANGED[f] } as CompiledPod;
    m.post(c, changed, emptyState());
    expect(m.version).toBe(2);
    expect(readShipment(m.bytes, m.length).pod[f]).toEqual(CHANGED[f]);
  });

  test("NodeResourcesFit's ignored scalars count: a change in them ships the pod again", () => {
    const c = new ClusterState();
    const m = new PodMailbox();
    const p = { ...pod(), scalarIds: new Int32Array([3, 4]), scalarAmounts: new Float64Array([1, 1]) } as CompiledPod;
    const state = (ignored: number[]) => ({ slots: Object.assign([], { [NODE_RESOURCES_FIT_STATE_SLOT]: { ignored: new Uint8Array([...ignored, 1]) } }) }) as unknown as CycleState;
    m.post(c, p, state([0, 1]));
    m.post(c, p, state([0, 1]));
    expect(m.version).toBe(1);
    m.post(c, p, state([1, 1]));
    expect(m.version).toBe(2);
    // Only the pod's own scalars are compared (the state's array may be longer).
    expect(Array.from((readShipment(m.bytes, m.length).slots[NODE_RESOURCES_FIT_STATE_SLOT] as { ignored: Uint8Array }).ignored)).toEqual([1, 1]);
  });

  test("a Gt term ships the cluster's numeric label values, and new label values ship again", () => {
    const c = new ClusterState();
    const m = new PodMailbox();
    const p = { ...pod(), requiredTerms: [{ valid: true, labels: [{ op: OP_GT, key: 1, values: new Int32Array([2]), bound: 0 }], names: [] }] } as CompiledPod;
    m.post(c, p, emptyState());
    m.post(c, p, emptyState());
    expect(m.version).toBe(1);
    c.interners.labelValues.id("42");
    m.post(c, p, emptyState());
    expect(m.version).toBe(2);
  });
});
