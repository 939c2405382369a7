/**
 * PodTopologySpread's Score, NormalizeScore and weighted add for the fused score path
 * (fused-score.ts): the term every Deployment, ReplicaSet, StatefulSet or Service pod carries
 * through the system default constraints (spread-constraints.ts), in two passes over the
 * feasible list.
 *
 * Why: through Framework.runScore the plugin costs a call per node that re-reads its state
 * slot and bounds-checks its arrays, a copy, NormalizeScore's min/max pass and write pass, and
 * the weighted add: five passes. Here pass 1 computes each node's raw score with the per-
 * constraint operands hoisted out of the loop, and keeps NormalizeScore's min and max; pass 2
 * normalizes, range-checks, adds into the totals and keeps their top, so that selecting the
 * host needs no further pass. Raw scores are small integers, so when max − min is below the
 * list's length the normalized term of each raw value is computed once (`termsFor`) and the
 * division leaves the node loop.
 *
 * The arithmetic is the plugin's own (plugins/pod-topology-spread.ts `score` and
 * `normalizeScore`; scoring.go scoreForCount, Score and NormalizeScore): per node, over the
 * constraints in order and only the keys the node has, `score += cnt·w + (maxSkew − 1)` from
 * 0, then `Math.round`; `min` / `max` over non-ignored nodes with the same comparisons from
 * the same starting values (Infinity and 0); then `Math.trunc(100·(max + min − s) / max)`, 100
 * everywhere when max is 0, 0 on ignored nodes. Same operands, same operations in the same
 * order, hence the same doubles. The weighted normalized score is an integer below 2^53 like
 * every other term, so adding it to the totals in another order than runScore's is exact.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { CycleState } from "../framework/cycle-state.js";
import { MAX_NODE_SCORE } from "../framework/normalize-score.js";
import { spreadScoreState, type SpreadScoreState } from "../plugins/pod-topology-spread.js";
import { pickTied, type IntSource } from "../select-host.js";

/** `termsFor`'s answer when a normalized score is out of range. */
const OUT_OF_RANGE = new Float64Array(0);

export class SpreadScore {
  /** Raw scores aligned with the feasible list (unwritten for ignored nodes). */
  private raw = new Float64Array(64);
  /** Weighted normalized score by raw score − min (termsFor). */
  private terms = new Float64Array(64);
  /** Per constraint this cycle: label key, `w`, `maxSkew − 1`, hostname or domain counts. */
  private keys = new Int32Array(4);
  private weights = new Float64Array(4);
  private skews = new Float64Array(4);
  private readonly hostCounts: (Int32Array | null)[] = [];
  private readonly domainCounts: (Float64Array | null)[] = [];

  /**
   * Adds `weight ·` PodTopologySpread's normalized score of `feasible[j]` into `totals[j]` for
   * j < count and selects the host over the totals (select-host.ts, same draw): returns the
   * chosen index into the feasible list. Call after the plugin's PreScore returned true this
   * cycle. Returns −1, with `totals` partly updated and no draw made, when a normalized score
   * falls outside [0, MaxNodeScore] (the caller then runs Framework.runScore, which reports it).
   */
  addAndSelect(c: ClusterState, state: CycleState, weight: number, feasible: Int32Array, count: number, totals: Float64Array, rng: IntSource): number {
    const s = spreadScoreState(state);
    const t = c.nodes;
    const stride = t.labelStride;
    const labels = t.labels;
    const ignored = s.ignored;
    const n = this.load(s, stride);
    const keys = this.keys;
    const weights = this.weights;
    const skews = this.skews;
    const hostCounts = this.hostCounts;
    const domainCounts = this.domainCounts;
    if (this.raw.length < count) this.raw = new Float64Array(Math.max(count, this.raw.length * 2));
    const raw = this.raw;
    let min = Infinity;
    let max = 0;
    for (let j = 0; j < count; j++) {
      const node = feasible[j]!;
      if (ignored[node] === 1) continue;
      const row = node * stride;
      let score = 0;
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        // NodeTable.label: a key beyond the matrix is absent on every node (load marks it −1).
        if (key < 0) continue;
        const v = labels[row + key]!;
        if (v === 0) continue;
        const hc = hostCounts[i]!;
        let cnt: number;
        if (hc !== null) cnt = hc[node]!;
        else {
          const dc = domainCounts[i]!;
          cnt = v < dc.length ? dc[v]! : 0; // DomainCounts.get
        }
        score += cnt * weights[i]! + skews[i]!;
      }
      const r = Math.round(score);
      raw[j] = r;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    // Raw scores are integers in [min, max]: when that range is short, the weighted normalized
    // score of each is computed once (termsFor), with the same expression, out of the node loop.
    const terms = max === 0 || max - min >= count ? null : this.termsFor(min, max, weight);
    if (terms === OUT_OF_RANGE) return -1;
    // The top of the totals as they are written (select-host.ts selectHost's scan, fused).
    let top = -Infinity;
    let first = 0;
    let tied = 0;
    for (let j = 0; j < count; j++) {
      let v: number;
      if (ignored[feasible[j]!] === 1) v = weight * 0;
      // raw − min is an integer below count: `| 0` only tells V8 the index is an int32.
      else if (terms !== null) v = terms[(raw[j]! - min) | 0]!;
      else {
        const norm = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - raw[j]!)) / max);
        if (!(norm >= 0 && norm <= MAX_NODE_SCORE)) return -1;
        v = weight * norm;
      }
      const total = (totals[j]! += v);
      if (total > top) {
        top = total;
        first = j;
        tied = 1;
      } else if (total === top) tied++;
    }
    return pickTied(totals, first, top, tied, rng);
  }

  /**
   * `weight · trunc(100·(max + min − r) / max)` for r = min .. max, at index r − min (max > 0);
   * OUT_OF_RANGE when a normalized score falls outside [0, MaxNodeScore]. It is monotone in r,
   * so its extremes are those of r = min and r = max, which both occur: the check is exactly
   * framework.go's per-node check.
   */
  private termsFor(min: number, max: number, weight: number): Float64Array {
    const n = max - min + 1;
    if (this.terms.length < n) this.terms = new Float64Array(Math.max(n, this.terms.length * 2));
    const terms = this.terms;
    for (let k = 0; k < n; k++) {
      const v = Math.trunc((MAX_NODE_SCORE * (max + min - (min + k))) / max);
      if (!(v >= 0 && v <= MAX_NODE_SCORE)) return OUT_OF_RANGE;
      terms[k] = weight * v;
    }
    return terms;
  }

  /** Hoists the PreScore state's per-constraint operands; returns the number of constraints. */
  private load(s: SpreadScoreState, stride: number): number {
    const n = s.n;
    if (this.keys.length < n) {
      this.keys = new Int32Array(n * 2);
      this.weights = new Float64Array(n * 2);
      this.skews = new Float64Array(n * 2);
    }
    for (let i = 0; i < n; i++) {
      const key = s.keyIds[i]!;
      this.keys[i] = key < stride ? key : -1;
      this.weights[i] = s.weight[i]!;
      this.skews[i] = s.maxSkew[i]! - 1;
      const host = s.isHostname[i] === 1;
      this.hostCounts[i] = host ? s.hostCounts[i]! : null;
      this.domainCounts[i] = host ? null : s.counts[i]!.counts;
    }
    return n;
  }
}
