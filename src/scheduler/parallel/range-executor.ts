/**
 * RangeExecutor: runs a kernel over the index range [0, n) on the main thread plus persistent
 * `worker_threads` helpers, one round per call, with a per-round Atomics barrier. This is the
 * design ../shared/reference/performance.md §2 measured on the project's 2-vCPU machine:
 * shared-memory columns, the main thread computing too, and bounded spinning before sleeping.
 * Per-round `postMessage`, piscina tasks and sleep-only barriers cost 65–100 µs per round
 * there, which does not pay off below ~50k nodes.
 *
 * `threads` counts every thread that computes, the main thread included (`--workers 2` = main
 * + one helper). `threads: 1` starts no worker and runs every round inline.
 *
 * The range is split into at least `chunks` = threads × CHUNKS_PER_THREAD static chunks
 * (chunks.ts), more when `maxChunkLength` caps their length, and every thread takes chunks one
 * at a time until none is left, the main thread from the front and
 * the helpers from the back, so that each keeps its chunks' cache lines (control-block.ts). On
 * a shared 2-vCPU VM a helper is often asleep or descheduled when a round starts; with one fixed
 * half per thread the main thread either waited for it or ran the whole half itself, and the
 * bench measured the helper missing 20–60 % of its halves. With small chunks a late helper still
 * takes the chunks left when it arrives. Chunk bounds stay static, so results do not change:
 * a caller reduces per-chunk outputs in chunk order.
 *
 *   const ex = await RangeExecutor.start({ threads: 2, kernelModule: new URL("./kernels.js", import.meta.url), shared: { x, y } });
 *   const double = ex.kernelId("double");
 *   const chunks = ex.run(double, n, [2]);   // returns when every chunk is done; per-chunk outputs in [0, chunks)
 *   await ex.close();
 */
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { chunkStart } from "./chunks.js";
import {
  CHUNKS,
  COMMAND_EXIT,
  COMMAND_RESHARE,
  COMMAND_RUN,
  ControlBlock,
  FINISHED,
  KERNEL,
  MAIN_SLEEPING,
  MAX_CHUNKS,
  RANGE,
  SEQ,
  seqValue,
  STATE_DEAD,
  STATE_KERNEL_ERROR,
  STATE_OK,
  takeChunk,
  WORK,
  workStart,
} from "./control-block.js";
import {
  CHUNKS_PER_THREAD,
  DEFAULT_ROUND_TIMEOUT_MS,
  DEFAULT_SPIN_MICROS,
  DEFAULT_WAIT_SPIN_MICROS,
  HELPER_SLICE_MS,
  MAIN_SLICE_MS,
  type RangeExecutorOptions,
} from "./executor-options.js";
import { kernelNamesOf, loadKernels, type RangeKernel, type SharedBuffers } from "./kernel-module.js";
import { sleepWhileEqual, spinWhileEqual } from "./spin-wait.js";
import type { HelperData } from "./worker-entry.js";
import { WorkerFailedError } from "./worker-failed-error.js";

export class RangeExecutor {
  /** Threads that compute, the main thread included. */
  readonly threads: number;
  /** Chunks of a split round at least (threads × CHUNKS_PER_THREAD); `chunksFor(n)` gives a round's. */
  readonly chunks: number;
  /** The kernel names, in id order. */
  readonly kernelNames: readonly string[];
  /** The round's scalar parameters (PARAM_SLOTS values), shared with every helper. */
  readonly params: Float64Array;
  private readonly block: ControlBlock;
  private readonly ints: Int32Array;
  private readonly workers: Worker[];
  private readonly ports: MessagePort[];
  private readonly kernels: RangeKernel[];
  private readonly setup: (shared: SharedBuffers) => unknown;
  private readonly spinMicros: number;
  private readonly waitSpinMicros: number;
  private readonly roundTimeoutMs: number;
  private readonly inlineBelow: number;
  private readonly maxChunkLength: number;
  private readonly mainComputes: boolean;
  private views: unknown;
  private round = 0;
  private broken: WorkerFailedError | null = null;
  private closed = false;
  /** Last 'error' event per helper, for the message when it dies. */
  private readonly workerErrors: (Error | null)[];
  /** Per helper, the sleep token (spin-wait.ts) last notified: a sleep is woken once. */
  private readonly notifiedSleep: number[] = [];

