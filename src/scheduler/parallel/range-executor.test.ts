import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type * as Parallel from "./index.js";

// Helper threads load plain JavaScript, so the executor is tested as it runs: from the build in
// dist/ (`npm test` builds first). Classes come from dist too, so `instanceof` holds.
const DIST = join(process.cwd(), "dist", "src", "scheduler", "parallel");
const KERNELS = pathToFileURL(join(DIST, "fixtures", "test-kernels.js"));
if (!existsSync(join(DIST, "worker-entry.js"))) throw new Error("dist/ is not built: run `npx tsc -p tsconfig.json` first");
const { RangeExecutor, WorkerFailedError, chunkStart, CHUNKS_PER_THREAD, MAX_CHUNKS } = (await import(pathToFileURL(join(DIST, "index.js")).href)) as typeof Parallel;
type RangeExecutor = Parallel.RangeExecutor;

const MAX_N = 3000;

/** One set of buffers per executor, so threads=1/2/3 results can be compared side by side. */
function buffers(n: number) {
  return {
    input: new SharedArrayBuffer(4 * Math.max(1, n)),
    output: new SharedArrayBuffer(4 * Math.max(1, n)),
    owner: new SharedArrayBuffer(4 * Math.max(1, n)),
    chunkBest: new SharedArrayBuffer(4 * 2 * MAX_CHUNKS),
  };
}

interface Outcome {
  output: number[];
  owner: number[];
  /** Reduction of the per-chunk results in chunk order: [best, lowest index of best]. */
  best: [number, number];
}

function runMix(ex: RangeExecutor, shared: ReturnType<typeof buffers>, inputs: number[], salt: number): Outcome {
  const n = inputs.length;
  new Int32Array(shared.input).set(inputs);
  new Int32Array(shared.owner).fill(-1);
  const chunks = ex.run(ex.kernelId("mix"), n, [salt]);
  const chunkBest = new Int32Array(shared.chunkBest);
  let best: [number, number] = [-1, -1];
  for (let c = 0; c < chunks; c++) {
    if (chunkBest[2 * c]! > best[0]) best = [chunkBest[2 * c]!, chunkBest[2 * c + 1]!];
  }
  return {
    output: Array.from(new Int32Array(shared.output, 0, n)),
    owner: Array.from(new Int32Array(shared.owner, 0, n)),
    best,
  };
}

/** The reduction done the obvious way, sequentially over the whole output. */
function maxLowestIndex(output: number[]): [number, number] {
  let best: [number, number] = [-1, -1];
  output.forEach((v, i) => {
    if (v > best[0]) best = [v, i];
  });
  return best;
}

