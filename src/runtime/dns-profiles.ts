/**
 * Cold-path tables of the DNS model (dns-dynamics.ts): the answer of every (name, type) the
 * pods can ask, interned to a small integer key, and one `DnsProfile` per (workload, pod
 * resolv.conf): for each name the workload looks up, the keys of the names its resolver tries
 * (lookup plans of models/dns/resolver.ts). Built when a pod is first seen; the per-period
 * loop only reads typed arrays.
 */
import { DnsZone } from "../models/dns/answers.js";
import { cachedTtlS, NODE_LOCAL_CLUSTER_CACHE, NODE_LOCAL_EXTERNAL_CACHE } from "../models/dns/dns-cache.js";
import type { DnsSettings, WorkloadDns } from "../models/dns/dns-settings.js";
import { lookupMixture, newLookupMixture, type LookupMixture } from "../models/dns/lookup-latency.js";
import { NODE_LOCAL_DNS_IP, podResolvConf, resolvConfKey, type DnsPolicy, type PodDnsConfig, type ResolvConf } from "../models/dns/resolv-conf.js";
import { lookupPlan, NOERROR, QTYPE_A, QTYPE_AAAA, type QType, type Rcode } from "../models/dns/resolver.js";
import { glibcGiveUpS, muslGiveUpS, retryAfterS } from "../models/dns/timeouts.js";
import type { KubeObject, Pod } from "../cluster/k8s-types.js";

/** One name of one profile, with its per-period scratch. */
export interface ProfileLookup {
  perRequest: number;
  perPodPerSecond: number;
  /** Names tried; `keys[2i]`, `keys[2i+1]`: the A and AAAA key of name i (-1: not asked). */
  names: number;
  keys: Int32Array;
  queries: number;
  found: boolean;
  /** This period: lookups per second, and Σ lookups × race probability. */
  rate: number;
  raceWeighted: number;
  mixture: LookupMixture;
  /** Error-diffusion carry of the histogram counts, one per mixture component and the failure. */
  carry: Float64Array;
}

export interface DnsProfile {
  /** Index in ResourceDynamics.workloads. */
  workload: number;
  conf: ResolvConf;
  libc: WorkloadDns["resolver"];
  /** The first nameserver is cluster DNS (CoreDNS, or NodeLocal DNSCache when enabled). */
  viaCluster: boolean;
  /** A and AAAA sent in parallel from one socket through DNAT: the conntrack race applies. */
  racy: boolean;
  retryUs: number;
  giveUpUs: number;
  lookups: ProfileLookup[];
}

/** Interned (fqdn, type) keys and their answers. */
export class DnsKeys {
  readonly ids = new Map<string, number>();
  cluster = new Uint8Array(16);
  rcode = new Uint8Array(16);
  qtype = new Uint8Array(16);
  /** Seconds an answer stays in a CoreDNS replica's cache, and in NodeLocal DNSCache. */
  coreTtlS = new Float64Array(16);
  nodeLocalTtlS = new Float64Array(16);

  constructor(private readonly zone: DnsZone, private readonly s: DnsSettings) {}

  get size(): number {
    return this.ids.size;
  }

  key(fqdn: string, qtype: QType): number {
    const k = `${fqdn}/${qtype}`;
    let id = this.ids.get(k);
    if (id !== undefined) return id;
    id = this.ids.size;
    this.ids.set(k, id);
    if (id >= this.cluster.length) this.grow(2 * this.cluster.length);
    const cluster = this.zone.isCluster(fqdn);
    const rc: Rcode = this.zone.answer(fqdn, qtype);
    const negative = rc !== NOERROR;
    // Cluster answers (and the kubernetes plugin's SOA for denials) carry its ttl; upstream
    // answers the record's TTL or the SOA-derived negative TTL.
    const ttl = cluster ? this.s.coreDNS.kubernetesTtlS : negative ? this.s.upstream.negativeTtlS : this.s.upstream.ttlS;
    this.cluster[id] = cluster ? 1 : 0;
    this.rcode[id] = rc;
    this.qtype[id] = qtype;
    this.coreTtlS[id] = cachedTtlS(ttl, this.s.coreDNS.cache, negative);
    this.nodeLocalTtlS[id] = cachedTtlS(ttl, cluster ? NODE_LOCAL_CLUSTER_CACHE : NODE_LOCAL_EXTERNAL_CACHE, negative);
    return id;
  }

  private grow(n: number): void {
    const g = <T extends Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.cluster = g(this.cluster);
    this.rcode = g(this.rcode);
    this.qtype = g(this.qtype);
    this.coreTtlS = g(this.coreTtlS);
    this.nodeLocalTtlS = g(this.nodeLocalTtlS);
  }
}


/**
 * The zone the simulated CoreDNS and upstream answer from: the scenario's Services (plus
 * kube-dns), and as external names every looked-up name that no cluster search expansion turns
 * into a Service for its workload's namespace.
 */
export function buildZone(s: DnsSettings, objects: readonly { kind: string; namespace: string; name: string }[], lookups: readonly { namespace: string; dns: WorkloadDns }[]): DnsZone {
  const services = objects.filter((o) => o.kind === "Service").map((o) => ({ namespace: o.namespace || "default", name: o.name }));
  services.push({ namespace: "kube-system", name: "kube-dns" });
  const d = s.cluster.clusterDomain;
  const probe = new DnsZone(d, services, []);
  const external: { name: string; aaaa: boolean }[] = [];
  const isClusterName = new Set<string>();
  for (const w of lookups) {
    for (const l of w.dns.lookups) {
      const bare = l.name.endsWith(".") ? l.name.slice(0, -1) : l.name;
      const tries = [`${bare}.`, `${bare}.${w.namespace}.svc.${d}.`, `${bare}.svc.${d}.`, `${bare}.${d}.`];
      if (tries.some((t) => probe.isCluster(t) && probe.answer(t, QTYPE_A) === NOERROR)) isClusterName.add(bare);
    }
  }
  for (const w of lookups) {
    for (const l of w.dns.lookups) {
      const bare = l.name.endsWith(".") ? l.name.slice(0, -1) : l.name;
      if (!isClusterName.has(bare) && !probe.isCluster(`${bare}.`)) external.push({ name: bare, aaaa: l.aaaa });
    }
  }
  return new DnsZone(d, services, external);
}

