import { describe, expect, test } from "vitest";
import { defaultDnsSettings } from "../models/dns/dns-settings.js";
import { NODATA, NOERROR, NXDOMAIN, QTYPE_A, QTYPE_AAAA } from "../models/dns/resolver.js";
import { buildZone, DnsKeys, profileFor } from "./dns-profiles.js";

const s = defaultDnsSettings();
const objects = [{ kind: "Service", namespace: "shop", name: "cart" }, { kind: "Service", namespace: "billing", name: "payments" }];
const dns = (names: string[], resolver: "glibc" | "musl" = "glibc") => ({ resolver, family: "AF_UNSPEC" as const, lookups: names.map((name) => ({ name, perRequest: 1, perPodPerSecond: 0, aaaa: false })) });
const pod = (spec: Record<string, unknown> = {}) => ({ metadata: { namespace: "shop", name: "p" }, spec: { containers: [], ...spec } });

describe("the zone CoreDNS and upstream answer from", () => {
  const zone = buildZone(s, objects, [{ namespace: "shop", dns: dns(["cart", "payments.billing", "api.stripe.com"]) }]);
  test("short and other-namespace Service names are cluster names, not external ones", () => {
    // cart. and payments.billing. are never upstream names: with ndots:1 glibc asks them as-is first and gets NXDOMAIN.
    expect(zone.answer("cart.", QTYPE_A)).toBe(NXDOMAIN);
    expect(zone.answer("payments.billing.", QTYPE_A)).toBe(NXDOMAIN);
    expect(zone.answer("api.stripe.com.", QTYPE_A)).toBe(NOERROR);
    expect(zone.answer("api.stripe.com.", QTYPE_AAAA)).toBe(NODATA);
    expect(zone.answer("kube-dns.kube-system.svc.cluster.local.", QTYPE_A)).toBe(NOERROR);
  });
  test("TTLs: a cluster answer 30 s at CoreDNS (kubeadm ttl 30), a cluster NXDOMAIN 5 s at NodeLocal, an external answer 30 s (300 capped)", () => {
    const keys = new DnsKeys(zone, s);
    const a = keys.key("cart.shop.svc.cluster.local.", QTYPE_A);
    const nx = keys.key("api.stripe.com.shop.svc.cluster.local.", QTYPE_A);
    const ext = keys.key("api.stripe.com.", QTYPE_A);
    expect([keys.coreTtlS[a], keys.nodeLocalTtlS[a]]).toEqual([30, 30]);
    expect([keys.coreTtlS[nx], keys.nodeLocalTtlS[nx], keys.cluster[nx]]).toEqual([30, 5, 1]);
    expect([keys.coreTtlS[ext], keys.cluster[ext]]).toEqual([30, 0]);
    expect(keys.key("cart.shop.svc.cluster.local.", QTYPE_A)).toBe(a);
  });
});

describe("a pod's resolver profile", () => {
  const zone = buildZone(s, objects, [{ namespace: "shop", dns: dns(["payments.billing", "api.stripe.com"]) }]);
  const keys = new DnsKeys(zone, s);
  test("ClusterFirst, ndots:5: payments.billing is found on try #2 (4 queries), api.stripe.com on #4 (8); the pair races through DNAT", () => {
    const p = profileFor(pod(), 0, dns(["payments.billing", "api.stripe.com"]), s, keys, zone).build();
    expect(p.lookups.map((l) => [l.names, l.queries, l.found])).toEqual([[2, 4, true], [4, 8, true]]);
    expect([p.viaCluster, p.racy, p.retryUs, p.giveUpUs]).toEqual([true, true, 5e6, 10e6]);
  });
  test("dnsConfig ndots:2 and single-request-reopen: as-is first, and no race", () => {
    const p = profileFor(pod({ dnsConfig: { options: [{ name: "ndots", value: "2" }, { name: "single-request-reopen" }] } }), 0, dns(["api.stripe.com"]), s, keys, zone).build();
    expect([p.lookups[0]!.queries, p.racy]).toEqual([2, false]);
  });
  test("musl with ndots:1: payments.billing (1 dot) is asked as-is only and not found", () => {
    const p = profileFor(pod({ dnsConfig: { options: [{ name: "ndots", value: "1" }] } }), 0, dns(["payments.billing"], "musl"), s, keys, zone).build();
    expect(p.lookups.map((l) => [l.names, l.queries, l.found])).toEqual([[1, 2, false]]);
    expect(p.retryUs).toBe(2.5e6); // musl retransmits at timeout / attempts
  });
  test("dnsPolicy Default: the node's nameserver, not CoreDNS", () => {
    const p = profileFor(pod({ dnsPolicy: "Default" }), 0, dns(["api.stripe.com"]), s, keys, zone).build();
    expect([p.viaCluster, p.racy, p.lookups[0]!.queries]).toEqual([false, false, 2]);
  });
});
