/**
 * Pods as struct-of-arrays over `SharedArrayBuffer`, indexed by a dense slot number (freed
 * slots are reused). Numeric columns are what scheduling and preemption read per pod; the
 * per-pod cold parts (name, label pairs, host ports, scalar requests) sit in plain arrays
 * beside them.
 *
 * Pods bound to a node are chained in a doubly linked list per node (`NodeTable.firstPod`,
 * `nextOnNode`, `prevOnNode`), so binding, unbinding and "every pod on node n" are O(1) per pod.
 */
import type { AccountedRequests } from "./node-table.js";
import { growColumn, nextCapacity, sharedArray } from "./shared-columns.js";

/** A pod as the table takes it: every string already interned. */
export interface PodRecord {
  /** `namespace/name`, for messages and reports. */
  ref: string;
  namespaceId: number;
  priority: number;
  /** `preemptionPolicy: Never`. */
  preemptNever: boolean;
  /** Simulated start time in µs (preemption orders victims by it). */
  startTimeUs: number;
  /** Interned id of the controlling owner (`Kind/namespace/name`), 0 when none. */
  ownerId: number;
  /** `[keyId, valueId]` pairs, sorted by key id. */
  labels: Int32Array;
  requests: AccountedRequests;
}

export class PodTable {
  generation = 0;
  capacity = 0;
  end = 0;
  liveCount = 0;
  private readonly freeSlots: number[] = [];

  live = sharedArray(Uint8Array, 0);
  namespaceId = sharedArray(Int32Array, 0);
  /** Node slot the pod is bound or assumed to, −1 while pending. */
  nodeSlot = sharedArray(Int32Array, 0);
  priority = sharedArray(Int32Array, 0);
  preemptNever = sharedArray(Uint8Array, 0);
  /** Being deleted (`metadata.deletionTimestamp`): still holds its resources. */
  terminating = sharedArray(Uint8Array, 0);
  startTimeUs = sharedArray(Float64Array, 0);
  ownerId = sharedArray(Int32Array, 0);
  reqCpu = sharedArray(Float64Array, 0);
  reqMemory = sharedArray(Float64Array, 0);
  reqEphemeral = sharedArray(Float64Array, 0);
  nonZeroCpu = sharedArray(Float64Array, 0);
  nonZeroMemory = sharedArray(Float64Array, 0);
  nextOnNode = sharedArray(Int32Array, 0);
  prevOnNode = sharedArray(Int32Array, 0);

  /** Cold columns. */
  readonly ref: string[] = [];
  readonly labels: Int32Array[] = [];
  readonly requests: AccountedRequests[] = [];

  add(p: PodRecord): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.end++;
    this.ensureCapacity(slot + 1);
    this.live[slot] = 1;
    this.liveCount++;
    this.namespaceId[slot] = p.namespaceId;
    this.nodeSlot[slot] = -1;
    this.priority[slot] = p.priority;
    this.preemptNever[slot] = p.preemptNever ? 1 : 0;
    this.terminating[slot] = 0;
    this.startTimeUs[slot] = p.startTimeUs;
    this.ownerId[slot] = p.ownerId;
    this.reqCpu[slot] = p.requests.cpu;
    this.reqMemory[slot] = p.requests.memory;
    this.reqEphemeral[slot] = p.requests.ephemeralStorage;
    this.nonZeroCpu[slot] = p.requests.nonZeroCpu;
    this.nonZeroMemory[slot] = p.requests.nonZeroMemory;
    this.nextOnNode[slot] = -1;
    this.prevOnNode[slot] = -1;
    this.ref[slot] = p.ref;
    this.labels[slot] = p.labels;
    this.requests[slot] = p.requests;
    return slot;
  }

  /** Frees a slot; the pod must be unbound first. */
  remove(slot: number): void {
    if (this.live[slot] !== 1) throw new Error(`pod slot ${slot} is not live`);
    if (this.nodeSlot[slot] !== -1) throw new Error(`pod ${this.ref[slot]} is still bound`);
    this.live[slot] = 0;
    this.liveCount--;
    this.freeSlots.push(slot);
  }

  /** The value id of label `keyId` on a pod, 0 when absent. */
  label(slot: number, keyId: number): number {
    const l = this.labels[slot]!;
    for (let i = 0; i < l.length; i += 2) if (l[i] === keyId) return l[i + 1]!;
    return 0;
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const cap = nextCapacity(this.capacity, rows);
    this.live = growColumn(this.live, Uint8Array, cap);
    this.namespaceId = growColumn(this.namespaceId, Int32Array, cap);
    this.nodeSlot = growColumn(this.nodeSlot, Int32Array, cap);
    this.priority = growColumn(this.priority, Int32Array, cap);
    this.preemptNever = growColumn(this.preemptNever, Uint8Array, cap);
    this.terminating = growColumn(this.terminating, Uint8Array, cap);
    this.startTimeUs = growColumn(this.startTimeUs, Float64Array, cap);
    this.ownerId = growColumn(this.ownerId, Int32Array, cap);
    this.reqCpu = growColumn(this.reqCpu, Float64Array, cap);
    this.reqMemory = growColumn(this.reqMemory, Float64Array, cap);
    this.reqEphemeral = growColumn(this.reqEphemeral, Float64Array, cap);
    this.nonZeroCpu = growColumn(this.nonZeroCpu, Float64Array, cap);
    this.nonZeroMemory = growColumn(this.nonZeroMemory, Float64Array, cap);
    this.nextOnNode = growColumn(this.nextOnNode, Int32Array, cap);
    this.prevOnNode = growColumn(this.prevOnNode, Int32Array, cap);
    this.capacity = cap;
    this.generation++;
  }
}
