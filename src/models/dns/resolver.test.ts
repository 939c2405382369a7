import { describe, expect, test } from "vitest";
import { DnsZone } from "./answers.js";
import { podResolvConf, type ClusterDnsSettings } from "./resolv-conf.js";
import { countDots, lookupPlan, namesTried, NODATA, NOERROR, NXDOMAIN } from "./resolver.js";

// models.md §7 DNS: glibc, getaddrinfo AF_UNSPEC, ndots:5, search = ns.svc.cluster.local
// svc.cluster.local cluster.local (no host domains), external names have only A records.
const cluster: ClusterDnsSettings = { clusterDomain: "cluster.local", clusterDNS: "10.96.0.10", host: { nameservers: ["10.0.0.2"], searches: [], options: [] } };
const conf = podResolvConf({ namespace: "ns" }, cluster);
const zone = new DnsZone("cluster.local", [{ namespace: "ns", name: "my-svc" }, { namespace: "other", name: "my-svc" }], [{ name: "api.example.com", aaaa: false }, { name: "example.com", aaaa: false }]);
const answer = zone.answer.bind(zone);

describe("the kubelet's resolv.conf", () => {
  test("ClusterFirst: cluster DNS, the three cluster domains then the node's, ndots:5", () => {
    const c = podResolvConf({ namespace: "shop" }, { ...cluster, host: { nameservers: ["10.0.0.2"], searches: ["c.proj.internal", "google.internal"], options: [] } });
    expect(c.nameservers).toEqual(["10.96.0.10"]);
    expect(c.searches).toEqual(["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "c.proj.internal", "google.internal"]);
    expect([c.ndots, c.timeoutS, c.attempts]).toEqual([5, 5, 2]);
  });
  test("dnsConfig options replace the kubelet's ndots; searches are appended", () => {
    const c = podResolvConf({ namespace: "ns", dnsConfig: { options: [{ name: "ndots", value: "2" }, { name: "single-request-reopen" }, { name: "timeout", value: "99" }], searches: ["extra.io"] } }, cluster);
    expect(c.ndots).toBe(2);
    expect(c.singleRequest).toBe(true);
    expect(c.timeoutS).toBe(30); // glibc caps timeout at RES_MAXRETRANS 30
    expect(c.searches.at(-1)).toBe("extra.io");
  });
  test("ClusterFirst on the host network falls back to the node's resolv.conf; ClusterFirstWithHostNet does not", () => {
    expect(podResolvConf({ namespace: "ns", hostNetwork: true }, cluster).nameservers).toEqual(["10.0.0.2"]);
    expect(podResolvConf({ namespace: "ns", hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }, cluster).nameservers).toEqual(["10.96.0.10"]);
    expect(podResolvConf({ namespace: "ns", dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1"] } }, cluster)).toMatchObject({ nameservers: ["1.1.1.1"], searches: [], ndots: 1 });
  });
});

describe("names tried and queries sent (glibc, AF_UNSPEC)", () => {
  test("V16: api.example.com (2 dots) → 3 NXDOMAIN expansions, then as-is: 8 queries, success on try #4", () => {
    const p = lookupPlan("api.example.com", conf, "glibc", "AF_UNSPEC", answer);
    expect(p.tried.map((t) => t.fqdn)).toEqual(["api.example.com.ns.svc.cluster.local.", "api.example.com.svc.cluster.local.", "api.example.com.cluster.local.", "api.example.com."]);
    expect(p.tried.slice(0, 3).every((t) => t.a === NXDOMAIN && t.aaaa === NXDOMAIN && zone.isCluster(t.fqdn))).toBe(true);
    expect(zone.isCluster("api.example.com.")).toBe(false); // only the last goes upstream
    expect(p.tried[3]).toMatchObject({ a: NOERROR, aaaa: NODATA });
    expect([p.queries, p.found]).toEqual([8, 4]);
  });
  test("V17: example.com (1 dot) → 8 queries, success on try #4", () => {
    const p = lookupPlan("example.com", conf, "glibc", "AF_UNSPEC", answer);
    expect([p.queries, p.found]).toEqual([8, 4]);
  });
  test("V19: a trailing dot is absolute: api.example.com. → 2 queries, try #1", () => {
    const p = lookupPlan("api.example.com.", conf, "glibc", "AF_UNSPEC", answer);
    expect([p.queries, p.found]).toEqual([2, 1]);
  });
  test("V20: ndots:2 → api.example.com as-is first (2 queries); example.com still 8", () => {
    const c2 = { ...conf, ndots: 2 };
    expect(lookupPlan("api.example.com", c2, "glibc", "AF_UNSPEC", answer)).toMatchObject({ queries: 2, found: 1 });
    expect(lookupPlan("example.com", c2, "glibc", "AF_UNSPEC", answer)).toMatchObject({ queries: 8, found: 4 });
  });
  test.each([
    ["my-svc", 2, 1],
    ["my-svc.other", 4, 2],
    ["my-svc.other.svc", 6, 3],
    ["my-svc.other.svc.cluster.local", 8, 4], // 4 dots < 5 and no trailing dot: searched first
    ["my-svc.other.svc.cluster.local.", 2, 1],
  ])("V21: %s → %i queries, success on #%i", (name, queries, found) => {
    expect(lookupPlan(name, conf, "glibc", "AF_UNSPEC", answer)).toMatchObject({ queries, found });
  });
  test("nothing found: 2 × (s + 1) queries", () => {
    expect(lookupPlan("nope.example.org", conf, "glibc", "AF_UNSPEC", answer)).toMatchObject({ queries: 2 * (3 + 1), found: 0 });
  });
  test("AF_INET callers send one query per name: V25's 12 becomes 6 with 5 search domains", () => {
    const c5 = { ...conf, searches: [...conf.searches, "c.proj.internal", "google.internal"] };
    expect(lookupPlan("api.example.com", c5, "glibc", "AF_UNSPEC", answer).queries).toBe(12);
    expect(lookupPlan("api.example.com", c5, "glibc", "AF_INET", answer).queries).toBe(6);
  });
});

describe("musl", () => {
  test("d ≥ ndots: never searches (glibc would fall back to the search list)", () => {
    expect(namesTried("a.b.c", ["x"], 2, "musl")).toEqual(["a.b.c."]);
    expect(namesTried("a.b.c", ["x"], 2, "glibc")).toEqual(["a.b.c.", "a.b.c.x."]);
    expect(lookupPlan("my-svc.other.svc", { searches: conf.searches, ndots: 2 }, "musl", "AF_UNSPEC", answer)).toMatchObject({ queries: 2, found: 0 });
  });
  test("stops on NODATA where glibc continues", () => {
    // x.ns.svc.cluster.local answers NODATA to both A and AAAA; only the as-is name has records.
    const nodata = (fqdn: string) => (fqdn === "x.ns.svc.cluster.local." ? NODATA : fqdn === "x." ? NOERROR : NXDOMAIN);
    expect(lookupPlan("x", conf, "musl", "AF_UNSPEC", nodata)).toMatchObject({ queries: 2, found: 0 });
    expect(lookupPlan("x", conf, "glibc", "AF_UNSPEC", nodata)).toMatchObject({ queries: 8, found: 4 });
  });
  test("countDots ignores the trailing dot", () => {
    expect([countDots("a.b.c"), countDots("a.b.c."), countDots("a")]).toEqual([2, 2, 0]);
  });
});
