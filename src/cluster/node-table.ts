/**
 * Nodes as struct-of-arrays over `SharedArrayBuffer`, indexed by a dense slot number.
 *
 * One slot per node (freed slots are reused), one column per attribute. Everything the
 * scheduler's filter and score plugins read per node is here as integers or floats:
 * allocatable and requested resources, label values by interned key, taints, images, used
 * host ports. Matrices are row-major with a per-matrix stride (`labels[slot * labelStride +
 * keyId]`), widened by reallocation when a new key appears. Object views are for cold code.
 *
 * Units: cpu in millicores, memory and storage in bytes, pods as a count.
 */
import { growColumn, growMatrix, nextCapacity, sharedArray } from "./shared-columns.js";

/** Taint effects as small ints; 0 in a toleration means "every effect". */
export const EFFECT_NO_SCHEDULE = 1;
export const EFFECT_PREFER_NO_SCHEDULE = 2;
export const EFFECT_NO_EXECUTE = 3;

/** Host port protocols, packed with the port as `protocol << 16 | port`. */
export const PROTOCOL_TCP = 1;
export const PROTOCOL_UDP = 2;
export const PROTOCOL_SCTP = 3;

/** A node as the table takes it: every string already interned. */
export interface NodeRecord {
  nameId: number;
  zoneId: number;
  unschedulable: boolean;
  cpu: number;
  memory: number;
  ephemeralStorage: number;
  pods: number;
  /** Scalar (extended, hugepages) allocatable: `[resourceId, amount]`. */
  scalars: readonly (readonly [number, number])[];
  /** `[keyId, valueId]`. */
  labels: readonly (readonly [number, number])[];
  /** `[keyId, valueId, effect]`. */
  taints: readonly (readonly [number, number, number])[];
  /** `[imageId, sizeBytes]`, one entry per name an image is listed under. */
  images: readonly (readonly [number, number])[];
}

/** Row width of `NodeTable.fitFree`. */
export const FIT_FREE_STRIDE = 4;

export class NodeTable {
  /** Bumped whenever a column is reallocated; readers holding arrays must refresh. */
  generation = 0;
  capacity = 0;
  /** One past the highest slot ever used. */
  end = 0;
  liveCount = 0;
  /** Live nodes with `spec.unschedulable` (lets NodeUnschedulable skip when there are none). */
  unschedulableCount = 0;
  /** Live nodes with a NoSchedule or NoExecute taint (lets TaintToleration's filter skip). */
  hardTaintedCount = 0;
  private readonly freeSlots: number[] = [];

  live = sharedArray(Uint8Array, 0);
  nameId = sharedArray(Int32Array, 0);
  zoneId = sharedArray(Int32Array, 0);
  unschedulable = sharedArray(Uint8Array, 0);
  allocCpu = sharedArray(Float64Array, 0);
  allocMemory = sharedArray(Float64Array, 0);
  allocEphemeral = sharedArray(Float64Array, 0);
  allocPods = sharedArray(Float64Array, 0);
  /** Sums of the actual requests of bound and assumed pods (`NodeInfo.Requested`). */
  reqCpu = sharedArray(Float64Array, 0);
  reqMemory = sharedArray(Float64Array, 0);
  reqEphemeral = sharedArray(Float64Array, 0);
  /** Sums of the scoring requests with 100m / 200Mi defaults (`NodeInfo.NonZeroRequested`). */
  nonZeroCpu = sharedArray(Float64Array, 0);
  nonZeroMemory = sharedArray(Float64Array, 0);
  podCount = sharedArray(Int32Array, 0);
  /**
   * Bumped (wrapping) by every write to the node's allocatable or requested resources (`add`,
   * `update`, `account`), so a reader may cache results derived from them per node and
   * revalidate with one comparison (fast-path/score-memo.ts). Any new writer must bump it too.
   */
  resourceVersion = sharedArray(Int32Array, 0);
  /**
   * NodeResourcesFit's free amounts, one row of FIT_FREE_STRIDE per node: `[allocPods −
   * podCount, allocCpu − reqCpu, allocMemory − reqMemory, allocEphemeral − reqEphemeral]`, the
   * right-hand sides of fit.go's comparisons, kept current by every writer of those columns so
   * the fused filter reads one cache line per node instead of eight columns. The same
   * subtractions of the same doubles, so a comparison against them decides as fit.go's does.
   */
  fitFree = sharedArray(Float64Array, 0);
  /** Head of the node's pod list (pod slots chained in the pod table), −1 when empty. */
  firstPod = sharedArray(Int32Array, 0);

