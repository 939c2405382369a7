/**
 * How long a resolver waits for answers that never come (models.md §3.1, V23).
 *
 * glibc `send_dg` (resolv/res_send.c): the wait on nameserver `ns` (0-based) of `nscount` is
 * `retrans << ns`, divided by `nscount` when `ns > 0`, at least 1 s; each of `attempts` rounds
 * tries every nameserver in turn. musl (`res_msend.c`) sends to all nameservers at once,
 * retransmits every `timeout / attempts` and gives up after `timeout` in total.
 *
 *   glibcWaitsS(5, 3);              // [5, 3, 6]
 *   glibcGiveUpS(5, 2, 3);          // 28: a name whose nameservers never answer
 *   muslGiveUpS(5);                 // 5, retransmitting at 2.5 s
 */
import type { Libc } from "./resolver.js";

/** Seconds glibc waits on each nameserver in one round (integer arithmetic, as `send_dg`). */
export function glibcWaitsS(timeoutS: number, nscount: number): number[] {
  const out: number[] = [];
  for (let ns = 0; ns < nscount; ns++) {
    let s = timeoutS * 2 ** ns;
    if (ns > 0) s = Math.floor(s / nscount);
    out.push(Math.max(s, 1));
  }
  return out;
}

/** glibc: time until one name fails when no nameserver answers (then the search stops: EAI_AGAIN). */
export function glibcGiveUpS(timeoutS: number, attempts: number, nscount: number): number {
  return Math.max(attempts, 1) * glibcWaitsS(timeoutS, nscount).reduce((a, b) => a + b, 0);
}

/** musl: time until one name fails when no nameserver answers. */
export function muslGiveUpS(timeoutS: number): number {
  return timeoutS;
}

/** Packets sent for one name that is never answered (A and AAAA each time; musl to every nameserver at once). */
export function packetsUntilGiveUp(libc: Libc, perName: number, attempts: number, nscount: number): number {
  return perName * Math.max(attempts, 1) * nscount;
}

/**
 * Extra time before a lost packet is sent again: glibc waits the full timeout of the first
 * nameserver (and then, after a lost parallel answer, retries in single-request mode); musl
 * retransmits after `timeout / attempts`.
 */
export function retryAfterS(libc: Libc, timeoutS: number, attempts: number): number {
  return libc === "glibc" ? Math.max(timeoutS, 1) : timeoutS / Math.max(attempts, 1);
}

/** How many times a lost packet is sent again before the resolver gives up on the name. */
export function retries(libc: Libc, attempts: number): number {
  return Math.max(attempts, 1) - 1;
}
