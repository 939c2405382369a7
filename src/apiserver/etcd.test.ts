import { describe, expect, test } from "vitest";
import { DEFAULT_ETCD, Etcd } from "./etcd.js";

/** Closed-loop clients: each sends its next write when the previous one commits; returns [writes/s, mean latency ms]. */
function closedLoop(clients: number, seconds: number): [number, number] {
  const etcd = new Etcd(DEFAULT_ETCD);
  // A min-heap would do; the commits come back in send order, so a FIFO of clients is exact.
  const due: number[] = new Array<number>(clients).fill(0);
  let head = 0;
  let n = 0;
  let latency = 0;
  const end = seconds * 1e6;
  for (;;) {
    const at = due[head]!;
    if (at > end) break;
    const done = etcd.commit(at);
    latency += done - at;
    n++;
    due[head] = done;
    head = (head + 1) % clients;
  }
  return [n / seconds, latency / n / 1000];
}

describe("etcd write path, calibrated to the etcd benchmark (op-guide performance.md)", () => {
  test("one client: 1.6 ms per write, 1 / 1.6 ms = 625 writes/s (benchmark: 583 writes/s at 1.6 ms)", () => {
    const [rate, ms] = closedLoop(1, 10);
    expect(ms).toBeCloseTo(1.6, 5);
    expect(rate).toBeCloseTo(625, -1);
  });

  test("1000 clients saturate the apply loop: 44,341 writes/s at 1000 / 44,341 = 22.6 ms (benchmark: 44,341 at 22 ms)", () => {
    const [rate, ms] = closedLoop(1000, 10);
    expect(rate / 44_341).toBeGreaterThan(0.99);
    expect(rate / 44_341).toBeLessThan(1.01);
    expect(ms).toBeGreaterThan(22);
    expect(ms).toBeLessThan(23);
  });

  test("background writes (leases) take their share: with 40,000/s of background, writes space 1/4,341 s apart", () => {
    const etcd = new Etcd(DEFAULT_ETCD);
    etcd.setBackground(40_000);
    expect(etcd.commit(0)).toBe(1600);
    // The second write starts 1e6/4341 = 230.4 µs after the first: commit at ceil(230.4 + 1600).
    expect(etcd.commit(0)).toBe(1831);
  });

  test("a range read of 100,000 objects holds the path 100,000 × 5 µs = 0.5 s; a write behind it waits", () => {
    const etcd = new Etcd(DEFAULT_ETCD);
    expect(etcd.range(0, 100_000)).toBe(500_000 + 800);
    expect(etcd.commit(1000)).toBe(500_000 + 1600);
  });
});
