/**
 * The CoreDNS `cache` plugin and NodeLocal DNSCache in steady state (models.md §3.2, §3.3).
 *
 * An answer is cached for its TTL clamped to the cache's [min, max] (`cache 30` in the kubeadm
 * Corefile: 30 s for success and denial, MINTTL 5 s; NodeLocal DNSCache: 30 s success, 5 s
 * denial). With Poisson queries at rate r for one (name, type) on one cache, a miss starts an
 * entry that lives τ, and the next query after it expires misses again: one miss per cycle of
 * mean length τ + 1/r, so
 *
 *     misses/s = r / (1 + r·τ)          hit ratio = r·τ / (1 + r·τ)
 *
 * Each CoreDNS replica keeps its own cache, so upstream sees at most `replicas / τ` queries per
 * second per (name, type): V26's ≤ 3 queries per 30 s with 3 replicas.
 *
 *   cachedTtlS(300, KUBEADM_CACHE);           // 30
 *   missRate(100, 30);                        // 100 / 3001 ≈ 0.0333 per s
 */

/** A cache's TTL bounds, seconds. */
export interface CacheTtl {
  successMaxS: number;
  denialMaxS: number;
  /** The plugin's MINTTL (5 s): shorter TTLs are raised to it. */
  minS: number;
}

/** The cache plugin's own defaults (plugin/cache/README.md): 3600 s success, 1800 s denial, min 5 s. */
export const CACHE_PLUGIN_DEFAULTS: CacheTtl = { successMaxS: 3600, denialMaxS: 1800, minS: 5 };
/** `cache 30` in the kubeadm Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go). */
export const KUBEADM_CACHE: CacheTtl = { successMaxS: 30, denialMaxS: 30, minS: 5 };
/** NodeLocal DNSCache's cluster.local zone: `cache { success 9984 30; denial 9984 5 }`. */
export const NODE_LOCAL_CLUSTER_CACHE: CacheTtl = { successMaxS: 30, denialMaxS: 5, minS: 5 };
/** NodeLocal DNSCache's `.:53` zone: `cache 30`. */
export const NODE_LOCAL_EXTERNAL_CACHE: CacheTtl = { successMaxS: 30, denialMaxS: 30, minS: 5 };
/** The kubernetes plugin's `ttl` default is 5 s; the kubeadm Corefile sets `ttl 30`. */
export const KUBERNETES_PLUGIN_TTL_S = 5;
export const KUBEADM_KUBERNETES_TTL_S = 30;

/** How long an answer with this TTL stays in the cache. */
export function cachedTtlS(recordTtlS: number, cache: CacheTtl, negative = false): number {
  const max = negative ? cache.denialMaxS : cache.successMaxS;
  return Math.max(Math.min(recordTtlS, max), cache.minS);
}

/** Misses per second of one cache for one key at `rate` queries per second (Poisson). */
export function missRate(rate: number, ttlS: number): number {
  return rate > 0 ? rate / (1 + rate * ttlS) : 0;
}
