/**
 * Who answers a query and with what (models.md §3.1): CoreDNS's `kubernetes` plugin is
 * authoritative for the cluster domain and answers at once, with NXDOMAIN for a wrong search
 * expansion such as `api.example.com.ns.svc.cluster.local.`; every other name goes to the
 * upstream resolver through `forward`, which knows the external names the workloads look up
 * and answers NXDOMAIN for the rest (expansions under the node's search domains).
 *
 *   const zone = new DnsZone("cluster.local", [{ namespace: "shop", name: "cart" }], [{ name: "api.example.com", aaaa: false }]);
 *   zone.answer("cart.shop.svc.cluster.local.", QTYPE_A);      // NOERROR
 *   zone.answer("cart.shop.svc.cluster.local.", QTYPE_AAAA);   // NODATA (IPv4 single-stack Service)
 *   zone.isCluster("api.example.com.");                        // false: forwarded upstream
 *
 * Simplified: Services are IPv4 single-stack ClusterIP Services (one A record, AAAA NODATA);
 * headless Services, SRV and pod (`a-b-c-d.ns.pod.cluster.local`) records are not modelled.
 */
import { NODATA, NOERROR, NXDOMAIN, QTYPE_A, type QType, type Rcode } from "./resolver.js";

export interface ExternalName {
  /** As the upstream knows it, without a trailing dot. */
  name: string;
  /** Has AAAA records too (default: A only, as in the reference's validation cases). */
  aaaa: boolean;
}

export class DnsZone {
  private readonly suffix: string;
  private readonly services: Set<string>;
  private readonly external = new Map<string, boolean>();

  constructor(
    readonly clusterDomain: string,
    services: readonly { namespace: string; name: string }[],
    external: readonly ExternalName[],
  ) {
    this.suffix = `.${clusterDomain}.`;
    // `kubernetes.default` always exists (the API server's Service).
    this.services = new Set([...services.map((s) => `${s.name}.${s.namespace}.svc${this.suffix}`), `kubernetes.default.svc${this.suffix}`]);
    for (const e of external) this.external.set(e.name.endsWith(".") ? e.name : `${e.name}.`, e.aaaa);
  }

  /** Under the cluster domain: answered by the kubernetes plugin, never forwarded. */
  isCluster(fqdn: string): boolean {
    return fqdn.endsWith(this.suffix) || fqdn === `${this.clusterDomain}.`;
  }

  answer(fqdn: string, qtype: QType): Rcode {
    if (this.isCluster(fqdn)) return this.services.has(fqdn) ? (qtype === QTYPE_A ? NOERROR : NODATA) : NXDOMAIN;
    const aaaa = this.external.get(fqdn);
    if (aaaa === undefined) return NXDOMAIN;
    return qtype === QTYPE_A || aaaa ? NOERROR : NODATA;
  }
}