  private constructor(
    opts: RangeExecutorOptions,
    names: readonly string[],
    loaded: { setup: (s: SharedBuffers) => unknown; kernels: RangeKernel[] },
    block: ControlBlock,
    oversubscribed: boolean,
  ) {
    this.threads = opts.threads;
    this.chunks = Math.min(MAX_CHUNKS, opts.threads * CHUNKS_PER_THREAD);
    this.kernelNames = names;
    this.block = block;
    this.ints = block.ints;
    this.params = block.params;
    this.kernels = loaded.kernels;
    this.setup = loaded.setup;
    this.views = loaded.setup(opts.shared ?? {});
    this.spinMicros = opts.spinMicros ?? (oversubscribed ? 0 : DEFAULT_SPIN_MICROS);
    this.waitSpinMicros = opts.waitSpinMicros ?? (oversubscribed ? 0 : DEFAULT_WAIT_SPIN_MICROS);
    this.roundTimeoutMs = opts.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS;
    this.inlineBelow = opts.inlineBelow ?? 0;
    this.maxChunkLength = opts.maxChunkLength ?? Infinity;
    this.mainComputes = opts.mainComputes ?? true;
    this.workers = [];
    this.ports = [];
    this.workerErrors = [];
  }

  /** Loads the kernel module on the main thread, starts `threads - 1` helpers and waits until each is ready. */
  static async start(opts: RangeExecutorOptions): Promise<RangeExecutor> {
    if (!Number.isInteger(opts.threads) || opts.threads < 1) {
      throw new RangeError(`RangeExecutor: threads must be an integer ≥ 1, got ${opts.threads}`);
    }
    const href = opts.kernelModule.href;
    const names = opts.kernels ?? (await kernelNamesOf(href));
    const loaded = await loadKernels(href, names);
    const helpers = opts.threads - 1;
    // Spinning threads that share a core starve each other (3 spinners on 2 vCPUs: 220 µs per round, §2b).
    const oversubscribed = opts.threads > availableParallelism();
    const ex = new RangeExecutor(opts, names, loaded, ControlBlock.create(helpers), oversubscribed);
    try {
      await Promise.all(Array.from({ length: helpers }, (_, h) => ex.startHelper(h, href, opts.shared ?? {})));
    } catch (err) {
      await ex.close();
      throw err;
    }
    return ex;
  }

