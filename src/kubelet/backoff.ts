/**
 * The kubelet's two back-offs, as `flowcontrol.Backoff` (staging/src/k8s.io/client-go/util/
 * flowcontrol/backoff.go) keeps them: one entry per key with the current `backoff` and its
 * `lastUpdate`, doubled by `Next` up to a cap, no jitter. Entries live in typed arrays indexed by
 * the kubelet's container slot; NaN `lastUpdate` = no entry.
 *
 * - CrashLoopBackOff (pkg/kubelet/kubelet.go `initialCrashLoopBackOff` 10 s,
 *   `MaxContainerBackOff` 300 s; kuberuntime_manager.go `doBackOff`): a container that exited at
 *   `finishedAt` may restart once `now − finishedAt ≥ backoff`; each restart decision calls
 *   `Next`. The entry expires (restart at once, backoff back to 10 s) when the container's run
 *   ended more than 600 s after the last decision: kubelet.go's own `HasExpiredFunc`
 *   (`eventTime.Sub(lastUpdate) > 600s`), i.e. the container ran for over 10 minutes.
 * - Image pull back-off (kubelet.go `imageBackOffPeriod` 10 s, `MaxImageBackOff` 300 s;
 *   images/image_manager.go `EnsureImageExists`): a failed pull calls `Next`; a pull is not
 *   attempted while `now − lastUpdate < backoff` (`IsInBackOffSinceUpdate`). Expiry is
 *   client-go's default, `now − lastUpdate > 2 × max` = 600 s.
 *
 * Simplification (documented in docs/design/runtime-internals.md): the reduced-decay and
 * per-node-maximum feature gates (`ReduceDefaultCrashLoopBackOffDecay`,
 * `KubeletCrashLoopBackOffMax`) are off, as they are by default in v1.34.
 */

const S = 1_000_000;

/** pkg/kubelet/kubelet.go: initialCrashLoopBackOff. */
export const INITIAL_CRASH_LOOP_BACKOFF_US = 10 * S;
/** pkg/kubelet/apis/config/v1beta1/defaults.go: MaxContainerBackOff. */
export const MAX_CONTAINER_BACKOFF_US = 300 * S;
/** pkg/kubelet/kubelet.go: the crash-loop entry resets after the container ran this long. */
export const CRASH_LOOP_RESET_US = 600 * S;
/** pkg/kubelet/kubelet.go: imageBackOffPeriod. */
export const IMAGE_BACKOFF_PERIOD_US = 10 * S;
/** pkg/kubelet/kubelet.go: MaxImageBackOff. */
export const MAX_IMAGE_BACKOFF_US = 300 * S;

export class BackoffTable {
  backoffUs = new Float64Array(0);
  lastUpdateUs = new Float64Array(0);

  /**
   * @param initialUs first backoff after `Next` on a missing or expired entry
   * @param maxUs cap of the doubling
   * @param expireAfterUs the entry is expired when `eventTime − lastUpdate` exceeds this
   */
  constructor(
    readonly initialUs: number,
    readonly maxUs: number,
    readonly expireAfterUs: number,
  ) {}

  ensure(n: number): void {
    if (n <= this.backoffUs.length) return;
    const cap = Math.max(n, this.backoffUs.length * 2, 1024);
    const b = new Float64Array(cap);
    b.set(this.backoffUs);
    this.backoffUs = b;
    const l = new Float64Array(cap).fill(NaN);
    l.set(this.lastUpdateUs);
    this.lastUpdateUs = l;
  }

  /** Forgets the entry (a new container in a reused slot). */
  reset(key: number): void {
    this.lastUpdateUs[key] = NaN;
    this.backoffUs[key] = 0;
  }

  private expired(key: number, eventUs: number): boolean {
    const last = this.lastUpdateUs[key]!;
    return Number.isNaN(last) || eventUs - last > this.expireAfterUs;
  }

  /** `IsInBackOffSince(key, eventTime)`: still waiting at `nowUs` for an event at `eventUs`. */
  isInBackOffSince(key: number, eventUs: number, nowUs: number): boolean {
    if (this.expired(key, eventUs)) return false;
    return nowUs - eventUs < this.backoffUs[key]!;
  }

  /** `IsInBackOffSinceUpdate(key, now)`. */
  isInBackOffSinceUpdate(key: number, nowUs: number): boolean {
    if (this.expired(key, nowUs)) return false;
    return nowUs - this.lastUpdateUs[key]! < this.backoffUs[key]!;
  }

  /** `Next(key, eventTime)` at `nowUs`: start at `initialUs` or double up to `maxUs`. */
  next(key: number, eventUs: number, nowUs: number): void {
    if (this.expired(key, eventUs)) this.backoffUs[key] = this.initialUs;
    else this.backoffUs[key] = Math.min(this.backoffUs[key]! * 2, this.maxUs);
    this.lastUpdateUs[key] = nowUs;
  }

  /**
   * The kubelet's restart decision for a container that finished at `finishedUs`, made at
   * `nowUs ≥ finishedUs` (kuberuntime_manager.go `doBackOff`): the earliest time it may restart.
   * When that is `nowUs`, the decision is taken (`Next` is called) and `nowUs` is returned.
   */
  restartAt(key: number, finishedUs: number, nowUs: number): number {
    if (this.isInBackOffSince(key, finishedUs, nowUs)) return finishedUs + this.backoffUs[key]!;
    this.next(key, finishedUs, nowUs);
    return nowUs;
  }
}

export function crashLoopBackoffTable(): BackoffTable {
  return new BackoffTable(INITIAL_CRASH_LOOP_BACKOFF_US, MAX_CONTAINER_BACKOFF_US, CRASH_LOOP_RESET_US);
}

export function imagePullBackoffTable(): BackoffTable {
  return new BackoffTable(IMAGE_BACKOFF_PERIOD_US, MAX_IMAGE_BACKOFF_US, 2 * MAX_IMAGE_BACKOFF_US);
}

/** "5m0s", "1m20s", "10s": Go's `time.Duration.String` for whole seconds (BackOff messages). */
export function goDuration(us: number): string {
  const s = Math.round(us / S);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${s % 60}s` : `${s}s`;
}
