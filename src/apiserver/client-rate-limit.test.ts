import { describe, expect, test } from "vitest";
import { TokenBuckets } from "./client-rate-limit.js";

describe("client-go token bucket", () => {
  test("V30: ReplicaSet controller (QPS 20, burst 30) creating 1000 pods at t=0: 30 at once, then 20/s, the last at (1000 − 30)/20 = 48.5 s", () => {
    const b = new TokenBuckets();
    const rs = b.add(20, 30);
    const sent = Array.from({ length: 1000 }, () => b.reserve(rs, 0));
    expect(sent.slice(0, 30).every((t) => t === 0)).toBe(true);
    expect(sent[30]).toBe(50_000); // the 31st waits one token: 1/20 s
    expect(sent[999]).toBe(48_500_000);
  });

  test("V31: scheduler binds (QPS 50, burst 100) of 1000 pending pods: the last at (1000 − 100)/50 = 18 s", () => {
    const b = new TokenBuckets();
    const s = b.add(50, 100);
    let last = 0;
    for (let i = 0; i < 1000; i++) last = b.reserve(s, 0);
    expect(last).toBe(18_000_000);
  });

  test("the bucket refills at QPS up to burst, never beyond", () => {
    const b = new TokenBuckets();
    const c = b.add(10, 5);
    for (let i = 0; i < 5; i++) expect(b.reserve(c, 0)).toBe(0);
    // 10 s later the bucket is full again (5 tokens, not 100): 5 go at once, the 6th waits 0.1 s.
    for (let i = 0; i < 5; i++) expect(b.reserve(c, 10_000_000)).toBe(10_000_000);
    expect(b.reserve(c, 10_000_000)).toBe(10_100_000);
  });

  test("each client has its own bucket", () => {
    const b = new TokenBuckets();
    const x = b.add(1, 1);
    const y = b.add(1, 1);
    expect(b.reserve(x, 0)).toBe(0);
    expect(b.reserve(y, 0)).toBe(0);
    expect(b.reserve(x, 0)).toBe(1_000_000);
  });
});
