/**
 * Priority bands: how events scheduled for the same microsecond are ordered.
 *
 * The event queue orders by (time, band, insertion order). The kernel only compares the
 * numbers; the meaning belongs to the layers above, which pick a band when they schedule.
 * Lower runs first. A plain `as const` object rather than a `const enum`, because vitest
 * (esbuild) compiles each file in isolation and cannot inline a `const enum` across files.
 */
export const Band = {
  /** The world changes first: a node that dies at t is gone before anyone acts at t. */
  NODE_FAILURE: 0,
  /** Writes land in the store (and watch events fan out) before anyone reads it at t. */
  API_SERVER: 1,
  /** Kubelets report what happened on the node (container exits, probe results) at t. */
  KUBELET: 2,
  /** Controllers reconcile on the state as of t, creating or deleting pods. */
  CONTROLLER: 3,
  /** The scheduler sees the pods the controllers created at the same instant. */
  SCHEDULER: 4,
  /** Traffic and resource models run after the cluster shape for t is settled. */
  WORKLOAD: 5,
  /** Samples see every change made at t, so a sample at t describes the end of t. */
  METRICS_SAMPLE: 6,
  /** Run-control events (progress, stop) come last at their instant. */
  CONTROL: 7,
} as const;

export type BandName = keyof typeof Band;

/**
 * Number of bands the queue reserves in its sort key (`timeUs * BAND_COUNT + band`). Bands are
 * integers in [0, BAND_COUNT); the named ones above leave room for layers to add their own.
 * A power of two, so that the queue can check a band with one mask and split a key exactly.
 */
export const BAND_COUNT = 16;
