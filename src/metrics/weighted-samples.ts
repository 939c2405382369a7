/**
 * Weighted samples, appended and cleared each period, with a nearest-rank quantile by weight:
 * the percentile of a discrete mixture (value, weight) without a histogram. Slices
 * `[from, size)` let one buffer serve several groups (each workload's, and all of them).
 *
 *   const w = new WeightedSamples();
 *   w.add(1_000, 99); w.add(5_000_000, 2);
 *   w.quantile(0.99);   // 5_000_000: the 99th percent of weight 101 falls on the second
 */
export class WeightedSamples {
  private v: Float64Array<ArrayBuffer> = new Float64Array(256);
  private w: Float64Array<ArrayBuffer> = new Float64Array(256);
  private idx: Uint32Array<ArrayBuffer> = new Uint32Array(256);
  private n = 0;

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
  }

  add(value: number, weight: number): void {
    if (this.n === this.v.length) {
      const v = new Float64Array(2 * this.n);
      const w = new Float64Array(2 * this.n);
      v.set(this.v);
      w.set(this.w);
      [this.v, this.w, this.idx] = [v, w, new Uint32Array(2 * this.n)];
    }
    this.v[this.n] = value;
    this.w[this.n++] = weight;
  }

  /** The q-quantile (smallest value whose cumulative weight reaches q of the total) of samples [from, size); 0 when empty. */
  quantile(q: number, from = 0): number {
    const to = this.n;
    if (to <= from) return 0;
    const idx = this.idx.subarray(0, to - from);
    let total = 0;
    for (let i = 0; i < idx.length; i++) {
      idx[i] = from + i;
      total += this.w[from + i]!;
    }
    const v = this.v;
    idx.sort((a, b) => v[a]! - v[b]!);
    let acc = 0;
    for (let i = 0; i < idx.length; i++) {
      acc += this.w[idx[i]!]!;
      if (acc >= q * total) return v[idx[i]!]!;
    }
    return v[idx[idx.length - 1]!]!;
  }
}
