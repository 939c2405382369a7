/**
 * DNS (issue 7): the lookups of `spec.traffic[].dns` driven through the pods' resolvers, NodeLocal
 * DNSCache, CoreDNS and the upstream resolver, aggregated per name and per sample period in
 * closed form (no per-packet events). ResourceDynamics calls `period` at the start of each of
 * its ticks, for `[T, T + Δ)`:
 *
 *  1. each Ready pod of a workload with DNS looks up each name `perRequest · λ + perPodPerSecond`
 *     times per second (λ: the pod's share of the workload's requests); the pod's resolv.conf
 *     (dnsPolicy, dnsConfig) fixes the names tried and the queries (models/dns/resolver.ts);
 *  2. queries go to the node's NodeLocal DNSCache (per node and key: misses r / (1 + rτ)) or
 *     straight to CoreDNS; CoreDNS's Ready replicas share them evenly, each an M/M/1/K queue
 *     (drops past its capacity) with its own cache in front of `forward`;
 *  3. per name: the round trips, the upstream misses and the packet losses (overload drops, the
 *     conntrack race, no CoreDNS endpoint) give a latency mixture and a failure share
 *     (lookup-latency.ts): recorded in the DNS lookup histograms, and added to the requests of
 *     the workload (`dnsDelay`), whose failed lookups fail their requests.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { Pod } from "../cluster/k8s-types.js";
import { LatencyHistogram } from "../metrics/latency-histogram.js";
import { racePerPair } from "../models/dns/conntrack-race.js";
import { corednsReplica } from "../models/dns/coredns-capacity.js";
import { missRate } from "../models/dns/dns-cache.js";
import type { DnsSettings } from "../models/dns/dns-settings.js";
import { MIXTURE_SIZE, type LookupMixture } from "../models/dns/lookup-latency.js";
import { WeightedSamples } from "../metrics/weighted-samples.js";
import { addLookups, newRequestDelay, resetRequestDelay } from "../models/dns/request-delay.js";
import { NXDOMAIN, QTYPE_A } from "../models/dns/resolver.js";
import { meanRate } from "../models/traffic.js";
import { COREDNS_NAME, COREDNS_NAMESPACE, corednsDeployment, KUBE_DNS_LABEL, NODE_LOCAL_DNS_NAME, nodeLocalDnsDaemonSet } from "./coredns-deployment.js";
import { buildZone, DnsKeys, lookupLatency, profileFor, type DnsProfile, type ProfileLookup } from "./dns-profiles.js";
import type { ResourceDynamics } from "./resource-dynamics.js";

const UNKNOWN = -1;
const NOT_DNS = -2;

/** Per workload with DNS lookups. */
interface WorkloadDnsState {
  index: number;
  scope: string;
  latency: LatencyHistogram;
  /** This period's lookup-latency components start at this index of the scratch arrays. */
  from: number;
  lookups: number;
  queries: number;
  /** This period: requests per second per Ready pod. */
  lambda: number;
  // Gauges (last period).
  lookupsPerS: number;
  amplification: number;
  p99Ms: number;
}

