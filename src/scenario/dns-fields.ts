/**
 * `spec.dns` (the cluster's DNS: kubelet clusterDomain/clusterDNS, the node's resolv.conf,
 * CoreDNS, the upstream resolver, NodeLocal DNSCache, the conntrack race) and
 * `spec.traffic[].dns` (what a workload looks up): their JSON Schema (built from schema-helpers.ts's
 * helpers) and their resolution into `DnsSettings` / `WorkloadDns` (src/models/dns/dns-settings.ts).
 * The pods' own `dnsPolicy` and `dnsConfig` come from their manifests. See docs/dns.md.
 */
import { defaultDnsSettings, type DnsSettings, type WorkloadDns } from "../models/dns/dns-settings.js";
import { MAX_DNS_SEARCH_PATHS, MAXNS } from "../models/dns/resolv-conf.js";
import type { RawScalar } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { Schema, SchemaHelpers } from "./schema-helpers.js";

type KeyPath = (string | number)[];

/** RFC 1123 subdomain, optionally absolute (a trailing dot), as a resolver accepts it. */
export const DNS_NAME_PATTERN = "^[A-Za-z0-9_]([-A-Za-z0-9_]{0,62})(\\.[A-Za-z0-9_]([-A-Za-z0-9_]{0,62}))*\\.?$";
const DOMAIN_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9]{0,62})(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,62}))*$";
const IP_PATTERN = "^[0-9.:a-fA-F]{2,45}$";
const KERNEL_PATTERN = "^[0-9]{1,2}\\.[0-9]{1,3}";
/** Most lookups one workload may list, and CoreDNS replicas (absurd sizes are refused). */
export const MAX_LOOKUPS = 100;
export const MAX_COREDNS_REPLICAS = 10_000;

export interface RawDns {
  clusterDomain?: string;
  clusterDNS?: string;
  node?: { nameservers?: string[]; searches?: string[]; options?: string[] };
  coreDNS?: { replicas?: number; capacityPerReplica?: number; queueLength?: number; latency?: RawScalar; cache?: { success?: RawScalar; denial?: RawScalar }; ttl?: RawScalar };
  upstream?: { latency?: RawScalar; ttl?: RawScalar; negativeTTL?: RawScalar };
  nodeLocalDNSCache?: { enabled?: boolean; latency?: RawScalar };
  conntrackRace?: { probabilityPer1kQps?: number; kernelVersion?: string };
}

export interface RawWorkloadDns {
  resolver?: "glibc" | "musl";
  family?: "AF_UNSPEC" | "AF_INET";
  lookups: { name: string; perRequest?: number; perPodPerSecond?: number; aaaa?: boolean }[];
}

