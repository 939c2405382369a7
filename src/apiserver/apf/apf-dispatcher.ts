/**
 * One kube-apiserver replica's concurrency control, as a state machine over request ids (the
 * caller's slots); no clock and no engine: the API server model calls it at arrival and
 * completion, and handles the 15 s queue timeout.
 *
 * APF (`ApfDispatcher`, staging/src/k8s.io/apiserver/pkg/util/flowcontrol/):
 * - A request of level L needing `seats` runs at once when L's seats in use + seats ≤ L's
 *   current limit and nothing of L is queued; otherwise it is queued on the shortest queue of its
 *   flow's shuffle-sharded hand (queueset.go `chooseQueueIndexLocked`: fewest waiting, then
 *   first in the hand). If that queue holds `queueLengthLimit` requests: 429 `queue-full`.
 * - Reject-type levels (catch-all) never queue: no seat, 429 at once (`concurrency-limit`).
 * - Exempt levels run at once and are never counted.
 * - When seats free up, queued requests start in round-robin order over the level's non-empty
 *   queues while the head request fits. Simplification: upstream dispatches by fair-queuing
 *   virtual finish time; round-robin gives each flow the same share when service times are alike.
 *
 * max-inflight (`MaxInflightLimiter`, pkg/server/filters/maxinflight.go): two semaphores,
 * read-only and mutating, no queue: a request that finds its semaphore full gets 429 at once.
 * Long-running requests (WATCH) are never counted (callers do not send them here).
 */
import { dealHand } from "./shuffle-shard.js";
import type { PriorityLevel } from "./priority-levels.js";

export const ADMIT_EXECUTE = 0;
export const ADMIT_QUEUED = 1;
/** 429, reason `queue-full`: every queue of the hand is at its length limit. */
export const REJECT_QUEUE_FULL = 2;
/** 429, reason `concurrency-limit`: a Reject-type level with no free seat, or max-inflight full. */
export const REJECT_CONCURRENCY = 3;

export class ApfDispatcher {
  /** Seats each level may use now (NominalCL until the first re-division). */
  readonly currentCL: Int32Array;
  readonly seatsInUse: Int32Array;
  /** Seats held by background load computed in closed form (lease renewals). */
  readonly reservedSeats: Int32Array;
  /** Requests waiting, per level. */
  readonly waiting: Int32Array;
  /** Peak of seats in use + seats waiting since the last `takePeakDemand`. */
  private readonly peakDemand: Float64Array;
  private readonly waitingSeats: Int32Array;
  /** First global queue index of each level. */
  private readonly queueBase: Int32Array;
  private readonly rr: Int32Array;
  private readonly qHead: Int32Array;
  private readonly qTail: Int32Array;
  private readonly qLen: Int32Array;
  // Per request id.
  private next: Int32Array = new Int32Array(256).fill(-1);
  private prev: Int32Array = new Int32Array(256).fill(-1);
  private queueOf: Int32Array = new Int32Array(256).fill(-1);
  private seatsOf: Int32Array = new Int32Array(256);
  private readonly hand: Int32Array;

  constructor(
    readonly levels: readonly PriorityLevel[],
    nominal: Int32Array,
  ) {
    const n = levels.length;
    this.currentCL = Int32Array.from(nominal);
    this.seatsInUse = new Int32Array(n);
    this.reservedSeats = new Int32Array(n);
    this.waiting = new Int32Array(n);
    this.waitingSeats = new Int32Array(n);
    this.peakDemand = new Float64Array(n);
    this.queueBase = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.queueBase[i + 1] = this.queueBase[i]! + levels[i]!.queues;
    const q = this.queueBase[n]!;
    this.rr = new Int32Array(n);
    this.qHead = new Int32Array(q).fill(-1);
    this.qTail = new Int32Array(q).fill(-1);
    this.qLen = new Int32Array(q);
    this.hand = new Int32Array(Math.max(1, ...levels.map((l) => l.handSize)));
  }

  /**
   * A request arrives: runs (ADMIT_EXECUTE, seats taken), waits (ADMIT_QUEUED) or is rejected.
   * `flowHash` picks the hand; `req` is the caller's id for the request.
   */
  admit(req: number, level: number, flowHash: number, seats: number): number {
    const l = this.levels[level]!;
    if (l.exempt) return ADMIT_EXECUTE;
    if (this.waiting[level] === 0 && this.fits(level, seats)) {
      this.seatsInUse[level] += seats;
      this.notePeak(level);
      return ADMIT_EXECUTE;
    }
    if (l.reject || l.queues === 0) return REJECT_CONCURRENCY;
    dealHand(flowHash, l.queues, l.handSize, this.hand);
    const base = this.queueBase[level]!;
    let best = -1;
    for (let i = 0; i < l.handSize; i++) {
      const q = base + this.hand[i]!;
      if (best < 0 || this.qLen[q]! < this.qLen[best]!) best = q;
    }
    if (this.qLen[best]! >= l.queueLengthLimit) return REJECT_QUEUE_FULL;
    this.ensure(req + 1);
    this.seatsOf[req] = seats;
    this.queueOf[req] = best;
    this.next[req] = -1;
    this.prev[req] = this.qTail[best]!;
    if (this.qTail[best]! >= 0) this.next[this.qTail[best]!] = req;
    else this.qHead[best] = req;
    this.qTail[best] = req;
    this.qLen[best]!++;
    this.waiting[level]!++;
    this.waitingSeats[level] += seats;
    this.notePeak(level);
    return ADMIT_QUEUED;
  }

