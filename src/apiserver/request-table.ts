/**
 * The API server model's requests in flight: one slot per request in typed-array columns, with
 * a free list, so that nothing is allocated per request (the object and kind columns hold
 * references the store already owns). A slot lives until its last reference is dropped: a
 * write's response and its watch delivery are two (`refs`), a load generator's request one.
 * New slots are handed out lowest first; freed ones are reused last-in, first-out.
 */
import type { KubeObject } from "../cluster/k8s-types.js";

export class RequestTable {
  private cap = 0;
  private freeTop = 0;
  private free: Int32Array = new Int32Array(0);
  /** VERB_* of request-cost.ts. */
  verb: Uint8Array = new Uint8Array(0);
  /** Watch event it carries: none, ADDED, MODIFIED, DELETED. */
  type: Uint8Array = new Uint8Array(0);
  level: Uint8Array = new Uint8Array(0);
  /** SCOPE_* of api-metrics.ts (read-only calls). */
  scope: Uint8Array = new Uint8Array(0);
  fromEtcd: Uint8Array = new Uint8Array(0);
  refs: Uint8Array = new Uint8Array(0);
  seats: Int32Array = new Int32Array(0);
  /** Interned resource. */
  res: Int32Array = new Int32Array(0);
  /** Client instance (its token bucket and flow). */
  inst: Int32Array = new Int32Array(0);
  /** Store id of the object written, −1 for load generators. */
  objId: Int32Array = new Int32Array(0);
  /** Objects a LIST returns. */
  objects: Int32Array = new Int32Array(0);
  /** Engine handle of the queue-wait timeout, −1 when none. */
  timeout: Int32Array = new Int32Array(0);
  arriveUs: Float64Array = new Float64Array(0);
  startUs: Float64Array = new Float64Array(0);
  webhookUs: Float64Array = new Float64Array(0);
  obj: (KubeObject | null)[] = [];
  kind: string[] = [];

  constructor(initial = 256) {
    this.grow(initial);
  }

  alloc(): number {
    if (this.freeTop === 0) this.grow(this.cap * 2);
    return this.free[--this.freeTop]!;
  }

  /** Drops one reference; the slot is free once none is left. */
  unref(slot: number): void {
    if (--this.refs[slot]! > 0) return;
    this.obj[slot] = null;
    this.free[this.freeTop++] = slot;
  }

  private grow(cap: number): void {
    const old = this.cap;
    const u8 = (a: Uint8Array): Uint8Array => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.verb = u8(this.verb);
    this.type = u8(this.type);
    this.level = u8(this.level);
    this.scope = u8(this.scope);
    this.fromEtcd = u8(this.fromEtcd);
    this.refs = u8(this.refs);
    this.seats = i32(this.seats);
    this.res = i32(this.res);
    this.inst = i32(this.inst);
    this.objId = i32(this.objId);
    this.objects = i32(this.objects);
    this.timeout = i32(this.timeout);
    this.timeout.fill(-1, old);
    this.arriveUs = f64(this.arriveUs);
    this.startUs = f64(this.startUs);
    this.webhookUs = f64(this.webhookUs);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let s = cap - 1; s >= old; s--) free[this.freeTop++] = s;
    this.free = free;
    this.cap = cap;
  }
}