export function dnsSchema(h: SchemaHelpers): Schema {
  const num = (description: string, maximum: number, minimum = 0): Schema => ({ type: "number", minimum, maximum, description });
  const list = (description: string, max: number, item: Schema): Schema => ({ type: "array", description, maxItems: max, items: item });
  return h.object(
    "Cluster DNS: present = CoreDNS runs as the Deployment kube-system/coredns and the lookups of spec.traffic[].dns are modelled (queries, caches, latency, timeouts). Pods' dnsPolicy and dnsConfig come from their manifests. See docs/dns.md.",
    {
      clusterDomain: h.str("kubelet clusterDomain (default cluster.local).", { pattern: DOMAIN_PATTERN }),
      clusterDNS: h.str("kubelet clusterDNS: the kube-dns Service IP written as the pods' nameserver (default 10.96.0.10).", { pattern: IP_PATTERN }),
      node: h.object("The nodes' /etc/resolv.conf (kubelet --resolv-conf): its search domains follow the cluster ones in every ClusterFirst pod.", {
        nameservers: list(`Upstream resolvers (default [169.254.169.254]; at most ${MAXNS}).`, MAXNS, h.str("An IP address.", { pattern: IP_PATTERN })),
        searches: list("Search domains, e.g. [c.my-project.internal, google.internal] (default none).", MAX_DNS_SEARCH_PATHS, h.str("A domain.", { pattern: DOMAIN_PATTERN })),
        options: list("resolv.conf options of pods with dnsPolicy Default, e.g. [\"ndots:1\", \"timeout:2\"].", 16, h.str("An option.", { minLength: 1, maxLength: 64 })),
      }),
      coreDNS: h.object("CoreDNS (kubeadm's Deployment and Corefile).", {
        replicas: h.count("Replicas of the Deployment (default 2, as kubeadm).", MAX_COREDNS_REPLICAS, 0),
        capacityPerReplica: num("Queries per second one replica serves with its CPUs pegged (default 33669: Scaling_CoreDNS.md, 2 vCPU).", 1e8, 1),
        queueLength: h.count("Queries a replica's UDP receive queue holds before dropping (default 1024).", 1_000_000, 1),
        latency: h.duration("Round trip pod ↔ CoreDNS with no queueing (default 500us)."),
        cache: h.object("The cache plugin's maximum TTLs (default `cache 30`: 30s both; MINTTL 5s).", {
          success: h.duration("Longest a positive answer is kept (default 30s)."),
          denial: h.duration("Longest a negative answer is kept (default 30s)."),
        }),
        ttl: h.duration("The kubernetes plugin's ttl for cluster answers (default 30s as kubeadm; the plugin's own default is 5s)."),
      }),
      upstream: h.object("The resolver CoreDNS forwards to (forward . /etc/resolv.conf).", {
        latency: h.duration("Round trip to it (default 10ms)."),
        ttl: h.duration("TTL of the external names' records (default 300s)."),
        negativeTTL: h.duration("TTL of its NXDOMAIN answers (SOA minimum; default 60s)."),
      }),
      nodeLocalDNSCache: h.object("NodeLocal DNSCache: a caching agent on every node at 169.254.20.10 (no conntrack; cluster.local misses to CoreDNS over TCP, other names straight upstream).", {
        enabled: { type: "boolean", description: "Run it (default false)." },
        latency: h.duration("Round trip pod ↔ the node's cache (default 100us)."),
      }),
      conntrackRace: h.object("The conntrack race on parallel A/AAAA queries through kube-proxy DNAT (a lost packet: a 5 s resolver timeout).", {
        probabilityPer1kQps: num("Probability that one parallel pair races when its node sends 1000 DNS queries/s; proportional to the node's rate (default 0: off; not calibrated).", 1),
        kernelVersion: h.str("Node kernel: races fixed in 4.19 and 5.0, the last (different endpoints) in 5.6 (default 5.4).", { pattern: KERNEL_PATTERN }),
      }),
    },
  );
}

export function workloadDnsSchema(h: SchemaHelpers): Schema {
  const num = (description: string, maximum: number): Schema => ({ type: "number", minimum: 0, maximum, description });
  return h.object(
    "The names this workload's pods look up (with spec.dns). Each lookup is one getaddrinfo call by the pod's resolver, through its resolv.conf.",
    {
      resolver: { type: "string", enum: ["glibc", "musl"], description: "The C library of the image: glibc (default) or musl (Alpine)." },
      family: { type: "string", enum: ["AF_UNSPEC", "AF_INET"], description: "getaddrinfo's ai_family: AF_UNSPEC (default) asks A and AAAA, AF_INET only A." },
      lookups: {
        type: "array",
        description: "The names looked up.",
        minItems: 1,
        maxItems: MAX_LOOKUPS,
        items: h.object(
          "One name.",
          {
            name: h.str("As the application writes it: cart (same namespace), cart.shop, cart.shop.svc.cluster.local, api.example.com, or with a trailing dot (absolute).", { pattern: DNS_NAME_PATTERN, maxLength: 254 }),
            perRequest: num("Lookups per request served (0.1 = one request in ten; default 0).", 100),
            perPodPerSecond: num("Background lookups per second per Ready pod (default 0).", 1e6),
            aaaa: { type: "boolean", description: "An external name also has AAAA records (default false)." },
          },
          ["name"],
        ),
      },
    },
    ["lookups"],
  );
}

const S = 1_000_000;

