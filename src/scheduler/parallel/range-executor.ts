/**
 * RangeExecutor: runs a kernel over the node range [0, n) on the main thread plus persistent
 * `worker_threads` helpers, one round per call, with a per-round Atomics barrier. This is the
 * design ../shared/reference/performance.md §2 measured on the project's 2-vCPU machine: a
 * static contiguous split, the main thread computing chunk 0 itself, shared-memory columns, and
 * bounded spinning before sleeping. Per-round `postMessage`, piscina tasks and sleep-only
 * barriers cost 65–100 µs per round there, which does not pay off below ~50k nodes.
 *
 * `threads` counts every thread that computes, the main thread included (`--workers 2` = main
 * + one helper). `threads: 1` starts no worker and runs every round inline.
 *
 * One addition to that design: once done with chunk 0, the main thread claims any chunk no
 * helper has started (control-block.ts) and runs it itself. On a shared 2-vCPU VM a helper is
 * often asleep or descheduled for 65 µs or more; without this, every such round costs the full
 * wake-up, and on a loaded machine the executor ran at 0.2× sequential speed (bench/README.md,
 * Parallel). Chunk bounds stay static, so results do not change.
 *
 *   const ex = await RangeExecutor.start({ threads: 2, kernelModule: new URL("./kernels.js", import.meta.url), shared: { x, y } });
 *   const double = ex.kernelId("double");
 *   ex.run(double, n, [2]);   // returns when every chunk is done; results are in the shared arrays
 *   await ex.close();
 */
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { chunkStart } from "./chunks.js";
import {
  COMMAND,
  COMMAND_EXIT,
  COMMAND_RESHARE,
  COMMAND_RUN,
  ControlBlock,
  KERNEL,
  MAIN_SLEEPING,
  RANGE,
  SEQ,
  STATE_DEAD,
  STATE_KERNEL_ERROR,
  STATE_OK,
} from "./control-block.js";
import { kernelNamesOf, loadKernels, type RangeKernel, type SharedBuffers } from "./kernel-module.js";
import { sleepWhileEqual, spinWhileEqual } from "./spin-wait.js";
import type { HelperData } from "./worker-entry.js";
import { WorkerFailedError } from "./worker-failed-error.js";

/**
 * How long an idle helper spins for the next round before sleeping. The gap between two pods is
 * a few µs of binding and queue work, so a spin of this length catches nearly every round;
 * 130 µs ≈ 20k polls is where performance.md §2c put it, and `bench/parallel.ts` re-measures it
 * (bench/README.md, Parallel): it must exceed the main thread's work between two rounds. Past
 * it, an idle simulator sleeps instead of burning a core.
 */
export const DEFAULT_SPIN_MICROS = 130;

/**
 * How long the main thread, blocked in `run`, spins for a helper's DONE before sleeping. It must
 * outlast a helper's futex wake-up (65–300 µs here when the VM has parked the vCPU): with a spin
 * of 130 µs, main and helper fell into a stable convoy on this VM where each missed the other's
 * spin window and every round paid two wake-ups (~290 µs per round at 250 nodes instead of
 * ~2 µs). Not much longer, though: when other processes load the machine, main and helper can
 * share one vCPU, and a main thread spinning for a preempted helper only delays it. A chunk
 * longer than this (≈ 50k nodes) pays one wake-up, under 20 %.
 */
export const DEFAULT_WAIT_SPIN_MICROS = 500;

/**
 * How long `run` waits for a helper before declaring it hung. A legitimate chunk takes
 * ~1.6 ns × n (≈ 0.2 ms at 100k nodes); a descheduled vCPU or a major GC in the helper adds
 * tens of ms at worst. 5 s is four orders of magnitude above that, yet short enough that a
 * stuck helper surfaces as an error rather than as a frozen run.
 */
export const DEFAULT_ROUND_TIMEOUT_MS = 5_000;

/** Futex sleep slice: how often a sleeping main thread re-checks its deadline. */
const MAIN_SLICE_MS = 20;
/** Futex sleep slice of an idle helper. Wake-ups come by notify; this only bounds each wait. */
const HELPER_SLICE_MS = 1_000;

export interface RangeExecutorOptions {
  /** Threads that run kernels, the main thread included; an integer ≥ 1. */
  threads: number;
  /** The kernel module (see kernel-module.ts), as a URL every thread can import. */
  kernelModule: URL;
  /** Kernel export names; a kernel's id is its index here. Default: every exported function but `setup`, sorted. */
  kernels?: readonly string[];
  /** Buffers handed to the module's `setup` on every thread. */
  shared?: SharedBuffers;
  /**
   * Spin budget in µs before sleeping, for the main thread and helpers alike. Default
   * DEFAULT_SPIN_MICROS, or 0 when `threads` exceeds the machine's cores: spinning threads
   * that share a core starve each other (3 spinners on 2 vCPUs: 220 µs per round, §2b).
   */
  spinMicros?: number;
  /** Main-thread spin budget in µs while waiting for a helper's chunk. Default
   *  DEFAULT_WAIT_SPIN_MICROS, or 0 when `threads` exceeds the machine's cores. */
  waitSpinMicros?: number;
  /** Give up on a helper after this many ms in one round. Default DEFAULT_ROUND_TIMEOUT_MS. */
  roundTimeoutMs?: number;
  /** Rounds with n below this run inline on the main thread (1 chunk). Default 0: always split. */
  inlineBelow?: number;
  /** Let the main thread run chunks no helper has claimed yet (default true). */
  stealChunks?: boolean;
}

