/**
 * The future-event list: a binary min-heap over typed arrays, ordered by
 * (timeUs, band, sequence), so events at the same instant and band run in insertion order.
 *
 * Layout (no object per event):
 *
 *   heap, by position:   keys  Float64Array  timeUs * BAND_COUNT + band  (exact below 2^53)
 *                        slots Int32Array    index into the event table
 *   event table, one 32-byte record per slot (Int32 and Float64 views of one buffer):
 *     int32 [slot*8 + 0]  kind   handler id, or CANCELLED
 *     int32 [slot*8 + 1]  arg    the handler's argument (e.g. an object slot)
 *     int32 [slot*8 + 2]  gen    bumped each time the slot is freed
 *     f64   [slot*4 + 2]  seq    insertion counter, the FIFO tie-break
 *
 * A popped event's record was last touched when it was pushed, N events earlier, so at
 * large N it is out of cache; one 32-byte record (aligned, never straddling a cache line)
 * costs one miss where separate kind/arg/gen/seq columns would cost four.
 *
 * Folding the band into the time key makes the common comparison a single Float64 compare;
 * the sequence number is only read on an exact key tie, so it lives in the event table
 * rather than being moved on every sift (the measured reference moves three columns, this
 * heap two). The sequence is a Float64 counter: 2^53 pushes would take years at 10^8
 * events/s, so it cannot wrap in any run we can execute.
 *
 * Cancellation is lazy: `cancel` marks the slot CANCELLED and the entry stays in the heap
 * until it surfaces, then it is dropped. An indexed heap (a position per slot, updated on
 * every move) would remove it at once, but it adds a write to every sift step of every
 * event, while cancellations (timeouts reset, pods deleted) are a small share of events.
 * When cancelled entries outnumber live ones the heap is compacted in O(n), so memory stays
 * within twice the live size. A handle is `gen * SLOT_LIMIT + slot`; the slot's generation
 * changes when it is freed, so a stale handle (event already ran or was cancelled) never
 * matches a later event in the same slot. A slot whose generation would pass MAX_GEN is
 * retired instead of reused, so handles never alias.
 *
 * Binary rather than 4-ary: performance.md §1 found them within noise (4-ary −4 % at N=1k,
 * +6 % at N=100k), and a 4-ary variant of this queue (same sentinels, a loop over the four
 * children) measured 8–12 % slower here at both sizes in the hold model (bench/engine.ts).
 *
 * Handles are up to 53-bit integers, so `push` returns a boxed number (a 16-byte heap
 * allocation) whenever V8 does not inline it into its caller; the queue itself allocates
 * nothing per event. Smi-sized (31-bit) handles would avoid that but must eventually repeat,
 * so a stale handle could cancel an unrelated event.
 */
import { BAND_COUNT } from "./bands.js";

/** Slots per generation step in a handle; also the most events that can be pending at once. */
const SLOT_LIMIT = 2 ** 26;
/** Largest generation such that gen * SLOT_LIMIT + slot stays below 2^53 (exact integers). */
const MAX_GEN = 2 ** 27 - 1;
/** Largest time whose key timeUs * BAND_COUNT + band is still an exact integer (~17.8 years). */
export const MAX_TIME_US = Math.floor((Number.MAX_SAFE_INTEGER - BAND_COUNT) / BAND_COUNT);

/** Offsets in a slot's record: int32 fields, then the Float64 seq (at byte 16). */
const KIND = 0;
const ARG = 1;
const GEN = 2;
const SEQ = 2;
const INT_FIELDS = 8;

/** Multiplying by the exact inverse of a power of two beats dividing (no float division). */
const INV_BAND_COUNT = 1 / BAND_COUNT;

const CANCELLED = -1;
const INITIAL_CAPACITY = 64;
/** Compact only heaps at least this big: below it, skipping dead entries is cheaper. */
const COMPACT_MIN_SIZE = 64;

export class EventQueue {
  private keys = new Float64Array(INITIAL_CAPACITY).fill(Infinity);
  private slots = new Int32Array(INITIAL_CAPACITY);
  /** Entries in the heap, live and cancelled. */
  private heapSize = 0;

  /** Event records, INT_FIELDS int32 per slot; `seqs` views the same bytes as Float64. */
  private records = new Int32Array(INITIAL_CAPACITY * INT_FIELDS);
  private seqs = new Float64Array(this.records.buffer);
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeTop = 0;
  /** Slots ever handed out; slots at or above it have never been used. */
  private slotsUsed = 0;
  private cancelledCount = 0;
  private nextSeq = 0;
  /**
   * The root entry belongs to an event already popped; the next push takes over its slot,
   * overwrites it and sifts down (one sift instead of a pop's sift-down plus a push's
   * sift-up: most handlers schedule a follow-up); anything else removes it first (`settle`).
   */
  private rootPopped = false;