describe("RangeExecutor: same results for any thread count", () => {
  // threads 1, 2, 3, 3 with the main thread only coordinating (the helpers take every chunk),
  // and 2 with chunks of at most 40 indices (up to 75 chunks per round here).
  const configs = [{ threads: 1 }, { threads: 2 }, { threads: 3 }, { threads: 3, mainComputes: false }, { threads: 2, maxChunkLength: 40 }];
  const executors: RangeExecutor[] = [];
  const shared = configs.map(() => buffers(MAX_N));

  beforeAll(async () => {
    for (const [i, config] of configs.entries()) {
      executors.push(await RangeExecutor.start({ ...config, kernelModule: KERNELS, shared: shared[i] }));
    }
  });
  afterAll(async () => {
    await Promise.all(executors.map((ex) => ex.close()));
  });

  test("threads 1, 2 and 3 agree on random sizes, including n = 0 and n < chunks", () => {
    const sizes = fc.oneof(fc.constantFrom(0, 1, 2, 3, 7, 11), fc.integer({ min: 0, max: MAX_N }));
    fc.assert(
      fc.property(sizes, fc.integer(), fc.integer({ min: 0, max: 0xffff }), (n, seed, salt) => {
        const inputs = Array.from({ length: n }, (_, i) => Math.imul(seed ^ i, 0x85ebca6b));
        const [one, ...others] = executors.map((ex, i) => runMix(ex, shared[i]!, inputs, salt));
        expect(one!.owner.every((t) => t === 0)).toBe(true);
        expect(one!.best).toEqual(maxLowestIndex(one!.output));
        for (const o of others) {
          expect(o.owner.every((t) => t !== -1)).toBe(true); // every index computed this round
          expect(o.output).toEqual(one!.output);
          expect(o.best).toEqual(one!.best);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  test("a round is split into threads × CHUNKS_PER_THREAD static chunks, whoever runs them", () => {
    // n = 30 over 3 threads: 12 chunks, [0, 2), [2, 5), [5, 7), ... (chunks.test.ts); the
    // helpers-only executor runs them all on helper threads.
    const ex = executors[3]!;
    expect(ex.chunks).toBe(3 * CHUNKS_PER_THREAD);
    const inputs = Array.from({ length: 30 }, (_, i) => i * 31);
    const chunks = ex.run(ex.kernelId("mix"), inputs.length, [9]);
    expect(chunks).toBe(ex.chunks);
    const chunkBest = new Int32Array(shared[3]!.chunkBest);
    const output = new Int32Array(shared[3]!.output);
    for (let k = 0; k < chunks; k++) {
      const [from, to] = [chunkStart(30, chunks, k), chunkStart(30, chunks, k + 1)];
      expect(chunkBest[2 * k]).toEqual(maxLowestIndex(Array.from(output.subarray(from, to)))[0]);
    }
    const { owner } = runMix(ex, shared[3]!, inputs, 9);
    expect(owner.every((t) => t !== 0)).toBe(true); // never the main thread (threadId 0)
  });

  test("maxChunkLength splits a long round into more chunks, never fewer than threads × CHUNKS_PER_THREAD", () => {
    const ex = executors[4]!;
    // 2 threads × 4 = 8 chunks at least; ⌈n / 40⌉ once that is more; MAX_CHUNKS at most.
    expect([1, 320, 321, 3000, 40 * MAX_CHUNKS + 1].map((n) => ex.chunksFor(n))).toEqual([8, 8, 9, 75, MAX_CHUNKS]);
    const inputs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009);
    const { output, owner, best } = runMix(ex, shared[4]!, inputs, 5);
    expect(owner.every((t) => t !== -1)).toBe(true);
    expect(best).toEqual(maxLowestIndex(output));
    // Each of the 25 chunks covered exactly its own 40 indices, on whichever thread took it.
    const chunkBest = new Int32Array(shared[4]!.chunkBest);
    for (let k = 0; k < 25; k++) {
      const [value, at] = maxLowestIndex(output.slice(40 * k, 40 * (k + 1)));
      expect([chunkBest[2 * k], chunkBest[2 * k + 1]]).toEqual([value, 40 * k + at]);
    }
    expect(executors[1]!.chunksFor(3000)).toBe(8); // no maxChunkLength: the fixed split
  });

  test("threads: 1 runs inline on the main thread in one chunk", () => {
    const { owner } = runMix(executors[0]!, shared[0]!, [5, 6, 7], 1);
    expect(owner).toEqual([0, 0, 0]);
  });
});

describe("RangeExecutor: a sleeping helper", () => {
  test("the main thread takes the chunks a late helper has not reached, with the same results", async () => {
    // spinMicros 0: the helper sleeps between rounds and needs a futex wake-up (≥ 5 µs) before
    // it takes a chunk, while a chunk of 8 indices takes well under a microsecond; so in some of
    // 200 rounds the main thread runs every chunk, and in others the helper gets some.
    const s = buffers(64);
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: s, spinMicros: 0 });
    const inputs = Array.from({ length: 64 }, (_, i) => (i * 2654435761) | 0);
    try {
      let allMain = 0;
      for (let round = 0; round < 200; round++) {
        const r = runMix(ex, s, inputs, round);
        if (r.owner.every((t) => t === 0)) allMain++;
        expect(r.best).toEqual(maxLowestIndex(r.output));
      }
      expect(allMain).toBeGreaterThan(0);
    } finally {
      await ex.close();
    }
  });
});

describe("RangeExecutor: inlineBelow and reshare", () => {
  test("a round smaller than inlineBelow runs on the main thread alone", async () => {
    const s = buffers(200);
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: s, inlineBelow: 100, mainComputes: false });
    try {
      expect(ex.run(ex.kernelId("mix"), 50, [3])).toBe(1);
      expect(new Int32Array(s.owner, 0, 50).every((t) => t === 0)).toBe(true);
      expect(ex.run(ex.kernelId("mix"), 200, [3])).toBe(ex.chunks);
      expect(new Int32Array(s.owner)[199]).not.toBe(0);
    } finally {
      await ex.close();
    }
  });

  test("after reshare every thread works on the new buffers", async () => {
    const small = buffers(4);
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: small, mainComputes: false });
    try {
      const inputs = Array.from({ length: 500 }, (_, i) => i * 7919);
      const big = buffers(500);
      ex.reshare(big);
      const after = runMix(ex, big, inputs, 5);
      expect(after.owner[499]).not.toBe(0); // the helper wrote into the new buffer
      expect(after.owner.every((t) => t !== -1)).toBe(true);
      const inline = await RangeExecutor.start({ threads: 1, kernelModule: KERNELS, shared: buffers(500) });
      const s = buffers(500);
      inline.reshare(s);
      expect(runMix(inline, s, inputs, 5).output).toEqual(after.output);
      await inline.close();
    } finally {
      await ex.close();
    }
  });
});

