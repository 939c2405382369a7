import { describe, expect, test } from "vitest";
import { DnsZone } from "./answers.js";
import { racePerPair } from "./conntrack-race.js";
import { COREDNS_CAPACITY_QPS, corednsReplica } from "./coredns-capacity.js";
import { cachedTtlS, KUBEADM_CACHE, KUBEADM_KUBERNETES_TTL_S, KUBERNETES_PLUGIN_TTL_S, missRate, NODE_LOCAL_CLUSTER_CACHE } from "./dns-cache.js";
import { lookupMixture, MAX_RETRIES, newLookupMixture } from "./lookup-latency.js";
import { podResolvConf } from "./resolv-conf.js";
import { lookupPlan } from "./resolver.js";
import { glibcGiveUpS, glibcWaitsS, muslGiveUpS, packetsUntilGiveUp, retryAfterS } from "./timeouts.js";

describe("V23: a dead nameserver (timeout 5, attempts 2)", () => {
  test("glibc, 1 nameserver: the first name fails after 2 × 5 = 10 s, 4 packets", () => {
    expect(glibcGiveUpS(5, 2, 1)).toBe(10);
    expect(packetsUntilGiveUp("glibc", 2, 2, 1)).toBe(4);
  });
  test("musl gives up after 5 s, retransmitting at 2.5 s", () => {
    expect(muslGiveUpS(5)).toBe(5);
    expect(retryAfterS("musl", 5, 2)).toBe(2.5);
  });
  test("glibc, 3 nameservers: waits 5, ⌊10/3⌋ = 3, ⌊20/3⌋ = 6 → 2 × 14 = 28 s", () => {
    expect(glibcWaitsS(5, 3)).toEqual([5, 3, 6]);
    expect(glibcGiveUpS(5, 2, 3)).toBe(28);
  });
  test("the lookup mixture: every packet lost → the lookup fails after 10 s", () => {
    const m = lookupMixture(newLookupMixture(), { names: 4, baseUs: 0, upstreamMiss: 0, upstreamUs: 0, loss: 1, retryLoss: 1, attempts: 2, retryUs: 5e6, giveUpUs: glibcGiveUpS(5, 2, 1) * 1e6, found: true });
    expect(m.failShare).toBe(1);
    expect(m.failUs).toBe(10e6);
  });
});

describe("V25: CoreDNS sizing", () => {
  // 1000 glibc pods × 10 lookups/s of an external name, 5 search domains (3 cluster + 2 host).
  const conf = podResolvConf({ namespace: "ns" }, { clusterDomain: "cluster.local", clusterDNS: "10.96.0.10", host: { nameservers: [], searches: ["c.proj.internal", "google.internal"], options: [] } });
  const zone = new DnsZone("cluster.local", [], [{ name: "api.example.com", aaaa: false }]);
  const answer = zone.answer.bind(zone);
  test("12 queries per lookup → 120,000 QPS ≈ 7.1 cores at 16.8k QPS per core: at least 4 two-vCPU replicas", () => {
    const qps = 1000 * 10 * lookupPlan("api.example.com", conf, "glibc", "AF_UNSPEC", answer).queries;
    expect(qps).toBe(120_000);
    const perCore = COREDNS_CAPACITY_QPS / 2; // 16,834.5
    expect(qps / perCore).toBeCloseTo(7.13, 2);
    expect(Math.ceil(qps / COREDNS_CAPACITY_QPS)).toBe(4);
  });
  test("trailing-dot FQDNs: 2 queries per lookup → 20,000 QPS ≈ 1.2 cores", () => {
    const qps = 1000 * 10 * lookupPlan("api.example.com.", conf, "glibc", "AF_UNSPEC", answer).queries;
    expect(qps).toBe(20_000);
    expect(qps / (COREDNS_CAPACITY_QPS / 2)).toBeCloseTo(1.19, 2);
  });
  test("calibration: at saturation an external name gets 5× fewer lookups/s than an internal one (Scaling_CoreDNS.md)", () => {
    // The published setup: A-only queries, 4 search domains → 5 queries per external lookup.
    const c4 = podResolvConf({ namespace: "ns" }, { clusterDomain: "cluster.local", clusterDNS: "10.96.0.10", host: { nameservers: [], searches: ["c.proj.internal"], options: [] } });
    const z = new DnsZone("cluster.local", [{ namespace: "ns", name: "svc" }], [{ name: "api.example.com", aaaa: false }]);
    const ext = lookupPlan("api.example.com", c4, "glibc", "AF_INET", z.answer.bind(z)).queries;
    const int = lookupPlan("svc", c4, "glibc", "AF_INET", z.answer.bind(z)).queries;
    expect([ext, int]).toEqual([5, 1]);
    expect(COREDNS_CAPACITY_QPS / ext).toBeCloseTo(6733.8, 1); // published: 6,733 client QPS
    expect(COREDNS_CAPACITY_QPS / int / (COREDNS_CAPACITY_QPS / ext)).toBe(5);
  });
});

