/**
 * The static split of a round's range [0, n) into `threads` contiguous chunks. It depends only
 * on (n, threads), never on timing, so which thread computes an index is reproducible, and
 * chunk c always precedes chunk c + 1 in index order: a caller reducing per-chunk results in
 * chunk order (e.g. "highest score, lowest index on ties") gets the sequential answer.
 *
 * Chunk sizes differ by at most one; when n < threads the first chunks are empty.
 */

/** First index of chunk `chunk` of `threads` over [0, n); `chunkStart(n, t, t) === n`. */
export function chunkStart(n: number, threads: number, chunk: number): number {
  // n * chunk stays far below 2^53 for any node count, so the division is exact before floor.
  return Math.floor((n * chunk) / threads);
}
