/**
 * The DNS example scenarios (docs/dns.md), worked by hand. The frontend serves 2,000 requests/s
 * over 20 pods on 10 nodes (2 per node, 100 requests/s each). Per request it looks up `cart`
 * (1), `payments.billing` (0.2), `api.stripe.com` (0.5) and `s3.eu-west-1.amazonaws.com` (0.5):
 * 2.2 lookups, 4,400 lookups/s. glibc, AF_UNSPEC (2 queries per name tried); search list
 * shop.svc.cluster.local svc.cluster.local cluster.local eu-west-1.compute.internal (s = 4).
 *
 *            names tried (ndots:5)  (ndots:2)  (trailing dot)
 *   cart              1                1          1
 *   payments.billing  2                2          1
 *   api.stripe.com    5 (4 NX + as-is) 1          1
 *   s3.eu-west-1…     5                1          1
 *
 * Queries per request = 2 × (1 + 0.2·2 + 0.5·5 + 0.5·5) = 12.8 (ndots:5), 2 × 2.4 = 4.8
 * (ndots:2), 2 × 2.2 = 4.4 (trailing dot): 25,600, 9,600 and 8,800 queries/s at CoreDNS.
 *
 * Conntrack race (kernel 4.19, 0.001 per pair at 1,000 node queries/s): a node sends
 * 25,600 / 10 = 2,560 queries/s under ndots:5 → p = 0.00256 per pair. Each name tried is a
 * pair; a raced pair times out once (5 s) and is resent one query after the other, which
 * cannot race: timeouts/s = pairs/s × p = 12,800 × 0.00256, and no lookup fails on it. Under
 * ndots:2, p = 0.00096 over 4,800 pairs/s.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildRunSummary } from "../src/report/run-summary.js";
import { runScenario, type RunOutcome } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { tempDir } from "./fixtures/temp-dir.js";

const run = (name: string, set: string[] = []): RunOutcome => runScenario(loadScenario(`scenarios/${name}.yaml`, { set }));
/** The gauge's value in the last sample (the steady state). */
function last(o: RunOutcome, metric: string, scope = "cluster"): number {
  const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === scope)!;
  const v = o.recorder.sampler.series(g.id).values;
  return v[v.length - 1]!;
}
function max(o: RunOutcome, metric: string): number {
  const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === "cluster")!;
  return Math.max(...o.recorder.sampler.series(g.id).values);
}

