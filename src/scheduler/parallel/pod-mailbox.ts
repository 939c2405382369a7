/**
 * How a scheduling cycle's pod reaches the worker threads: the compiled pod and the per-cycle
 * state the per-node filter plugins read (NodeAffinity's compiled `addedAffinity`,
 * NodeResourcesFit's ignored scalar resources, the integer reading of label values for Gt/Lt),
 * serialized with `v8.serialize` into a shared byte buffer. Each thread deserializes it once
 * when the round's pod version moves, so replicas of one workload (consecutive pods with equal
 * requests, tolerations and selectors) cost one shipment, not one per pod: the main thread
 * compares each pod with the last shipped one field by field and ships only on a change.
 *
 * The pod's own slot, name and source object are not shipped: no filter or score reads them.
 */
import { deserialize, serialize } from "node:v8";
import type { ClusterState } from "../../cluster/cluster-state.js";
import { sharedArray } from "../../cluster/shared-columns.js";
import type { CompiledPod } from "../compiled-pod.js";
import type { CycleState } from "../framework/cycle-state.js";
import { OP_GT, OP_LT, type CompiledTerm } from "../node-selector.js";
import { NODE_AFFINITY_STATE_SLOT } from "../plugins/node-affinity.js";
import { NODE_RESOURCES_FIT_STATE_SLOT } from "../plugins/node-resources-fit.js";

/** What a worker rebuilds from the mailbox. */
export interface ShippedPod {
  pod: CompiledPod;
  /** Sparse `CycleState.slots` with the shipped plugin states at their slots. */
  slots: unknown[];
  /** `ClusterState.labelValueNumeric`, or empty when the pod has no Gt/Lt requirement. */
  labelValueNumeric: Float64Array;
}

/** The pod fields the filter and score plugins of the parallel path read (compiled-pod.ts). */
export const SHIPPED_FIELDS = [
  "namespaceId",
  "priority",
  "cpu",
  "memory",
  "ephemeralStorage",
  "nonZeroCpu",
  "nonZeroMemory",
  "scalarIds",
  "scalarAmounts",
  "hostPortKeys",
  "hostPortIps",
  "nodeNameId",
  "tolerations",
  "nodeSelector",
  "requiredTerms",
  "preferredTerms",
  "preferredWeights",
  "images",
] as const satisfies readonly (keyof CompiledPod)[];

export class PodMailbox {
  /** Bumped on every shipment; threads compare it with the version they hold. */
  version = 0;
  /** Bytes of the current shipment. */
  length = 0;
  bytes = sharedArray(Uint8Array, 4096);
  private last: CompiledPod | null = null;
  private lastAdded: unknown = undefined;
  private lastIgnored: Uint8Array = new Uint8Array(0);
  private lastValueIds = -1;

  /**
   * Ships `pod` unless it equals the last shipped pod in every shipped field and state; returns
   * true when `bytes` was reallocated (the caller must hand the new buffer to the threads).
   */
  post(c: ClusterState, pod: CompiledPod, state: CycleState): boolean {
    const added = state.slots[NODE_AFFINITY_STATE_SLOT];
    const numeric = usesNumericLabels(pod, added);
    const valueIds = numeric ? c.interners.labelValues.size : -1;
    // Runs once per cycle on the main thread, between two rounds: no allocation on the way to "unchanged".
    if (
      this.last !== null &&
      added === this.lastAdded &&
      valueIds === this.lastValueIds &&
      sameIgnored(state, pod, this.lastIgnored) &&
      (pod === this.last || sameShippedFields(pod, this.last))
    ) {
      return false;
    }
    const ignored = fitIgnored(state, pod);
    const shipped: Record<string, unknown> = {};
    for (const f of SHIPPED_FIELDS) shipped[f] = pod[f];
    shipped.slot = -1;
    shipped.ref = "";
    shipped.object = null;
    const slots: unknown[] = [];
    slots[NODE_AFFINITY_STATE_SLOT] = added;
    slots[NODE_RESOURCES_FIT_STATE_SLOT] = { ignored };
    const data = serialize({ pod: shipped, slots, labelValueNumeric: numeric ? c.labelValueNumeric : new Float64Array(0) });
    let grown = false;
    if (data.length > this.bytes.length) {
      this.bytes = sharedArray(Uint8Array, Math.max(data.length, this.bytes.length * 2));
      grown = true;
    }
    this.bytes.set(data);
    this.length = data.length;
    this.version++;
    this.last = pod;
    this.lastAdded = added;
    this.lastIgnored = ignored;
    this.lastValueIds = valueIds;
    return grown;
  }
}

