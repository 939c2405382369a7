/**
 * The Job controller (pkg/controller/job/job_controller.go `syncJob`, `manageJob`;
 * backoff_utils.go) and the TTL-after-finished controller (pkg/controller/ttlafterfinished),
 * one actor for every Job.
 *
 * - Pods run to completion in the kubelet (kubelet/container-exit.ts): their run time and
 *   failure probability come from the `kubesim.io/run-time` and `kubesim.io/failure-probability`
 *   annotations of the template (docs/scenarios.md). A pod counts once: Succeeded → succeeded;
 *   Failed, or deleted before it succeeded (upstream `isPodFailed` with the default
 *   podReplacementPolicy TerminatingOrFailed) → failed; otherwise it is active.
 * - Active pods wanted: `parallelism` (default 1), at most `completions − succeeded`; once a
 *   Job without `completions` has a success, no new pods. Creations per sync ≤ 500
 *   (`MaxPodCreateDeletePerSync`) in slow-start batches; excess active pods are deleted.
 * - Indexed: each pod carries `batch.kubernetes.io/job-completion-index` (annotation and label)
 *   and is named `<job>-<index>-<suffix>`; new pods take the lowest indexes neither succeeded
 *   nor active; `succeeded` counts distinct succeeded indexes (`status.completedIndexes`).
 * - Pod failure back-off: after f failures since the last success, no pod is created before
 *   lastFailure + 10 s·2^(f−1), at most 6 min (`DefaultJobPodFailureBackOff`,
 *   `MaxJobPodFailureBackOff`).
 * - Failed (reason BackoffLimitExceeded) when failed > `backoffLimit` (default 6), or for
 *   `OnFailure` pods when their container restarts reach it (`pastBackoffLimitOnFailure`);
 *   DeadlineExceeded after `activeDeadlineSeconds`. Active pods are then deleted.
 *   Complete (CompletionsReached) when the completions are reached and nothing is active.
 *   `completionTime` is set on Complete. Events: `Completed`, `BackoffLimitExceeded`,
 *   `DeadlineExceeded` on the Job.
 * - `ttlSecondsAfterFinished`: the Job (and, by garbage collection, its pods) is deleted that
 *   long after it finished.
 *
 * Simplifications: the terminal condition is written at once (v1.31+ first writes
 * FailureTarget/SuccessCriteriaMet and the terminal condition once the pods are gone);
 * `suspend`, `podFailurePolicy`, `successPolicy` and per-index back-off limits are not modelled.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import { simTimestamp } from "../apiserver/sim-time.js";
import type { Job, Pod } from "../cluster/k8s-types.js";
import { Band, type Rng } from "../engine/index.js";
import { controllerRef, keyOf, ownerKey, randomSuffix } from "./owner.js";
import { podsToDelete, type RankedPod } from "./pod-ranking.js";
import { slowStartBatches } from "./replicaset.js";
import { SyncQueue } from "./sync-queue.js";

/** job_controller.go MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** job_controller.go DefaultJobPodFailureBackOff. */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_US = 10_000_000;
/** job_controller.go MaxJobPodFailureBackOff. */
export const MAX_JOB_POD_FAILURE_BACKOFF_US = 360_000_000;
/** pkg/apis/batch/v1/defaults.go: BackoffLimit. */
export const DEFAULT_BACKOFF_LIMIT = 6;
/** batch/v1 JobCompletionIndexAnnotation (also a label since v1.28). */
export const JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

export interface JobCondition {
  type: "Complete" | "Failed";
  status: "True";
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** batch/v1 JobStatus, the fields kubesim fills. */
export interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  startTime?: string;
  completionTime?: string;
  completedIndexes?: string;
  conditions?: JobCondition[];
}

export type JobWithStatus = Job & { status?: JobStatus };

const F_ACTIVE = 1;
const F_SUCCEEDED = 2;
const F_FAILED = 4;