export class DnsDynamics implements Actor {
  readonly name = "dns";
  /** Every lookup's latency (µs), failed ones at the time they gave up. */
  readonly lookupLatency = new LatencyHistogram();
  readonly workloads: WorkloadDnsState[] = [];
  lookups = 0;
  /** Queries that reached CoreDNS. */
  corednsQueries = 0;
  timeouts = 0;
  failedLookups = 0;
  /** Last period's gauges. */
  readonly g = {
    requests: 0, requestsA: 0, requestsAAAA: 0, noerror: 0, nxdomain: 0, cacheHits: 0, cacheMisses: 0, forward: 0, dropped: 0,
    utilization: 0, replicas: 0, lookupsPerS: 0, amplification: 0, p99Ms: 0, timeoutsPerS: 0, failedPerS: 0, nodeLocalHits: 0, upstream: 0,
  };
  private ctx!: ActorContext;
  private s!: DnsSettings;
  private keys!: DnsKeys;
  private zone!: ReturnType<typeof buildZone>;
  private readonly profiles: DnsProfile[] = [];
  private readonly profileIds = new Map<string, number>();
  private profileOf = new Int32Array(0);
  private podObj: (Pod | undefined)[] = [];
  private readonly corePods = new Set<number>();
  private deadReplicas = 0;
  private readonly byWorkload = new Map<number, WorkloadDnsState>();
  /** This period's lookup latencies as (µs, lookups) components: the p99 gauges without histograms. */
  private readonly comps = new WeightedSamples();
  // Per-period scratch.
  private nodeQps: Float64Array<ArrayBuffer> = new Float64Array(0);
  private nodeKey: Float64Array<ArrayBuffer> = new Float64Array(0);
  private coreRate: Float64Array<ArrayBuffer> = new Float64Array(0);
  private coreMiss: Float64Array<ArrayBuffer> = new Float64Array(0);
  private nlMiss: Float64Array<ArrayBuffer> = new Float64Array(0);
  private nlRate: Float64Array<ArrayBuffer> = new Float64Array(0);
  private readonly delay = newRequestDelay();

  constructor(
    private readonly rd: ResourceDynamics,
    private readonly gauge: (metric: string, scope: string, read: () => number) => void = () => {},
  ) {}

  start(ctx: ActorContext): void {
    const s = ctx.scenario.dns;
    if (!s) return;
    this.ctx = ctx;
    this.s = s;
    const traffic = ctx.scenario.traffic ?? [];
    this.zone = buildZone(s, ctx.scenario.objects, traffic.filter((t) => t.dns).map((t) => ({ namespace: t.target.namespace, dns: t.dns! })));
    this.keys = new DnsKeys(this.zone, s);
    traffic.forEach((t, i) => {
      if (!t.dns) return;
      const w: WorkloadDnsState = { index: i, scope: `${t.target.kind}/${t.target.namespace}/${t.target.name}`, latency: new LatencyHistogram(), from: 0, lookups: 0, queries: 0, lambda: 0, lookupsPerS: 0, amplification: 0, p99Ms: 0 };
      this.workloads.push(w);
      this.byWorkload.set(i, w);
    });
    const g = this.g;
    const cluster: [string, () => number][] = [
      ["coredns_requests_per_second", () => g.requests],
      ["coredns_requests_a_per_second", () => g.requestsA],
      ["coredns_requests_aaaa_per_second", () => g.requestsAAAA],
      ["coredns_responses_noerror_per_second", () => g.noerror],
      ["coredns_responses_nxdomain_per_second", () => g.nxdomain],
      ["coredns_cache_hits_per_second", () => g.cacheHits],
      ["coredns_cache_misses_per_second", () => g.cacheMisses],
      ["coredns_forward_requests_per_second", () => g.forward],
      ["coredns_dropped_per_second", () => g.dropped],
      ["coredns_utilization", () => g.utilization],
      ["coredns_ready_replicas", () => g.replicas],
      ["upstream_dns_requests_per_second", () => g.upstream],
      ["dns_lookups_per_second", () => g.lookupsPerS],
      ["dns_amplification", () => g.amplification],
      ["dns_lookup_latency_p99_ms", () => g.p99Ms],
      ["dns_timeouts_per_second", () => g.timeoutsPerS],
      ["dns_failed_lookups_per_second", () => g.failedPerS],
      ...(s.nodeLocalDNSCache.enabled ? [["nodelocaldns_cache_hits_per_second", () => g.nodeLocalHits] as [string, () => number]] : []),
    ];
    for (const w of this.workloads) {
      this.gauge("dns_lookups_per_second", w.scope, () => w.lookupsPerS);
      this.gauge("dns_amplification", w.scope, () => w.amplification);
      this.gauge("dns_lookup_latency_p99_ms", w.scope, () => w.p99Ms);
    }
    // After the workloads' gauges: summary.json keeps the last gauge of a name (the cluster's).
    for (const [m, read] of cluster) this.gauge(m, "cluster", read);
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
    const own = ctx.scenario.objects.some((o) => o.kind === "Deployment" && o.namespace === COREDNS_NAMESPACE && o.name === COREDNS_NAME);
    if (!own) ctx.store.create("Deployment", corednsDeployment(s.coreDNS.replicas));
    const ownCache = ctx.scenario.objects.some((o) => o.kind === "DaemonSet" && o.namespace === COREDNS_NAMESPACE && o.name === NODE_LOCAL_DNS_NAME);
    if (s.nodeLocalDNSCache.enabled && !ownCache) ctx.store.create("DaemonSet", nodeLocalDnsDaemonSet());
    this.rd.periodHook = (T, dUs) => this.onPeriod(T, dUs);
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    if (id >= this.profileOf.length) {
      const a = new Int32Array(Math.max(2 * this.profileOf.length, id + 1, 64)).fill(UNKNOWN);
      a.set(this.profileOf);
      this.profileOf = a;
    }
    if (t === "DELETED") {
      this.podObj[id] = undefined;
      this.profileOf[id] = UNKNOWN;
      this.corePods.delete(id);
      return;
    }
    this.podObj[id] = pod;
    if (pod.metadata?.namespace === COREDNS_NAMESPACE && pod.metadata.labels?.["k8s-app"] === KUBE_DNS_LABEL) this.corePods.add(id);
  }