export function resolveDns(raw: RawDns, ck: ScenarioChecker): DnsSettings {
  const at: KeyPath = ["spec", "dns"];
  const d = defaultDnsSettings();
  const c = raw.coreDNS ?? {};
  const u = raw.upstream ?? {};
  const sec = (path: KeyPath, v: RawScalar | undefined, def: number): number => ck.duration(path, v, def * S) / S;
  d.cluster.clusterDomain = raw.clusterDomain ?? d.cluster.clusterDomain;
  d.cluster.clusterDNS = raw.clusterDNS ?? d.cluster.clusterDNS;
  if (raw.node) d.cluster.host = { nameservers: raw.node.nameservers ?? d.cluster.host.nameservers, searches: raw.node.searches ?? [], options: raw.node.options ?? [] };
  d.coreDNS.replicas = c.replicas ?? d.coreDNS.replicas;
  d.coreDNS.capacityPerReplica = c.capacityPerReplica ?? d.coreDNS.capacityPerReplica;
  d.coreDNS.queueLength = c.queueLength ?? d.coreDNS.queueLength;
  d.coreDNS.latencyUs = ck.duration([...at, "coreDNS", "latency"], c.latency, d.coreDNS.latencyUs);
  d.coreDNS.cache.successMaxS = sec([...at, "coreDNS", "cache", "success"], c.cache?.success, d.coreDNS.cache.successMaxS);
  d.coreDNS.cache.denialMaxS = sec([...at, "coreDNS", "cache", "denial"], c.cache?.denial, d.coreDNS.cache.denialMaxS);
  d.coreDNS.kubernetesTtlS = sec([...at, "coreDNS", "ttl"], c.ttl, d.coreDNS.kubernetesTtlS);
  d.upstream.latencyUs = ck.duration([...at, "upstream", "latency"], u.latency, d.upstream.latencyUs);
  d.upstream.ttlS = sec([...at, "upstream", "ttl"], u.ttl, d.upstream.ttlS);
  d.upstream.negativeTtlS = sec([...at, "upstream", "negativeTTL"], u.negativeTTL, d.upstream.negativeTtlS);
  d.nodeLocalDNSCache.enabled = raw.nodeLocalDNSCache?.enabled ?? false;
  d.nodeLocalDNSCache.latencyUs = ck.duration([...at, "nodeLocalDNSCache", "latency"], raw.nodeLocalDNSCache?.latency, d.nodeLocalDNSCache.latencyUs);
  const r = raw.conntrackRace ?? {};
  d.conntrackRace.probabilityPer1kQps = r.probabilityPer1kQps ?? 0;
  if (r.kernelVersion !== undefined) {
    const [maj, min] = r.kernelVersion.split(".").map((x) => Number.parseInt(x, 10)) as [number, number];
    d.conntrackRace.kernel = [maj, min];
  }
  return d;
}

/** `spec.traffic[].dns` needs `spec.dns`: without it there is no CoreDNS to ask. */
export function requireClusterDns(traffic: readonly { dns?: RawWorkloadDns }[], hasDns: boolean, ck: ScenarioChecker): void {
  if (hasDns) return;
  traffic.forEach((t, i) => {
    if (t.dns) ck.fail(["spec", "traffic", i, "dns"], "MISSING_FIELD", "lookups need spec.dns (the cluster's DNS: CoreDNS, caches) to be set", "key");
  });
}

export function resolveWorkloadDns(raw: RawWorkloadDns, at: KeyPath, ck: ScenarioChecker): WorkloadDns {
  const seen = new Set<string>();
  raw.lookups.forEach((l, j) => {
    if (seen.has(l.name)) ck.fail([...at, "lookups", j, "name"], "INVALID_VALUE", `${l.name} is listed twice`);
    seen.add(l.name);
    if ((l.perRequest ?? 0) === 0 && (l.perPodPerSecond ?? 0) === 0) ck.fail([...at, "lookups", j], "MISSING_FIELD", "a lookup needs perRequest or perPodPerSecond above 0", "key");
  });
  return {
    resolver: raw.resolver ?? "glibc",
    family: raw.family ?? "AF_UNSPEC",
    lookups: raw.lookups.map((l) => ({ name: l.name, perRequest: l.perRequest ?? 0, perPodPerSecond: l.perPodPerSecond ?? 0, aaaa: l.aaaa ?? false })),
  };
}
