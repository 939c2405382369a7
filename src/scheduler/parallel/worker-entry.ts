/**
 * The helper thread of a `RangeExecutor` (loaded as `dist/.../worker-entry.js`). It imports the
 * kernel module, builds its views, says "ready" once by message, then serves rounds through the
 * control block until told to exit: wait for SEQ to move (spin, then sleep), claim its chunk,
 * run it, publish DONE = SEQ. If the main thread got there first (this helper was asleep or
 * descheduled), the claim fails and the helper just waits for the next round.
 *
 * A kernel that throws is caught here and reported in the control block (STATE_KERNEL_ERROR and
 * the message); the helper keeps serving. If the thread ends for any other reason (process.exit
 * inside a kernel, an uncaught error), the exit handler marks it DEAD and wakes the main thread,
 * which then fails the round instead of waiting for a DONE that will never come.
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { chunkStart } from "./chunks.js";
import {
  COMMAND,
  COMMAND_EXIT,
  COMMAND_RESHARE,
  ControlBlock,
  KERNEL,
  MAIN_SLEEPING,
  RANGE,
  SEQ,
  STATE_DEAD,
  STATE_KERNEL_ERROR,
} from "./control-block.js";
import { loadKernels, type SharedBuffers } from "./kernel-module.js";
import { publish, sleepWhileEqual, spinWhileEqual } from "./spin-wait.js";

/** What `RangeExecutor.start` passes in `workerData`. */
export interface HelperData {
  control: SharedArrayBuffer;
  helpers: number;
  /** 0-based helper number; the helper runs chunk `helper + 1` (the main thread runs chunk 0). */
  helper: number;
  threads: number;
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
const chunk = data.helper + 1;
const claimIndex = block.claimIndex(data.helper);
const doneIndex = block.doneIndex(data.helper);
const stateIndex = block.stateIndex(data.helper);
const sleepingIndex = block.sleepingIndex(data.helper);

const { setup, kernels } = await loadKernels(data.kernelModule, data.kernelNames);
let views = setup(data.shared);

process.on("exit", (code) => {
  block.writeMessage(data.helper, `exited with code ${code}`);
  Atomics.store(ints, stateIndex, STATE_DEAD);
  Atomics.notify(ints, doneIndex);
});

parentPort?.postMessage("ready");
serve();

function serve(): void {
  // Not a load of SEQ: the main thread may publish round 1 right after "ready", before this runs.
  let seq = 0;
  for (;;) {
    seq = awaitRound(seq);
    if (Atomics.compareExchange(ints, claimIndex, (seq - 1) | 0, seq) !== ((seq - 1) | 0)) continue;
    const command = Atomics.load(ints, COMMAND);
    if (command === COMMAND_EXIT) return;
    if (command === COMMAND_RESHARE) reshare();
    else runChunk();
    publish(ints, doneIndex, seq, MAIN_SLEEPING);
  }
}

/** Waits until SEQ moves past `last` and returns it. A separate function from the loop and the
 *  kernel call so V8 optimises them normally rather than as one OSR blob (performance.md §2). */
function awaitRound(last: number): number {
  if (!spinWhileEqual(ints, SEQ, last, data.spinMicros)) {
    while (!sleepWhileEqual(ints, SEQ, last, sleepingIndex, data.sliceMs)) {
      // Idle: keep sleeping. The slice only bounds each futex wait; nothing else to check.
    }
  }
  return Atomics.load(ints, SEQ);
}

function runChunk(): void {
  const n = Atomics.load(ints, RANGE);
  const kernel = kernels[Atomics.load(ints, KERNEL)]!;
  // Called even for an empty chunk, so a kernel can reset its per-chunk output slot.
  try {
    kernel(views, params, chunkStart(n, data.threads, chunk), chunkStart(n, data.threads, chunk + 1), chunk);
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

function fail(err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  block.writeMessage(data.helper, text);
  Atomics.store(ints, stateIndex, STATE_KERNEL_ERROR);
}