/** The resolver profile of a pod of workload `w` (cold: once per pod). */
export function profileFor(pod: Pod | KubeObject, workload: number, dns: WorkloadDns, s: DnsSettings, keys: DnsKeys, zone: DnsZone): { key: string; build: () => DnsProfile } {
  const spec: Partial<NonNullable<Pod["spec"]>> = (pod as Pod).spec ?? {};
  const conf = podResolvConf(
    {
      namespace: pod.metadata?.namespace || "default",
      ...(spec.dnsPolicy ? { dnsPolicy: spec.dnsPolicy as DnsPolicy } : {}),
      ...(spec.dnsConfig ? { dnsConfig: spec.dnsConfig as PodDnsConfig } : {}),
      ...(spec.hostNetwork ? { hostNetwork: true } : {}),
    },
    s.cluster,
  );
  const key = `${workload}|${resolvConfKey(conf)}`;
  const build = (): DnsProfile => {
    const ns0 = conf.nameservers[0] ?? "";
    const viaCluster = ns0 === s.cluster.clusterDNS || ns0 === NODE_LOCAL_DNS_IP;
    const answer = zone.answer.bind(zone);
    const nscount = Math.max(conf.nameservers.length, 1);
    return {
      workload,
      conf,
      libc: dns.resolver,
      viaCluster,
      racy: viaCluster && !s.nodeLocalDNSCache.enabled && dns.family === "AF_UNSPEC" && !(dns.resolver === "glibc" && (conf.singleRequest || conf.useVc)),
      retryUs: retryAfterS(dns.resolver, conf.timeoutS, conf.attempts) * 1e6,
      giveUpUs: (dns.resolver === "glibc" ? glibcGiveUpS(conf.timeoutS, conf.attempts, nscount) : muslGiveUpS(conf.timeoutS)) * 1e6,
      lookups: dns.lookups.map((l) => {
        const plan = lookupPlan(l.name, conf, dns.resolver, dns.family, answer);
        const k = new Int32Array(2 * plan.tried.length).fill(-1);
        plan.tried.forEach((t, i) => {
          k[2 * i] = keys.key(t.fqdn, QTYPE_A);
          if (t.aaaa !== -1) k[2 * i + 1] = keys.key(t.fqdn, QTYPE_AAAA);
        });
        const mixture = newLookupMixture();
        return { perRequest: l.perRequest, perPodPerSecond: l.perPodPerSecond, names: plan.tried.length, keys: k, queries: plan.queries, found: plan.found > 0, rate: 0, raceWeighted: 0, mixture, carry: new Float64Array(mixture.weight.length + 1) };
      }),
    };
  };
  return { key, build };
}

/**
 * The latency mixture of one name of one profile this period (lookup-latency.ts): round trips
 * to NodeLocal DNSCache or CoreDNS (`waitUs` in its queue), upstream misses from the caches'
 * per-key miss shares, and packet losses (`drop` at CoreDNS, the race share in `L`).
 */
export function lookupLatency(p: DnsProfile, L: ProfileLookup, keys: DnsKeys, s: DnsSettings, nlMiss: Float64Array, coreMiss: Float64Array, drop: number, waitUs: number): LookupMixture {
  const nodeLocal = s.nodeLocalDNSCache.enabled;
  const coreRtt = s.coreDNS.latencyUs + waitUs;
  let base = 0;
  let noUpstream = 1;
  let loss = 0;
  for (let i = 0; i < L.names; i++) {
    const a = L.keys[2 * i]!;
    const b = L.keys[2 * i + 1]!;
    const cluster = keys.cluster[a] === 1;
    let up = 0;
    let lost = 0;
    if (!p.viaCluster) base += s.upstream.latencyUs;
    else if (nodeLocal) {
      const nl = 1 - (1 - nlMiss[a]!) * (b >= 0 ? 1 - nlMiss[b]! : 1);
      base += s.nodeLocalDNSCache.latencyUs + (cluster ? nl * coreRtt : 0);
      up = cluster ? 0 : nl;
      lost = cluster ? nl * drop : 0;
    } else {
      base += coreRtt;
      up = cluster ? 0 : 1 - (1 - coreMiss[a]!) * (b >= 0 ? 1 - coreMiss[b]! : 1);
      lost = drop;
    }
    noUpstream *= 1 - up;
    loss += 1 - (1 - lost) ** (b >= 0 ? 2 : 1);
  }
  const raceP = L.rate > 0 ? L.raceWeighted / L.rate : 0;
  const perName = L.names > 0 ? loss / L.names : 0;
  const first = 1 - (1 - perName) * (1 - raceP);
  return lookupMixture(L.mixture, {
    names: L.names,
    baseUs: base,
    upstreamMiss: 1 - noUpstream,
    upstreamUs: s.upstream.latencyUs,
    loss: first,
    // After a lost parallel answer glibc resends sequentially: no race on the retry. musl
    // retransmits both in parallel again.
    retryLoss: p.libc === "glibc" ? perName : first,
    attempts: p.conf.attempts,
    retryUs: p.retryUs,
    giveUpUs: p.giveUpUs,
    found: L.found,
  });
}
