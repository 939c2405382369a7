/**
 * Counts per topology domain, indexed by interned label value id, for the cross-node plugins
 * (PodTopologySpread's `TpValueToMatchNum`, InterPodAffinity's `topologyToMatchedTermCount`
 * and `topologyScore`, which upstream keep in Go maps keyed by strings).
 *
 * `DomainCounts` is one topology key's map: `counts[valueId]`, plus which values are present
 * (a domain can exist with a count of 0) and the list of touched values, so `reset` costs the
 * number of domains, not the number of label values ever interned. `KeyedCounts` is one
 * `DomainCounts` per topology key id with the list of keys in use. Both live in a plugin's
 * cycle state and are reused from cycle to cycle; reads (`get`) allocate nothing.
 */
export class DomainCounts {
  counts = new Float64Array(16);
  present = new Uint8Array(16);
  private touched = new Int32Array(16);
  /** Number of present values (domains). */
  size = 0;

  /** Clears every present value; sizes the arrays for value ids below `valueIds`. */
  reset(valueIds: number): void {
    for (let i = 0; i < this.size; i++) {
      const v = this.touched[i]!;
      this.counts[v] = 0;
      this.present[v] = 0;
    }
    this.size = 0;
    if (valueIds > this.counts.length) {
      const n = Math.max(valueIds, this.counts.length * 2);
      this.counts = new Float64Array(n);
      this.present = new Uint8Array(n);
    }
  }

  /** Makes `v` a domain (count unchanged) and adds `delta` to its count. */
  add(v: number, delta: number): void {
    if (this.present[v] === 0) {
      this.present[v] = 1;
      if (this.size === this.touched.length) {
        const t = new Int32Array(this.touched.length * 2);
        t.set(this.touched);
        this.touched = t;
      }
      this.touched[this.size++] = v;
    }
    this.counts[v]! += delta;
  }

  /** The count of value `v`, 0 when absent (or beyond the arrays). */
  get(v: number): number {
    return v < this.counts.length ? this.counts[v]! : 0;
  }

  has(v: number): boolean {
    return v < this.present.length && this.present[v] === 1;
  }

  /** The i-th present value, for i < size. */
  value(i: number): number {
    return this.touched[i]!;
  }

  /** Smallest count over the present values; `Infinity` when there are none. */
  min(): number {
    let m = Infinity;
    for (let i = 0; i < this.size; i++) {
      const c = this.counts[this.touched[i]!]!;
      if (c < m) m = c;
    }
    return m;
  }
}

/** A `DomainCounts` per topology key id; `keys[0..keyCount)` are the keys used this cycle. */
export class KeyedCounts {
  private readonly byKey: (DomainCounts | undefined)[] = [];
  keys = new Int32Array(8);
  keyCount = 0;
  /** Number of `add` calls since `reset` (an upstream map entry was written). */
  entries = 0;
  private valueIds = 0;

  reset(valueIds: number): void {
    for (let i = 0; i < this.keyCount; i++) this.byKey[this.keys[i]!]!.reset(valueIds);
    this.keyCount = 0;
    this.entries = 0;
    this.valueIds = valueIds;
  }

  /** The counts of key `k`, registering it as used this cycle. */
  forKey(k: number): DomainCounts {
    let d = this.byKey[k];
    if (d === undefined) {
      d = new DomainCounts();
      this.byKey[k] = d;
    }
    if (!this.inUse(k)) {
      d.reset(this.valueIds);
      if (this.keyCount === this.keys.length) {
        const t = new Int32Array(this.keys.length * 2);
        t.set(this.keys);
        this.keys = t;
      }
      this.keys[this.keyCount++] = k;
    }
    return d;
  }

  add(k: number, v: number, delta: number): void {
    this.forKey(k).add(v, delta);
    this.entries++;
  }

  /** The counts of the i-th key in use. */
  at(i: number): DomainCounts {
    return this.byKey[this.keys[i]!]!;
  }

  private inUse(k: number): boolean {
    for (let i = 0; i < this.keyCount; i++) if (this.keys[i] === k) return true;
    return false;
  }
}