describe("the same shop under ndots:5, ndots:2, trailing dots and NodeLocal DNSCache", () => {
  const ndots5 = run("dns-ndots5");
  const ndots2 = run("dns-ndots2");
  const dot = run("dns-trailing-dot");
  const local = run("dns-nodelocal");
  const p99 = (o: RunOutcome) => buildRunSummary(o, "t", "t").metrics["requestLatency"] as { p99: number };

  test("queries/s at CoreDNS: 25,600 with ndots:5, 9,600 with ndots:2, 8,800 with absolute names", () => {
    expect(last(ndots5, "coredns_requests_per_second")).toBeCloseTo(25_600, 6);
    expect(last(ndots2, "coredns_requests_per_second")).toBeCloseTo(9_600, 6);
    expect(last(dot, "coredns_requests_per_second")).toBeCloseTo(8_800, 6);
    expect(last(ndots5, "dns_lookups_per_second")).toBeCloseTo(4_400, 6);
    expect(last(ndots5, "dns_amplification")).toBeCloseTo(25_600 / 4_400, 9);
    // A and AAAA in equal numbers; NXDOMAIN: (0.2·1 + 0.5·4 + 0.5·4) × 2 × 2000 = 16,800.
    expect(last(ndots5, "coredns_requests_a_per_second")).toBeCloseTo(12_800, 6);
    expect(last(ndots5, "coredns_responses_nxdomain_per_second")).toBeCloseTo(16_800, 6);
    // 2 replicas × 33,669/s: 25,600 / 67,338 busy.
    expect(last(ndots5, "coredns_utilization")).toBeCloseTo(25_600 / 67_338, 9);
  });

  test("conntrack-race timeouts/s: pairs × p, p proportional to the node's query rate; the retries succeed", () => {
    expect(last(ndots5, "dns_timeouts_per_second")).toBeCloseTo(12_800 * 0.00256, 6);
    expect(last(ndots2, "dns_timeouts_per_second")).toBeCloseTo(4_800 * 0.00096, 6);
    expect(last(ndots5, "dns_failed_lookups_per_second")).toBe(0);
    expect(last(local, "dns_timeouts_per_second")).toBe(0); // NodeLocal DNSCache: no DNAT, no conntrack
  });

  test("the stalls reach the requests: p99 5 s under ndots:5, milliseconds otherwise", () => {
    // 1 − (1 − p)^(12,800/2,000 = 6.4 pairs per request) ≈ 1.6 % of the requests wait 5 s.
    expect(p99(ndots5).p99).toBeGreaterThan(5000);
    expect(p99(ndots5).p99).toBeLessThan(5100);
    for (const o of [ndots2, dot, local]) expect(p99(o).p99).toBeLessThan(50);
  });

  test("NodeLocal DNSCache: CoreDNS sees only the cluster.local misses of each node's cache", () => {
    // Per node and key, misses r / (1 + rτ) with τ = 30 s for answers, 5 s for NXDOMAIN/NODATA
    // (cache success 30, denial 5). Per node: cart A 200/6001, AAAA (NODATA) 200/1001;
    // payments.billing.shop… NX ×2 at 40/201, payments.billing.svc… A 40/1201, AAAA 40/201;
    // the 3 cluster expansions of each external name, A and AAAA: 6 × 100/501, twice.
    const perNode = 200 / 6001 + 200 / 1001 + 2 * (40 / 201) + 40 / 1201 + 40 / 201 + 12 * (100 / 501);
    expect(last(local, "coredns_requests_per_second")).toBeCloseTo(10 * perNode, 9);
    expect(last(local, "dns_amplification")).toBeCloseTo(25_600 / 4_400, 9); // the pods still send 12.8 per request
  });

  test("the CoreDNS cache keeps an external answer 30 s per replica: ≤ 2 replicas × 2 types / 30 s upstream per name", () => {
    // Forwarded: per replica and key misses r/(1 + 30r); as-is names have 2 keys (A, AAAA) each.
    const fwd = last(ndots5, "coredns_forward_requests_per_second");
    expect(fwd).toBeGreaterThan(0);
    // 2 external names and their 2 node-domain expansions: 4 names × 2 types × 2 replicas / 30 s.
    expect(fwd).toBeLessThan((4 * 2 * 2) / 30);
  });

  test("CoreDNS is the Deployment kube-system/coredns: two replicas, spread over two nodes", () => {
    const L = ndots5.ledger;
    const pods = L.ids.filter((id) => L.namespace[id] === "kube-system" && L.workload[id]!.includes("coredns"));
    expect(pods).toHaveLength(2);
    expect(new Set(pods.map((id) => L.node[id])).size).toBe(2);
  });
  test("NodeLocal DNSCache runs as the DaemonSet kube-system/node-local-dns: one pod per node", () => {
    const L = local.ledger;
    const pods = L.ids.filter((id) => L.namespace[id] === "kube-system" && L.workload[id]!.includes("node-local-dns"));
    expect(new Set(pods.map((id) => L.node[id])).size).toBe(10);
    expect(ndots5.ledger.ids.some((id) => ndots5.ledger.workload[id]!.includes("node-local-dns"))).toBe(false);
  });
});

describe("CoreDNS under-sized for a traffic spike", () => {
  const o = run("dns-coredns-undersized");
  test("4,000 requests/s × 12.8 = 51,200 queries/s on one 33,669/s replica: a third dropped", () => {
    expect(max(o, "coredns_utilization")).toBeCloseTo(51_200 / 33_669, 9);
    // M/M/1/K past saturation drops ≈ 1 − 1/ρ.
    expect(max(o, "coredns_dropped_per_second") / 51_200).toBeCloseTo(1 - 33_669 / 51_200, 4);
    const m = buildRunSummary(o, "t", "t").metrics;
    expect(m["dnsFailedLookups"]!.count).toBeGreaterThan(0);
    expect((m["requestLatency"] as { p99: number }).p99).toBeGreaterThan(5000);
  });
  test("three replicas absorb it", () => {
    const o3 = run("dns-coredns-undersized", ["spec.dns.coreDNS.replicas=3"]);
    expect(max(o3, "coredns_utilization")).toBeCloseTo(51_200 / (3 * 33_669), 9);
    expect(buildRunSummary(o3, "t", "t").metrics["dnsFailedLookups"]!.count).toBe(0);
  });
});

