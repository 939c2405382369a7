/**
 * The latency of one getaddrinfo call as a small mixture (models.md §3.3), aggregated per name
 * and per period instead of simulating packets:
 *
 *  - every name tried costs one round trip (A and AAAA in parallel: the slower of the two),
 *    `baseUs` in total;
 *  - with probability `upstreamMiss` an answer had to come from upstream: `+ upstreamUs`;
 *  - each name's first try loses a packet with probability `loss` (CoreDNS overload drops, the
 *    conntrack race, no CoreDNS endpoint at all), later tries with `retryLoss` (glibc resends
 *    A and AAAA one after the other after a lost parallel answer, so they cannot race again);
 *    a lost try is sent again after `retryUs` (glibc: the 5 s timeout; musl: timeout /
 *    attempts), up to `attempts` tries; when every try of a name is lost the search stops and
 *    the lookup fails (EAI_AGAIN) after `giveUpUs`.
 *
 * The number of retries over the k names is the sum of k truncated geometric counts; the
 * mixture keeps 0 … MAX_RETRIES − 1 exactly and lumps more into MAX_RETRIES.
 *
 *   const m = newLookupMixture();
 *   lookupMixture(m, { names: 4, baseUs: 2000, upstreamMiss: 0.1, upstreamUs: 10_000, loss: 0.01, retryLoss: 0.01, attempts: 2, retryUs: 5e6, giveUpUs: 10e6, found: true });
 *   m.weight[0];   // (1 − 0.01)^4 · 0.9: no retry, no upstream miss
 */

/** Retries kept apart in the mixture (3+ are lumped together). */
export const MAX_RETRIES = 3;
/** Components: (retries 0…MAX_RETRIES) × (upstream miss or not). */
export const MIXTURE_SIZE = 2 * (MAX_RETRIES + 1);

export interface LookupInputs {
  /** Names tried (A/AAAA pairs sent one after another). */
  names: number;
  baseUs: number;
  upstreamMiss: number;
  upstreamUs: number;
  /** Probability that a name's first try loses a packet. */
  loss: number;
  /** Probability that a later try loses one. */
  retryLoss: number;
  attempts: number;
  retryUs: number;
  giveUpUs: number;
  /** Whether the lookup finds an answer when nothing is lost (false: NXDOMAIN everywhere, EAI_NONAME). */
  found: boolean;
}

export interface LookupMixture {
  /** Latency of each successful component, µs. */
  valueUs: Float64Array;
  /** Probability of each component; with `failShare` they sum to 1. */
  weight: Float64Array;
  /** Share of lookups that fail: every try of a name lost, or no name found. */
  failShare: number;
  /** How long a failed lookup took, µs (mean). */
  failUs: number;
  /** Expected timeouts per lookup (a name that fails had `attempts` of them). */
  meanRetries: number;
}

export function newLookupMixture(): LookupMixture {
  return { valueUs: new Float64Array(MIXTURE_SIZE), weight: new Float64Array(MIXTURE_SIZE), failShare: 0, failUs: 0, meanRetries: 0 };
}

const dist = new Float64Array(MAX_RETRIES + 1);
const next = new Float64Array(MAX_RETRIES + 1);
/** glibc and musl cap attempts at 5 (RES_MAXRETRY). */
const perName = new Float64Array(5);

/** Fills `m` (no allocation). */
export function lookupMixture(m: LookupMixture, x: LookupInputs): LookupMixture {
  const a = Math.min(Math.max(1, x.attempts), perName.length);
  const p1 = Math.min(Math.max(x.loss, 0), 1);
  const p2 = Math.min(Math.max(x.retryLoss, 0), 1);
  // One name: e retries with probability p1 · p2^(e−1) · (1 − p2) (e ≥ 1) or 1 − p1 (e = 0),
  // e < a; all a tries lost: p1 · p2^(a−1).
  for (let e = 0; e < a; e++) perName[e] = e === 0 ? 1 - p1 : p1 * p2 ** (e - 1) * (1 - p2);
  const failName = p1 * p2 ** (a - 1);
  let meanPerName = a * failName;
  for (let e = 1; e < a; e++) meanPerName += e * perName[e]!;
  dist.fill(0);
  dist[0] = 1;
  for (let i = 0; i < x.names; i++) {
    next.fill(0);
    for (let have = 0; have <= MAX_RETRIES; have++) {
      const w = dist[have]!;
      if (w === 0) continue;
      for (let e = 0; e < a; e++) next[Math.min(have + e, MAX_RETRIES)] += w * perName[e]!;
    }
    dist.set(next);
  }
  // The weights above sum to (1 − failName)^names; written so, a loss-free retry gives exactly 0.
  const lost = 1 - (1 - failName) ** x.names;
  const miss = Math.min(Math.max(x.upstreamMiss, 0), 1);
  for (let n = 0; n <= MAX_RETRIES; n++) {
    const w = x.found ? dist[n]! : 0;
    m.valueUs[2 * n] = x.baseUs + n * x.retryUs;
    m.weight[2 * n] = w * (1 - miss);
    m.valueUs[2 * n + 1] = x.baseUs + n * x.retryUs + x.upstreamUs;
    m.weight[2 * n + 1] = w * miss;
  }
  m.failShare = x.found ? lost : 1;
  // A name that does not exist fails fast (EAI_NONAME) unless a try was lost: the mean of the two.
  m.failUs = x.baseUs + (x.found ? x.giveUpUs : lost * x.giveUpUs);
  m.meanRetries = x.names * meanPerName;
  return m;
}
