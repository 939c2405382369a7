/**
 * The scheduling queue (`pkg/scheduler/backend/queue/scheduling_queue.go` `PriorityQueue`) over
 * integer pod slot ids: activeQ, backoffQ (plus the error backoffQ), the unschedulable pool and
 * the set of in-flight pods.
 *
 * Time is passed in by the caller in integer microseconds; the queue owns no clock and no event
 * loop. Its periodic work (the whole-second backoff flush and the 30-s leftover flush, both
 * ticking at multiples of their period from t = 0) happens in `flush(nowUs)`, which applies the
 * last tick at or before `nowUs`; `nextDueUs()` says when the caller must next call it.
 *
 * Transitions (v1.33/v1.34 with QueueingHints and SchedulerPopFromBackoffQ):
 * - `add`: new pod → activeQ, Timestamp = now; a pod with scheduling gates waits aside until
 *   `ungate` (the SchedulingGates PreEnqueue plugin; no other PreEnqueue plugin is modelled).
 * - `pop`: head of activeQ, or — windowed mode only — the head of backoffQ when activeQ is empty;
 *   Attempts + 1, the pod is in flight.
 * - `addUnschedulable` (`AddUnschedulableIfNotPresent`): Timestamp = now; an error (no rejector)
 *   or a rejection during which a relevant event arrived goes to backoffQ (activeQ if its backoff
 *   already ended), otherwise to the unschedulable pool. Simplification: "relevant" = an event kind
 *   listed for one of the rejectors in `cluster-event.ts`; plugins' hint functions are not run.
 * - `moveAllOnEvent`: pool pods whose rejectors care about the event → backoffQ/activeQ.
 * - leftover flush: pool pods with `tick − Timestamp > 5 min` → backoffQ/activeQ.
 */
import {
  BACKOFF_FLUSH_PERIOD_US,
  type BackoffMode,
  DEFAULT_POD_INITIAL_BACKOFF_US,
  DEFAULT_POD_MAX_BACKOFF_US,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_US,
  LEFTOVER_FLUSH_PERIOD_US,
  lastTickUs,
} from "./backoff.js";
import { BackoffQueue, sortBy } from "./backoff-queue.js";
import { CLUSTER_EVENT_KIND_COUNT, type ClusterEventKind, WILDCARD_EVENT_BIT } from "./cluster-event.js";
import { IdHeap, type IdLess } from "./id-heap.js";
import { IdList } from "./id-list.js";
import { queueOrder } from "./queue-order.js";
import { QueueLocation, QueuedPodColumns } from "./queued-pod-columns.js";

export interface SchedulingQueueOptions {
  /** `interest[kind]` = rejector mask resolved by event `kind` (see `buildEventInterest`). */
  eventInterest: Int32Array;
  /** `podInitialBackoffSeconds` in µs; default 1 s. */
  podInitialBackoffUs?: number;
  /** `podMaxBackoffSeconds` in µs; default 10 s. */
  podMaxBackoffUs?: number;
  /** Default 5 min (`DefaultPodMaxInUnschedulablePodsDuration`). */
  podMaxInUnschedulablePodsUs?: number;
  /** `windowed` (v1.33+, default) or `exact` (≤ v1.32); see `backoff.ts`. */
  backoffMode?: BackoffMode;
  /** Expected number of pod slots (arrays grow beyond it). */
  initialCapacity?: number;
}

export interface AddUnschedulableOptions {
  /** The attempt failed with an error (API failure, bind error) rather than a plugin rejection. */
  error?: boolean;
}

/** Where `addUnschedulable` put the pod. */
export type RequeueTarget = "active" | "backoff" | "unschedulable" | "forgotten";

export class SchedulingQueue {
  readonly backoffMode: BackoffMode;
  private readonly maxInUnschedulableUs: number;
  private readonly interest: Int32Array;
  private readonly cols: QueuedPodColumns;
  private readonly activeQ: IdHeap;
  private readonly backoffQ: BackoffQueue;
  private readonly unschedulable: IdList;
  private readonly inFlight: IdList;
  private readonly gated: IdList;
  private readonly activeLess: IdLess;
  private nextSeq = 0;