  private startHelper(h: number, kernelModule: string, shared: SharedBuffers): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    const data: HelperData = {
      control: this.block.buffer,
      helpers: this.threads - 1,
      helper: h,
      kernelModule,
      kernelNames: [...this.kernelNames],
      shared,
      spinMicros: this.spinMicros,
      sliceMs: HELPER_SLICE_MS,
      reshare: port2,
    };
    const worker = new Worker(new URL("./worker-entry.js", import.meta.url), { workerData: data, transferList: [port2] });
    this.workers.push(worker);
    this.ports.push(port1);
    this.workerErrors.push(null);
    return new Promise((resolve, reject) => {
      const failStart = (why: string) => reject(new WorkerFailedError(h + 1, `helper thread ${h + 1} failed to start: ${why}`, false));
      worker.once("message", () => resolve());
      worker.on("error", (err) => {
        this.workerErrors[h] = err;
        failStart(err.message);
      });
      worker.once("exit", (code) => {
        failStart(`exited with code ${code}`);
        // A helper that ended between rounds (the main thread would otherwise quietly run its
        // chunks forever): the next round fails.
        if (!this.closed && this.broken === null) {
          this.broken = new WorkerFailedError(h + 1, `helper thread ${h + 1} exited with code ${code}`, false);
        }
      });
    });
  }

  /** The id of kernel `name`, for `run`. */
  kernelId(name: string): number {
    const id = this.kernelNames.indexOf(name);
    if (id < 0) throw new RangeError(`RangeExecutor: no kernel "${name}" (have ${this.kernelNames.join(", ")})`);
    return id;
  }

  /**
   * How many static chunks a split round over [0, n) has: `chunks`, or more so that none is longer
   * than `maxChunkLength`, up to MAX_CHUNKS. A function of n alone, never of timing.
   */
  chunksFor(n: number): number {
    return Math.min(MAX_CHUNKS, Math.max(this.chunks, Math.ceil(n / this.maxChunkLength)));
  }

  /**
   * Runs kernel `kernel` over [0, n) split into `chunksFor(n)` static chunks, taken by this thread and
   * the helpers as they come, and returns once every chunk is done, with the number of chunks
   * (1 when run inline): per-chunk outputs are valid in slots [0, result). `params`, if given,
   * is copied into `this.params` first.
   *
   * Throws the kernel's own error if it threw on this thread (after the helpers finished), or a
   * `WorkerFailedError` if a helper's kernel threw (recoverable) or a helper died or did not
   * finish within `roundTimeoutMs` (the executor is then broken).
   */
  run(kernel: number, n: number, params?: ArrayLike<number>): number {
    if (this.broken !== null) throw this.broken;
    if (this.closed) throw new Error("RangeExecutor: run after close");
    const fn = this.kernels[kernel];
    if (fn === undefined) throw new RangeError(`RangeExecutor: no kernel with id ${kernel}`);
    if (params !== undefined) this.params.set(params);
    if (this.threads === 1 || n < this.inlineBelow) {
      fn(this.views, this.params, 0, n, 0);
      return 1;
    }
    this.checkAlive();
    const ints = this.ints;
    const chunks = this.chunksFor(n);
    Atomics.store(ints, KERNEL, kernel);
    Atomics.store(ints, RANGE, n);
    Atomics.store(ints, CHUNKS, chunks);
    Atomics.store(ints, FINISHED, 0);
    const round = this.nextRound();
    Atomics.store(ints, WORK, workStart(round));
    this.publishRound(round, COMMAND_RUN);
    let mainError: unknown;
    if (this.mainComputes) {
      for (let k = takeChunk(ints, round, chunks, false); k >= 0; k = takeChunk(ints, round, chunks, false)) {
        const err = this.runChunk(fn, n, k, chunks);
        if (mainError === undefined) mainError = err;
        Atomics.add(ints, FINISHED, 1);
      }
    }
    this.awaitFinished(chunks);
    if (mainError !== undefined) throw mainError;
    this.throwKernelErrors();
    return chunks;
  }

  /**
   * Hands every thread new shared buffers (a table grew and reallocated its columns); each
   * thread rebuilds its views with the module's `setup`. Not for the hot path: one message per
   * helper, then one barrier round.
   */
  reshare(shared: SharedBuffers): void {
    if (this.broken !== null) throw this.broken;
    this.views = this.setup(shared);
    if (this.threads === 1) return;
    for (const port of this.ports) port.postMessage({ shared });
    this.awaitHelpers(this.publishRound(this.nextRound(), COMMAND_RESHARE));
    this.throwKernelErrors();
  }

  /** Stops the helpers; resolves once they have exited, so the process can end on its own. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.broken === null && this.workers.length > 0) this.publishRound(this.nextRound(), COMMAND_EXIT);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const port of this.ports) port.close();
  }

  private nextRound(): number {
    this.round = (this.round + 1) & 0x1fffffff;
    return this.round;
  }

  /** Publishes round `round` with `command`; returns its SEQ value. */
  private publishRound(round: number, command: number): number {
    const ints = this.ints;
    const seq = seqValue(round, command);
    Atomics.store(ints, SEQ, seq);
    // A helper notified in an earlier round and still waking up will read the latest SEQ when
    // it runs: notifying it again would only cost this thread another ~90 µs.
    let wake = false;
    for (let h = 0; h < this.workers.length; h++) {
      const token = Atomics.load(ints, this.block.sleepingIndex(h));
      if (token !== 0 && token !== this.notifiedSleep[h]) {
        this.notifiedSleep[h] = token;
        wake = true;
      }
    }
    if (wake) Atomics.notify(ints, SEQ);
    return seq;
  }

  /** Chunk k of the round on this thread, in its own function: keeps the kernel call out of any
   *  long-running caller loop (OSR, performance.md §2). Returns what it threw, if anything. */
  private runChunk(fn: RangeKernel, n: number, k: number, chunks: number): unknown {
    try {
      fn(this.views, this.params, chunkStart(n, chunks, k), chunkStart(n, chunks, k + 1), k);
      return undefined;
    } catch (err) {
      return err;
    }
  }

  /** A helper that died between rounds would never claim again: fail now rather than run on silently. */
  private checkAlive(): void {
    for (let h = 0; h < this.workers.length; h++) {
      if (Atomics.load(this.ints, this.block.stateIndex(h)) === STATE_DEAD) {
        this.fail(h, `helper thread ${h + 1} died between rounds (${this.block.readMessage(h)})`);
      }
    }
  }

  /** Waits for every helper to acknowledge round `seq` (RESHARE). */
  private awaitHelpers(seq: number): void {
    for (let h = 0; h < this.workers.length; h++) this.awaitValue(this.block.doneIndex(h), seq, `helper thread ${h + 1} did not acknowledge new buffers`);
  }

  /** Waits until the helpers have finished the chunks they took: FINISHED = `chunks`. */
  private awaitFinished(chunks: number): void {
    this.awaitValue(FINISHED, chunks, "did not finish its chunk");
  }

  /**
   * Spins, then sleeps in slices, until `ints[index]` is `target`; fails on a dead helper or after
   * `roundTimeoutMs` (naming the first helper still busy with a chunk).
   */
  private awaitValue(index: number, target: number, stuck: string): void {
    const ints = this.ints;
    for (let seen = Atomics.load(ints, index); seen !== target; seen = Atomics.load(ints, index)) {
      if (!spinWhileEqual(ints, index, seen, this.waitSpinMicros)) break;
    }
    const deadline = performance.now() + this.roundTimeoutMs;
    for (let seen = Atomics.load(ints, index); seen !== target; seen = Atomics.load(ints, index)) {
      if (sleepWhileEqual(ints, index, seen, MAIN_SLEEPING, MAIN_SLICE_MS)) continue;
      for (let h = 0; h < this.workers.length; h++) {
        if (Atomics.load(ints, this.block.stateIndex(h)) === STATE_DEAD) {
          this.fail(h, `helper thread ${h + 1} died during a round (${this.block.readMessage(h)})`);
        }
      }
      if (performance.now() >= deadline) {
        let h = 0;
        while (h < this.workers.length - 1 && Atomics.load(ints, this.block.busyIndex(h)) === 0) h++;
        this.fail(h, `helper thread ${h + 1} ${stuck} within ${this.roundTimeoutMs} ms`);
      }
    }
  }

  /** Breaks the executor: stops every helper and throws. */
  private fail(h: number, message: string): never {
    const lastError = this.workerErrors[h];
    this.broken = new WorkerFailedError(h + 1, lastError ? `${message}: ${lastError.message}` : message, false);
    for (const w of this.workers) void w.terminate().catch(() => undefined);
    throw this.broken;
  }

  /** Throws one error naming every helper whose kernel threw this round, and clears their state. */
  private throwKernelErrors(): void {
    let failed: WorkerFailedError | null = null;
    for (let h = 0; h < this.workers.length; h++) {
      const state = this.block.stateIndex(h);
      if (Atomics.load(this.ints, state) !== STATE_KERNEL_ERROR) continue;
      const text = `kernel failed in helper thread ${h + 1}: ${this.block.readMessage(h)}`;
      Atomics.store(this.ints, state, STATE_OK);
      failed = failed === null ? new WorkerFailedError(h + 1, text, true) : new WorkerFailedError(failed.thread, `${failed.message}\n${text}`, true);
    }
    if (failed !== null) throw failed;
  }
}
