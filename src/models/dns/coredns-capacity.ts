/**
 * One CoreDNS replica as a queue (models.md §3.2, §8.3): it serves up to `capacity` queries per
 * second with its CPUs pegged, calibrated on the published measurement (coredns/deployment
 * `kubernetes/Scaling_CoreDNS.md`: 33,669 QPS on a 2-vCPU GCE n1-standard-2, internal and
 * external queries alike). Arrivals are Poisson (many independent pods); service is
 * exponential; the replica's UDP receive queue holds `queueLength` queries and drops the rest:
 * an M/M/1/K queue, in closed form.
 *
 *   const q = corednsReplica(30_000, 33_669, 1024);
 *   q.dropRatio;      // share of queries dropped (the client times out and retries)
 *   q.meanWaitUs;     // time in CoreDNS (queueing + service) of a served query
 *   q.utilization;    // busy fraction: served / capacity
 */

/** Scaling_CoreDNS.md: one CoreDNS instance on 2 vCPU (≈ 1900m used) served 33,669 internal QPS. */
export const COREDNS_CAPACITY_QPS = 33_669;
/** Queries a replica's UDP socket can hold before dropping (an assumption: ≈ 200 KiB rmem / ~200 B). */
export const COREDNS_QUEUE_LENGTH = 1024;

export interface ReplicaLoad {
  /** Queries per second offered to the replica. */
  offered: number;
  /** Share of the offered queries dropped because the queue was full. */
  dropRatio: number;
  /** Mean time a served query spends in the replica (µs), queueing and service. */
  meanWaitUs: number;
  /** Served / capacity. */
  utilization: number;
}

/** M/M/1/K with arrival rate `lambda`, service rate `mu` (queries/s) and room for `K` queries. */
export function corednsReplica(lambda: number, mu: number, K: number): ReplicaLoad {
  if (!(lambda > 0)) return { offered: 0, dropRatio: 0, meanWaitUs: 1e6 / mu, utilization: 0 };
  const rho = lambda / mu;
  let pK: number;
  let L: number;
  if (Math.abs(rho - 1) < 1e-9) {
    pK = 1 / (K + 1);
    L = K / 2;
  } else if (rho < 1) {
    const rK1 = rho ** (K + 1);
    pK = ((1 - rho) * rho ** K) / (1 - rK1);
    L = rho / (1 - rho) - ((K + 1) * rK1) / (1 - rK1);
  } else {
    // Past saturation the empty slots form an M/M/1/K queue with load 1/ρ (this form cannot overflow).
    const s = 1 / rho;
    const sK1 = s ** (K + 1);
    pK = (1 - s) / (1 - sK1);
    L = K - (s / (1 - s) - ((K + 1) * sK1) / (1 - sK1));
  }
  const served = lambda * (1 - pK);
  return { offered: lambda, dropRatio: pK, meanWaitUs: (L / served) * 1e6, utilization: served / mu };
}
