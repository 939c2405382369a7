/**
 * The conntrack insertion race on parallel A/AAAA queries (models.md §3.1; kubernetes #56903;
 * Weave Works, "Racy conntrack and DNS lookup timeouts"). glibc sends both queries from one UDP
 * socket at once; through kube-proxy's DNAT netfilter can race inserting the two conntrack
 * entries and drop one packet, and the lookup waits the full resolver timeout (5 s).
 *
 * Which races a node's kernel still has: (1) same tuple, fixed in 4.19; (2) source port
 * rewritten, fixed in 5.0; (3) the two packets DNATed to different CoreDNS endpoints, fixed
 * by "allow insertion of clashing entries", ≈ 5.6. The model: a pair races with a probability
 * proportional to the node's DNS query rate (more concurrent packets on the node's CPUs),
 * `probabilityPer1kQps × nodeQps / 1000`, capped at 1. On kernels 5.0–5.5 only race (3) is
 * left, which needs the two packets to pick different endpoints: × (1 − 1/endpoints).
 *
 * There is no race when the pair does not go through DNAT/conntrack or is not sent in parallel:
 * `single-request(-reopen)` and `use-vc` (glibc), NodeLocal DNSCache (NOTRACK on its
 * link-local address), or A-only lookups. The probability scale is not calibrated (no
 * published rate); it is a scenario parameter, default 0.
 *
 *   racePerPair({ probabilityPer1kQps: 1e-3, kernel: [4, 15] }, 2000, 2);   // 0.002
 */

export interface ConntrackRace {
  /** Probability that one parallel pair races when the node sends 1,000 DNS queries/s. */
  probabilityPer1kQps: number;
  /** The node kernel as [major, minor]. */
  kernel: [number, number];
}

const atLeast = (k: [number, number], major: number, minor: number): boolean => k[0] > major || (k[0] === major && k[1] >= minor);

/** Probability that a parallel A/AAAA pair loses one packet on a node sending `nodeQps` queries/s. */
export function racePerPair(r: ConntrackRace, nodeQps: number, endpoints: number): number {
  if (r.probabilityPer1kQps <= 0 || atLeast(r.kernel, 5, 6)) return 0;
  const p = Math.min(1, (r.probabilityPer1kQps * nodeQps) / 1000);
  return atLeast(r.kernel, 5, 0) ? p * (1 - 1 / Math.max(endpoints, 1)) : p;
}
