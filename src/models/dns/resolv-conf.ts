/**
 * The resolv.conf the kubelet writes into a pod (pkg/kubelet/network/dns/dns.go, v1.34), from
 * the pod's `dnsPolicy`, `dnsConfig` and `hostNetwork`, the kubelet's `clusterDNS` /
 * `clusterDomain`, and the node's own resolv.conf (kubelet `--resolv-conf`).
 *
 *   const conf = podResolvConf({ namespace: "shop", dnsPolicy: "ClusterFirst" }, cluster);
 *   conf.searches;  // ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", ...host searches]
 *   conf.ndots;     // 5
 */

/** kubelet `defaultDNSOptions` for ClusterFirst pods (pkg/kubelet/network/dns/dns.go). */
export const KUBELET_NDOTS = 5;
/** resolv.conf(5) / glibc resolv.h defaults and caps: ndots 1 (≤ 15), timeout 5 s (≤ 30), attempts 2 (≤ 5). */
export const RES_DFLT_NDOTS = 1;
export const RES_MAXNDOTS = 15;
export const RES_TIMEOUT_S = 5;
export const RES_MAXRETRANS_S = 30;
export const RES_DFLRETRY = 2;
export const RES_MAXRETRY = 5;
/** glibc MAXNS; also the Kubernetes validation limit on nameservers (validation.go MaxDNSNameservers). */
export const MAXNS = 3;
/** Kubernetes validation (ExpandedDNSConfig, GA 1.28): at most 32 search domains, 2048 characters. */
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
/** NodeLocal DNSCache's link-local address (cluster/addons/dns/nodelocaldns). */
export const NODE_LOCAL_DNS_IP = "169.254.20.10";

export type DnsPolicy = "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";

/** `spec.dnsConfig` of a pod (core/v1 PodDNSConfig). */
export interface PodDnsConfig {
  nameservers?: string[];
  searches?: string[];
  options?: { name: string; value?: string }[];
}

/** What the kubelet knows about cluster DNS and the node's resolv.conf. */
export interface ClusterDnsSettings {
  /** kubelet `clusterDomain` (default cluster.local). */
  clusterDomain: string;
  /** kubelet `clusterDNS`: the kube-dns Service IP (or NodeLocal DNSCache's address). */
  clusterDNS: string;
  /** The node's /etc/resolv.conf (kubelet `--resolv-conf`). */
  host: { nameservers: string[]; searches: string[]; options: string[] };
}

/** The resolver's view: what glibc or musl reads from /etc/resolv.conf. */
export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  ndots: number;
  timeoutS: number;
  attempts: number;
  /** `single-request` or `single-request-reopen`: A and AAAA sent one after the other (glibc only). */
  singleRequest: boolean;
  /** `use-vc`: queries over TCP (glibc), no UDP conntrack race. */
  useVc: boolean;
}

export interface PodDnsInput {
  namespace: string;
  dnsPolicy?: DnsPolicy;
  dnsConfig?: PodDnsConfig;
  hostNetwork?: boolean;
}

/**
 * dns.go `getPodDNSType`: ClusterFirst on the host network falls back to Default (the node's
 * resolv.conf), unless the pod says ClusterFirstWithHostNet.
 */
export function podDnsType(p: PodDnsInput): "cluster" | "host" | "none" {
  const policy = p.dnsPolicy ?? "ClusterFirst";
  if (policy === "None") return "none";
  if (policy === "ClusterFirstWithHostNet") return "cluster";
  if (policy === "ClusterFirst" && !p.hostNetwork) return "cluster";
  return "host";
}

/** dns.go `GetPodDNS` + `appendDNSConfig`: the pod's resolv.conf as written, options unparsed. */
export function podResolvConfText(p: PodDnsInput, c: ClusterDnsSettings): { nameservers: string[]; searches: string[]; options: string[] } {
  let nameservers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  switch (podDnsType(p)) {
    case "cluster":
      nameservers = [c.clusterDNS];
      // generateSearchesForDNSClusterFirst: <ns>.svc.<domain> svc.<domain> <domain>, then the host's.
      searches = omitDuplicates([`${p.namespace}.svc.${c.clusterDomain}`, `svc.${c.clusterDomain}`, c.clusterDomain, ...c.host.searches]);
      options = [`ndots:${KUBELET_NDOTS}`];
      break;
    case "host":
      nameservers = [...c.host.nameservers];
      searches = [...c.host.searches];
      options = [...c.host.options];
      break;
    case "none":
      break;
  }
  const d = p.dnsConfig;
  if (d) {
    nameservers = omitDuplicates([...nameservers, ...(d.nameservers ?? [])]);
    searches = omitDuplicates([...searches, ...(d.searches ?? [])]);
    options = mergeDnsOptions(options, d.options ?? []);
  }
  return { nameservers: nameservers.slice(0, MAXNS), searches: searches.slice(0, MAX_DNS_SEARCH_PATHS), options };
}

/** dns.go `mergeDNSOptions`: the pod's dnsConfig options replace same-named ones. */
export function mergeDnsOptions(existing: readonly string[], extra: readonly { name: string; value?: string }[]): string[] {
  const m = new Map<string, string>();
  for (const o of existing) {
    const i = o.indexOf(":");
    m.set(i < 0 ? o : o.slice(0, i), i < 0 ? "" : o.slice(i + 1));
  }
  for (const o of extra) m.set(o.name, o.value ?? "");
  return [...m].map(([k, v]) => (v === "" ? k : `${k}:${v}`));
}

function omitDuplicates(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** The pod's resolv.conf as glibc or musl parses it (resolv.conf(5): values capped as glibc does). */
export function podResolvConf(p: PodDnsInput, c: ClusterDnsSettings): ResolvConf {
  const t = podResolvConfText(p, c);
  return parseResolvOptions(t.nameservers, t.searches, t.options);
}

export function parseResolvOptions(nameservers: string[], searches: string[], options: readonly string[]): ResolvConf {
  const conf: ResolvConf = { nameservers, searches, ndots: RES_DFLT_NDOTS, timeoutS: RES_TIMEOUT_S, attempts: RES_DFLRETRY, singleRequest: false, useVc: false };
  for (const o of options) {
    const [k, v] = o.split(":") as [string, string | undefined];
    const n = v === undefined ? NaN : Number.parseInt(v, 10);
    if (k === "ndots" && n >= 0) conf.ndots = Math.min(n, RES_MAXNDOTS);
    else if (k === "timeout" && n >= 0) conf.timeoutS = Math.min(n, RES_MAXRETRANS_S);
    else if (k === "attempts" && n >= 0) conf.attempts = Math.min(n, RES_MAXRETRY);
    else if (k === "single-request" || k === "single-request-reopen") conf.singleRequest = true;
    else if (k === "use-vc") conf.useVc = true;
  }
  return conf;
}

/** A short text key of a resolv.conf (pods with the same key resolve identically). */
export function resolvConfKey(c: ResolvConf): string {
  return `${c.nameservers.join(",")}|${c.searches.join(",")}|${c.ndots}|${c.timeoutS}|${c.attempts}|${+c.singleRequest}|${+c.useVc}`;
}
