/**
 * Shuffle sharding: a flow's hash deals it a hand of `handSize` distinct queues out of
 * `deckSize` (staging/src/k8s.io/apiserver/pkg/util/shufflesharding/shufflesharding.go
 * `Dealer.Deal`). The hash is split into mixed-radix digits (deckSize, deckSize−1, ...); each
 * digit picks among the cards not yet dealt. Upstream hashes are 64-bit; kubesim's flow hashes
 * are below 2^53 so that the division stays exact in a double.
 */

/** Writes the hand for `hash` into `out[0 .. handSize)`. */
export function dealHand(hash: number, deckSize: number, handSize: number, out: Int32Array | number[]): void {
  let h = Math.floor(Math.abs(hash));
  const rem = new Array<number>(handSize);
  for (let i = 0; i < handSize; i++) {
    const next = Math.floor(h / (deckSize - i));
    rem[i] = h - (deckSize - i) * next;
    h = next;
  }
  for (let i = 0; i < handSize; i++) {
    let card = rem[i]!;
    // Skip over the cards dealt before: the j-th remainder indexes the deck without them.
    for (let j = i; j > 0; j--) if (card >= rem[j - 1]!) card++;
    out[i] = card;
  }
}

/** A 52-bit FNV-style hash of a flow distinguisher (deterministic, no crypto needed). */
export function flowHash(s: string): number {
  let h = 0x811c9dc5;
  let hi = 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
    hi = (Math.imul(hi, 31) + h) >>> 0;
  }
  return (hi & 0xfffff) * 4294967296 + h;
}
