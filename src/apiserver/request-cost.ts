/**
 * What one API request costs the server: seats it holds under APF, and how long it runs.
 *
 * Seats (APF work estimators, staging/src/k8s.io/apiserver/pkg/util/flowcontrol/request/):
 * - LIST: `ceil(objects / 100)` seats (`objectsPerSeat` 100), at least 1, at most 10
 *   (`maximumSeats`), from the number of objects the list will return (list_work_estimator.go).
 * - mutating: 1 seat, unless the write fans out to `watchCount ≥ 10` watchers: then
 *   `ceil(watchCount / 10)` seats (`watchesPerSeat` 10, capped at 10) held for an extra
 *   `ceil(watchCount / 10) × 5 ms / seats` after the write (`eventAdditionalDuration` 5 ms,
 *   mutating_work_estimator.go).
 * - everything else: 1 seat.
 *
 * Service time (kubesim's calibration, docs/api-server.md): a fixed handling cost per verb class
 * (authn/authz, admission, decoding and encoding) plus, for a LIST, a cost per object returned;
 * mutating requests add admission webhooks and the etcd commit (etcd.ts), a LIST without a
 * resourceVersion adds an etcd range read.
 */
export const VERB_GET = 0;
export const VERB_LIST = 1;
export const VERB_CREATE = 2;
export const VERB_UPDATE = 3;
export const VERB_PATCH = 4;
export const VERB_DELETE = 5;
/** As apiserver_request_duration_seconds labels them (and the API call latency SLI). */
export const VERB_NAMES = ["GET", "LIST", "POST", "PUT", "PATCH", "DELETE"] as const;

export function isMutating(verb: number): boolean {
  return verb >= VERB_CREATE;
}

export const OBJECTS_PER_SEAT = 100;
export const WATCHES_PER_SEAT = 10;
export const MAXIMUM_SEATS = 10;
export const EVENT_ADDITIONAL_DURATION_US = 5000;

export interface RequestCosts {
  /** GET and other read-only calls of one object. */
  readUs: number;
  /** Handling of a mutating call before and after etcd (admission, validation, encoding). */
  writeUs: number;
  /** LIST: per object returned, from the watch cache. */
  listPerObjectUs: number;
  /** Watchers a write fans out to (watchCount of the mutating estimator), by resource; default `watchersDefault`. */
  watchers: Record<string, number>;
  watchersDefault: number;
  /** Watch cache: fixed delay from commit to the event reaching a watcher. */
  watchDelayUs: number;
  /** Watch cache dispatch: serial cost per event of one resource (events of a resource go out one at a time). */
  watchDispatchUs: number;
}

export const DEFAULT_REQUEST_COSTS: RequestCosts = {
  readUs: 1000,
  writeUs: 2000,
  listPerObjectUs: 20,
  watchers: { pods: 15, nodes: 12 },
  watchersDefault: 5,
  watchDelayUs: 1000,
  watchDispatchUs: 20,
};

/** Seats a request holds (see the module comment). */
export function seatsFor(verb: number, objects: number, watchCount: number): number {
  if (verb === VERB_LIST) return Math.min(MAXIMUM_SEATS, Math.max(1, Math.ceil(objects / OBJECTS_PER_SEAT)));
  if (isMutating(verb) && watchCount >= WATCHES_PER_SEAT) return Math.min(MAXIMUM_SEATS, Math.ceil(watchCount / WATCHES_PER_SEAT));
  return 1;
}

/** Extra time a mutating request holds its seats for its watch fan-out (µs). */
export function fanOutUs(verb: number, watchCount: number): number {
  if (!isMutating(verb) || watchCount < WATCHES_PER_SEAT) return 0;
  const finalSeats = Math.ceil(watchCount / WATCHES_PER_SEAT);
  return Math.round((finalSeats * EVENT_ADDITIONAL_DURATION_US) / Math.min(MAXIMUM_SEATS, finalSeats));
}

/** Time in the API server itself, excluding etcd and webhooks (µs). */
export function handlingUs(c: RequestCosts, verb: number, objects: number): number {
  if (verb === VERB_LIST) return c.readUs + objects * c.listPerObjectUs;
  return isMutating(verb) ? c.writeUs : c.readUs;
}
