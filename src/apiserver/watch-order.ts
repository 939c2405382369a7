/**
 * Per-object order of what watchers see under the API server model. A store write commits at
 * once, but its watch event is delivered when its request has gone through; requests of
 * different clients may overtake each other. Watchers must still see an object's events in a
 * sensible order, so per object id:
 * - an ADDED in flight: a MODIFIED or DELETED delivered before it is dropped (the ADDED carries
 *   the object as it is by then, since the store mutates objects in place), and a DELETED marks
 *   the object gone so the late ADDED is dropped too;
 * - after a DELETED, nothing more is delivered;
 * - objects the model never saw created (the initial state) are visible from the start.
 * It also remembers, per object, an update still waiting for its client's token, so that a
 * later update by the same client folds into it.
 */
const VISIBLE = 0;
const ADD_PENDING = 1;
const GONE = 2;

export class WatchOrder {
  private state: Uint8Array = new Uint8Array(1024);
  private waiting: Int32Array = new Int32Array(1024).fill(-1);

  /** An ADDED for `id` is now in flight. */
  addPending(id: number): void {
    this.ensure(id);
    this.state[id] = ADD_PENDING;
  }

  /** Whether to deliver an ADDED (1), MODIFIED (2) or DELETED (3) of `id` now; updates the state. */
  admit(id: number, type: number): boolean {
    this.ensure(id);
    const s = this.state[id]!;
    if (type === 1) {
      if (s !== ADD_PENDING) return false;
      this.state[id] = VISIBLE;
      return true;
    }
    if (type === 2) return s === VISIBLE;
    this.state[id] = GONE;
    return s === VISIBLE;
  }

  /** The request (slot) with an update of `id` waiting for a token, or −1. */
  waitingUpdate(id: number): number {
    return id < this.waiting.length ? this.waiting[id]! : -1;
  }

  setWaitingUpdate(id: number, slot: number): void {
    this.ensure(id);
    this.waiting[id] = slot;
  }

  /** The waiting update `slot` of `id` was sent. */
  sent(id: number, slot: number): void {
    if (id >= 0 && id < this.waiting.length && this.waiting[id] === slot) this.waiting[id] = -1;
  }

  private ensure(id: number): void {
    if (id < this.state.length) return;
    const cap = Math.max(id + 1, this.state.length * 2);
    const s = new Uint8Array(cap);
    s.set(this.state);
    this.state = s;
    const w = new Int32Array(cap).fill(-1);
    w.set(this.waiting);
    this.waiting = w;
  }
}