interface JobState {
  job: JobWithStatus;
  key: string;
  pods: Map<number, Pod>;
  active: number;
  succeeded: number;
  failed: number;
  failuresSinceSuccess: number;
  lastFailureUs: number;
  /** Indexed only: per index, succeeded (1) and active pod counts. */
  succeededIndex: Uint8Array | null;
  activeIndex: Int32Array | null;
  finished: boolean;
  /** When the controller first synced the Job (`status.startTime`); NaN before. */
  startUs: number;
  /** Template labels plus the job-name labels (NonIndexed pods share them). */
  podLabels: Record<string, string>;
}

export class JobController implements Actor {
  readonly name = "job-controller";
  private ctx!: ActorContext;
  private rng!: Rng;
  private queue!: SyncQueue;
  private readonly jobs = new Map<string, JobState>();
  /** By pod store id: F_ACTIVE, F_SUCCEEDED or F_FAILED as last counted. */
  private flags = new Uint8Array(1024);
  private readonly podIndex = new Map<number, number>();
  private readonly ttlKeys: JobWithStatus[] = [];
  private kTtl = -1;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.rng = ctx.rng.stream("job");
    this.queue = new SyncQueue(ctx.sim, (k) => this.sync(k));
    this.kTtl = ctx.sim.handler((i) => {
      const job = this.ttlKeys[i]!;
      if (ctx.store.get("Job", job.metadata!.namespace, job.metadata!.name!) === job) ctx.store.delete("Job", job);
    });
    ctx.store.watch("Job", (t, o) => this.onJob(t, o as JobWithStatus));
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
  }

  private onJob(t: WatchEventType, job: JobWithStatus): void {
    const key = keyOf(job);
    const st = this.jobs.get(key);
    if (t === "DELETED") {
      this.jobs.delete(key);
      // The garbage collector deletes the dependents (background propagation).
      if (st) for (const pod of st.pods.values()) if (this.ctx.store.get("Pod", pod.metadata!.namespace, pod.metadata!.name!) === pod) this.ctx.store.deletePod(pod);
      return;
    }
    if (st) {
      st.job = job;
      if (!st.finished) this.queue.add(key);
      return;
    }
    const spec = job.spec ?? {};
    const completions = spec.completions ?? (spec.parallelism === undefined ? 1 : null); // defaults.go: both unset → 1 and 1
    const indexed = spec.completionMode === "Indexed" && completions !== null;
    const name = job.metadata!.name!;
    const uid = job.metadata!.uid!;
    this.jobs.set(key, {
      job,
      key,
      pods: new Map(),
      active: 0,
      succeeded: 0,
      failed: 0,
      failuresSinceSuccess: 0,
      lastFailureUs: 0,
      succeededIndex: indexed ? new Uint8Array(completions) : null,
      activeIndex: indexed ? new Int32Array(completions) : null,
      finished: false,
      startUs: NaN,
      podLabels: { ...spec.template?.metadata?.labels, "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name },
    });
    if (!spec.template?.metadata?.annotations?.["kubesim.io/run-time"]) {
      this.ctx.warn(`Job ${key}: its pod template has no kubesim.io/run-time annotation, so its pods run until deleted and the Job never completes`);
    }
    this.queue.add(key);
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const key = ownerKey(pod, "Job");
    if (key === null) return;
    const st = this.jobs.get(key);
    if (!st) return;
    if (t === "DELETED") st.pods.delete(id);
    else st.pods.set(id, pod);
    const phase = pod.status?.phase;
    const next = phase === "Succeeded" ? F_SUCCEEDED : phase === "Failed" || t === "DELETED" || pod.metadata?.deletionTimestamp ? F_FAILED : F_ACTIVE;
    this.count(st, id, next);
    this.queue.add(key);
  }

  /** Moves pod `id` to `next`; Succeeded and Failed are final (a pod counts once). */
  private count(st: JobState, id: number, next: number): void {
    if (id >= this.flags.length) {
      const f = new Uint8Array(Math.max(id + 1, this.flags.length * 2));
      f.set(this.flags);
      this.flags = f;
    }
    const old = this.flags[id]!;
    if (old === next || old === F_SUCCEEDED || old === F_FAILED) return;
    this.flags[id] = next;
    const index = this.podIndex.get(id);
    if (old === F_ACTIVE) {
      st.active--;
      if (st.activeIndex && index !== undefined) st.activeIndex[index]!--;
    }
    if (next === F_ACTIVE) {
      st.active++;
      if (st.activeIndex && index !== undefined) st.activeIndex[index]!++;
    } else if (next === F_SUCCEEDED) {
      st.failuresSinceSuccess = 0;
      if (!st.succeededIndex) st.succeeded++;
      else if (index !== undefined && st.succeededIndex[index] === 0) {
        st.succeededIndex[index] = 1;
        st.succeeded++;
      }
    } else {
      st.failed++;
      st.failuresSinceSuccess++;
      st.lastFailureUs = this.ctx.sim.nowUs;
    }
  }

  private sync(key: string): void {
    const st = this.jobs.get(key);
    if (!st) return;
    const { sim } = this.ctx;
    const job = st.job;
    const spec = job.spec ?? {};
    const status = (job.status ??= { active: 0, succeeded: 0, failed: 0 });
    let changed = false;
    if (!st.finished) {
      if (Number.isNaN(st.startUs)) {
        st.startUs = sim.nowUs;
        status.startTime = simTimestamp(sim.nowUs);
        changed = true;
        if (spec.activeDeadlineSeconds !== undefined) this.queue.addAt(key, sim.nowUs + spec.activeDeadlineSeconds * 1e6);
      }
      const completions = spec.completions ?? (spec.parallelism === undefined ? 1 : null);
      const deadlineUs = spec.activeDeadlineSeconds === undefined ? Infinity : st.startUs + spec.activeDeadlineSeconds * 1e6;
      if (st.failed > (spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT) || this.pastBackoffLimitOnFailure(st)) {
        this.finish(st, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      } else if (sim.nowUs >= deadlineUs) {
        this.finish(st, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
      } else {
        this.manage(st, completions);
        const complete = completions === null ? st.succeeded > 0 && st.active === 0 : st.succeeded >= completions && st.active === 0;
        if (complete) this.finish(st, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
      }
      changed ||= st.finished;
    }
    if (status.active !== st.active || status.succeeded !== st.succeeded || status.failed !== st.failed) {
      status.active = st.active;
      status.succeeded = st.succeeded;
      status.failed = st.failed;
      if (st.succeededIndex) status.completedIndexes = indexRanges(st.succeededIndex);
      changed = true;
    }
    if (changed && this.ctx.store.get("Job", job.metadata!.namespace, job.metadata!.name!) === job) this.ctx.store.update("Job", job);
  }

  /** `manageJob`: create or delete pods towards the wanted number of active pods. */
  private manage(st: JobState, completions: number | null): void {
    const spec = st.job.spec ?? {};
    const parallelism = spec.parallelism ?? 1;
    let want: number;
    if (completions === null) want = st.succeeded > 0 ? st.active : parallelism;
    else want = Math.max(0, Math.min(completions - st.succeeded, parallelism));
    if (st.active > want) {
      this.deleteActive(st, Math.min(st.active - want, MAX_POD_CREATE_DELETE_PER_SYNC));
      return;
    }
    if (st.active === want) return;
    const backoffUs = jobBackoffUs(st.failuresSinceSuccess);
    const readyAt = st.lastFailureUs + backoffUs;
    if (backoffUs > 0 && readyAt > this.ctx.sim.nowUs) {
      this.queue.addAt(st.key, readyAt);
      return;
    }
    let diff = Math.min(want - st.active, MAX_POD_CREATE_DELETE_PER_SYNC);
    const indexes = st.activeIndex ? firstPendingIndexes(st.succeededIndex!, st.activeIndex, diff) : null;
    if (indexes) diff = indexes.length;
    let k = 0;
    for (const size of slowStartBatches(diff)) {
      for (let i = 0; i < size; i++) {
        const index = indexes ? indexes[k++]! : -1;
        const pod = this.newPod(st, index);
        const id = this.ctx.store.create("Pod", pod);
        // Refused by admission (API server model: a webhook under failurePolicy Fail); a later sync retries.
        if (id < 0) return;
        st.pods.set(id, pod);
        if (index >= 0) this.podIndex.set(id, index);
        this.count(st, id, F_ACTIVE);
      }
    }
  }

  /** job_controller.go `pastBackoffLimitOnFailure`: container restarts of live `OnFailure` pods. */
  private pastBackoffLimitOnFailure(st: JobState): boolean {
    const spec = st.job.spec ?? {};
    if (spec.template?.spec?.restartPolicy !== "OnFailure") return false;
    let restarts = 0;
    for (const id of st.pods.keys()) if (this.flags[id] === F_ACTIVE) restarts += this.ctx.ledger.restarts[id] ?? 0;
    const limit = spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
    return limit === 0 ? restarts > 0 : restarts >= limit;
  }

  private finish(st: JobState, type: JobCondition["type"], reason: string, message: string): void {
    const { sim, store } = this.ctx;
    const job = st.job;
    st.finished = true;
    const now = simTimestamp(sim.nowUs);
    job.status!.conditions = [{ type, status: "True", reason, message, lastTransitionTime: now }];
    if (type === "Complete") {
      job.status!.completionTime = now;
      store.recordEvent("Normal", "Completed", "Job", job, "Job completed");
    } else store.recordEvent("Warning", reason, "Job", job, message);
    this.deleteActive(st, st.active);
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl !== undefined) {
      this.ttlKeys.push(job);
      sim.at(sim.nowUs + ttl * 1e6, Band.CONTROLLER, this.kTtl, this.ttlKeys.length - 1);
    }
  }

  private deleteActive(st: JobState, n: number): void {
    if (n <= 0) return;
    const active: RankedPod[] = [];
    for (const [id, pod] of st.pods) if (this.flags[id] === F_ACTIVE) active.push({ id, pod });
    for (const v of podsToDelete(active, n, this.ctx.ledger)) {
      this.ctx.store.deletePod(v.pod);
      this.count(st, v.id, F_FAILED);
    }
  }

  private newPod(st: JobState, index: number): Pod {
    const store = this.ctx.store;
    const job = st.job;
    const ns = job.metadata!.namespace || "default";
    const prefix = index >= 0 ? `${job.metadata!.name}-${index}` : job.metadata!.name;
    let name: string;
    do name = `${prefix}-${randomSuffix((n) => this.rng.int(n))}`;
    while (store.get("Pod", ns, name) !== undefined);
    const tpl = job.spec!.template!;
    const annotations = tpl.metadata?.annotations;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: ns,
        labels: index >= 0 ? { ...st.podLabels, [JOB_COMPLETION_INDEX]: String(index) } : st.podLabels,
        annotations: index >= 0 ? { ...annotations, [JOB_COMPLETION_INDEX]: String(index) } : annotations,
        ownerReferences: [controllerRef("batch/v1", "Job", job)],
      },
      spec: tpl.spec!,
      status: { phase: "Pending" },
    };
  }
}

/** backoff_utils.go `getRemainingTimeForFailuresCount`: 10 s doubled per failure after the first, capped at 6 min; 0 without failures. */
export function jobBackoffUs(failures: number): number {
  if (failures === 0) return 0;
  let d = DEFAULT_JOB_POD_FAILURE_BACKOFF_US;
  for (let i = 1; i < failures && d < MAX_JOB_POD_FAILURE_BACKOFF_US; i++) d *= 2;
  return Math.min(d, MAX_JOB_POD_FAILURE_BACKOFF_US);
}

/** indexed_job_utils.go `firstPendingIndexes`: the lowest `n` indexes neither succeeded nor active. */
export function firstPendingIndexes(succeeded: Uint8Array, active: Int32Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < succeeded.length && out.length < n; i++) if (succeeded[i] === 0 && active[i] === 0) out.push(i);
  return out;
}

/** `status.completedIndexes` format: "1,3-5,7". */
export function indexRanges(set: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < set.length; i++) {
    if (set[i] === 0) continue;
    let j = i;
    while (j + 1 < set.length && set[j + 1] === 1) j++;
    parts.push(i === j ? String(i) : `${i}-${j}`);
    i = j;
  }
  return parts.join(",");
}