describe("RangeExecutor: failures", () => {
  test("a kernel that throws in a helper → WorkerFailedError, and the executor stays usable", async () => {
    const s = buffers(100);
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: s, mainComputes: false });
    try {
      let caught: unknown;
      try {
        ex.run(ex.kernelId("throwInHelper"), 100);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(WorkerFailedError);
      const err = caught as Parallel.WorkerFailedError;
      expect(err.thread).toBe(1);
      expect(err.recoverable).toBe(true);
      // The helper takes every chunk, from the back: chunk 7 ([87, 100) of 100 in 8) first.
      expect(err.message).toContain("boom in chunk 7 at 87");
      expect(runMix(ex, s, [1, 2, 3, 4], 0).owner[3]).not.toBe(0);
    } finally {
      await ex.close();
    }
  });

  test("a kernel that throws on the main thread rethrows its own error after the helpers finish", async () => {
    const s = buffers(100);
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: s });
    try {
      expect(() => ex.run(ex.kernelId("throwInMain"), 100)).toThrow(TypeError);
      expect(runMix(ex, s, [1, 2, 3, 4], 0).output).toHaveLength(4);
    } finally {
      await ex.close();
    }
  });

  test("a helper that exits → WorkerFailedError, and every later run fails the same way", async () => {
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: buffers(100), roundTimeoutMs: 10_000, mainComputes: false });
    try {
      let caught: unknown;
      try {
        ex.run(ex.kernelId("exitInHelper"), 100);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(WorkerFailedError);
      expect((caught as Parallel.WorkerFailedError).recoverable).toBe(false);
      expect((caught as Error).message).toContain("code 7");
      expect(() => ex.run(ex.kernelId("mix"), 10, [0])).toThrow(caught as Error);
    } finally {
      await ex.close();
    }
  });

  test("a helper that never finishes → WorkerFailedError after roundTimeoutMs, and close() still returns", async () => {
    const ex = await RangeExecutor.start({ threads: 2, kernelModule: KERNELS, shared: buffers(100), roundTimeoutMs: 300, mainComputes: false });
    // The helper would busy-wait 60 s; the round gives up after 0.3 s and close() terminates it.
    expect(() => ex.run(ex.kernelId("hangInHelper"), 100, [0, 60_000])).toThrow(/did not finish its chunk within 300 ms/);
    await ex.close();
  });

  test("an unknown kernel name is refused before any worker starts", async () => {
    await expect(RangeExecutor.start({ threads: 2, kernelModule: KERNELS, kernels: ["mix", "nope"] })).rejects.toThrow(/"nope"/);
  });
});

describe("RangeExecutor: close", () => {
  const script = join(DIST, "fixtures", "start-and-close.js");

  test("close() lets the process exit on its own", () => {
    const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("closed");
    expect(r.status).toBe(0);
  });

  test("without close() the helper keeps the process alive (what close() is for)", () => {
    const r = spawnSync(process.execPath, [script, "--no-close"], { encoding: "utf8", timeout: 2_000 });
    expect(r.status).toBeNull();
    expect(r.signal).toBe("SIGTERM");
  });
});