describe("V26: CoreDNS cache (kubeadm Corefile)", () => {
  test("an upstream record with TTL 300 is cached 30 s; 3 replicas send upstream ≤ 3 queries per 30 s", () => {
    const ttl = cachedTtlS(300, KUBEADM_CACHE);
    expect(ttl).toBe(30);
    for (const rate of [1, 10, 1000]) {
      const perReplica = rate / 3;
      const upstreamPer30s = 3 * missRate(perReplica, ttl) * 30;
      expect(upstreamPer30s).toBeLessThanOrEqual(3);
    }
    // 10 queries/s split over 3 replicas: each misses (10/3) / (1 + 100) per s → 3 × 0.033 × 30 = 2.97 per 30 s.
    expect(3 * missRate(10 / 3, 30) * 30).toBeCloseTo(2.970, 3);
  });
  test("a cluster Service answer has TTL 30 (kubeadm ttl 30); without the ttl line it would be 5", () => {
    expect(cachedTtlS(KUBEADM_KUBERNETES_TTL_S, KUBEADM_CACHE)).toBe(30);
    expect(cachedTtlS(KUBERNETES_PLUGIN_TTL_S, KUBEADM_CACHE)).toBe(5);
  });
  test("NodeLocal DNSCache keeps a cluster NXDOMAIN 5 s, a success 30 s", () => {
    expect(cachedTtlS(30, NODE_LOCAL_CLUSTER_CACHE, true)).toBe(5);
    expect(cachedTtlS(30, NODE_LOCAL_CLUSTER_CACHE)).toBe(30);
  });
  test("one miss per TTL-plus-gap cycle: 1 query/s with τ = 30 s misses 1/31 per s", () => {
    expect(missRate(1, 30)).toBeCloseTo(1 / 31, 12);
    expect(missRate(0, 30)).toBe(0);
  });
});

describe("a CoreDNS replica as an M/M/1/K queue", () => {
  test("light load: no drops, wait ≈ 1/(μ − λ)", () => {
    const q = corednsReplica(10_000, 33_669, 1024);
    expect(q.dropRatio).toBeLessThan(1e-12);
    expect(q.meanWaitUs).toBeCloseTo(1e6 / (33_669 - 10_000), 6); // 42.25 µs
    expect(q.utilization).toBeCloseTo(10_000 / 33_669, 9);
  });
  test("2× overload: half the queries dropped, the queue full (K/μ ≈ 30 ms)", () => {
    const q = corednsReplica(2 * 33_669, 33_669, 1024);
    expect(q.dropRatio).toBeCloseTo(0.5, 6); // (1 − s)/(1 − s^(K+1)) with s = 1/2
    expect(q.utilization).toBeCloseTo(1, 6);
    expect(q.meanWaitUs / 1000).toBeCloseTo((1023 / 33_669) * 1000, 0);
  });
  test("exactly saturated: drops 1/(K+1)", () => {
    expect(corednsReplica(1000, 1000, 9).dropRatio).toBeCloseTo(0.1, 12);
  });
});

describe("conntrack race", () => {
  test("proportional to the node's query rate, capped at 1", () => {
    expect(racePerPair({ probabilityPer1kQps: 1e-3, kernel: [4, 15] }, 2000, 2)).toBeCloseTo(0.002, 15);
    expect(racePerPair({ probabilityPer1kQps: 0.5, kernel: [4, 15] }, 5000, 2)).toBe(1);
  });
  test("kernel 5.0–5.5: only the different-endpoints race is left, × (1 − 1/endpoints); 5.6 has none", () => {
    expect(racePerPair({ probabilityPer1kQps: 1e-3, kernel: [5, 4] }, 1000, 4)).toBeCloseTo(0.00075, 15);
    expect(racePerPair({ probabilityPer1kQps: 1e-3, kernel: [5, 4] }, 1000, 1)).toBe(0);
    expect(racePerPair({ probabilityPer1kQps: 1e-3, kernel: [5, 10] }, 1000, 4)).toBe(0);
  });
});

describe("the lookup latency mixture", () => {
  test("4 names, 1 % loss each, 2 attempts: retries are a sum of truncated geometrics", () => {
    const m = lookupMixture(newLookupMixture(), { names: 4, baseUs: 2000, upstreamMiss: 0.25, upstreamUs: 10_000, loss: 0.01, retryLoss: 0.01, attempts: 2, retryUs: 5e6, giveUpUs: 10e6, found: true });
    // No retry: 0.99^4 = 0.96059601, split 3:1 by the upstream miss.
    expect(m.weight[0]).toBeCloseTo(0.96059601 * 0.75, 12);
    expect(m.valueUs[1]).toBe(12_000);
    // One retry: 4 · (0.01 · 0.99) · 0.99^3 = 0.0388119…; value base + 5 s.
    expect(m.weight[2]! + m.weight[3]!).toBeCloseTo(4 * 0.0099 * 0.99 ** 3, 12);
    expect(m.valueUs[2]).toBe(5_002_000);
    // Fails when some name loses both tries: 1 − (1 − 0.0001)^4.
    expect(m.failShare).toBeCloseTo(1 - 0.9999 ** 4, 12);
    let sum = m.failShare;
    for (let i = 0; i < 2 * (MAX_RETRIES + 1); i++) sum += m.weight[i]!;
    expect(sum).toBeCloseTo(1, 12);
  });
  test("a race loses only the first try: the retry is sequential, so the lookup waits 5 s but never fails on it", () => {
    const m = lookupMixture(newLookupMixture(), { names: 4, baseUs: 2000, upstreamMiss: 0, upstreamUs: 0, loss: 0.01, retryLoss: 0, attempts: 2, retryUs: 5e6, giveUpUs: 10e6, found: true });
    expect(m.failShare).toBe(0);
    expect(m.weight[2]).toBeCloseTo(4 * 0.01 * 0.99 ** 3, 12); // one name raced
    expect(m.meanRetries).toBeCloseTo(4 * 0.01, 12);
  });
  test("a name that does not exist fails (EAI_NONAME) without a timeout", () => {
    const m = lookupMixture(newLookupMixture(), { names: 4, baseUs: 2000, upstreamMiss: 0, upstreamUs: 0, loss: 0, retryLoss: 0, attempts: 2, retryUs: 5e6, giveUpUs: 10e6, found: false });
    expect([m.failShare, m.failUs]).toEqual([1, 2000]);
  });
});