  scalarStride = 1;
  allocScalar = sharedArray(Float64Array, 0);
  reqScalar = sharedArray(Float64Array, 0);

  labelStride = 1;
  labels = sharedArray(Int32Array, 0);

  taintStride = 1;
  taintCount = sharedArray(Int32Array, 0);
  taintKey = sharedArray(Int32Array, 0);
  taintValue = sharedArray(Int32Array, 0);
  taintEffect = sharedArray(Uint8Array, 0);

  imageStride = 1;
  imageCount = sharedArray(Int32Array, 0);
  imageId = sharedArray(Int32Array, 0);
  imageSize = sharedArray(Float64Array, 0);
  /** By image id: how many live nodes list the image (ImageLocality's spread). */
  nodesWithImage = sharedArray(Int32Array, 0);

  portStride = 1;
  portCount = sharedArray(Int32Array, 0);
  portKey = sharedArray(Int32Array, 0);
  portIp = sharedArray(Int32Array, 0);

  /** Adds a node and returns its slot. */
  add(n: NodeRecord): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.end++;
    this.ensureCapacity(slot + 1);
    this.ensureStrides(n);
    this.live[slot] = 1;
    this.liveCount++;
    this.firstPod[slot] = -1;
    this.podCount[slot] = 0;
    this.reqCpu[slot] = this.reqMemory[slot] = this.reqEphemeral[slot] = 0;
    this.nonZeroCpu[slot] = this.nonZeroMemory[slot] = 0;
    this.portCount[slot] = 0;
    this.reqScalar.fill(0, slot * this.scalarStride, (slot + 1) * this.scalarStride);
    this.setSpec(slot, n);
    return slot;
  }

  /** Replaces a node's spec and status (labels, taints, allocatable, images); keeps its pods. */
  update(slot: number, n: NodeRecord): void {
    this.ensureStrides(n);
    this.forgetImages(slot);
    this.forgetCounts(slot);
    this.setSpec(slot, n);
  }

  /** Frees a slot. The caller has already unbound the node's pods. */
  remove(slot: number): void {
    if (this.live[slot] !== 1) throw new Error(`node slot ${slot} is not live`);
    this.forgetImages(slot);
    this.forgetCounts(slot);
    this.live[slot] = 0;
    this.liveCount--;
    this.freeSlots.push(slot);
  }

  /** The value id of label `keyId` on a node, 0 when absent. */
  label(slot: number, keyId: number): number {
    return keyId < this.labelStride ? this.labels[slot * this.labelStride + keyId]! : 0;
  }

  /** Adds (sign 1) or removes (sign −1) one pod's requests and host ports. */
  account(slot: number, sign: 1 | -1, r: AccountedRequests): void {
    this.reqCpu[slot]! += sign * r.cpu;
    this.reqMemory[slot]! += sign * r.memory;
    this.reqEphemeral[slot]! += sign * r.ephemeralStorage;
    this.nonZeroCpu[slot]! += sign * r.nonZeroCpu;
    this.nonZeroMemory[slot]! += sign * r.nonZeroMemory;
    this.podCount[slot]! += sign;
    this.resourceVersion[slot] = (this.resourceVersion[slot]! + 1) | 0;
    this.refreshFitFree(slot);
    for (let i = 0; i < r.scalarIds.length; i++) {
      const id = r.scalarIds[i]!;
      this.ensureScalarStride(id + 1);
      this.reqScalar[slot * this.scalarStride + id]! += sign * r.scalarAmounts[i]!;
    }
    for (let i = 0; i < r.hostPortKeys.length; i++) {
      if (sign === 1) this.addPort(slot, r.hostPortKeys[i]!, r.hostPortIps[i]!);
      else this.removePort(slot, r.hostPortKeys[i]!, r.hostPortIps[i]!);
    }
  }

  private setSpec(slot: number, n: NodeRecord): void {
    this.nameId[slot] = n.nameId;
    this.zoneId[slot] = n.zoneId;
    this.unschedulable[slot] = n.unschedulable ? 1 : 0;
    this.allocCpu[slot] = n.cpu;
    this.allocMemory[slot] = n.memory;
    this.allocEphemeral[slot] = n.ephemeralStorage;
    this.allocPods[slot] = n.pods;
    this.resourceVersion[slot] = (this.resourceVersion[slot]! + 1) | 0;
    this.refreshFitFree(slot);
    this.allocScalar.fill(0, slot * this.scalarStride, (slot + 1) * this.scalarStride);
    for (const [id, v] of n.scalars) this.allocScalar[slot * this.scalarStride + id] = v;
    this.labels.fill(0, slot * this.labelStride, (slot + 1) * this.labelStride);
    for (const [k, v] of n.labels) this.labels[slot * this.labelStride + k] = v;
    this.taintCount[slot] = n.taints.length;
    for (let i = 0; i < n.taints.length; i++) {
      const [k, v, e] = n.taints[i]!;
      const at = slot * this.taintStride + i;
      this.taintKey[at] = k;
      this.taintValue[at] = v;
      this.taintEffect[at] = e;
    }
    this.unschedulableCount += n.unschedulable ? 1 : 0;
    this.hardTaintedCount += this.hasHardTaint(slot) ? 1 : 0;
    this.imageCount[slot] = n.images.length;
    for (let i = 0; i < n.images.length; i++) {
      const [id, size] = n.images[i]!;
      this.imageId[slot * this.imageStride + i] = id;
      this.imageSize[slot * this.imageStride + i] = size;
      this.nodesWithImage[id]!++;
    }
  }

  private refreshFitFree(slot: number): void {
    const at = slot * FIT_FREE_STRIDE;
    this.fitFree[at] = this.allocPods[slot]! - this.podCount[slot]!;
    this.fitFree[at + 1] = this.allocCpu[slot]! - this.reqCpu[slot]!;
    this.fitFree[at + 2] = this.allocMemory[slot]! - this.reqMemory[slot]!;
    this.fitFree[at + 3] = this.allocEphemeral[slot]! - this.reqEphemeral[slot]!;
  }

  private hasHardTaint(slot: number): boolean {
    for (let i = 0; i < this.taintCount[slot]!; i++) {
      const e = this.taintEffect[slot * this.taintStride + i];
      if (e === EFFECT_NO_SCHEDULE || e === EFFECT_NO_EXECUTE) return true;
    }
    return false;
  }

  private forgetCounts(slot: number): void {
    this.unschedulableCount -= this.unschedulable[slot]!;
    this.hardTaintedCount -= this.hasHardTaint(slot) ? 1 : 0;
  }

  private forgetImages(slot: number): void {
    for (let i = 0; i < this.imageCount[slot]!; i++) this.nodesWithImage[this.imageId[slot * this.imageStride + i]!]!--;
    this.imageCount[slot] = 0;
  }

  private addPort(slot: number, key: number, ip: number): void {
    const c = this.portCount[slot]!;
    if (c + 1 > this.portStride) {
      const s = nextCapacity(this.portStride, c + 1);
      this.portKey = growMatrix(this.portKey, Int32Array, this.capacity, this.portStride, this.capacity, s);
      this.portIp = growMatrix(this.portIp, Int32Array, this.capacity, this.portStride, this.capacity, s);
      this.portStride = s;
      this.generation++;
    }
    this.portKey[slot * this.portStride + c] = key;
    this.portIp[slot * this.portStride + c] = ip;
    this.portCount[slot] = c + 1;
  }

  private removePort(slot: number, key: number, ip: number): void {
    const base = slot * this.portStride;
    const c = this.portCount[slot]!;
    for (let i = 0; i < c; i++) {
      if (this.portKey[base + i] === key && this.portIp[base + i] === ip) {
        this.portKey[base + i] = this.portKey[base + c - 1]!;
        this.portIp[base + i] = this.portIp[base + c - 1]!;
        this.portCount[slot] = c - 1;
        return;
      }
    }
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const old = this.capacity;
    const cap = nextCapacity(old, rows);
    this.live = growColumn(this.live, Uint8Array, cap);
    this.nameId = growColumn(this.nameId, Int32Array, cap);
    this.zoneId = growColumn(this.zoneId, Int32Array, cap);
    this.unschedulable = growColumn(this.unschedulable, Uint8Array, cap);
    this.allocCpu = growColumn(this.allocCpu, Float64Array, cap);
    this.allocMemory = growColumn(this.allocMemory, Float64Array, cap);
    this.allocEphemeral = growColumn(this.allocEphemeral, Float64Array, cap);
    this.allocPods = growColumn(this.allocPods, Float64Array, cap);
    this.reqCpu = growColumn(this.reqCpu, Float64Array, cap);
    this.reqMemory = growColumn(this.reqMemory, Float64Array, cap);
    this.reqEphemeral = growColumn(this.reqEphemeral, Float64Array, cap);
    this.nonZeroCpu = growColumn(this.nonZeroCpu, Float64Array, cap);
    this.nonZeroMemory = growColumn(this.nonZeroMemory, Float64Array, cap);
    this.podCount = growColumn(this.podCount, Int32Array, cap);
    this.fitFree = growMatrix(this.fitFree, Float64Array, old, FIT_FREE_STRIDE, cap, FIT_FREE_STRIDE);
    this.resourceVersion = growColumn(this.resourceVersion, Int32Array, cap);
    this.firstPod = growColumn(this.firstPod, Int32Array, cap);
    this.taintCount = growColumn(this.taintCount, Int32Array, cap);
    this.imageCount = growColumn(this.imageCount, Int32Array, cap);
    this.portCount = growColumn(this.portCount, Int32Array, cap);
    this.allocScalar = growMatrix(this.allocScalar, Float64Array, old, this.scalarStride, cap, this.scalarStride);
    this.reqScalar = growMatrix(this.reqScalar, Float64Array, old, this.scalarStride, cap, this.scalarStride);
    this.labels = growMatrix(this.labels, Int32Array, old, this.labelStride, cap, this.labelStride);
    this.taintKey = growMatrix(this.taintKey, Int32Array, old, this.taintStride, cap, this.taintStride);
    this.taintValue = growMatrix(this.taintValue, Int32Array, old, this.taintStride, cap, this.taintStride);
    this.taintEffect = growMatrix(this.taintEffect, Uint8Array, old, this.taintStride, cap, this.taintStride);
    this.imageId = growMatrix(this.imageId, Int32Array, old, this.imageStride, cap, this.imageStride);
    this.imageSize = growMatrix(this.imageSize, Float64Array, old, this.imageStride, cap, this.imageStride);
    this.portKey = growMatrix(this.portKey, Int32Array, old, this.portStride, cap, this.portStride);
    this.portIp = growMatrix(this.portIp, Int32Array, old, this.portStride, cap, this.portStride);
    this.capacity = cap;
    this.generation++;
  }

  /** Widens the scalar matrices so resource id `width − 1` has a column. */
  ensureScalarStride(width: number): void {
    if (width <= this.scalarStride) return;
    const s = nextCapacity(this.scalarStride, width);
    this.allocScalar = growMatrix(this.allocScalar, Float64Array, this.capacity, this.scalarStride, this.capacity, s);
    this.reqScalar = growMatrix(this.reqScalar, Float64Array, this.capacity, this.scalarStride, this.capacity, s);
    this.scalarStride = s;
    this.generation++;
  }

  private ensureStrides(n: NodeRecord): void {
    let maxScalar = 0;
    for (const [id] of n.scalars) maxScalar = Math.max(maxScalar, id + 1);
    this.ensureScalarStride(maxScalar);
    let maxKey = 0;
    for (const [k] of n.labels) maxKey = Math.max(maxKey, k + 1);
    if (maxKey > this.labelStride) {
      const s = nextCapacity(this.labelStride, maxKey);
      this.labels = growMatrix(this.labels, Int32Array, this.capacity, this.labelStride, this.capacity, s);
      this.labelStride = s;
      this.generation++;
    }
    if (n.taints.length > this.taintStride) {
      const s = nextCapacity(this.taintStride, n.taints.length);
      const cap = this.capacity;
      this.taintKey = growMatrix(this.taintKey, Int32Array, cap, this.taintStride, cap, s);
      this.taintValue = growMatrix(this.taintValue, Int32Array, cap, this.taintStride, cap, s);
      this.taintEffect = growMatrix(this.taintEffect, Uint8Array, cap, this.taintStride, cap, s);
      this.taintStride = s;
      this.generation++;
    }
    if (n.images.length > this.imageStride) {
      const s = nextCapacity(this.imageStride, n.images.length);
      const cap = this.capacity;
      this.imageId = growMatrix(this.imageId, Int32Array, cap, this.imageStride, cap, s);
      this.imageSize = growMatrix(this.imageSize, Float64Array, cap, this.imageStride, cap, s);
      this.imageStride = s;
      this.generation++;
    }
    let maxImage = 0;
    for (const [id] of n.images) maxImage = Math.max(maxImage, id + 1);
    if (maxImage > this.nodesWithImage.length) {
      this.nodesWithImage = growColumn(this.nodesWithImage, Int32Array, nextCapacity(this.nodesWithImage.length, maxImage));
      this.generation++;
    }
  }
}

/** What binding a pod adds to its node (`NodeInfo.AddPod`). */
export interface AccountedRequests {
  cpu: number;
  memory: number;
  ephemeralStorage: number;
  nonZeroCpu: number;
  nonZeroMemory: number;
  scalarIds: Int32Array;
  scalarAmounts: Float64Array;
  /** `protocol << 16 | port` per host port; `hostPortIps` holds the interned host IP. */
  hostPortKeys: Int32Array;
  hostPortIps: Int32Array;
}
