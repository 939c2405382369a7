/**
 * What the DaemonSet controller knows of one set, and its status arithmetic (daemon_controller.go
 * `updateDaemonSetStatus`, `getNodesToDaemonPods`; daemonset_util.go `IsPodUpdated`; podutil
 * `IsPodAvailable`): reads of the set's pods and the pod ledger only, apart from daemonset.ts
 * (watches and writes) so that the per-node summary bits can be checked against upstream alone.
 *
 * Each node has a summary byte (desired, scheduled, misscheduled, ready, available, updated,
 * old); the set keeps a count per bit, so a status is O(1) however many nodes there are.
 */
import type { PodLedger } from "../apiserver/pod-ledger.js";
import type { DaemonSet, Pod, PodSpec } from "../cluster/k8s-types.js";
import { SHOULD_RUN } from "./daemon-placement.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

/** apps/v1 `DefaultDaemonSetUniqueLabelKey` (= ControllerRevisionHashLabelKey). */
export const DAEMONSET_HASH_LABEL = "controller-revision-hash";
/** extensions/v1beta1 `DaemonSetTemplateGenerationKey`, still written on every daemon pod. */
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";

/** apps/v1 DaemonSetStatus, the fields kubesim fills. */
export interface DaemonSetStatus {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  numberAvailable: number;
  numberUnavailable: number;
  updatedNumberScheduled: number;
}

export type DaemonSetWithStatus = DaemonSet & { status?: DaemonSetStatus };

// Per-node summary bits of one DaemonSet, counted per set (status in O(1)).
export const B_DESIRED = 0;
const B_SCHEDULED = 1;
const B_MISSCHEDULED = 2;
const B_READY = 3;
const B_AVAILABLE = 4;
const B_UPDATED = 5;
/** The node has a live pod of an old template (the rolling update has work). */
export const B_OLD = 6;
export const N_BITS = 7;

export interface SetState {
  ds: DaemonSetWithStatus;
  key: string;
  /** The `spec` and template objects last seen: a new one (apply, rollout) means re-evaluating every node. */
  spec: unknown;
  template: unknown;
  hash: string;
  /**
   * Template generation: the set's annotation when imported (so pods of a cluster snapshot, which
   * carry the upstream hash, count as up to date), +1 per template change (the API server's job).
   */
  generation: string;
  /** Template spec with the daemon tolerations; each pod adds its node affinity. */
  podSpec: PodSpec;
  /** Template labels plus the hash label, shared by the pods of this template. */
  podLabels: Record<string, string>;
  /** Per node index: SHOULD_RUN | SHOULD_CONTINUE_RUNNING. */
  should: Uint8Array;
  summary: Uint8Array;
  counts: Int32Array;
  pods: Map<number, Pod>;
  /** Per node index: store ids of the set's pods targeting it, in creation order. */
  podsOnNode: (number[] | undefined)[];
  dirty: Set<number>;
  allDirty: boolean;
  /** Ready pods waiting out `minReadySeconds`: node index → the time they become available. */
  waiting: Map<number, number>;
}

/**
 * Recounts node `i`'s summary bits (updateDaemonSetStatus, per node). A Ready pod still waiting
 * out `minReadySeconds` is left in `st.waiting` with the time it becomes available.
 */
export function summarize(st: SetState, i: number, nodeExists: boolean, ledger: PodLedger, nowUs: number): void {
  let bits = 0;
  st.waiting.delete(i);
  if (nodeExists) {
    const present = presentPods(st, i);
    const desired = (st.should[i]! & SHOULD_RUN) !== 0;
    if (present.length > 0) {
      if (desired) {
        bits |= 1 << B_SCHEDULED;
        const first = byAge(st, present, ledger)[0]!;
        if (ledger.isReady(first)) {
          bits |= 1 << B_READY;
          if (isPodAvailable(st, first, ledger, nowUs)) bits |= 1 << B_AVAILABLE;
          else st.waiting.set(i, ledger.lastReadyUs[first]! + (st.ds.spec?.minReadySeconds ?? 0) * 1e6);
        }
        if (isPodUpdated(st, st.pods.get(first)!)) bits |= 1 << B_UPDATED;
      } else bits |= 1 << B_MISSCHEDULED;
      for (const id of present) {
        const pod = st.pods.get(id)!;
        if (!pod.metadata?.deletionTimestamp && !isPodUpdated(st, pod)) bits |= 1 << B_OLD;
      }
    }
    if (desired) bits |= 1 << B_DESIRED;
  }
  const old = st.summary[i]!;
  if (old === bits) return;
  for (let b = 0; b < N_BITS; b++) st.counts[b]! += ((bits >> b) & 1) - ((old >> b) & 1);
  st.summary[i] = bits;
}

/** The status the per-bit counts give. */
export function daemonSetStatus(c: Int32Array): DaemonSetStatus {
  return {
    desiredNumberScheduled: c[B_DESIRED]!,
    currentNumberScheduled: c[B_SCHEDULED]!,
    numberMisscheduled: c[B_MISSCHEDULED]!,
    numberReady: c[B_READY]!,
    numberAvailable: c[B_AVAILABLE]!,
    numberUnavailable: c[B_DESIRED]! - c[B_AVAILABLE]!,
    updatedNumberScheduled: c[B_UPDATED]!,
  };
}

/** `getNodesToDaemonPods(ds, false)`: the node's pods, without terminal pods already being deleted. */
export function presentPods(st: SetState, i: number): number[] {
  const ids = st.podsOnNode[i];
  if (!ids || ids.length === 0) return [];
  return ids.filter((id) => {
    const pod = st.pods.get(id)!;
    const phase = pod.status?.phase;
    return !(pod.metadata?.deletionTimestamp && isTerminalPhase(phase));
  });
}

/** `podByCreationTimestampAndPhase`: bound first, then older (whole seconds, as creationTimestamp), then name. */
export function byAge(st: SetState, ids: number[], ledger: PodLedger): number[] {
  const created = ledger.createdUs;
  const key = (id: number) => {
    const pod = st.pods.get(id)!;
    return { bound: pod.spec?.nodeName ? 0 : 1, s: Math.floor(created[id]! / 1e6), name: pod.metadata!.name! };
  };
  return ids
    .map((id) => ({ id, k: key(id) }))
    .sort((a, b) => a.k.bound - b.k.bound || a.k.s - b.k.s || (a.k.name < b.k.name ? -1 : a.k.name > b.k.name ? 1 : 0))
    .map((x) => x.id);
}

/** podutil `IsPodAvailable`: Ready for at least `minReadySeconds`. */
export function isPodAvailable(st: SetState, id: number, ledger: PodLedger, nowUs: number): boolean {
  if (!ledger.isReady(id)) return false;
  const minReadyUs = (st.ds.spec?.minReadySeconds ?? 0) * 1e6;
  return minReadyUs === 0 || ledger.lastReadyUs[id]! + minReadyUs <= nowUs;
}

/** daemonset_util.go `IsPodUpdated`: the pod's hash label or its template generation label is current. */
export function isPodUpdated(st: SetState, pod: Pod): boolean {
  const labels = pod.metadata?.labels;
  return labels?.[DAEMONSET_HASH_LABEL] === st.hash || labels?.[TEMPLATE_GENERATION_LABEL] === st.generation;
}