/** A worker's copy of the shipment in `bytes[0..length)`. */
export function readShipment(bytes: Uint8Array, length: number): ShippedPod {
  // v8.deserialize wants an unshared buffer: copy the bytes out first (once per shipment).
  return deserialize(bytes.slice(0, length)) as ShippedPod;
}

const NO_IGNORED = new Uint8Array(0);

/** NodeResourcesFit's ignored-scalar flags for the pod's scalar requests (a copy: the state is reused). */
function fitIgnored(state: CycleState, pod: CompiledPod): Uint8Array {
  const s = state.slots[NODE_RESOURCES_FIT_STATE_SLOT] as { ignored: Uint8Array } | undefined;
  return s === undefined ? NO_IGNORED : s.ignored.slice(0, pod.scalarIds.length);
}

/** Whether `fitIgnored(state, pod)` would equal `last`, without building it. */
function sameIgnored(state: CycleState, pod: CompiledPod, last: Uint8Array): boolean {
  const s = state.slots[NODE_RESOURCES_FIT_STATE_SLOT] as { ignored: Uint8Array } | undefined;
  if (s === undefined) return last.length === 0;
  const n = Math.min(pod.scalarIds.length, s.ignored.length);
  if (n !== last.length) return false;
  for (let i = 0; i < n; i++) if (s.ignored[i] !== last[i]) return false;
  return true;
}

function usesNumericLabels(pod: CompiledPod, added: unknown): boolean {
  return (
    (pod.requiredTerms !== null && anyNumeric(pod.requiredTerms)) ||
    anyNumeric(pod.preferredTerms) ||
    anyNumeric((added as { required?: CompiledTerm[] | null } | undefined)?.required ?? null)
  );
}

function anyNumeric(terms: readonly CompiledTerm[] | null): boolean {
  if (terms === null) return false;
  for (const t of terms) for (const r of t.labels) if (r.op === OP_GT || r.op === OP_LT) return true;
  return false;
}

/**
 * `sameData` on every SHIPPED_FIELDS field, spelled out with monomorphic helpers: the generic
 * loop over the names (a keyed load, a closure and a polymorphic `sameData` per field) took
 * 1–2.5 µs per cycle on the main thread between two rounds (pod-mailbox.test.ts checks that
 * each shipped field is compared).
 */
function sameShippedFields(a: CompiledPod, b: CompiledPod): boolean {
  return (
    Object.is(a.namespaceId, b.namespaceId) &&
    Object.is(a.priority, b.priority) &&
    Object.is(a.cpu, b.cpu) &&
    Object.is(a.memory, b.memory) &&
    Object.is(a.ephemeralStorage, b.ephemeralStorage) &&
    Object.is(a.nonZeroCpu, b.nonZeroCpu) &&
    Object.is(a.nonZeroMemory, b.nonZeroMemory) &&
    Object.is(a.nodeNameId, b.nodeNameId) &&
    sameNumbers(a.scalarIds, b.scalarIds) &&
    sameNumbers(a.scalarAmounts, b.scalarAmounts) &&
    sameNumbers(a.hostPortKeys, b.hostPortKeys) &&
    sameNumbers(a.hostPortIps, b.hostPortIps) &&
    (a.tolerations === b.tolerations || sameData(a.tolerations, b.tolerations)) &&
    sameNumbers(a.nodeSelector, b.nodeSelector) &&
    (a.requiredTerms === b.requiredTerms || sameData(a.requiredTerms, b.requiredTerms)) &&
    (a.preferredTerms === b.preferredTerms || sameData(a.preferredTerms, b.preferredTerms)) &&
    sameNumbers(a.preferredWeights, b.preferredWeights) &&
    sameNumbers(a.images, b.images)
  );
}

/** `sameData` for two typed arrays of one kind (compiled pods hold Int32Array and Float64Array fields). */
function sameNumbers(a: Int32Array | Float64Array, b: Int32Array | Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length || a.constructor !== b.constructor) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Deep equality of plain data: numbers, strings, booleans, null, arrays, typed arrays, plain objects. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