export class RangeExecutor {
  /** Threads that compute, the main thread included. */
  readonly threads: number;
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
  private readonly stealChunks: boolean;
  private views: unknown;
  private seq = 0;
  private broken: WorkerFailedError | null = null;
  private closed = false;
  /** Last 'error' event per helper, for the message when it dies. */
  private readonly workerErrors: (Error | null)[];

  private constructor(
    opts: RangeExecutorOptions,
    names: readonly string[],
    loaded: { setup: (s: SharedBuffers) => unknown; kernels: RangeKernel[] },
    block: ControlBlock,
    oversubscribed: boolean,
  ) {
    this.threads = opts.threads;
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
    this.stealChunks = opts.stealChunks ?? true;
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
      threads: this.threads,
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
   * Runs kernel `kernel` over [0, n): chunk 0 on this thread, chunk c on helper c (or on this
   * thread, if the helper has not claimed it by the time chunk 0 is done), and returns
   * once every chunk is done, with the number of chunks the range was split into (1 when run
   * inline): per-chunk outputs are valid in slots [0, result). `params`, if given, is copied
   * into `this.params` first.
   *
   * Throws the kernel's own error if chunk 0 threw (after the helpers finished), or a
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
    Atomics.store(ints, KERNEL, kernel);
    Atomics.store(ints, RANGE, n);
    const seq = this.publishRound(COMMAND_RUN);
    const prev = (seq - 1) | 0;
    let mainError = this.runChunk(fn, n, 0);
    for (let h = 0; h < this.workers.length; h++) {
      if (this.stealChunks && Atomics.compareExchange(ints, this.block.claimIndex(h), prev, seq) === prev) {
        const err = this.runChunk(fn, n, h + 1);
        if (mainError === undefined) mainError = err;
      } else {
        this.awaitHelper(h, seq);
      }
    }
    if (mainError !== undefined) throw mainError;
    this.throwKernelErrors();
    return this.threads;
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
    this.awaitHelpers(this.publishRound(COMMAND_RESHARE));
    this.throwKernelErrors();
  }

  /** Stops the helpers; resolves once they have exited, so the process can end on its own. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.broken === null && this.workers.length > 0) this.publishRound(COMMAND_EXIT);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const port of this.ports) port.close();
  }

  private publishRound(command: number): number {
    const ints = this.ints;
    this.seq = (this.seq + 1) | 0;
    Atomics.store(ints, COMMAND, command);
    Atomics.store(ints, SEQ, this.seq);
    for (let h = 0; h < this.workers.length; h++) {
      if (Atomics.load(ints, this.block.sleepingIndex(h)) !== 0) {
        Atomics.notify(ints, SEQ);
        break;
      }
    }
    return this.seq;
  }

  /** One chunk on this thread, in its own function: keeps the kernel call out of any
   *  long-running caller loop (OSR, performance.md §2). Returns what it threw, if anything. */
  private runChunk(fn: RangeKernel, n: number, chunk: number): unknown {
    try {
      fn(this.views, this.params, chunkStart(n, this.threads, chunk), chunkStart(n, this.threads, chunk + 1), chunk);
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

  private awaitHelpers(seq: number): void {
    for (let h = 0; h < this.workers.length; h++) this.awaitHelper(h, seq);
  }

  /** Waits for helper h to publish DONE = seq, for a round it claimed. */
  private awaitHelper(h: number, seq: number): void {
    const ints = this.ints;
    const done = this.block.doneIndex(h);
    // DONE holds the last round this helper ran, which may be any earlier one if the main thread
    // ran its chunks meanwhile; the next value it can take is `seq`.
    const stale = Atomics.load(ints, done);
    if (stale === seq || spinWhileEqual(ints, done, stale, this.waitSpinMicros)) return;
    const deadline = performance.now() + this.roundTimeoutMs;
    for (;;) {
      if (sleepWhileEqual(ints, done, stale, MAIN_SLEEPING, MAIN_SLICE_MS)) return;
      if (Atomics.load(ints, this.block.stateIndex(h)) === STATE_DEAD) {
        this.fail(h, `helper thread ${h + 1} died during a round (${this.block.readMessage(h)})`);
      }
      if (performance.now() >= deadline) {
        this.fail(h, `helper thread ${h + 1} did not finish its chunk within ${this.roundTimeoutMs} ms`);
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
