/**
 * The control block: one small `SharedArrayBuffer` through which the main thread and its
 * helper threads coordinate a round, so nothing is `postMessage`d per round.
 *
 *   Int32 header, line 0 (read by every spinning helper)
 *     SEQ            the round: (round number << 2) | command (RUN | RESHARE | EXIT), bumped by
 *                    the main thread to publish a round; one cell, so a helper never pairs a
 *                    round with another round's command
 *     KERNEL         kernel id (index into the executor's kernel names)
 *     RANGE          n: the round covers indices [0, n)
 *     CHUNKS         K: the range is split into K static chunks (chunks.ts)
 *     MAIN_SLEEPING  1 while the main thread is in Atomics.wait (helpers then notify)
 *   Int32 header, line 1 (written as chunks are taken and finished)
 *     WORK           (round number mod 2^17) << 14 | chunks taken from the back << 7 | chunks
 *                    taken from the front
 *     FINISHED       chunks finished this round
 *   Int32 per helper h (own cache line each, so a helper's writes do not bounce the others')
 *     DONE           the last SEQ this helper acknowledged (RESHARE rounds)
 *     BUSY           1 while the helper runs a chunk (names a hung helper)
 *     STATE          OK | KERNEL_ERROR (message below) | DEAD (the thread is gone)
 *     SLEEPING       non-zero while the helper is in Atomics.wait: a token per sleep (the main
 *                    thread notifies each sleep once)
 *     MESSAGE_LENGTH bytes of UTF-8 in the helper's message area
 *   Float64 params   PARAM_SLOTS values the caller sets before a round (pod requests, ...)
 *   Uint8 messages   MESSAGE_BYTES per helper: the error text of a failed kernel
 *
 * Every cell is read and written with `Atomics`; a round's params, KERNEL, RANGE, CHUNKS, WORK
 * and FINISHED are written before SEQ, and `Atomics.store` is sequentially consistent, so a
 * helper that sees the new SEQ sees them too.
 *
 * Taking chunks (RUN rounds): every thread, the main one included, takes a chunk by
 * compare-and-swap of WORK, counting one more chunk taken from the front (the main thread:
 * chunks 0, 1, …) or from the back (helpers: chunks K − 1, K − 2, …) while fewer than K are
 * taken, runs it, and adds 1 to FINISHED; the main thread publishes the next round only once
 * FINISHED = K. A helper that wakes late finds the tag changed (or every chunk taken) and takes
 * nothing, so a chunk is taken exactly once per round, and a helper that won a chunk reads
 * KERNEL and RANGE knowing they cannot change until it adds its chunk to FINISHED. Which thread
 * runs which chunk varies; the chunks' bounds do not, so neither do the results.
 *
 * Why two ends: a chunk writes its outputs (feasible list, totals, tie positions) to the same
 * cache lines round after round. Taken from one shared counter, chunks changed thread from round
 * to round, and each write first pulled the line from the other core's cache: on this VM the
 * main thread's chunks ran ~1.5× slower than alone. From two ends, each thread keeps mostly the
 * same chunks (the main thread the first ones, a helper the last ones), and their lines.
 */

export const SEQ = 0;
export const KERNEL = 1;
export const RANGE = 2;
export const CHUNKS = 3;
export const MAIN_SLEEPING = 4;
export const WORK = 16;
export const FINISHED = 17;
const HEADER_INTS = 32;

/** Offsets inside a helper's 16-int (64-byte) line. */
const DONE = 0;
const BUSY = 1;
const STATE = 2;
const SLEEPING = 3;
const MESSAGE_LENGTH = 4;
const HELPER_INTS = 16;

export const COMMAND_RUN = 0;
/** Rebuild views over new shared buffers (a table grew); the buffers come by MessagePort. */
export const COMMAND_RESHARE = 1;
export const COMMAND_EXIT = 2;

/** The SEQ value of round `round` with `command`. */
export function seqValue(round: number, command: number): number {
  return ((round << 2) | command) | 0;
}

export function commandOf(seq: number): number {
  return seq & 3;
}

export function roundOf(seq: number): number {
  return seq >> 2;
}

