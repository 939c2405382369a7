/**
 * etcd as the serialized write path behind every mutating request.
 *
 * A write commits once the leader has fsynced its WAL and a quorum has acknowledged, so an
 * unloaded write takes `commitLatencyUs` (fsync + one round trip). Writes are batched and
 * pipelined: they do not wait for each other's fsync, but the apply loop admits at most
 * `maxWritesPerSecond` of them. In closed form:
 *
 *   start_k  = max(arrival_k, start_{k−1} + 1 / (maxWritesPerSecond − background))
 *   commit_k = start_k + commitLatencyUs
 *
 * Calibration (etcd op-guide performance.md, 3 members, 8 vCPU, SSD; reference §4.2, §8.4):
 * one client sending writes back to back gets 1 / 1.6 ms ≈ 600 writes/s (benchmark: 583 at
 * 1.6 ms); 1000 concurrent clients saturate the loop at 44,341 writes/s with a latency of
 * 1000 / 44,341 ≈ 22.6 ms (benchmark: 22 ms). `etcd.test.ts` checks both.
 *
 * A range read that does not come from the watch cache (a LIST with no resourceVersion) holds
 * the same path for `rangeUsPerObject` per object returned: a simplification of etcd's
 * read/write contention (its reads are concurrent since 3.4, but a range of 100,000 objects
 * still costs the leader CPU and memory bandwidth that writes wait for).
 *
 * Background writes computed in closed form (node leases, Kubernetes Events) take their share
 * of the rate through `backgroundWritesPerSecond` instead of one call each.
 */
export interface EtcdSettings {
  commitLatencyUs: number;
  maxWritesPerSecond: number;
  rangeUsPerObject: number;
}

/** Benchmark figures of the etcd op-guide (reference §4.2); range cost: a kubesim assumption (docs/api-server.md). */
export const DEFAULT_ETCD: EtcdSettings = { commitLatencyUs: 1600, maxWritesPerSecond: 44_341, rangeUsPerObject: 5 };

export class Etcd {
  /** When the apply loop can take the next write (fractional µs). */
  private nextFreeUs = 0;
  private intervalUs: number;
  backgroundWritesPerSecond = 0;
  /** Writes committed (calls of `commit`), and the sum of their latencies in µs. */
  writes = 0;
  latencySumUs = 0;

  constructor(readonly settings: EtcdSettings) {
    this.intervalUs = 1e6 / settings.maxWritesPerSecond;
  }

  /** Sets the closed-form background write rate (capped at 99 % of the loop). */
  setBackground(writesPerSecond: number): void {
    this.backgroundWritesPerSecond = writesPerSecond;
    const left = Math.max(this.settings.maxWritesPerSecond - writesPerSecond, this.settings.maxWritesPerSecond * 0.01);
    this.intervalUs = 1e6 / left;
  }

  /** A write reaching etcd at `atUs` (calls in time order): when it commits, integer µs. */
  commit(atUs: number): number {
    const start = Math.max(atUs, this.nextFreeUs);
    this.nextFreeUs = start + this.intervalUs;
    const done = Math.ceil(start + this.settings.commitLatencyUs);
    this.writes++;
    this.latencySumUs += done - atUs;
    return done;
  }

  /** A range read of `objects` keys reaching etcd at `atUs`: when it returns, integer µs. */
  range(atUs: number, objects: number): number {
    const start = Math.max(atUs, this.nextFreeUs);
    const took = objects * this.settings.rangeUsPerObject;
    this.nextFreeUs = start + took;
    return Math.ceil(start + took + this.settings.commitLatencyUs / 2);
  }

  /** The latency a write arriving now would see (for closed-form background requests). */
  currentWriteLatencyUs(nowUs: number): number {
    return Math.max(0, this.nextFreeUs - nowUs) + this.settings.commitLatencyUs;
  }
}
