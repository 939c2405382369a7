/**
 * Per-pod queue state (upstream `framework.QueuedPodInfo`) as columns indexed by pod slot id.
 * Arrays grow by doubling; callers must re-read a column after `ensure()` rather than keep a
 * reference across calls that can add pods.
 */

/** Where a pod currently is, as far as the scheduling queue knows. */
export const QueueLocation = {
  /** Unknown to the queue: never added, bound and done, or deleted. */
  None: 0,
  Active: 1,
  /** podBackoffQ: rejected by plugins, waiting out its backoff. */
  Backoff: 2,
  /** podErrorBackoffQ: failed with an error (no rejecting plugin); never popped early. */
  ErrorBackoff: 3,
  Unschedulable: 4,
  /** Popped, scheduling or binding in progress. */
  InFlight: 5,
  /** Deleted while in flight: the failure path forgets it instead of requeueing it. */
  DeletedInFlight: 6,
  /**
   * Held by the SchedulingGates PreEnqueue plugin (`spec.schedulingGates` non-empty): upstream
   * keeps it in the unschedulable pool flagged `Gated`, where no event or flush moves it.
   */
  Gated: 7,
} as const;
export type QueueLocation = (typeof QueueLocation)[keyof typeof QueueLocation];

export class QueuedPodColumns {
  /** `pod.spec.priority` (0 when unset). */
  priority: Int32Array;
  /** `QueuedPodInfo.Timestamp`: last (re)queue time; refreshed on every failure. */
  timestampUs: Float64Array;
  /** `InitialAttemptTimestamp`: first time the pod entered activeQ; NaN until then. */
  initialAttemptUs: Float64Array;
  /** `Attempts`: incremented on every pop. */
  attempts: Int32Array;
  /** Bitmask of the plugins that rejected the last attempt (`UnschedulablePlugins`). */
  rejectors: Int32Array;
  /** Bitmask of event kinds seen while in flight (`inFlightEvents`). */
  inFlightEvents: Int32Array;
  /** Stored backoff expiry (`BackoffExpiration`), valid while in a backoff heap. */
  backoffExpiryUs: Float64Array;
  /** Insertion sequence into the current heap: the deterministic last tie-break. */
  seq: Float64Array;
  location: Uint8Array;

  constructor(capacity: number) {
    const cap = Math.max(1, capacity);
    this.priority = new Int32Array(cap);
    this.timestampUs = new Float64Array(cap);
    this.initialAttemptUs = new Float64Array(cap).fill(NaN);
    this.attempts = new Int32Array(cap);
    this.rejectors = new Int32Array(cap);
    this.inFlightEvents = new Int32Array(cap);
    this.backoffExpiryUs = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.location = new Uint8Array(cap);
  }

  get capacity(): number {
    return this.location.length;
  }

  /** Makes `id` addressable. */
  ensure(id: number): void {
    if (id < this.location.length) return;
    let cap = this.location.length;
    while (cap <= id) cap *= 2;
    this.priority = grow(this.priority, new Int32Array(cap));
    this.timestampUs = grow(this.timestampUs, new Float64Array(cap));
    this.initialAttemptUs = grow(this.initialAttemptUs, new Float64Array(cap).fill(NaN));
    this.attempts = grow(this.attempts, new Int32Array(cap));
    this.rejectors = grow(this.rejectors, new Int32Array(cap));
    this.inFlightEvents = grow(this.inFlightEvents, new Int32Array(cap));
    this.backoffExpiryUs = grow(this.backoffExpiryUs, new Float64Array(cap));
    this.seq = grow(this.seq, new Float64Array(cap));
    this.location = grow(this.location, new Uint8Array(cap));
  }

  /** Resets a slot for a new pod (slots may be reused after a pod leaves). */
  reset(id: number, priority: number, nowUs: number): void {
    this.priority[id] = priority;
    this.timestampUs[id] = nowUs;
    this.initialAttemptUs[id] = NaN;
    this.attempts[id] = 0;
    this.rejectors[id] = 0;
    this.inFlightEvents[id] = 0;
    this.backoffExpiryUs[id] = 0;
    this.seq[id] = 0;
    this.location[id] = QueueLocation.None;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}