/** Chunks per round are at most this many (WORK counts chunks taken from each end in 7 bits). */
export const MAX_CHUNKS = 127;
const TAG_MASK = 0x1ffff;
const TAG_SHIFT = 14;
const BACK_ONE = 1 << 7;

/** WORK at the start of round `round`: its tag, no chunk taken. */
export function workStart(round: number): number {
  return (round & TAG_MASK) << TAG_SHIFT;
}

/**
 * Takes a chunk of round `round` (of `chunks`): the first one not yet taken from the front, or
 * with `fromBack` the last one not yet taken from the back; −1 when the round has no chunk left
 * or is over.
 */
export function takeChunk(ints: Int32Array, round: number, chunks: number, fromBack: boolean): number {
  const tag = (round & TAG_MASK) << TAG_SHIFT;
  for (;;) {
    const w = Atomics.load(ints, WORK);
    const front = w & 127;
    const back = (w >> 7) & 127;
    if (w >> TAG_SHIFT !== tag >> TAG_SHIFT || front + back >= chunks) return -1;
    if (Atomics.compareExchange(ints, WORK, w, fromBack ? w + BACK_ONE : w + 1) === w) return fromBack ? chunks - 1 - back : front;
  }
}

export const STATE_OK = 0;
export const STATE_KERNEL_ERROR = 1;
export const STATE_DEAD = 2;

/** Room for one pod's worth of scalar parameters; a caller needing more uses a shared buffer. */
export const PARAM_SLOTS = 64;
/** Enough for an error name, message and the top stack frames; longer text is cut. */
export const MESSAGE_BYTES = 2048;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ControlBlock {
  readonly buffer: SharedArrayBuffer;
  readonly helpers: number;
  readonly ints: Int32Array;
  readonly params: Float64Array;
  private readonly messages: Uint8Array;

  private constructor(buffer: SharedArrayBuffer, helpers: number) {
    this.buffer = buffer;
    this.helpers = helpers;
    const intCount = HEADER_INTS + helpers * HELPER_INTS; // a multiple of 16, so 8-byte aligned
    this.ints = new Int32Array(buffer, 0, intCount);
    this.params = new Float64Array(buffer, intCount * 4, PARAM_SLOTS);
    this.messages = new Uint8Array(buffer, intCount * 4 + PARAM_SLOTS * 8, helpers * MESSAGE_BYTES);
  }

  /** A zeroed block for `helpers` helper threads (main side). */
  static create(helpers: number): ControlBlock {
    const bytes = (HEADER_INTS + helpers * HELPER_INTS) * 4 + PARAM_SLOTS * 8 + helpers * MESSAGE_BYTES;
    return new ControlBlock(new SharedArrayBuffer(bytes), helpers);
  }

  /** Views over a block the main thread created (helper side). */
  static attach(buffer: SharedArrayBuffer, helpers: number): ControlBlock {
    return new ControlBlock(buffer, helpers);
  }

  /** Int32 index of helper `h`'s DONE cell (h is 0-based). */
  doneIndex(h: number): number {
    return HEADER_INTS + h * HELPER_INTS + DONE;
  }

  busyIndex(h: number): number {
    return HEADER_INTS + h * HELPER_INTS + BUSY;
  }

  stateIndex(h: number): number {
    return HEADER_INTS + h * HELPER_INTS + STATE;
  }

  sleepingIndex(h: number): number {
    return HEADER_INTS + h * HELPER_INTS + SLEEPING;
  }

  /** Stores `text` (cut to MESSAGE_BYTES on a character boundary) as helper h's message. */
  writeMessage(h: number, text: string): void {
    const area = this.messages.subarray(h * MESSAGE_BYTES, (h + 1) * MESSAGE_BYTES);
    const { written } = encoder.encodeInto(text, area);
    Atomics.store(this.ints, HEADER_INTS + h * HELPER_INTS + MESSAGE_LENGTH, written);
  }

  readMessage(h: number): string {
    const length = Atomics.load(this.ints, HEADER_INTS + h * HELPER_INTS + MESSAGE_LENGTH);
    // TextDecoder refuses views over shared memory: copy the bytes out first (cold path).
    return decoder.decode(this.messages.slice(h * MESSAGE_BYTES, h * MESSAGE_BYTES + length));
  }
}
