/**
 * An intrusive doubly linked list of small non-negative integer ids, in insertion order, with
 * O(1) append, removal of any member and membership test. Links live in `Int32Array`s indexed
 * by id, so nothing is allocated per element.
 *
 * The scheduling queue uses it for the unschedulable pool (insertion order = timestamp order,
 * which lets the 5-minute leftover flush stop at the first pod that is young enough) and for
 * the set of in-flight pods.
 */

const NIL = -1;

export class IdList {
  private next: Int32Array;
  private prev: Int32Array;
  private member: Uint8Array;
  private first = NIL;
  private last = NIL;
  private count = 0;

  constructor(initialCapacity = 64) {
    const cap = Math.max(1, initialCapacity);
    this.next = new Int32Array(cap);
    this.prev = new Int32Array(cap);
    this.member = new Uint8Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** The oldest member, or -1 when empty. */
  get head(): number {
    return this.first;
  }

  has(id: number): boolean {
    return id < this.member.length && this.member[id] === 1;
  }

  /** The member after `id`, or -1. Read it before removing `id` when iterating. */
  after(id: number): number {
    return this.next[id]!;
  }

  append(id: number): void {
    if (this.has(id)) throw new Error(`IdList: id ${id} is already a member`);
    this.ensureId(id);
    this.member[id] = 1;
    this.prev[id] = this.last;
    this.next[id] = NIL;
    if (this.last === NIL) this.first = id;
    else this.next[this.last] = id;
    this.last = id;
    this.count++;
  }

  /** Removes `id` if it is a member; returns whether it was. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    const p = this.prev[id]!;
    const n = this.next[id]!;
    if (p === NIL) this.first = n;
    else this.next[p] = n;
    if (n === NIL) this.last = p;
    else this.prev[n] = p;
    this.member[id] = 0;
    this.count--;
    return true;
  }

  /** Members in insertion order. Cold path: tests and reports. */
  ids(): number[] {
    const out: number[] = [];
    for (let id = this.first; id !== NIL; id = this.next[id]!) out.push(id);
    return out;
  }

  private ensureId(id: number): void {
    if (id < this.member.length) return;
    let cap = this.member.length;
    while (cap <= id) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.next);
    const prev = new Int32Array(cap);
    prev.set(this.prev);
    const member = new Uint8Array(cap);
    member.set(this.member);
    this.next = next;
    this.prev = prev;
    this.member = member;
  }
}
