/**
 * `DefaultNormalizeScore` (pkg/scheduler/framework/plugins/helper/normalize_score.go):
 * scales scores so the highest becomes `maxPriority`, with integer truncation; `reverse`
 * flips them (`maxPriority − s`). When every score is 0 (or negative), reverse gives every
 * node `maxPriority` and forward leaves them unchanged. Inputs are assumed non-negative.
 */
export const MAX_NODE_SCORE = 100;

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array, count: number): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority, 0, count);
    return;
  }
  for (let i = 0; i < count; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
