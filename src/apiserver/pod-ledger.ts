/**
 * What happened to every pod, as columns indexed by the pod's store id: the timestamps that
 * upstream lives in `status` (`PodScheduled`, `startTime`, `Ready` condition transition times,
 * container `startedAt`) plus the image-pull time the startup SLI excludes. Actors write the
 * column they own (scheduler: queued/scheduled; kubelet: pull/started/ready/finished;
 * node lifecycle and drain: eviction reason); `report/` reads them for pods.csv and the
 * latency histograms. NaN = not (yet) happened.
 *
 * Typed arrays rather than per-pod objects: 150,000 pods stay a few MB and no status string is
 * parsed on the hot path.
 */
export type ReadyListener = (podId: number) => void;

export class PodLedger {
  capacity = 0;
  createdUs = new Float64Array(0);
  /** First entry into the scheduling queue. */
  queuedUs = new Float64Array(0);
  scheduledUs = new Float64Array(0);
  /** All containers started (phase Running). */
  startedUs = new Float64Array(0);
  readyUs = new Float64Array(0);
  /** Since when the pod is Ready now; NaN while it is not (MarkPodsNotReady, probes). */
  lastReadyUs = new Float64Array(0);
  /** Time spent waiting for and pulling images (excluded from the startup SLI). */
  pullUs = new Float64Array(0);
  /** `deletionTimestamp` set. */
  terminatingUs = new Float64Array(0);
  /** Removed from the store. */
  deletedUs = new Float64Array(0);
  /** Container restarts, summed over the pod's containers (kubectl RESTARTS). */
  restarts = new Int32Array(0);
  oomKills = new Int32Array(0);
  /** Exit code of the pod's most recently terminated container; −1 = none yet. */
  lastExitCode = new Int16Array(0);
  /** Cold columns. */
  readonly name: string[] = [];
  readonly namespace: string[] = [];
  /** `Deployment/web`, `ReplicaSet/x`, "" for a bare pod. */
  readonly workload: string[] = [];
  readonly node: string[] = [];
  readonly qosClass: string[] = [];
  readonly evictionReason: string[] = [];
  /** Store ids of every pod ever created, in creation order. */
  readonly ids: number[] = [];
  private readonly readyListeners: ReadyListener[] = [];

  /** Called once per pod when it first becomes Ready. */
  onReady(fn: ReadyListener): void {
    this.readyListeners.push(fn);
  }

  add(id: number, namespace: string, name: string, workload: string, qosClass: string, createdUs: number): void {
    this.ensure(id + 1);
    this.ids.push(id);
    this.namespace[id] = namespace;
    this.name[id] = name;
    this.workload[id] = workload;
    this.qosClass[id] = qosClass;
    this.node[id] = "";
    this.evictionReason[id] = "";
    this.createdUs[id] = createdUs;
  }

  has(id: number): boolean {
    return id < this.capacity && !Number.isNaN(this.createdUs[id]!);
  }

  /** The pod is Ready from now; listeners hear of the first time only. */
  markReady(id: number, nowUs: number): void {
    if (Number.isNaN(this.lastReadyUs[id]!)) this.lastReadyUs[id] = nowUs;
    if (!Number.isNaN(this.readyUs[id]!)) return;
    this.readyUs[id] = nowUs;
    for (const fn of this.readyListeners) fn(id);
  }

  markNotReady(id: number): void {
    this.lastReadyUs[id] = NaN;
  }

  /** Ready at this moment. */
  isReady(id: number): boolean {
    return id < this.capacity && !Number.isNaN(this.lastReadyUs[id]!);
  }

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 1024);
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap).fill(NaN);
      b.set(a);
      return b;
    };
    this.createdUs = grow(this.createdUs);
    this.queuedUs = grow(this.queuedUs);
    this.scheduledUs = grow(this.scheduledUs);
    this.startedUs = grow(this.startedUs);
    this.readyUs = grow(this.readyUs);
    this.lastReadyUs = grow(this.lastReadyUs);
    this.terminatingUs = grow(this.terminatingUs);
    this.deletedUs = grow(this.deletedUs);
    const pull = new Float64Array(cap);
    pull.set(this.pullUs);
    this.pullUs = pull;
    const r = new Int32Array(cap);
    r.set(this.restarts);
    this.restarts = r;
    const o = new Int32Array(cap);
    o.set(this.oomKills);
    this.oomKills = o;
    const x = new Int16Array(cap).fill(-1);
    x.set(this.lastExitCode);
    this.lastExitCode = x;
    this.capacity = cap;
  }
}