  constructor(options: SchedulingQueueOptions) {
    this.maxInUnschedulableUs = options.podMaxInUnschedulablePodsUs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_US;
    this.backoffMode = options.backoffMode ?? "windowed";
    if (options.eventInterest.length < CLUSTER_EVENT_KIND_COUNT) {
      throw new Error(`SchedulingQueue: eventInterest needs ${CLUSTER_EVENT_KIND_COUNT} entries`);
    }
    this.interest = options.eventInterest;
    const cap = options.initialCapacity ?? 1024;
    this.cols = new QueuedPodColumns(cap);
    const order = queueOrder(this.cols, this.backoffMode);
    this.activeLess = order.activeLess;
    this.activeQ = new IdHeap(order.activeLess, cap);
    this.backoffQ = new BackoffQueue(
      this.cols,
      order,
      this.backoffMode,
      options.podInitialBackoffUs ?? DEFAULT_POD_INITIAL_BACKOFF_US,
      options.podMaxBackoffUs ?? DEFAULT_POD_MAX_BACKOFF_US,
    );
    this.unschedulable = new IdList(cap);
    this.inFlight = new IdList(64);
    this.gated = new IdList(64);
  }

  // ---- counts (scheduler_pending_pods{queue=...}) ----

  get activeCount(): number {
    return this.activeQ.size;
  }
  /** podBackoffQ + podErrorBackoffQ, as upstream's `backoffQ.len()`. */
  get backoffCount(): number {
    return this.backoffQ.size;
  }
  get unschedulableCount(): number {
    return this.unschedulable.size;
  }
  get inFlightCount(): number {
    return this.inFlight.size;
  }
  /** Pods held by scheduling gates (`scheduler_pending_pods{queue="gated"}`). */
  get gatedCount(): number {
    return this.gated.size;
  }
  /** Pending pods: everything queued or gated, not counting in-flight ones. */
  get pendingCount(): number {
    return this.activeQ.size + this.backoffCount + this.unschedulable.size + this.gated.size;
  }

  // ---- per-pod reads ----

  locationOf(podId: number): QueueLocation {
    return podId < this.cols.capacity ? (this.cols.location[podId] as QueueLocation) : QueueLocation.None;
  }
  attemptsOf(podId: number): number {
    return this.cols.attempts[podId]!;
  }
  timestampUsOf(podId: number): number {
    return this.cols.timestampUs[podId]!;
  }
  /** `InitialAttemptTimestamp` (NaN before the pod first entered activeQ). */
  initialAttemptUsOf(podId: number): number {
    return this.cols.initialAttemptUs[podId]!;
  }
  /** Stored backoff expiry; meaningful while the pod is in a backoff queue. */
  backoffExpiryUsOf(podId: number): number {
    return this.cols.backoffExpiryUs[podId]!;
  }

  // ---- transitions ----

  /**
   * A new pending pod (`PriorityQueue.Add`); with `gated` (non-empty `spec.schedulingGates`) it
   * waits for `ungate`.
   */
  add(podId: number, priority: number, nowUs: number, gated = false): void {
    this.cols.ensure(podId);
    if (this.cols.location[podId] !== QueueLocation.None) {
      throw new Error(`SchedulingQueue.add: pod ${podId} is already queued`);
    }
    this.cols.reset(podId, priority, nowUs);
    if (gated) {
      this.cols.location[podId] = QueueLocation.Gated;
      this.gated.append(podId);
      return;
    }
    this.moveToActive(podId, nowUs);
  }

  /**
   * The pod's last scheduling gate was removed (`Update` → `moveToActiveQ`): it enters activeQ
   * with its original Timestamp, and InitialAttemptTimestamp starts now.
   */
  ungate(podId: number, nowUs: number): void {
    if (this.locationOf(podId) !== QueueLocation.Gated) return;
    this.gated.remove(podId);
    this.moveToActive(podId, nowUs);
  }

