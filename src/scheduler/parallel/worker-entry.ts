/**
 * The helper thread of a `RangeExecutor` (loaded as `dist/.../worker-entry.js`). It imports the
 * kernel module, builds its views, says "ready" once by message, then serves rounds through the
 * control block until told to exit: wait for SEQ to move (spin, then sleep), then take chunks of
 * the round one at a time (control-block.ts `takeChunk`) and run them until none is left. If the
 * other threads took every chunk first (this helper was asleep or descheduled), it takes none
 * and just waits for the next round. A RESHARE round is acknowledged with DONE = SEQ.
 *
 * A kernel that throws is caught here and reported in the control block (STATE_KERNEL_ERROR and
 * the message); the helper keeps serving. If the thread ends for any other reason (process.exit
 * inside a kernel, an uncaught error), the exit handler marks it DEAD and wakes the main thread,
 * which then fails the round instead of waiting for a chunk that will never finish.
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { chunkStart } from "./chunks.js";
import {
  CHUNKS,
  COMMAND_EXIT,
  COMMAND_RESHARE,
  commandOf,
  ControlBlock,
  FINISHED,
  KERNEL,
  MAIN_SLEEPING,
  RANGE,
  roundOf,
  SEQ,
  STATE_DEAD,
  STATE_KERNEL_ERROR,
  takeChunk,
} from "./control-block.js";
import { loadKernels, type SharedBuffers } from "./kernel-module.js";
import { publish, sleepWhileEqual, spinWhileEqual } from "./spin-wait.js";

/** What `RangeExecutor.start` passes in `workerData`. */
export interface HelperData {
  control: SharedArrayBuffer;
  helpers: number;
  /** 0-based helper number: which per-helper cells of the control block are its own. */
  helper: number;
  kernelModule: string;
  kernelNames: string[];
  shared: SharedBuffers;
  spinMicros: number;
  sliceMs: number;
  /** Carries new shared buffers for COMMAND_RESHARE, read synchronously. */
  reshare: MessagePort;
}

const data = workerData as HelperData;
const block = ControlBlock.attach(data.control, data.helpers);
const ints = block.ints;
const params = block.params;
const busyIndex = block.busyIndex(data.helper);
const doneIndex = block.doneIndex(data.helper);
const stateIndex = block.stateIndex(data.helper);
const sleepingIndex = block.sleepingIndex(data.helper);

const { setup, kernels } = await loadKernels(data.kernelModule, data.kernelNames);
let views = setup(data.shared);

process.on("exit", (code) => {
  block.writeMessage(data.helper, `exited with code ${code}`);
  Atomics.store(ints, stateIndex, STATE_DEAD);
  Atomics.notify(ints, doneIndex);
  Atomics.notify(ints, FINISHED);
});

/** Tokens 1 … 2^30 − 1, one per sleep: the main thread notifies each sleep once (spin-wait.ts). */
let sleepToken = 0;
parentPort?.postMessage("ready");
serve();

function serve(): void {
  // Not a load of SEQ: the main thread may publish round 1 right after "ready", before this runs.
  let seq = 0;
  for (;;) {
    seq = awaitRound(seq);
    const command = commandOf(seq);
    if (command === COMMAND_EXIT) return;
    if (command === COMMAND_RESHARE) {
      reshare();
      publish(ints, doneIndex, seq, MAIN_SLEEPING);
    } else runChunks(roundOf(seq));
  }
}

/** Takes and runs chunks of `round` until none is left. */
function runChunks(round: number): void {
  for (;;) {
    const k = takeChunk(ints, round, Atomics.load(ints, CHUNKS), true);
    if (k < 0) return;
    Atomics.store(ints, busyIndex, 1);
    runChunk(k);
    Atomics.store(ints, busyIndex, 0);
    // The last chunk of the round wakes the main thread if it went to sleep waiting for it.
    if (Atomics.add(ints, FINISHED, 1) + 1 === Atomics.load(ints, CHUNKS) && Atomics.load(ints, MAIN_SLEEPING) !== 0) {
      Atomics.notify(ints, FINISHED);
    }
  }
}

/** Waits until SEQ moves past `last` and returns it. A separate function from the loop and the
 *  kernel call so V8 optimises them normally rather than as one OSR blob (performance.md §2). */
function awaitRound(last: number): number {
  if (!spinWhileEqual(ints, SEQ, last, data.spinMicros)) {
    while (!sleepWhileEqual(ints, SEQ, last, sleepingIndex, data.sliceMs, nextSleepToken())) {
      // Idle: keep sleeping. The slice only bounds each futex wait; nothing else to check.
    }
  }
  return Atomics.load(ints, SEQ);
}

function nextSleepToken(): number {
  sleepToken = sleepToken === 0x3fffffff ? 1 : sleepToken + 1;
  return sleepToken;
}

function runChunk(k: number): void {
  const n = Atomics.load(ints, RANGE);
  const chunks = Atomics.load(ints, CHUNKS);
  const kernel = kernels[Atomics.load(ints, KERNEL)]!;
  // Called even for an empty chunk, so a kernel can reset its per-chunk output slot.
  try {
    kernel(views, params, chunkStart(n, chunks, k), chunkStart(n, chunks, k + 1), k);
  } catch (err) {
    fail(err);
  }
}

function reshare(): void {
  const received = receiveMessageOnPort(data.reshare);
  try {
    if (received === undefined) throw new Error("reshare round without buffers on the port");
    views = setup((received.message as { shared: SharedBuffers }).shared);
  } catch (err) {
    fail(err);
  }
}

/** Records a kernel error; the first of a round is kept (the main thread reads and clears it). */
function fail(err: unknown): void {
  if (Atomics.load(ints, stateIndex) === STATE_KERNEL_ERROR) return;
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  block.writeMessage(data.helper, text);
  Atomics.store(ints, stateIndex, STATE_KERNEL_ERROR);
}
