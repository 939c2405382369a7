/**
 * The stub resolver inside a pod: which names getaddrinfo tries for one lookup, in which order,
 * what each costs in queries, and where the search stops (models.md §3.1, §3.3), for glibc
 * (`res_nsearch`) and musl (`lookup_name.c`).
 *
 *   namesTried("api.example.com", conf.searches, 5, "glibc");
 *   // ["api.example.com.ns.svc.cluster.local.", ..., "api.example.com."]
 *   const plan = lookupPlan("api.example.com", conf, "glibc", "AF_UNSPEC", answer);
 *   plan.queries;   // 8 (V16)
 *   plan.found;     // 4: success on try #4
 *
 * Names are returned fully qualified with a trailing dot, the way CoreDNS sees them.
 */
import type { ResolvConf } from "./resolv-conf.js";

export type Libc = "glibc" | "musl";
/** getaddrinfo's `ai_family`: AF_UNSPEC asks for A and AAAA, AF_INET for A only. */
export type AddressFamily = "AF_UNSPEC" | "AF_INET";

/** DNS response codes as the resolver sees them; NODATA is NOERROR with no answer records. */
export const NOERROR = 0;
export const NODATA = 1;
export const NXDOMAIN = 2;
export const SERVFAIL = 3;
export type Rcode = typeof NOERROR | typeof NODATA | typeof NXDOMAIN | typeof SERVFAIL;
export const RCODE_NAMES = ["NOERROR", "NODATA", "NXDOMAIN", "SERVFAIL"] as const;

export const QTYPE_A = 0;
export const QTYPE_AAAA = 1;
export type QType = typeof QTYPE_A | typeof QTYPE_AAAA;

/** Dots in a name, not counting a trailing one. */
export function countDots(name: string): number {
  let d = 0;
  const end = name.endsWith(".") ? name.length - 1 : name.length;
  for (let i = 0; i < end; i++) if (name.charCodeAt(i) === 46) d++;
  return d;
}

const fq = (n: string): string => (n.endsWith(".") ? n : `${n}.`);

/**
 * Every name the resolver would try, in order, if none is found (models.md §3.3):
 * trailing dot → [name]; d ≥ ndots → [name, name.S1 … name.Ss] (glibc) or [name] (musl never
 * searches then); d < ndots → [name.S1 … name.Ss, name].
 */
export function namesTried(name: string, searches: readonly string[], ndots: number, libc: Libc): string[] {
  if (name.endsWith(".")) return [name];
  const asIs = fq(name);
  const expanded = searches.map((s) => fq(`${name}.${s}`));
  if (countDots(name) >= ndots) return libc === "musl" ? [asIs] : [asIs, ...expanded];
  return [...expanded, asIs];
}

/** The answer to one query: who answers it and with what. */
export type Answer = (fqdn: string, qtype: QType) => Rcode;

/** One name tried: its fully qualified form and the answers to its A (and AAAA) query. */
export interface TriedName {
  fqdn: string;
  a: Rcode;
  /** -1 when only A is asked (AF_INET). */
  aaaa: Rcode | -1;
}

export interface LookupPlan {
  tried: TriedName[];
  /** Queries sent to the first nameserver (musl sends the same to every nameserver). */
  queries: number;
  /** 1-based index of the name that answered, 0 when the lookup failed. */
  found: number;
  /** Queries per name tried: 2 for AF_UNSPEC (A and AAAA), 1 for AF_INET. */
  queriesPerName: number;
}

/**
 * The queries of one getaddrinfo call when every packet is answered. glibc continues the search
 * on NXDOMAIN, NODATA and SERVFAIL and stops at the first name with records (either A or AAAA);
 * musl continues only when an answer is NXDOMAIN (any NXDOMAIN among A/AAAA counts) and stops on
 * NODATA or SERVFAIL. Timeouts are the business of `lookup-latency.ts`.
 */
export function lookupPlan(name: string, conf: Pick<ResolvConf, "searches" | "ndots">, libc: Libc, family: AddressFamily, answer: Answer): LookupPlan {
  const both = family === "AF_UNSPEC";
  const per = both ? 2 : 1;
  const tried: TriedName[] = [];
  let found = 0;
  for (const fqdn of namesTried(name, conf.searches, conf.ndots, libc)) {
    const a = answer(fqdn, QTYPE_A);
    const aaaa = both ? answer(fqdn, QTYPE_AAAA) : -1;
    tried.push({ fqdn, a, aaaa });
    if (a === NOERROR || aaaa === NOERROR) {
      found = tried.length;
      break;
    }
    if (libc === "musl" && a !== NXDOMAIN && aaaa !== NXDOMAIN) break;
  }
  return { tried, queries: tried.length * per, found, queriesPerName: per };
}