  /** A running request of `level` finished: its seats are free. Call `dispatch` next. */
  release(level: number, seats: number): void {
    if (this.levels[level]!.exempt) return;
    this.seatsInUse[level] -= seats;
  }

  /** The next queued request of `level` that fits now (its seats taken), or −1. */
  dispatch(level: number): number {
    const l = this.levels[level]!;
    if (this.waiting[level] === 0) return -1;
    const base = this.queueBase[level]!;
    for (let k = 0; k < l.queues; k++) {
      const q = base + ((this.rr[level]! + k) % l.queues);
      const head = this.qHead[q]!;
      if (head < 0) continue;
      if (!this.fits(level, this.seatsOf[head]!)) return -1;
      this.rr[level] = (q - base + 1) % l.queues;
      this.unlink(head, level);
      this.seatsInUse[level] += this.seatsOf[head]!;
      this.notePeak(level);
      return head;
    }
    return -1;
  }

  /** Takes a queued request out (its 15 s queue wait ran out). False when it was not queued. */
  remove(req: number, level: number): boolean {
    if (req >= this.queueOf.length || this.queueOf[req]! < 0) return false;
    this.unlink(req, level);
    return true;
  }

  /** Peak demand per level since the last call (for `allocateConcurrency`), then reset to now. */
  takePeakDemand(out: Float64Array): void {
    for (let i = 0; i < this.levels.length; i++) {
      out[i] = this.peakDemand[i]!;
      this.peakDemand[i] = this.seatsInUse[i]! + this.reservedSeats[i]! + this.waitingSeats[i]!;
    }
  }

  private fits(level: number, seats: number): boolean {
    const free = this.currentCL[level]! - this.reservedSeats[level]! - this.seatsInUse[level]!;
    // A request wider than the whole level still runs alone (upstream caps width at the limit).
    return seats <= free || (this.seatsInUse[level] === 0 && free > 0);
  }

  private notePeak(level: number): void {
    const d = this.seatsInUse[level]! + this.reservedSeats[level]! + this.waitingSeats[level]!;
    if (d > this.peakDemand[level]!) this.peakDemand[level] = d;
  }

  private unlink(req: number, level: number): void {
    const q = this.queueOf[req]!;
    const p = this.prev[req]!;
    const nx = this.next[req]!;
    if (p >= 0) this.next[p] = nx;
    else this.qHead[q] = nx;
    if (nx >= 0) this.prev[nx] = p;
    else this.qTail[q] = p;
    this.qLen[q]!--;
    this.waiting[level]!--;
    this.waitingSeats[level] -= this.seatsOf[req]!;
    this.queueOf[req] = -1;
  }

  private ensure(n: number): void {
    if (n <= this.next.length) return;
    const cap = Math.max(n, this.next.length * 2);
    const grow = (a: Int32Array, fill: number): Int32Array => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.next = grow(this.next, -1);
    this.prev = grow(this.prev, -1);
    this.queueOf = grow(this.queueOf, -1);
    this.seatsOf = grow(this.seatsOf, 0);
  }
}

/** `--enable-priority-and-fairness=false`: the two max-inflight semaphores. */
export class MaxInflightLimiter {
  readOnlyInUse = 0;
  mutatingInUse = 0;

  constructor(
    readonly maxRequestsInflight: number,
    readonly maxMutatingRequestsInflight: number,
  ) {}

  /** ADMIT_EXECUTE (counted) or REJECT_CONCURRENCY. */
  admit(mutating: boolean): number {
    if (mutating) {
      if (this.mutatingInUse >= this.maxMutatingRequestsInflight) return REJECT_CONCURRENCY;
      this.mutatingInUse++;
    } else {
      if (this.readOnlyInUse >= this.maxRequestsInflight) return REJECT_CONCURRENCY;
      this.readOnlyInUse++;
    }
    return ADMIT_EXECUTE;
  }

  release(mutating: boolean): void {
    if (mutating) this.mutatingInUse--;
    else this.readOnlyInUse--;
  }
}
