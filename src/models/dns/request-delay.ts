/**
 * The DNS time one request carries: the lookups it makes, as a small mixture of delays that the
 * request-latency histogram adds to every quantile point of the response curve. Built once per
 * workload and period from the lookup mixtures (lookup-latency.ts), without allocating.
 *
 *   const d = newRequestDelay();
 *   resetRequestDelay(d);                      // no DNS: one component, 0 µs, weight 1
 *   addLookups(d, mixture, 0.5);               // half the requests also look a name up
 *   d.n; d.valueUs[0]; d.weight[0]; d.failShare;
 */
import { MIXTURE_SIZE, type LookupMixture } from "./lookup-latency.js";

/** Components kept after each convolution; the lightest are merged into their nearest neighbour. */
export const MAX_DELAY_COMPONENTS = 12;

export interface RequestDelay {
  n: number;
  valueUs: Float64Array;
  weight: Float64Array;
  /** Share of requests whose lookups failed (they fail: no address to connect to). */
  failShare: number;
}

const CAP = MAX_DELAY_COMPONENTS * (MIXTURE_SIZE + 1);

export function newRequestDelay(): RequestDelay {
  return { n: 1, valueUs: new Float64Array(CAP), weight: new Float64Array(CAP), failShare: 0 };
}

export function resetRequestDelay(d: RequestDelay): void {
  d.n = 1;
  d.valueUs[0] = 0;
  d.weight[0] = 1;
  d.failShare = 0;
}

const tmpV = new Float64Array(CAP);
const tmpW = new Float64Array(CAP);

/**
 * Adds `perRequest` lookups of one name: whole lookups are convolved one after another (they
 * are sequential); a fraction p < 1 is a lookup made by a share p of the requests. The weights
 * of `m` are those of successful lookups; a failed lookup fails its request.
 */
export function addLookups(d: RequestDelay, m: LookupMixture, perRequest: number): void {
  let left = perRequest;
  while (left > 1e-12) {
    const p = Math.min(left, 1);
    left -= p;
    let k = 0;
    for (let i = 0; i < d.n; i++) {
      // Requests that skip the lookup (1 − p) keep their delay.
      if (p < 1) {
        tmpV[k] = d.valueUs[i]!;
        tmpW[k++] = d.weight[i]! * (1 - p);
      }
      for (let j = 0; j < MIXTURE_SIZE; j++) {
        const w = m.weight[j]!;
        if (w <= 0) continue;
        tmpV[k] = d.valueUs[i]! + m.valueUs[j]!;
        tmpW[k++] = d.weight[i]! * w * p;
      }
    }
    d.failShare = 1 - (1 - d.failShare) * (1 - p * m.failShare);
    compact(k, d);
  }
}

/** Sorts the k components in tmp by value and merges the lightest into a neighbour until few enough remain. */
function compact(k: number, d: RequestDelay): void {
  // Insertion sort: k is at most a few dozen.
  for (let i = 1; i < k; i++) {
    const v = tmpV[i]!;
    const w = tmpW[i]!;
    let j = i - 1;
    while (j >= 0 && tmpV[j]! > v) {
      tmpV[j + 1] = tmpV[j]!;
      tmpW[j + 1] = tmpW[j]!;
      j--;
    }
    tmpV[j + 1] = v;
    tmpW[j + 1] = w;
  }
  while (k > MAX_DELAY_COMPONENTS) {
    let lightest = 0;
    for (let i = 1; i < k; i++) if (tmpW[i]! < tmpW[lightest]!) lightest = i;
    const into = lightest === 0 ? 1 : lightest === k - 1 ? k - 2 : tmpV[lightest]! - tmpV[lightest - 1]! <= tmpV[lightest + 1]! - tmpV[lightest]! ? lightest - 1 : lightest + 1;
    const w = tmpW[into]! + tmpW[lightest]!;
    if (w > 0) tmpV[into] = (tmpV[into]! * tmpW[into]! + tmpV[lightest]! * tmpW[lightest]!) / w;
    tmpW[into] = w;
    for (let i = lightest; i < k - 1; i++) {
      tmpV[i] = tmpV[i + 1]!;
      tmpW[i] = tmpW[i + 1]!;
    }
    k--;
  }
  // Weights of successful requests, normalised to sum 1 (the failed share is separate).
  let sum = 0;
  for (let i = 0; i < k; i++) sum += tmpW[i]!;
  for (let i = 0; i < k; i++) {
    d.valueUs[i] = tmpV[i]!;
    d.weight[i] = sum > 0 ? tmpW[i]! / sum : 0;
  }
  d.n = k;
}
