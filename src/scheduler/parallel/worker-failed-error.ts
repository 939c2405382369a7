/**
 * A helper thread of a `RangeExecutor` failed: its kernel threw (the helper survives and the
 * executor stays usable), or the thread died or stopped answering (the executor is then broken
 * and every later `run` throws this again). Either way it is a kubesim bug or a resource
 * failure, never a user mistake, so it is not an `InputError`: the CLI exits 3.
 */
export class WorkerFailedError extends Error {
  /** 1-based thread number (thread 0 is the main thread), or -1 for the executor as a whole. */
  readonly thread: number;
  /** True when the executor can run further rounds (only after a kernel threw). */
  readonly recoverable: boolean;

  constructor(thread: number, message: string, recoverable: boolean) {
    super(message);
    this.name = "WorkerFailedError";
    this.thread = thread;
    this.recoverable = recoverable;
  }
}
