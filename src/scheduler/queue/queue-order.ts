/**
 * The orders of the scheduling queue's heaps, as comparators over pod slot ids reading the
 * per-pod columns (so they follow the columns when these grow).
 */
import type { BackoffMode } from "./backoff.js";
import type { IdLess } from "./id-heap.js";
import type { QueuedPodColumns } from "./queued-pod-columns.js";

export interface QueueOrder {
  /** activeQ: `queuesort/priority_sort.go` Less. */
  activeLess: IdLess;
  /** podBackoffQ: `backoff_queue.go` lessBackoffCompletedWithPriority / lessBackoffCompleted. */
  backoffLess: IdLess;
  /** podErrorBackoffQ: lessBackoffCompleted. */
  errorBackoffLess: IdLess;
}

export function queueOrder(cols: QueuedPodColumns, mode: BackoffMode): QueueOrder {
  // Higher priority first, then earlier Timestamp; then insertion order (Go's heap leaves that
  // tie unspecified, kubesim must be deterministic).
  const activeLess = (a: number, b: number): boolean => {
    const pa = cols.priority[a]!;
    const pb = cols.priority[b]!;
    if (pa !== pb) return pa > pb;
    const ta = cols.timestampUs[a]!;
    const tb = cols.timestampUs[b]!;
    if (ta !== tb) return ta < tb;
    return cols.seq[a]! < cols.seq[b]!;
  };
  const expiryThenSeq = (a: number, b: number): boolean => {
    const ea = cols.backoffExpiryUs[a]!;
    const eb = cols.backoffExpiryUs[b]!;
    if (ea !== eb) return ea < eb;
    return cols.seq[a]! < cols.seq[b]!;
  };
  // Windowed (SchedulerPopFromBackoffQ): pods of one expiry window in activeQ order.
  const expiryThenActive = (a: number, b: number): boolean => {
    const ea = cols.backoffExpiryUs[a]!;
    const eb = cols.backoffExpiryUs[b]!;
    if (ea !== eb) return ea < eb;
    return activeLess(a, b);
  };
  return {
    activeLess,
    backoffLess: mode === "windowed" ? expiryThenActive : expiryThenSeq,
    errorBackoffLess: expiryThenSeq,
  };
}
