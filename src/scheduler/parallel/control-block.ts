/**
 * The control block: one small `SharedArrayBuffer` through which the main thread and its
 * helper threads coordinate a round, so nothing is `postMessage`d per round.
 *
 *   Int32 header (one 64-byte cache line)
 *     SEQ            round number, bumped by the main thread to publish a round
 *     COMMAND        RUN | RESHARE | EXIT, valid for the round SEQ names
 *     KERNEL         kernel id (index into the executor's kernel names)
 *     RANGE          n: the round covers node indices [0, n)
 *     MAIN_SLEEPING  1 while the main thread is in Atomics.wait (helpers then notify)
 *   Int32 per helper h (own cache line each, so a helper's writes do not bounce the others')
 *     CLAIM          the last SEQ whose chunk h + 1 was claimed, by the helper or by the main thread
 *     DONE           the last SEQ this helper finished
 *     STATE          OK | KERNEL_ERROR (message below) | DEAD (the thread is gone)
 *     SLEEPING       1 while the helper is in Atomics.wait (the main thread then notifies)
 *     MESSAGE_LENGTH bytes of UTF-8 in the helper's message area
 *   Float64 params   PARAM_SLOTS values the caller sets before a round (pod requests, ...)
 *   Uint8 messages   MESSAGE_BYTES per helper: the error text of a failed kernel
 *
 * Every cell is read and written with `Atomics`; a round's params, KERNEL and RANGE are written
 * before SEQ, and `Atomics.store` is sequentially consistent, so a helper that sees the new SEQ
 * sees them too.
 *
 * Claiming: every round's chunk h + 1 is claimed exactly once, by compare-and-swap of CLAIM from
 * SEQ - 1 to SEQ. The helper claims it when it sees the round; the main thread, once done with
 * chunk 0, claims whatever no helper has taken yet and runs it itself (RUN rounds only). The main
 * thread publishes the next round only after every chunk is done, so CLAIM is always SEQ - 1
 * until the round's chunk is taken, and a helper that won its claim reads COMMAND, KERNEL and
 * RANGE knowing they cannot change under it.
 */

export const SEQ = 0;
export const COMMAND = 1;
export const KERNEL = 2;
export const RANGE = 3;
export const MAIN_SLEEPING = 4;
const HEADER_INTS = 16;

/** Offsets inside a helper's 16-int (64-byte) line. */
const CLAIM = 0;
const DONE = 1;
const STATE = 2;
const SLEEPING = 3;
const MESSAGE_LENGTH = 4;
const HELPER_INTS = 16;

export const COMMAND_RUN = 0;
/** Rebuild views over new shared buffers (a table grew); the buffers come by MessagePort. */
export const COMMAND_RESHARE = 1;
export const COMMAND_EXIT = 2;

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

  /** Int32 index of helper `h`'s CLAIM cell (h is 0-based: helper 0 runs chunk 1). */
  claimIndex(h: number): number {
    return HEADER_INTS + h * HELPER_INTS + CLAIM;
  }

  doneIndex(h: number): number {
    return HEADER_INTS + h * HELPER_INTS + DONE;
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