  /** The profile index of a serving pod of traffic workload `w` (built on first sight). */
  private profileIndex(id: number, w: number): number {
    const p = this.profileOf[id]!;
    if (p !== UNKNOWN) return p;
    const pod = this.podObj[id];
    const dns = this.ctx.scenario.traffic![w]!.dns;
    if (!pod || !dns) return (this.profileOf[id] = NOT_DNS);
    const { key, build } = profileFor(pod, w, dns, this.s, this.keys, this.zone);
    let i = this.profileIds.get(key);
    if (i === undefined) {
      i = this.profiles.length;
      this.profiles.push(build());
      this.profileIds.set(key, i);
    }
    return (this.profileOf[id] = i);
  }

  private onPeriod(T: number, dUs: number): void {
    const s = this.s;
    const dS = dUs / 1e6;
    const rd = this.rd;
    const nodeLocal = s.nodeLocalDNSCache.enabled;
    const race = s.conntrackRace.probabilityPer1kQps > 0;
    for (const p of this.profiles) for (const L of p.lookups) L.rate = L.raceWeighted = 0;
    // 1. Lookups per pod, per node (profiles of new pods first: they may add keys).
    let maxNode = 0;
    for (const w of this.workloads) {
      const state = rd.workloads[w.index]!;
      let ready = 0;
      for (const id of state.pods) {
        if (!rd.isServing(id)) continue;
        ready++;
        maxNode = Math.max(maxNode, rd.node[id]! + 1);
        this.profileIndex(id, w.index);
      }
      w.lambda = ready > 0 ? meanRate(state.spec.rate, T, T + dUs) / ready : 0;
    }
    const K = this.keys.size;
    this.nodeQps = ensure(this.nodeQps, maxNode);
    if (nodeLocal) this.nodeKey = ensure(this.nodeKey, maxNode * K);
    for (const w of this.workloads) {
      const state = rd.workloads[w.index]!;
      const lambda = w.lambda;
      for (const id of state.pods) {
        if (!rd.isServing(id)) continue;
        const pi = this.profileOf[id]!;
        if (pi < 0) continue;
        const p = this.profiles[pi]!;
        const n = rd.node[id]!;
        for (const L of p.lookups) {
          const l = L.perRequest * lambda + L.perPodPerSecond;
          L.rate += l;
          if (!p.viaCluster) continue;
          this.nodeQps[n] += l * L.queries;
          if (nodeLocal) for (let j = 0; j < L.keys.length; j++) if (L.keys[j]! >= 0) this.nodeKey[n * K + L.keys[j]!] += l;
        }
      }
    }
    const nk = K;
    this.coreRate = ensure(this.coreRate, nk);
    this.coreMiss = ensure(this.coreMiss, nk);
    this.nlMiss = ensure(this.nlMiss, nk);
    this.nlRate = ensure(this.nlRate, nk);
    const replicas = this.readyReplicas();
    if (race) {
      for (const w of this.workloads) {
        const lambda = w.lambda;
        for (const id of rd.workloads[w.index]!.pods) {
          const pi = rd.isServing(id) ? this.profileOf[id]! : -1;
          if (pi < 0 || !this.profiles[pi]!.racy) continue;
          const pr = racePerPair(s.conntrackRace, this.nodeQps[rd.node[id]!]!, replicas);
          for (const L of this.profiles[pi]!.lookups) L.raceWeighted += (L.perRequest * lambda + L.perPodPerSecond) * pr;
        }
      }
    }
    // 2. NodeLocal DNSCache per (node, key); CoreDNS per key.
    if (nodeLocal) {
      for (let n = 0; n < maxNode; n++) {
        for (let k = 0; k < nk; k++) {
          const r = this.nodeKey[n * K + k]!;
          if (r === 0) continue;
          this.nlRate[k] += r;
          const m = missRate(r, this.keys.nodeLocalTtlS[k]!);
          this.nlMiss[k] += m;
          // cluster.local misses go to CoreDNS (force_tcp); other names straight upstream.
          if (this.keys.cluster[k]) this.coreRate[k] += m;
        }
      }
    }
    for (const p of this.profiles) {
      if (!p.viaCluster || nodeLocal) continue;
      for (const L of p.lookups) for (let j = 0; j < L.keys.length; j++) if (L.keys[j]! >= 0) this.coreRate[L.keys[j]!] += L.rate;
    }
    let offered = 0;
    for (let k = 0; k < nk; k++) offered += this.coreRate[k]!;
    // kube-proxy spreads queries evenly over the Ready endpoints, including a replica whose node
    // has died but is not yet NotReady: its share is lost until the endpoint goes.
    const alive = replicas - this.deadReplicas;
    const q = alive > 0 ? corednsReplica(offered / replicas, s.coreDNS.capacityPerReplica, s.coreDNS.queueLength) : null;
    const drop = q ? 1 - (alive / replicas) * (1 - q.dropRatio) : 1;
    const g = this.g;
    g.requests = offered;
    g.requestsA = g.requestsAAAA = g.noerror = g.nxdomain = g.cacheHits = g.cacheMisses = g.forward = g.nodeLocalHits = g.upstream = 0;
    for (let k = 0; k < nk; k++) {
      const r = this.coreRate[k]!;
      if (this.keys.qtype[k] === QTYPE_A) g.requestsA += r;
      else g.requestsAAAA += r;
      const served = r * (1 - drop);
      // NODATA is NOERROR with an empty answer.
      if (this.keys.rcode[k] === NXDOMAIN) g.nxdomain += served;
      else g.noerror += served;
      const misses = alive > 0 ? alive * missRate(served / alive, this.keys.coreTtlS[k]!) : 0;
      this.coreMiss[k] = served > 0 ? misses / served : 0;
      g.cacheHits += served - misses;
      g.cacheMisses += misses;
      if (!this.keys.cluster[k]) g.forward += misses;
      if (nodeLocal) {
        g.nodeLocalHits += this.nlRate[k]! - this.nlMiss[k]!;
        this.nlMiss[k] = this.nlRate[k]! > 0 ? this.nlMiss[k]! / this.nlRate[k]! : 0;
      }
    }
    g.upstream = g.forward;
    if (nodeLocal) for (let k = 0; k < nk; k++) if (!this.keys.cluster[k]) g.upstream += this.nlMiss[k]! * this.nlRate[k]!;
    g.dropped = offered * drop;
    g.utilization = alive > 0 ? offered / (replicas * s.coreDNS.capacityPerReplica) : 0;
    g.replicas = replicas;
    this.corednsQueries += offered * dS;
    // 3. Latency and failures per (profile, name); the requests' DNS delay per workload.
    const waitUs = q ? q.meanWaitUs : 0;
    this.comps.clear();
    let lookups = 0;
    let timeouts = 0;
    let failed = 0;
    let queries = 0;
    for (const w of this.workloads) {
      w.from = this.comps.size;
      w.lookupsPerS = 0;
      let wq = 0;
      resetRequestDelay(this.delay);
      let top: DnsProfile | null = null;
      let topRate = -1;
      for (const p of this.profiles) {
        if (p.workload !== w.index) continue;
        let pr = 0;
        for (const L of p.lookups) {
          const m = lookupLatency(p, L, this.keys, s, this.nlMiss, this.coreMiss, drop, waitUs);
          const count = L.rate * dS;
          this.record(w, L, m, count);
          lookups += count;
          timeouts += count * m.meanRetries;
          failed += count * m.failShare;
          if (p.viaCluster) wq += L.rate * L.queries;
          w.lookupsPerS += L.rate;
          pr += L.rate;
        }
        if (pr > topRate) [top, topRate] = [p, pr];
      }
      // Requests of a workload whose pods differ in resolv.conf use its busiest profile.
      if (top) for (const L of top.lookups) if (L.perRequest > 0) addLookups(this.delay, L.mixture, L.perRequest);
      const state = this.rd.workloads[w.index]!;
      state.dnsDelay = this.delay.n > 1 || this.delay.valueUs[0]! > 0 || this.delay.failShare > 0 ? copyDelay(this.delay, state.dnsDelay) : null;
      w.amplification = w.lookupsPerS > 0 ? wq / w.lookupsPerS : 0;
      w.p99Ms = this.comps.quantile(0.99, w.from) / 1000;
      w.lookups += w.lookupsPerS * dS;
      w.queries += wq * dS;
      queries += wq;
    }
    this.lookups += lookups;
    this.timeouts += timeouts;
    this.failedLookups += failed;
    g.lookupsPerS = lookups / dS;
    g.amplification = lookups > 0 ? (queries * dS) / lookups : 0;
    g.p99Ms = this.comps.quantile(0.99) / 1000;
    g.timeoutsPerS = timeouts / dS;
    g.failedPerS = failed / dS;
    if (nodeLocal) this.nodeKey.fill(0, 0, maxNode * K);
    this.nodeQps.fill(0);
    this.coreRate.fill(0);
    this.nlRate.fill(0);
    this.nlMiss.fill(0);
  }

