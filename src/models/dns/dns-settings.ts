/**
 * `spec.dns` and `spec.traffic[].dns` resolved into kubesim units (the contract between
 * `src/scenario/dns-fields.ts` and `src/runtime/dns-dynamics.ts`), with their defaults and where
 * each comes from. Present = DNS is modelled: CoreDNS runs as the Deployment
 * `kube-system/coredns` and every `spec.traffic[]` entry with `dns.lookups` sends queries.
 */
import type { AddressFamily, Libc } from "./resolver.js";
import type { ConntrackRace } from "./conntrack-race.js";
import type { CacheTtl } from "./dns-cache.js";
import { COREDNS_CAPACITY_QPS, COREDNS_QUEUE_LENGTH } from "./coredns-capacity.js";
import { KUBEADM_CACHE, KUBEADM_KUBERNETES_TTL_S } from "./dns-cache.js";
import type { ClusterDnsSettings } from "./resolv-conf.js";

export interface CoreDnsSettings {
  /** The Deployment's replicas (kubeadm: 2). */
  replicas: number;
  /** Queries per second one replica serves with its CPUs pegged (Scaling_CoreDNS.md: 33,669 on 2 vCPU). */
  capacityPerReplica: number;
  /** Queries a replica holds before dropping (UDP receive queue). */
  queueLength: number;
  /** Round trip pod ↔ CoreDNS at no load, µs (network and a cache hit). */
  latencyUs: number;
  /** The Corefile's `cache` plugin bounds (kubeadm: `cache 30`). */
  cache: CacheTtl;
  /** The kubernetes plugin's `ttl` for cluster answers (kubeadm: 30 s; plugin default 5 s). */
  kubernetesTtlS: number;
}

export interface UpstreamSettings {
  /** Round trip CoreDNS (or NodeLocal DNSCache) ↔ the upstream resolver, µs. */
  latencyUs: number;
  /** TTL of the external names' records, s. */
  ttlS: number;
  /** TTL of upstream negative answers (from the SOA), s. */
  negativeTtlS: number;
}

export interface NodeLocalDnsSettings {
  enabled: boolean;
  /** Round trip pod ↔ the node's cache, µs. */
  latencyUs: number;
}

export interface DnsSettings {
  cluster: ClusterDnsSettings;
  coreDNS: CoreDnsSettings;
  upstream: UpstreamSettings;
  nodeLocalDNSCache: NodeLocalDnsSettings;
  conntrackRace: ConntrackRace;
}

/** One name a workload looks up. */
export interface DnsLookup {
  /** As the application writes it (`cart`, `cart.shop`, `api.example.com`, `api.example.com.`). */
  name: string;
  /** Lookups per request served (≤ 1: the share of requests that look it up). */
  perRequest: number;
  /** Background lookups per second per pod (connection pools, health checks, SDK refreshes). */
  perPodPerSecond: number;
  /** An external name also has AAAA records. */
  aaaa: boolean;
}

export interface WorkloadDns {
  resolver: Libc;
  family: AddressFamily;
  lookups: DnsLookup[];
}

export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";
/** kubeadm's default Service CIDR 10.96.0.0/12: kube-dns gets its tenth address. */
export const DEFAULT_CLUSTER_DNS = "10.96.0.10";

export function defaultDnsSettings(): DnsSettings {
  return {
    cluster: { clusterDomain: DEFAULT_CLUSTER_DOMAIN, clusterDNS: DEFAULT_CLUSTER_DNS, host: { nameservers: ["169.254.169.254"], searches: [], options: [] } },
    coreDNS: {
      replicas: 2,
      capacityPerReplica: COREDNS_CAPACITY_QPS,
      queueLength: COREDNS_QUEUE_LENGTH,
      latencyUs: 500,
      cache: { ...KUBEADM_CACHE },
      kubernetesTtlS: KUBEADM_KUBERNETES_TTL_S,
    },
    upstream: { latencyUs: 10_000, ttlS: 300, negativeTtlS: 60 },
    nodeLocalDNSCache: { enabled: false, latencyUs: 100 },
    conntrackRace: { probabilityPer1kQps: 0, kernel: [5, 4] },
  };
}
