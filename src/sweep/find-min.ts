/**
 * `--find-min <path>`: the smallest value of a monotone parameter (a node pool's count: more
 * nodes never hurt) whose point passes, found by bisection instead of running every value.
 * Borg's cell compaction asks the same question by removing machines until the workload no
 * longer fits (Verma et al., "Large-scale cluster management at Google with Borg", §5.1).
 *
 * Per group, over the search values v[0] < ... < v[n-1]:
 *
 *  1. probe v[n-1]: if it fails, no value passes and the group is done;
 *  2. bisect: `lo` is the largest index known to fail (-1 at first), `hi` the smallest known to
 *     pass; probe ⌊(lo + hi) / 2⌋ until hi = lo + 1;
 *  3. verify the neighbours of the answer v[hi]: v[hi - 1] must fail (bisection probed it,
 *     unless hi = 0) and v[hi + 1] must pass (probed now unless already known). A neighbour that
 *     disagrees marks the group non-monotone in the output; the answer is still v[hi].
 *
 * That is 1 + ⌈log2 n⌉ + 1 probes of R runs each: 14 × R runs for 1..5000 nodes instead of
 * 5000 × R. Every step is a pure function of the verdicts, so `kubesim merge` replays the
 * same search over the runs the shards recorded and arrives at the same points.
 */

export class MinSearch {
  private lo = -1;
  private hi: number;
  private phase: "top" | "bisect" | "verify" | "done" = "top";
  private readonly known = new Map<number, boolean>();

  /** `points[i]` is the point holding search value v[i]. */
  constructor(readonly points: readonly number[]) {
    this.hi = points.length;
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
    const i = this.points.indexOf(point);
    if (i >= 0) this.known.set(i, passed);
  }

  /** Index of the answer in the search values, or null when no value passes. */
  get answerIndex(): number | null {
    return this.phase === "done" && this.hi < this.points.length ? this.hi : null;
  }

  private wanted(): number[] | null {
    const n = this.points.length;
    switch (this.phase) {
      case "top":
        return [n - 1];
      case "bisect":
        if (this.hi - this.lo > 1) return [Math.floor((this.lo + this.hi) / 2)];
        this.phase = "verify";
        return this.wanted();
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
        if (this.known.get(n - 1)) {
          this.hi = n - 1;
          this.phase = "bisect";
        } else this.phase = "done";
        return;
      case "bisect": {
        const mid = Math.floor((this.lo + this.hi) / 2);
        if (this.known.get(mid)) this.hi = mid;
        else this.lo = mid;
        return;
      }
      case "verify":
        this.phase = "done";
        return;
      case "done":
        return;
    }
  }
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