  /** Adds `count` lookups at the mixture's components (integer counts, carried); `from` counts them by the period's start, now. */
  private record(w: WorkloadDnsState, L: ProfileLookup, m: LookupMixture, count: number): void {
    for (let j = 0; j <= MIXTURE_SIZE; j++) {
      const share = j < MIXTURE_SIZE ? m.weight[j]! : m.failShare;
      if (share > 0 && count > 0) this.comps.add(j < MIXTURE_SIZE ? m.valueUs[j]! : m.failUs, count * share);
      const c = L.carry[j]! + count * share;
      const k = Math.floor(c);
      L.carry[j] = c - k;
      if (k <= 0) continue;
      const v = Math.round(j < MIXTURE_SIZE ? m.valueUs[j]! : m.failUs);
      w.latency.recordCount(v, k);
      this.lookupLatency.recordCount(v, k, this.ctx.sim.nowUs);
    }
  }

  /** Ready CoreDNS endpoints; sets `deadReplicas` to those among them whose node is down. */
  private readyReplicas(): number {
    const L = this.ctx.ledger;
    let n = 0;
    this.deadReplicas = 0;
    for (const id of this.corePods) {
      if (!L.isReady(id) || !Number.isNaN(L.terminatingUs[id]!)) continue;
      n++;
      const node = this.podObj[id]?.spec?.nodeName;
      if (node && this.ctx.world.isDown(node)) this.deadReplicas++;
    }
    return n;
  }
}

function ensure(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  return a.length >= n ? a : new Float64Array(Math.max(n, 2 * a.length));
}

function copyDelay(d: ReturnType<typeof newRequestDelay>, into: ReturnType<typeof newRequestDelay> | null): ReturnType<typeof newRequestDelay> {
  const o = into ?? newRequestDelay();
  o.n = d.n;
  o.valueUs.set(d.valueUs);
  o.weight.set(d.weight);
  o.failShare = d.failShare;
  return o;
}
