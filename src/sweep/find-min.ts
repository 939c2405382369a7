/**
 * `--find-min <path>`: the smallest value of a monotone parameter (a node pool's count: more
 * nodes never hurt) whose point passes, found by k-section instead of running every value.
 * Borg's cell compaction asks the same question by removing machines until the workload no
 * longer fits (Verma et al., "Large-scale cluster management at Google with Borg", §5.1).
 *
 * Per group, over the search values v[0] < ... < v[n-1], with W probes per round (W = 1 is
 * bisection; the CLI sets W from the worker threads a round can keep busy, `probesPerRound`):
 *
 *  1. round 1 probes the top v[n-1], and with W > 1 also the W - 1 points that cut (-1, n-1)
 *     into W parts (they would be the next round's probes if the top passes). If the top fails,
 *     no value passes and the group is done;
 *  2. k-section: `lo` is the largest index known to fail (-1 at first), `hi` the smallest known
 *     to pass; each round probes the W points lo + ⌊j·(hi - lo) / (W + 1)⌋, j = 1..W, which cut
 *     (lo, hi) into W + 1 parts of at most ⌈(hi - lo) / (W + 1)⌉; then `hi` becomes the
 *     smallest probe that passed (else stays) and `lo` the largest probe below it that failed
 *     (else stays), until hi = lo + 1. The round that probes every index left in (lo, hi) fills
 *     its spare slots with v[hi + 1], the neighbour the last step needs when the answer is v[hi];
 *  3. verify the neighbours of the answer v[hi]: v[hi - 1] must fail (it is `lo`, probed,
 *     unless hi = 0) and v[hi + 1] must pass (probed now unless already known). A neighbour that
 *     disagrees marks the group non-monotone in the output; the answer is still v[hi].
 *
 * With g = ⌈n / W⌉ after round 1 that is at most 1 + ⌈log_{W+1} g⌉ + 1 rounds and
 * W·(1 + ⌈log_{W+1} g⌉) + 1 probes of R runs each (`maxProbes`): for 1..5000 nodes at most 15
 * rounds of one probe at W = 1 (bisection), 10 rounds of two at W = 2, 7 of four at W = 4,
 * instead of 5000 points. Every step is a pure function of the verdicts and W, so `kubesim merge` replays
 * the same search over the runs the shards recorded and arrives at the same points.
 */

export class MinSearch {
  private lo = -1;
  private hi: number;
  private phase: "top" | "search" | "verify" | "done" = "top";
  private readonly known = new Map<number, boolean>();
  private readonly index = new Map<number, number>();

  /**
   * `points[i]` is the point holding search value v[i]; `width` is W, the probes per round
   * (an integer ≥ 1).
   */
  constructor(
    readonly points: readonly number[],
    readonly width = 1,
  ) {
    if (!(Number.isInteger(width) && width >= 1)) throw new RangeError(`find-min: probes per round must be an integer >= 1, got ${width}`);
    this.hi = points.length;
    points.forEach((p, i) => this.index.set(p, i));
  }

  /** Points to evaluate next (not yet known); empty when the search is over. */
  next(): number[] {
    for (;;) {
      const want = this.wanted();
      if (want === null) return [];
      const unknown = want.filter((i) => !this.known.has(i));
      if (unknown.length > 0) return unknown.map((i) => this.points[i]!);
      this.advance();
    }
  }

  /** Records a point's verdict. */
  feed(point: number, passed: boolean): void {
    const i = this.index.get(point);
    if (i !== undefined) this.known.set(i, passed);
  }

  /** Index of the answer in the search values, or null when no value passes. */
  get answerIndex(): number | null {
    return this.phase === "done" && this.hi < this.points.length ? this.hi : null;
  }

  /** The indices this phase needs, ascending; null when the search is over. */
  private wanted(): number[] | null {
    const n = this.points.length;
    switch (this.phase) {
      case "top":
        return [...cuts(-1, n - 1, this.width - 1), n - 1];
      case "search": {
        if (this.hi - this.lo <= 1) {
          this.phase = "verify";
          return this.wanted();
        }
        const probes = cuts(this.lo, this.hi, this.width);
        // The last round (every index left in (lo, hi)) lends a spare slot to the upper neighbour.
        if (probes.length < this.width && this.hi + 1 < n) probes.push(this.hi + 1);
        return probes;
      }
      case "verify":
        return [this.hi - 1, this.hi + 1].filter((i) => i >= 0 && i < n);
      case "done":
        return null;
    }
  }

  /** Moves on once every wanted verdict is known. */
  private advance(): void {
    const n = this.points.length;
    switch (this.phase) {
      case "top":
        if (!this.known.get(n - 1)) {
          this.phase = "done";
          return;
        }
        this.hi = n - 1;
        this.phase = "search";
        this.narrow(cuts(-1, n - 1, this.width - 1));
        return;
      case "search":
        this.narrow(cuts(this.lo, this.hi, this.width));
        return;
      case "verify":
        this.phase = "done";
        return;
      case "done":
        return;
    }
  }

  /**
   * `hi` = the smallest probe that passed, `lo` = the largest probe below it that failed. With
   * one probe this is bisection's rule (pass: hi = mid, fail: lo = mid); a probe that failed
   * above one that passed is ignored here and shows as non-monotone in the answer.
   */
  private narrow(probes: readonly number[]): void {
    const pass = probes.find((i) => this.known.get(i) === true);
    if (pass !== undefined) this.hi = pass;
    for (const i of probes) if (i < this.hi && this.known.get(i) === false) this.lo = Math.max(this.lo, i);
  }
}

/**
 * The k distinct indices lo + ⌊j·(hi - lo) / (k + 1)⌋, j = 1..k, strictly inside (lo, hi),
 * ascending: k cuts into k + 1 parts of at most ⌈(hi - lo) / (k + 1)⌉. When hi - lo - 1 ≤ k,
 * every index inside (the steps are then 0 or 1, ending at hi - 1).
 */
export function cuts(lo: number, hi: number, k: number): number[] {
  const out: number[] = [];
  const gap = hi - lo;
  for (let j = 1; j <= k; j++) {
    const i = lo + Math.floor((j * gap) / (k + 1));
    if (i > lo && i < hi && out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/**
 * Most probes one group's search makes over n values with W per round (see the module
 * comment): W·(1 + s) + 1 with s = ⌈log_{W+1} ⌈n / W⌉⌉, computed with integers; never more than n.
 */
export function maxProbes(n: number, width: number): number {
  if (n <= 1) return n;
  let gap = Math.ceil(n / width);
  let rounds = 0;
  while (gap > 1) {
    gap = Math.ceil(gap / (width + 1));
    rounds++;
  }
  return Math.min(n, width * (1 + rounds) + 1);
}

/**
 * Drives every group's search in rounds: each round evaluates the points all unfinished
 * groups want (in parallel: `evaluate` may run them at once), then feeds the verdicts back.
 * Returns every point evaluated, ascending.
 */
export async function runMinSearches(searches: readonly MinSearch[], evaluate: (points: number[]) => Promise<Map<number, boolean>>): Promise<number[]> {
  const evaluated = new Set<number>();
  for (;;) {
    const want = [...new Set(searches.flatMap((s) => s.next()))].sort((a, b) => a - b);
    if (want.length === 0) break;
    const verdicts = await evaluate(want);
    for (const p of want) {
      const v = verdicts.get(p);
      if (v === undefined) throw new Error(`find-min: no verdict for point ${p}`);
      evaluated.add(p);
      for (const s of searches) s.feed(p, v);
    }
  }
  return [...evaluated].sort((a, b) => a - b);
}
