/**
 * The simulation clock and run loop.
 *
 * Handlers are registered once and referred to by a small integer `kind`; an event is
 * (time, band, kind, arg), where `arg` is an integer the handler interprets (usually a slot
 * in a struct-of-arrays table). Nothing is allocated per event.
 *
 * Contract:
 * - `nowUs` only moves forward. Scheduling before `nowUs` is an error; scheduling at
 *   `nowUs` is allowed and runs after everything already queued for that instant and band.
 * - `run(untilUs)` runs every event with time ≤ untilUs (events at exactly `untilUs` run) and
 *   then leaves the clock at `untilUs`, so consecutive `run` calls tile time without gaps.
 *   `run(Infinity)` runs until the queue is empty and leaves the clock at the last event.
 * - A handler that throws stops the run; the error is rethrown wrapped, naming the handler,
 *   the event's kind, argument and time (failed events are never silently ignored).
 */
import { EventQueue } from "./event-queue.js";

export type Handler = (arg: number) => void;

/** Events per call of the inner loop; see `runBatch`. Large enough that the call is noise. */
const BATCH_EVENTS = 4096;

/** Progress reporting from inside the run loop: `onProgress` is called every `everyEvents`. */
export interface RunProgress {
  everyEvents: number;
  onProgress(nowUs: number, eventsDone: number): void;
}

export interface RunStats {
  /** Events this `run` call executed. */
  eventsProcessed: number;
  /** The clock when `run` returned. */
  finalTimeUs: number;
  /** True when `stop()` ended the run early. */
  stopped: boolean;
}

/** A handler failed; `cause` is what it threw. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly kind: number,
    readonly arg: number,
    readonly timeUs: number,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = "SimulationError";
  }
}

export class Simulation {
  /** Simulated time, integer microseconds. */
  nowUs = 0;
  /** Events executed over the simulation's lifetime (all `run` and `step` calls). */
  eventsDone = 0;

  private readonly queue = new EventQueue();
  private readonly handlers: Handler[] = [];
  /** handlers.length, as a plain field: one load on the scheduling path instead of two. */
  private handlerCount = 0;
  private running = false;
  private stopRequested = false;

  /** Registers a handler and returns its kind id (0, 1, 2, ... in registration order). */
  handler(fn: Handler): number {
    this.handlers.push(fn);
    return this.handlerCount++;
  }

  /** Schedules `kind(arg)` at absolute time `timeUs`; returns a handle for `cancel`. */
  at(timeUs: number, band: number, kind: number, arg: number): number {
    if (!(timeUs >= this.nowUs && kind < this.handlerCount)) this.badSchedule(timeUs, kind);
    return this.queue.push(timeUs, band, kind, arg);
  }

  /** Schedules `kind(arg)` `delayUs` from now (an integer ≥ 0); returns a handle for `cancel`. */
  after(delayUs: number, band: number, kind: number, arg: number): number {
    return this.at(this.nowUs + delayUs, band, kind, arg);
  }

  /** Cancels a pending event; false if it already ran, was cancelled, or never existed. */
  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /** Whether the event behind `handle` is still pending. */
  isPending(handle: number): boolean {
    return this.queue.isPending(handle);
  }

  /** Live events waiting in the queue. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, or Infinity. */
  peekTimeUs(): number {
    return this.queue.peekTimeUs();
  }

  /** Ends the current `run` after the event being executed (call it from a handler). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Executes the next event, whatever its time. Returns false when the queue is empty. */
  step(): boolean {
    this.enter();
    try {
      return this.runBatch(Infinity, 1) === 1;
    } finally {
      this.running = false;
    }
  }

  /** Runs events up to and including `untilUs` (see the module comment). */
  run(untilUs: number, progress?: RunProgress): RunStats {
    if (!(untilUs >= this.nowUs)) {
      throw new RangeError(`cannot run until ${untilUs} µs: the clock is already at ${this.nowUs} µs`);
    }
    const every = progress === undefined ? Infinity : progress.everyEvents;
    if (!(every >= 1)) throw new RangeError(`progress.everyEvents must be ≥ 1, got ${every}`);
    this.enter();
    this.stopRequested = false;
    let done = 0;
    let nextReport = every;
    try {
      for (;;) {
        const limit = Math.min(BATCH_EVENTS, nextReport - done);
        const ran = this.runBatch(untilUs, limit);
        done += ran;
        if (done === nextReport) {
          nextReport += every;
          progress!.onProgress(this.nowUs, done);
        }
        if (ran < limit || this.stopRequested) break;
      }
    } finally {
      this.running = false;
    }
    const stopped = this.stopRequested;
    this.stopRequested = false;
    if (!stopped && untilUs !== Infinity) this.nowUs = untilUs;
    return { eventsProcessed: done, finalTimeUs: this.nowUs, stopped };
  }

  /**
   * Up to `limit` events: pop, advance the clock, dispatch. Returns how many ran (fewer when
   * the queue has nothing left at or before `untilUs`, or a handler called `stop`).
   *
   * The loop lives in this small function, called once per batch, rather than in `run`: a
   * loop entered once and never left only ever runs as on-stack-replacement code, which
   * measured 1.5–1.8× slower on Node 20 (../shared/reference/performance.md §2, "JIT
   * hazard"); a function called thousands of times gets normally optimised.
   */
  private runBatch(untilUs: number, limit: number): number {
    const queue = this.queue;
    const handlers = this.handlers;
    let ran = 0;
    let kind = -1;
    try {
      while (ran < limit) {
        kind = queue.popUntil(untilUs);
        if (kind < 0) break;
        this.nowUs = queue.poppedTimeUs;
        ran++;
        handlers[kind]!(queue.poppedArg);
        if (this.stopRequested) break;
      }
    } catch (cause) {
      throw this.failure(kind, queue.poppedArg, cause);
    } finally {
      this.eventsDone += ran;
    }
    return ran;
  }

  private badSchedule(timeUs: number, kind: number): never {
    if (!(timeUs >= this.nowUs)) {
      throw new RangeError(`cannot schedule at ${timeUs} µs: the clock is already at ${this.nowUs} µs`);
    }
    throw new RangeError(`no handler registered with kind ${kind}`);
  }

  private failure(kind: number, arg: number, cause: unknown): SimulationError {
    const name = this.handlers[kind]!.name || "anonymous";
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new SimulationError(
      `event handler ${name} (kind ${kind}, arg ${arg}) failed at t=${this.nowUs} µs: ${reason}`,
      kind,
      arg,
      this.nowUs,
      { cause },
    );
  }

  private enter(): void {
    if (this.running) throw new Error("Simulation.run/step called from inside an event handler");
    this.running = true;
  }
}
