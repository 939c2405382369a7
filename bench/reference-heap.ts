/**
 * The yardstick for `bench/engine.ts`: a minimal binary min-heap over typed arrays, the
 * `ta-bin` engine of ../shared/reference/performance.md §1 (≈11 M hold events/s at N=1,000
 * on this machine kind). Three parallel columns — time Float64Array, sequence Uint32Array,
 * payload Int32Array — ordered by (time, seq), so equal times pop in insertion order (FIFO).
 * Branchless-ish child selection against a +Infinity sentinel, which the reference found
 * mattered more than heap arity.
 *
 * Deliberately bare: no cancellation, no bands, no validation, and the Uint32 sequence is
 * not renumbered (a benchmark never pushes 2^32 events). kubesim's `EventQueue` does all of
 * that and is measured against this.
 */
export class ReferenceHeap {
  private time: Float64Array;
  private seq: Uint32Array;
  private payload: Int32Array;
  size = 0;
  private nextSeq = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity + 1).fill(Infinity);
    this.seq = new Uint32Array(capacity + 1);
    this.payload = new Int32Array(capacity + 1);
  }

  /** Earliest time, or Infinity when empty. */
  peekTime(): number {
    return this.time[0]!;
  }

  push(t: number, p: number): void {
    if (this.size + 1 >= this.time.length) this.grow();
    const time = this.time;
    const seq = this.seq;
    const payload = this.payload;
    const s = this.nextSeq++;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent]!;
      // The new entry has the largest sequence number, so an equal time stays above it.
      if (pt <= t) break;
      time[i] = pt;
      seq[i] = seq[parent]!;
      payload[i] = payload[parent]!;
      i = parent;
    }
    time[i] = t;
    seq[i] = s;
    payload[i] = p;
  }

  /** Removes the earliest entry and returns its payload; its time was `peekTime()`. */
  pop(): number {
    const time = this.time;
    const seq = this.seq;
    const payload = this.payload;
    const top = payload[0]!;
    const n = --this.size;
    const t = time[n]!;
    const s = seq[n]!;
    const p = payload[n]!;
    time[n] = Infinity;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = time[c]!;
      const rt = time[c + 1]!;
      if (rt < ct || (rt === ct && seq[c + 1]! < seq[c]!)) {
        c++;
        ct = rt;
      }
      if (ct > t || (ct === t && seq[c]! > s)) break;
      time[i] = ct;
      seq[i] = seq[c]!;
      payload[i] = payload[c]!;
      i = c;
    }
    if (n > 0) {
      time[i] = t;
      seq[i] = s;
      payload[i] = p;
    }
    return top;
  }

  private grow(): void {
    const capacity = this.time.length * 2;
    const time = new Float64Array(capacity).fill(Infinity);
    time.set(this.time);
    const seq = new Uint32Array(capacity);
    seq.set(this.seq);
    const payload = new Int32Array(capacity);
    payload.set(this.payload);
    this.time = time;
    this.seq = seq;
    this.payload = payload;
  }
}