  /**
   * `Pop`: the next pod to schedule, or -1 if there is none now (upstream blocks instead). The
   * pod is in flight until `done` or `addUnschedulable`. Popping does not depend on time.
   */
  pop(): number {
    let podId = this.activeQ.pop();
    // active_queue.go unlockedPop: with SchedulerPopFromBackoffQ an idle scheduler takes the
    // head of podBackoffQ (never podErrorBackoffQ) before its backoff ends.
    if (podId < 0 && this.backoffMode === "windowed") podId = this.backoffQ.popEarly();
    if (podId < 0) return -1;
    const cols = this.cols;
    cols.attempts[podId]++;
    cols.rejectors[podId] = 0;
    cols.inFlightEvents[podId] = 0;
    cols.location[podId] = QueueLocation.InFlight;
    this.inFlight.append(podId);
    return podId;
  }

  /** `Done`: the in-flight pod was scheduled (or abandoned); the queue forgets it. */
  done(podId: number): void {
    const loc = this.locationOf(podId);
    if (loc !== QueueLocation.InFlight && loc !== QueueLocation.DeletedInFlight) return;
    this.inFlight.remove(podId);
    this.cols.location[podId] = QueueLocation.None;
  }

  /**
   * `AddUnschedulableIfNotPresent` for a pod returned by `pop`: `rejectorMask` has a bit per
   * plugin that rejected it (0, or `error: true`, for an error).
   */
  addUnschedulable(podId: number, rejectorMask: number, nowUs: number, options?: AddUnschedulableOptions): RequeueTarget {
    const cols = this.cols;
    const loc = this.locationOf(podId);
    if (loc === QueueLocation.DeletedInFlight) {
      this.done(podId);
      return "forgotten";
    }
    if (loc !== QueueLocation.InFlight) {
      throw new Error(`SchedulingQueue.addUnschedulable: pod ${podId} is not in flight`);
    }
    const rejectors = options?.error ? 0 : rejectorMask;
    const seen = cols.inFlightEvents[podId]!;
    this.inFlight.remove(podId);
    cols.timestampUs[podId] = nowUs;
    cols.rejectors[podId] = rejectors;
    cols.inFlightEvents[podId] = 0;
    // determineSchedulingHintForInFlightPod: no rejector → queueAfterBackoff; else requeue only
    // if an event seen in flight is of interest to a rejector.
    if (rejectors !== 0 && !this.eventsResolve(seen, rejectors)) {
      cols.location[podId] = QueueLocation.Unschedulable;
      this.unschedulable.append(podId);
      return "unschedulable";
    }
    return this.requeueAfterBackoff(podId, nowUs);
  }

  /**
   * `MoveAllToActiveOrBackoffQueue` for one cluster event: moves every pool pod whose rejectors
   * care about `kind`, and records the event for in-flight pods. Returns how many pods moved.
   */
  moveAllOnEvent(kind: ClusterEventKind, nowUs: number): number {
    const interest = this.interest[kind]!;
    // isEventOfInterest: an event no plugin registered is dropped, even for in-flight pods.
    if (interest === 0) return 0;
    let moved = 0;
    const cols = this.cols;
    const pool = this.unschedulable;
    for (let id = pool.head; id >= 0; ) {
      const next = pool.after(id);
      if ((cols.rejectors[id]! & interest) !== 0) {
        pool.remove(id);
        this.requeueAfterBackoff(id, nowUs);
        moved++;
      }
      id = next;
    }
    this.recordInFlight(1 << kind);
    return moved;
  }

  /**
   * Runs the periodic flushes due by `nowUs`: `flushBackoffQCompleted` (last whole-second tick)
   * and `flushUnschedulablePodsLeftover` (last 30-s tick). Idempotent for the same time.
   */
  flush(nowUs: number): void {
    const tick = lastTickUs(nowUs, BACKOFF_FLUSH_PERIOD_US);
    this.backoffQ.popCompleted(tick, (podId) => this.moveToActive(podId, tick));

    const leftoverTick = lastTickUs(nowUs, LEFTOVER_FLUSH_PERIOD_US);
    const cols = this.cols;
    const pool = this.unschedulable;
    let moved = 0;
    // Pool order is Timestamp order, so stop at the first pod that is young enough.
    for (let id = pool.head; id >= 0; ) {
      if (!(leftoverTick - cols.timestampUs[id]! > this.maxInUnschedulableUs)) break;
      const next = pool.after(id);
      pool.remove(id);
      // EventUnschedulableTimeout is a wildcard event: queueAfterBackoff for every pod.
      this.requeueAfterBackoff(id, leftoverTick);
      moved++;
      id = next;
    }
    if (moved > 0) this.recordInFlight(WILDCARD_EVENT_BIT);
  }

