/**
 * Scheduling queue: which pending pod the scheduler tries next, and when a pod that failed is
 * tried again. It models kube-scheduler's `PriorityQueue` (activeQ ordered by PrioritySort,
 * backoffQ with 1 s → 10 s exponential backoff, the unschedulable pool emptied by cluster events
 * or after 5 minutes) over integer pod slot ids, with time passed in by the caller.
 *
 * May import: nothing outside `scheduler/queue/` (it is pure data structures and arithmetic).
 *
 * Usage:
 *   const q = new SchedulingQueue({ eventInterest: buildEventInterest(filterPluginNames) });
 *   q.add(podId, priority, nowUs);
 *   const next = q.pop();                       // -1: nothing to schedule now
 *   q.addUnschedulable(next, rejectorMask, nowUs);   // or q.done(next) once bound
 *   q.moveAllOnEvent(ClusterEventKind.NodeAdd, nowUs);
 *   schedule a flush at q.nextDueUs(), then call q.flush(thatUs).
 */
export {
  BACKOFF_FLUSH_PERIOD_US,
  type BackoffMode,
  backoffDurationUs,
  DEFAULT_POD_INITIAL_BACKOFF_US,
  DEFAULT_POD_MAX_BACKOFF_US,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_US,
  LEFTOVER_FLUSH_PERIOD_US,
  US_PER_SECOND,
} from "./backoff.js";
export { buildEventInterest, ClusterEventKind, pluginBit, REQUEUE_EVENTS } from "./cluster-event.js";
export { QueueLocation } from "./queued-pod-columns.js";
export {
  type AddUnschedulableOptions,
  type RequeueTarget,
  SchedulingQueue,
  type SchedulingQueueOptions,
} from "./scheduling-queue.js";
