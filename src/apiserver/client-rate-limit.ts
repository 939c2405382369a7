/**
 * Client-side rate limits: client-go's token bucket (`flowcontrol.NewTokenBucketRateLimiter`,
 * built on golang.org/x/time/rate), one bucket per client (each kubelet; the scheduler; each
 * kube-controller-manager controller has its own client and so its own bucket).
 *
 * `Wait` semantics in closed form: the bucket holds `burst` tokens and refills at `qps` per
 * second up to `burst`; a request takes one token, and when none is left it reserves one from
 * the future and is sent when that token arrives. A request is never rejected by this.
 * With an empty bucket, request k is sent at `max(arrival_k, t_{k−1} + 1/qps)`.
 *
 *   const b = new TokenBuckets(); const rs = b.add(20, 30);   // ReplicaSet controller
 *   for (let i = 0; i < 1000; i++) b.reserve(rs, 0);          // → 0 … 0 (30×), 50 ms, … 48.5 s
 */
export class TokenBuckets {
  private qps: Float64Array = new Float64Array(16);
  private burst: Float64Array = new Float64Array(16);
  /** Tokens at `lastUs` (negative: tokens already promised to requests waiting). */
  private tokens: Float64Array = new Float64Array(16);
  private lastUs: Float64Array = new Float64Array(16);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** A new bucket, full; returns its index. `qps` ≤ 0 means unlimited. */
  add(qps: number, burst: number): number {
    if (this.n === this.qps.length) this.grow();
    const i = this.n++;
    this.qps[i] = qps;
    this.burst[i] = Math.max(1, burst);
    this.tokens[i] = this.burst[i]!;
    this.lastUs[i] = 0;
    return i;
  }

  /** Takes a token for a request made at `nowUs` (calls in time order); returns when it is sent (µs, ≥ nowUs). */
  reserve(i: number, nowUs: number): number {
    const qps = this.qps[i]!;
    if (!(qps > 0)) return nowUs;
    const elapsed = nowUs - this.lastUs[i]!;
    let t = this.tokens[i]! + (elapsed * qps) / 1e6;
    if (t > this.burst[i]!) t = this.burst[i]!;
    t -= 1;
    this.tokens[i] = t;
    this.lastUs[i] = nowUs;
    return t >= 0 ? nowUs : nowUs + Math.ceil((-t * 1e6) / qps);
  }

  private grow(): void {
    const g = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.qps = g(this.qps);
    this.burst = g(this.burst);
    this.tokens = g(this.tokens);
    this.lastUs = g(this.lastUs);
  }
}
