/**
 * What a RangeExecutor (range-executor.ts) can be told, and the defaults it takes otherwise:
 * spin budgets, the hung-helper timeout and the chunking, each measured on the project VM.
 */
import type { SharedBuffers } from "./kernel-module.js";

/**
 * How long an idle helper spins for the next round before sleeping. The gap between two pods is
 * a few µs of binding and queue work, so a spin of this length catches nearly every round;
 * 130 µs ≈ 20k polls is where performance.md §2c put it, and `bench/parallel.ts` re-measures it
 * (bench/README.md, Parallel): it must exceed the main thread's work between two rounds. Past
 * it, an idle simulator sleeps instead of burning a core.
 */
export const DEFAULT_SPIN_MICROS = 130;

/**
 * How long the main thread, blocked in `run`, spins for the helpers' last chunks before sleeping. It must
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

/**
 * Chunks per thread and round. More chunks let a late helper still take a share, at ~0.2 µs of
 * bookkeeping each (a compare-and-swap, an atomic add, the kernel's entry); 4 per thread keeps a
 * 5,000-node round's chunks at ~600 nodes, a few µs of work each.
 */
export const CHUNKS_PER_THREAD = 4;

/** Futex sleep slice: how often a sleeping main thread re-checks its deadline. */
export const MAIN_SLICE_MS = 20;
/** Futex sleep slice of an idle helper. Wake-ups come by notify; this only bounds each wait. */
export const HELPER_SLICE_MS = 1_000;

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
  /**
   * Longest chunk, in indices: a round of n indices is split into at least ⌈n / maxChunkLength⌉
   * chunks (at most MAX_CHUNKS), so that the last chunk a slower thread holds, which the others
   * wait for, stays short however large n gets. Default: no limit (threads × CHUNKS_PER_THREAD).
   */
  maxChunkLength?: number;
  /**
   * Whether the main thread takes chunks too (default true). False leaves every chunk to the
   * helpers, for tests that need a chunk to run on a helper.
   */
  mainComputes?: boolean;
}