  /** Time and argument of the event the last successful `popUntil` returned (its kind is the return value). */
  poppedTimeUs = 0;
  poppedArg = 0;

  /** Events scheduled and neither run nor cancelled. */
  get size(): number {
    return this.heapSize - this.cancelledCount - (this.rootPopped ? 1 : 0);
  }

  /**
   * Schedules an event and returns its handle. `timeUs` must be an integer in
   * [0, MAX_TIME_US], `band` an integer in [0, BAND_COUNT), `kind` a non-negative int32 and
   * `arg` an int32. The queue does not know "now": refusing the past is `Simulation`'s job.
   */
  push(timeUs: number, band: number, kind: number, arg: number): number {
    // One masking test per integer: `x & mask` equals x only for integers within the mask
    // (NaN, fractions, negatives and too-large values all change), BAND_COUNT being a power of two.
    if (
      !(timeUs >= 0 && timeUs <= MAX_TIME_US && Math.floor(timeUs) === timeUs) ||
      (band & (BAND_COUNT - 1)) !== band ||
      (kind & 0x7fffffff) !== kind ||
      (arg | 0) !== arg
    ) {
      invalidEvent(timeUs, band, kind, arg);
    }
    const reuseRoot = this.rootPopped;
    // The popped root's slot is taken over directly, skipping a free-list round trip.
    const slot = reuseRoot ? this.slots[0]! : this.allocSlot();
    const rec = slot << 3;
    this.records[rec + KIND] = kind;
    this.records[rec + ARG] = arg;
    this.seqs[(slot << 2) + SEQ] = this.nextSeq++;
    const key = timeUs * BAND_COUNT + band;
    if (reuseRoot) {
      this.rootPopped = false;
      this.siftDown(0, key, slot);
    } else {
      // Keep one +Infinity sentinel past the last entry (see siftDown).
      if (this.heapSize + 1 >= this.keys.length) this.growHeap();
      this.siftUp(this.heapSize++, key, slot);
    }
    return this.records[rec + GEN]! * SLOT_LIMIT + slot;
  }

  /**
   * Removes the earliest live event whose time is at most `untilUs`, dropping cancelled
   * entries on the way. Returns its kind (its time and argument are in `poppedTimeUs` /
   * `poppedArg`), or -1 when there is none. The event's generation is bumped before this
   * returns, so its handle is already stale when the handler runs.
   */
  popUntil(untilUs: number): number {
    const maxKey = untilUs * BAND_COUNT + (BAND_COUNT - 1);
    this.settle();
    while (this.heapSize > 0) {
      const key = this.keys[0]!;
      if (key > maxKey) return -1;
      const slot = this.slots[0]!;
      const rec = slot << 3;
      const kind = this.records[rec + KIND]!;
      if (kind >= 0) {
        const gen = this.records[rec + GEN]! + 1;
        this.records[rec + GEN] = gen;
        // The slot stays at the root, reserved for the next push (see `rootPopped`), unless
        // its generation is used up: then it is retired (removed, never reused).
        if (gen <= MAX_GEN) this.rootPopped = true;
        else this.removeTop();
        this.poppedTimeUs = Math.floor(key * INV_BAND_COUNT);
        this.poppedArg = this.records[rec + ARG]!;
        return kind;
      }
      this.removeTop();
      this.freeSlot(slot);
      this.cancelledCount--;
    }
    return -1;
  }

  /** Time of the earliest live event, or Infinity when none is pending. */
  peekTimeUs(): number {
    this.dropCancelledTop();
    return this.heapSize > 0 ? Math.floor(this.keys[0]! / BAND_COUNT) : Infinity;
  }

  /** Whether `handle` names an event that is still pending. */
  isPending(handle: number): boolean {
    return this.liveSlot(handle) >= 0;
  }

  /**
   * Cancels a pending event. Returns false (and changes nothing) when the handle's event
   * already ran, was already cancelled, or never existed.
   */
  cancel(handle: number): boolean {
    const slot = this.liveSlot(handle);
    if (slot < 0) return false;
    this.records[(slot << 3) + KIND] = CANCELLED;
    this.cancelledCount++;
    if (this.cancelledCount * 2 > this.heapSize && this.heapSize >= COMPACT_MIN_SIZE) this.compact();
    return true;
  }

  /** The slot of a pending event's handle, or -1. */
  private liveSlot(handle: number): number {
    if (!(handle >= 0 && Math.floor(handle) === handle)) return -1;
    const gen = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - gen * SLOT_LIMIT;
    if (slot >= this.slotsUsed) return -1;
    const rec = slot << 3;
    if (this.records[rec + GEN] !== gen || this.records[rec + KIND]! < 0) return -1;
    return slot;
  }

