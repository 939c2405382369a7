/**
 * A binary min-heap of small non-negative integer ids (pod slots), ordered by a caller-supplied
 * `less(a, b)`. It stores ids in an `Int32Array` and keeps each id's heap position in a second
 * `Int32Array`, so `remove(id)` and `fix(id)` (after the caller changed the id's sort key) are
 * O(log n) without a search. No object is allocated per push or pop.
 *
 * Ties must be broken by the comparator itself (the scheduling queue uses an insertion sequence)
 * because a binary heap is not stable.
 */

/** Strict ordering over ids: `less(a, b)` is true when `a` must come out before `b`. */
export type IdLess = (a: number, b: number) => boolean;

const ABSENT = -1;

export class IdHeap {
  private items: Int32Array;
  private pos: Int32Array;
  private count = 0;

  constructor(
    private readonly less: IdLess,
    initialCapacity = 64,
  ) {
    const cap = Math.max(1, initialCapacity);
    this.items = new Int32Array(cap);
    this.pos = new Int32Array(cap).fill(ABSENT);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return id < this.pos.length && this.pos[id]! !== ABSENT;
  }

  /** The head (the least id under `less`) or -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : this.items[0]!;
  }

  push(id: number): void {
    if (this.has(id)) throw new Error(`IdHeap: id ${id} is already in the heap`);
    this.ensureId(id);
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const i = this.count++;
    this.items[i] = id;
    this.pos[id] = i;
    this.up(i);
  }

  /** Removes and returns the head, or -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const head = this.items[0]!;
    this.removeAt(0);
    return head;
  }

  /** Removes `id` if present; returns whether it was present. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.removeAt(this.pos[id]!);
    return true;
  }

  /** Restores the heap order after the sort key of `id` changed. */
  fix(id: number): void {
    if (!this.has(id)) return;
    const i = this.pos[id]!;
    if (!this.up(i)) this.down(i);
  }

  /** Ids currently in the heap, in heap (not sorted) order. Cold path: tests and reports. */
  ids(): number[] {
    return Array.from(this.items.subarray(0, this.count));
  }

  private ensureId(id: number): void {
    if (id < this.pos.length) return;
    let cap = this.pos.length;
    while (cap <= id) cap *= 2;
    const grown = new Int32Array(cap).fill(ABSENT);
    grown.set(this.pos);
    this.pos = grown;
  }

  private removeAt(i: number): void {
    const id = this.items[i]!;
    this.pos[id] = ABSENT;
    const last = --this.count;
    if (i === last) return;
    const moved = this.items[last]!;
    this.items[i] = moved;
    this.pos[moved] = i;
    if (!this.up(i)) this.down(i);
  }

  /** Sifts up; returns whether the element moved. */
  private up(i: number): boolean {
    const items = this.items;
    const id = items[i]!;
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!this.less(id, p)) break;
      items[i] = p;
      this.pos[p] = i;
      i = parent;
    }
    items[i] = id;
    this.pos[id] = i;
    return i !== start;
  }

  private down(i: number): void {
    const items = this.items;
    const n = this.count;
    const id = items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && this.less(items[r]!, items[l]!)) child = r;
      const c = items[child]!;
      if (!this.less(c, id)) break;
      items[i] = c;
      this.pos[c] = i;
      i = child;
    }
    items[i] = id;
    this.pos[id] = i;
  }
}
