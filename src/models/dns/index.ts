/**
 * models/dns/: DNS inside a Kubernetes cluster as pure functions (docs/dns.md, models.md §3):
 * the resolv.conf the kubelet writes (`resolv-conf.ts`), the names glibc or musl tries and the
 * queries they cost (`resolver.ts`), who answers (`answers.ts`), resolver timeouts
 * (`timeouts.ts`), a CoreDNS replica as an M/M/1/K queue (`coredns-capacity.ts`), cache TTLs and
 * miss rates (`dns-cache.ts`), the conntrack race (`conntrack-race.ts`), and the latency
 * mixture of a lookup and of a request's lookups (`lookup-latency.ts`, `request-delay.ts`).
 * The runtime (src/runtime/dns-dynamics.ts) drives them once per sample period.
 *
 * May import nothing outside models/.
 *
 *   const conf = podResolvConf({ namespace: "ns" }, settings.cluster);
 *   lookupPlan("api.example.com", conf, "glibc", "AF_UNSPEC", zone.answer.bind(zone)).queries;  // 8
 *   corednsReplica(50_000, 33_669, 1024).dropRatio;                                              // ≈ 0.33
 *   missRate(100, cachedTtlS(300, KUBEADM_CACHE));                                               // 100 / 3001 per s
 */
export * from "./answers.js";
export * from "./conntrack-race.js";
export * from "./coredns-capacity.js";
export * from "./dns-cache.js";
export * from "./dns-settings.js";
export * from "./lookup-latency.js";
export * from "./request-delay.js";
export * from "./resolv-conf.js";
export * from "./resolver.js";
export * from "./timeouts.js";