  /**
   * The earliest time at which `flush` will change something, or Infinity. The caller schedules
   * a flush event at `max(nextDueUs(), now)`.
   */
  nextDueUs(): number {
    let due = this.backoffQ.nextCompletionUs();
    const cols = this.cols;
    const oldest = this.unschedulable.head;
    if (oldest >= 0) {
      // First 30-s tick t with t − Timestamp > podMaxInUnschedulablePodsDuration.
      const limit = cols.timestampUs[oldest]! + this.maxInUnschedulableUs;
      due = Math.min(due, lastTickUs(limit, LEFTOVER_FLUSH_PERIOD_US) + LEFTOVER_FLUSH_PERIOD_US);
    }
    return due;
  }

  /** `Delete`: the pod object is gone. An in-flight pod is forgotten when its attempt ends. */
  delete(podId: number): void {
    const loc = this.locationOf(podId);
    switch (loc) {
      case QueueLocation.Active:
        this.activeQ.remove(podId);
        break;
      case QueueLocation.Backoff:
      case QueueLocation.ErrorBackoff:
        this.backoffQ.remove(podId);
        break;
      case QueueLocation.Unschedulable:
        this.unschedulable.remove(podId);
        break;
      case QueueLocation.Gated:
        this.gated.remove(podId);
        break;
      case QueueLocation.InFlight:
        this.cols.location[podId] = QueueLocation.DeletedInFlight;
        return;
      default:
        return;
    }
    this.cols.location[podId] = QueueLocation.None;
  }

  /**
   * A priority change (Kubernetes makes `spec.priority` immutable, but scenarios may rewrite a
   * pending pod): reorders the pod where it is queued.
   */
  update(podId: number, newPriority: number): void {
    if (this.locationOf(podId) === QueueLocation.None) return;
    this.cols.priority[podId] = newPriority;
    this.activeQ.fix(podId);
    this.backoffQ.fix(podId);
  }

  /** Pods in one sub-queue, sorted in the order they would leave it. Cold path: tests, reports. */
  list(where: "active" | "backoff" | "unschedulable" | "gated" | "inFlight"): number[] {
    if (where === "unschedulable") return this.unschedulable.ids();
    if (where === "gated") return this.gated.ids();
    if (where === "inFlight") return this.inFlight.ids();
    if (where === "active") return sortBy(this.activeQ.ids(), this.activeLess);
    return this.backoffQ.list();
  }

  // ---- internals ----

  /** `requeuePodViaQueueingHint` with queueAfterBackoff: backoffQ while backing off, else activeQ. */
  private requeueAfterBackoff(podId: number, nowUs: number): RequeueTarget {
    if (this.backoffQ.isBackingOff(podId, nowUs)) {
      this.backoffQ.add(podId, this.nextSeq++);
      return "backoff";
    }
    this.moveToActive(podId, nowUs);
    return "active";
  }

  /** `moveToActiveQ`: sets InitialAttemptTimestamp on first entry. */
  private moveToActive(podId: number, nowUs: number): void {
    const cols = this.cols;
    if (Number.isNaN(cols.initialAttemptUs[podId]!)) cols.initialAttemptUs[podId] = nowUs;
    cols.seq[podId] = this.nextSeq++;
    cols.location[podId] = QueueLocation.Active;
    this.activeQ.push(podId);
  }

  /** Whether any event kind in `seen` may resolve a rejection by a plugin in `rejectors`. */
  private eventsResolve(seen: number, rejectors: number): boolean {
    if ((seen & WILDCARD_EVENT_BIT) !== 0) return true;
    for (let kind = 0; kind < CLUSTER_EVENT_KIND_COUNT; kind++) {
      if ((seen & (1 << kind)) !== 0 && (this.interest[kind]! & rejectors) !== 0) return true;
    }
    return false;
  }

  /** `addEventIfAnyInFlight`. */
  private recordInFlight(bit: number): void {
    const cols = this.cols;
    for (let id = this.inFlight.head; id >= 0; id = this.inFlight.after(id)) cols.inFlightEvents[id] |= bit;
  }
}