  /** Moves `key`/`slot` up from position `i`. New entries carry the largest sequence number,
   * so an equal-key parent always precedes them: ties stop the climb without reading seqs. */
  private siftUp(i: number, key: number, slot: number): void {
    const keys = this.keys;
    const slots = this.slots;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey <= key) break;
      keys[i] = parentKey;
      slots[i] = slots[parent]!;
      i = parent;
    }
    keys[i] = key;
    slots[i] = slot;
  }

  /**
   * Moves `key`/`slot` down from position `i`. keys[heapSize] is +Infinity, so a lone left
   * child compares against the sentinel instead of needing a bounds check on the right one.
   */
  private siftDown(i: number, key: number, slot: number): void {
    const keys = this.keys;
    const slots = this.slots;
    const seqs = this.seqs;
    const n = this.heapSize;
    const seq = seqs[(slot << 2) + SEQ]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let childKey = keys[child]!;
      const rightKey = keys[child + 1]!;
      if (rightKey < childKey || (rightKey === childKey && seqs[(slots[child + 1]! << 2) + SEQ]! < seqs[(slots[child]! << 2) + SEQ]!)) {
        child++;
        childKey = rightKey;
      }
      if (childKey > key || (childKey === key && seqs[(slots[child]! << 2) + SEQ]! > seq)) break;
      keys[i] = childKey;
      slots[i] = slots[child]!;
      i = child;
    }
    keys[i] = key;
    slots[i] = slot;
  }

  /** Removes a popped root for real (see `rootPopped`). */
  private settle(): void {
    if (this.rootPopped) {
      this.rootPopped = false;
      const slot = this.slots[0]!;
      this.removeTop();
      this.free[this.freeTop++] = slot;
    }
  }

  private removeTop(): void {
    const last = --this.heapSize;
    const lastKey = this.keys[last]!;
    const lastSlot = this.slots[last]!;
    this.keys[last] = Infinity;
    if (last > 0) this.siftDown(0, lastKey, lastSlot);
  }

  private allocSlot(): number {
    return this.freeTop > 0 ? this.free[--this.freeTop]! : this.freshSlot();
  }

  private freeSlot(slot: number): void {
    const rec = slot << 3;
    const gen = this.records[rec + GEN]! + 1;
    this.records[rec + GEN] = gen;
    if (gen <= MAX_GEN) this.free[this.freeTop++] = slot;
  }

  private dropCancelledTop(): void {
    this.settle();
    while (this.heapSize > 0 && this.records[(this.slots[0]! << 3) + KIND] === CANCELLED) {
      const slot = this.slots[0]!;
      this.removeTop();
      this.freeSlot(slot);
      this.cancelledCount--;
    }
  }

  /** Drops every cancelled entry and re-heapifies (Floyd, O(n)). */
  private compact(): void {
    this.settle();
    const keys = this.keys;
    const slots = this.slots;
    let kept = 0;
    for (let i = 0; i < this.heapSize; i++) {
      const slot = slots[i]!;
      if (this.records[(slot << 3) + KIND] === CANCELLED) {
        this.freeSlot(slot);
        continue;
      }
      keys[kept] = keys[i]!;
      slots[kept] = slot;
      kept++;
    }
    keys.fill(Infinity, kept, this.heapSize);
    this.heapSize = kept;
    this.cancelledCount = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, keys[i]!, slots[i]!);
  }

  private growHeap(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity).fill(Infinity);
    keys.set(this.keys);
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.keys = keys;
    this.slots = slots;
  }

  private freshSlot(): number {
    const slot = this.slotsUsed;
    if (slot === this.free.length) {
      if (slot >= SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events pending at once`);
      const capacity = Math.min(slot * 2, SLOT_LIMIT);
      const records = new Int32Array(capacity * INT_FIELDS);
      records.set(this.records);
      this.records = records;
      this.seqs = new Float64Array(records.buffer);
      const free = new Int32Array(capacity);
      free.set(this.free);
      this.free = free;
    }
    this.slotsUsed = slot + 1;
    return slot;
  }
}

/**
 * Throws the error for a malformed event. Kept out of `push` so that `push` stays small
 * enough for V8 to inline into callers (message-building code counts against the budget).
 */
function invalidEvent(timeUs: number, band: number, kind: number, arg: number): never {
  if (!(timeUs >= 0 && timeUs <= MAX_TIME_US && Math.floor(timeUs) === timeUs)) {
    throw new RangeError(`event time ${timeUs} µs is not an integer in [0, ${MAX_TIME_US}]`);
  }
  if (!(band >= 0 && band < BAND_COUNT && (band | 0) === band)) {
    throw new RangeError(`event band ${band} is not an integer in [0, ${BAND_COUNT})`);
  }
  throw new RangeError(`event kind ${kind} and arg ${arg} must be int32, kind ≥ 0`);
}
