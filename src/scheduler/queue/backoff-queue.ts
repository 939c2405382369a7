/**
 * backoffQ (`pkg/scheduler/backend/queue/backoff_queue.go`): two heaps seen as one queue.
 * podBackoffQ holds pods rejected by plugins; podErrorBackoffQ holds pods whose attempt failed
 * with an error (no rejecting plugin). Both are ordered by stored backoff expiry; in the windowed
 * mode podBackoffQ orders one expiry window like activeQ and may be popped early, the error
 * queue never is.
 */
import {
  type BackoffMode,
  backoffCompletionTickUs,
  backoffExpiryUs,
  isBackingOff,
} from "./backoff.js";
import { IdHeap, type IdLess } from "./id-heap.js";
import type { QueueOrder } from "./queue-order.js";
import { QueueLocation, type QueuedPodColumns } from "./queued-pod-columns.js";

export class BackoffQueue {
  private readonly podBackoffQ: IdHeap;
  private readonly podErrorBackoffQ: IdHeap;
  private readonly backoffLess: IdLess;
  private readonly errorLess: IdLess;

  constructor(
    private readonly cols: QueuedPodColumns,
    order: QueueOrder,
    readonly mode: BackoffMode,
    private readonly initialUs: number,
    private readonly maxUs: number,
  ) {
    this.backoffLess = order.backoffLess;
    this.errorLess = order.errorBackoffLess;
    this.podBackoffQ = new IdHeap(order.backoffLess, 64);
    this.podErrorBackoffQ = new IdHeap(order.errorBackoffLess, 64);
  }

  get size(): number {
    return this.podBackoffQ.size + this.podErrorBackoffQ.size;
  }

  /** `getBackoffTime`: the expiry the pod would have if it entered the queue now. */
  expiryOf(podId: number): number {
    const cols = this.cols;
    return backoffExpiryUs(cols.timestampUs[podId]!, cols.attempts[podId]!, this.initialUs, this.maxUs, this.mode);
  }

  /** `isPodBackingoff` at `nowUs`. */
  isBackingOff(podId: number, nowUs: number): boolean {
    return isBackingOff(this.expiryOf(podId), this.cols.attempts[podId]!, nowUs, this.mode);
  }

  /** `add`: into podErrorBackoffQ when nothing rejected the pod, else podBackoffQ. */
  add(podId: number, seq: number): void {
    const cols = this.cols;
    cols.backoffExpiryUs[podId] = this.expiryOf(podId);
    cols.seq[podId] = seq;
    if (cols.rejectors[podId] === 0) {
      cols.location[podId] = QueueLocation.ErrorBackoff;
      this.podErrorBackoffQ.push(podId);
    } else {
      cols.location[podId] = QueueLocation.Backoff;
      this.podBackoffQ.push(podId);
    }
  }

  remove(podId: number): boolean {
    return this.podBackoffQ.remove(podId) || this.podErrorBackoffQ.remove(podId);
  }

  /** Re-sorts a pod whose priority changed (only podBackoffQ's windowed order reads it). */
  fix(podId: number): void {
    this.podBackoffQ.fix(podId);
  }

  /** `popBackoff`: the head of podBackoffQ, even before its backoff ends; -1 if empty. */
  popEarly(): number {
    return this.podBackoffQ.pop();
  }

  /**
   * `popEachBackoffCompleted` for the flush tick `tickUs`: calls `moved` for every pod whose
   * backoff is over, podBackoffQ first, in queue order.
   */
  popCompleted(tickUs: number, moved: (podId: number) => void): void {
    this.drain(this.podBackoffQ, tickUs, moved);
    this.drain(this.podErrorBackoffQ, tickUs, moved);
  }

  /** The first flush tick at which some pod completes its backoff, or Infinity. */
  nextCompletionUs(): number {
    let due = Infinity;
    const head = this.podBackoffQ.peek();
    if (head >= 0) due = backoffCompletionTickUs(this.cols.backoffExpiryUs[head]!, this.mode);
    const errorHead = this.podErrorBackoffQ.peek();
    if (errorHead >= 0) due = Math.min(due, backoffCompletionTickUs(this.cols.backoffExpiryUs[errorHead]!, this.mode));
    return due;
  }

  private drain(heap: IdHeap, tickUs: number, moved: (podId: number) => void): void {
    const cols = this.cols;
    for (let head = heap.peek(); head >= 0; head = heap.peek()) {
      if (isBackingOff(cols.backoffExpiryUs[head]!, cols.attempts[head]!, tickUs, this.mode)) break;
      heap.pop();
      moved(head);
    }
  }

  /** podBackoffQ then podErrorBackoffQ, each in queue order. Cold path. */
  list(): number[] {
    return [...sortBy(this.podBackoffQ.ids(), this.backoffLess), ...sortBy(this.podErrorBackoffQ.ids(), this.errorLess)];
  }
}

export function sortBy(ids: number[], less: IdLess): number[] {
  return ids.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