describe("losing a CoreDNS replica", () => {
  // Node fails at 30 s; NotReady after the 50 s grace period (its pods leave the endpoints at
  // the 80 s sample); the replica is evicted after the 300 s not-ready toleration and replaced.
  test("a failed node's replica is a black hole until NotReady, then its capacity is gone until it is replaced", () => {
    const o0 = run("dns-ndots5", ["spec.duration=20s"]);
    const L = o0.ledger;
    const node = L.node[L.ids.find((id) => L.namespace[id] === "kube-system")!]!;
    const o = run("dns-ndots5", ["spec.duration=7m", `spec.timeline=[{at: 30s, action: failNode, node: ${node}}]`]);
    const series = (m: string) => {
      const g = o.recorder.gauges.find((x) => x.metric === m && x.scope === "cluster")!;
      return Array.from(o.recorder.sampler.series(g.id).values);
    };
    const ready = series("coredns_ready_replicas");
    const dropped = series("coredns_dropped_per_second");
    const util = series("coredns_utilization");
    // Samples are every 10 s: index i covers [10i, 10i + 10).
    expect([ready[2], dropped[2]]).toEqual([2, 0]);
    // 30–80 s: kube-proxy still sends half the queries to the dead endpoint.
    expect(ready[4]).toBe(2);
    expect(dropped[4]! / 25_600).toBeCloseTo(0.5, 6);
    // 80 s on: one endpoint left, carrying everything (25,600 / 33,669), nothing lost.
    expect([ready[9], dropped[9]]).toEqual([1, 0]);
    expect(util[9]).toBeCloseTo(25_600 / 33_669, 9);
    expect(ready[ready.length - 1]).toBe(2);
  });
});

test("determinism: the same scenario and seed give the same DNS numbers", () => {
  const a = buildRunSummary(run("dns-ndots5", ["spec.duration=1m"]), "t", "t");
  const b = buildRunSummary(run("dns-ndots5", ["spec.duration=1m"]), "t", "t");
  expect(JSON.stringify(a.metrics)).toBe(JSON.stringify(b.metrics));
});

describe("calibration: at CoreDNS saturation an external name gets 5× fewer lookups/s than an internal one", () => {
  // The published setup (Scaling_CoreDNS.md): one replica on 2 vCPU, A-only queries, 4 search
  // domains (3 cluster + 1 node), ndots:5. Internal: 1 query per lookup; external: 5.
  const dir = tempDir("kubesim-dns-cal-");
  const file = join(dir, "cal.yaml");
  writeFileSync(
    file,
    [
      "apiVersion: kubesim.io/v1alpha1",
      "kind: Scenario",
      "metadata: {name: cal}",
      "spec:",
      "  duration: 30s",
      "  cluster: {nodePools: [{name: n, count: 2, instanceType: m6i.2xlarge}]}",
      "  workloads:",
      "    - object: {apiVersion: v1, kind: Service, metadata: {name: svc}, spec: {selector: {a: b}}}",
      "    - object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: client}, spec: {replicas: 1, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}}",
      "  dns: {node: {searches: [c.proj.internal]}, coreDNS: {replicas: 1}}",
      "  traffic:",
      "    - target: deployment/client",
      "      rate: {profile: constant, rps: 0}",
      "      cpuPerRequest: {mean: 1ms}",
      "      dns: {family: AF_INET, lookups: [{name: svc, perPodPerSecond: 1}]}",
      "",
    ].join("\n"),
  );
  const at = (name: string, perPod: number) => {
    const o = runScenario(loadScenario(file, { set: [`spec.traffic[0].dns.lookups[0].name=${name}`, `spec.traffic[0].dns.lookups[0].perPodPerSecond=${perPod}`] }));
    return { util: last(o, "coredns_utilization"), ampl: last(o, "dns_amplification") };
  };
  test("33,669 internal lookups/s and 6,733.8 external lookups/s both fill the replica", () => {
    const internal = at("svc", 33_669);
    const external = at("api.example.com", 33_669 / 5);
    expect(internal).toEqual({ util: 1, ampl: 1 });
    expect(external.ampl).toBe(5);
    expect(external.util).toBeCloseTo(1, 12);
  });
});
