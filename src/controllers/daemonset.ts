/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go `syncDaemonSet`,
 * `manage`, `podsShouldBeOnNode`, `updateDaemonSetStatus`; update.go `rollingUpdate`), one actor
 * for every DaemonSet.
 *
 * - One pod per node that `NodeShouldRunDaemonPod` accepts (daemon-placement.ts: nodeSelector,
 *   required node affinity, taints against the template's tolerations plus the daemon ones).
 *   Since v1.12 the controller does not bind: each pod carries the required node affinity
 *   `metadata.name In [node]` and the default scheduler places it (so a full node gives the
 *   scheduler's FailedScheduling message).
 * - Per node: no pod (not even a terminating one) and it should run → create one; extra running
 *   pods → delete all but the oldest; Succeeded/Failed pods → delete; it should not even keep
 *   running there (an untolerated NoExecute taint, a selector that no longer matches) → delete.
 *   New nodes get a pod at once; pods of deleted nodes are left to pod GC.
 * - RollingUpdate (default; `maxUnavailable` default 1, `maxSurge` 0), after a sync that created
 *   or deleted nothing (upstream waits for its expectations): old pods are deleted while fewer
 *   than `maxUnavailable` nodes (rounded up from a percentage of the desired count) lack an
 *   available up-to-date pod; the manage step then creates the replacement once the old pod
 *   is gone. Unavailable old pods are replaced regardless. OnDelete: old pods stay.
 * - Pods are `<set>-<5 random chars>` (stream `"daemonset"`) with the template labels plus
 *   `controller-revision-hash`; status as upstream (desired/current/ready/available/updated/
 *   misscheduled/unavailable).
 *
 * Incremental: a sync visits only the nodes whose node, pods or placement changed (upstream
 * walks every node on every sync), so 5,000 nodes cost O(1) per pod event. The rolling update
 * walks every node, only while old pods exist and the manage step is idle.
 * Not modelled: `maxSurge` > 0 (treated as 0, with a warning); the back-off for failed daemon
 * pods (no daemon pod fails in this model); ControllerRevisions and history.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { DaemonSet, Node, Pod, PodSpec } from "../cluster/k8s-types.js";
import type { Rng } from "../engine/index.js";
import { daemonPodTolerations, nodeNameAffinity, nodeShouldRunDaemonPod, OBJECT_NAME_FIELD, SHOULD_CONTINUE_RUNNING, SHOULD_RUN } from "./daemon-placement.js";
import { scaledValue, templateHash } from "./deployment-util.js";
import { controllerRef, keyOf, ownerKey, randomSuffix } from "./owner.js";
import { SyncQueue } from "./sync-queue.js";

/** apps/v1 `DefaultDaemonSetUniqueLabelKey` (= ControllerRevisionHashLabelKey). */
export const DAEMONSET_HASH_LABEL = "controller-revision-hash";
/** extensions/v1beta1 `DaemonSetTemplateGenerationKey`, still written on every daemon pod. */
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";
/** apps/v1 `DeprecatedTemplateGeneration`: the template generation the API server keeps on the set. */
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

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
const B_DESIRED = 0;
const B_SCHEDULED = 1;
const B_MISSCHEDULED = 2;
const B_READY = 3;
const B_AVAILABLE = 4;
const B_UPDATED = 5;
/** The node has a live pod of an old template (the rolling update has work). */
const B_OLD = 6;
const N_BITS = 7;

interface SetState {
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

export class DaemonSetController implements Actor {
  readonly name = "daemonset-controller";
  private ctx!: ActorContext;
  private rng!: Rng;
  private queue!: SyncQueue;
  private readonly sets = new Map<string, SetState>();
  // Nodes by index (a name keeps its index for the whole run); undefined once deleted.
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodeNames: string[] = [];
  private readonly nodes: (Node | undefined)[] = [];
  /** By pod store id: the node index the pod targets. */
  private podNode = new Int32Array(1024).fill(-1);

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.rng = ctx.rng.stream("daemonset");
    this.queue = new SyncQueue(ctx.sim, (k) => this.sync(k));
    ctx.store.watch("DaemonSet", (t, o) => this.onSet(t, o as DaemonSet));
    ctx.store.watch("Node", (t, o) => this.onNode(t, o as Node));
    ctx.store.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
  }

  private onSet(t: WatchEventType, ds: DaemonSetWithStatus): void {
    const key = keyOf(ds);
    const st = this.sets.get(key);
    if (t === "DELETED") {
      this.sets.delete(key);
      // The garbage collector deletes the dependents (background propagation).
      if (st) for (const pod of st.pods.values()) if (this.ctx.store.get("Pod", pod.metadata!.namespace, pod.metadata!.name!) === pod) this.ctx.store.deletePod(pod);
      return;
    }
    if (st && st.spec === ds.spec && st.template === ds.spec?.template) return; // our own status write
    const tpl = ds.spec?.template ?? {};
    const tplSpec = tpl.spec ?? { containers: [] };
    const hash = templateHash(tpl);
    const fresh: SetState = st ?? {
      ds,
      key,
      spec: undefined,
      template: undefined,
      hash: "",
      generation: ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? "1",
      podSpec: tplSpec,
      podLabels: {},
      should: new Uint8Array(0),
      summary: new Uint8Array(0),
      counts: new Int32Array(N_BITS),
      pods: new Map(),
      podsOnNode: [],
      dirty: new Set(),
      allDirty: true,
      waiting: new Map(),
    };
    fresh.ds = ds;
    fresh.spec = ds.spec;
    fresh.template = ds.spec?.template;
    if (st && st.hash !== hash) fresh.generation = String((Number(fresh.generation) || 0) + 1);
    fresh.hash = hash;
    fresh.podSpec = { ...tplSpec, tolerations: daemonPodTolerations(tplSpec) };
    fresh.podLabels = { ...tpl.metadata?.labels, [DAEMONSET_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: fresh.generation };
    fresh.allDirty = true;
    this.sets.set(key, fresh);
    const ru = ds.spec?.updateStrategy?.rollingUpdate;
    if (ru?.maxSurge !== undefined && scaledValue(ru.maxSurge, 100, true) > 0) this.ctx.warn(`DaemonSet ${key}: rollingUpdate.maxSurge is not modelled yet; treated as 0`);
    this.queue.add(key);
  }

  private onNode(t: WatchEventType, node: Node): void {
    const idx = this.indexOf(node.metadata!.name!);
    this.nodes[idx] = t === "DELETED" ? undefined : node;
    for (const st of this.sets.values()) {
      this.fit(st);
      const should = t === "DELETED" ? 0 : nodeShouldRunDaemonPod(node, st.podSpec, st.podSpec.tolerations!);
      if (t === "MODIFIED" && should === st.should[idx]) continue;
      st.should[idx] = should;
      st.dirty.add(idx);
      this.queue.add(st.key);
    }
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const key = ownerKey(pod, "DaemonSet");
    if (key === null) return;
    const st = this.sets.get(key);
    if (!st) return;
    if (t === "DELETED") {
      if (!st.pods.delete(id)) return;
      const idx = this.podNode[id]!;
      const list = st.podsOnNode[idx];
      if (list) list.splice(list.indexOf(id), 1);
      st.dirty.add(idx);
    } else {
      if (!st.pods.has(id)) this.index(st, pod, id, this.indexOf(targetNodeName(pod)));
      st.dirty.add(this.podNode[id]!);
    }
    this.queue.add(key);
  }

  private sync(key: string): void {
    const st = this.sets.get(key);
    if (!st) return;
    this.fit(st);
    const n = this.nodeNames.length;
    const now = this.ctx.sim.nowUs;
    if (st.allDirty) {
      for (let i = 0; i < n; i++) {
        const node = this.nodes[i];
        st.should[i] = node ? nodeShouldRunDaemonPod(node, st.podSpec, st.podSpec.tolerations!) : 0;
        st.dirty.add(i);
      }
      st.allDirty = false;
    }
    for (const [i, at] of st.waiting) if (at <= now) st.dirty.add(i);
    const order = [...st.dirty].sort((a, b) => a - b);
    st.dirty.clear();
    let changed = false;
    for (const i of order) changed = this.manageNode(st, i) || changed;
    for (const i of order) this.summarize(st, i);
    const strategy = st.ds.spec?.updateStrategy?.type ?? "RollingUpdate";
    if (!changed && strategy === "RollingUpdate" && st.counts[B_OLD]! > 0) this.rollingUpdate(st);
    this.updateStatus(st);
  }

  /** `podsShouldBeOnNode` and the creations/deletions it asks for; true if it wrote anything. */
  private manageNode(st: SetState, i: number): boolean {
    const node = this.nodes[i];
    if (!node) return false; // not in the node list: its pods are pod GC's business
    const present = this.presentPods(st, i);
    const should = st.should[i]!;
    if (should & SHOULD_RUN && present.length === 0) {
      this.createPod(st, i);
      return true;
    }
    const doomed: Pod[] = [];
    if (should & SHOULD_CONTINUE_RUNNING) {
      const running: number[] = [];
      for (const id of present) {
        const pod = st.pods.get(id)!;
        if (pod.metadata?.deletionTimestamp) continue;
        const phase = pod.status?.phase;
        if (phase === "Failed" || phase === "Succeeded") doomed.push(pod);
        else running.push(id);
      }
      // Without surge, more than one running pod on a node: keep the oldest.
      if (running.length > 1) for (const id of this.byAge(st, running).slice(1)) doomed.push(st.pods.get(id)!);
    } else {
      for (const id of present) if (!st.pods.get(id)!.metadata?.deletionTimestamp) doomed.push(st.pods.get(id)!);
    }
    for (const pod of doomed) this.ctx.store.deletePod(pod);
    return doomed.length > 0;
  }

  /** update.go `rollingUpdate` without surge, nodes in index order (upstream: map order). */
  private rollingUpdate(st: SetState): void {
    const desired = st.counts[B_DESIRED]!;
    const ru = st.ds.spec?.updateStrategy?.rollingUpdate;
    let maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
    if (desired > 0 && maxUnavailable === 0) maxUnavailable = 1; // upstream's fallback when surge and unavailability are both 0
    let numUnavailable = 0;
    const allowed: number[] = [];
    const candidates: number[] = [];
    for (let i = 0; i < this.nodeNames.length; i++) {
      const present = this.presentPods(st, i);
      if (!(st.should[i]! & SHOULD_RUN) && present.length === 0) continue;
      let newPod = -1;
      let oldPod = -1;
      let ok = true;
      for (const id of present) {
        const pod = st.pods.get(id)!;
        if (pod.metadata?.deletionTimestamp) continue;
        const isNew = isPodUpdated(st, pod);
        if ((isNew ? newPod : oldPod) >= 0) ok = false;
        if (isNew) newPod = id;
        else oldPod = id;
      }
      if (!ok || (newPod < 0) === (oldPod < 0)) numUnavailable++;
      else if (newPod >= 0) {
        if (!this.available(st, newPod)) numUnavailable++;
      } else if (!this.available(st, oldPod)) allowed.push(oldPod);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    for (const id of [...allowed, ...candidates.slice(0, remaining)]) {
      this.ctx.store.deletePod(st.pods.get(id)!);
      st.dirty.add(this.podNode[id]!);
    }
  }

  /** Recounts node `i`'s summary bits (updateDaemonSetStatus, per node). */
  private summarize(st: SetState, i: number): void {
    let bits = 0;
    st.waiting.delete(i);
    if (this.nodes[i]) {
      const present = this.presentPods(st, i);
      const desired = (st.should[i]! & SHOULD_RUN) !== 0;
      if (present.length > 0) {
        if (desired) {
          bits |= 1 << B_SCHEDULED;
          const first = this.byAge(st, present)[0]!;
          if (this.ctx.ledger.isReady(first)) {
            bits |= 1 << B_READY;
            if (this.available(st, first)) bits |= 1 << B_AVAILABLE;
            else {
              const at = this.ctx.ledger.lastReadyUs[first]! + (st.ds.spec?.minReadySeconds ?? 0) * 1e6;
              st.waiting.set(i, at);
              this.queue.addAt(st.key, at);
            }
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

  private updateStatus(st: SetState): void {
    const c = st.counts;
    const next: DaemonSetStatus = {
      desiredNumberScheduled: c[B_DESIRED]!,
      currentNumberScheduled: c[B_SCHEDULED]!,
      numberMisscheduled: c[B_MISSCHEDULED]!,
      numberReady: c[B_READY]!,
      numberAvailable: c[B_AVAILABLE]!,
      numberUnavailable: c[B_DESIRED]! - c[B_AVAILABLE]!,
      updatedNumberScheduled: c[B_UPDATED]!,
    };
    const s = st.ds.status;
    if (s && (Object.keys(next) as (keyof DaemonSetStatus)[]).every((k) => s[k] === next[k])) return;
    st.ds.status = next;
    if (this.ctx.store.get("DaemonSet", st.ds.metadata!.namespace, st.ds.metadata!.name!) === st.ds) this.ctx.store.update("DaemonSet", st.ds);
  }

  /** `getNodesToDaemonPods(ds, false)`: the node's pods, without terminal pods already being deleted. */
  private presentPods(st: SetState, i: number): number[] {
    const ids = st.podsOnNode[i];
    if (!ids || ids.length === 0) return [];
    return ids.filter((id) => {
      const pod = st.pods.get(id)!;
      const phase = pod.status?.phase;
      return !(pod.metadata?.deletionTimestamp && (phase === "Succeeded" || phase === "Failed"));
    });
  }

  /** `podByCreationTimestampAndPhase`: bound first, then older (whole seconds, as creationTimestamp), then name. */
  private byAge(st: SetState, ids: number[]): number[] {
    const created = this.ctx.ledger.createdUs;
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
  private available(st: SetState, id: number): boolean {
    const L = this.ctx.ledger;
    if (!L.isReady(id)) return false;
    const minReadyUs = (st.ds.spec?.minReadySeconds ?? 0) * 1e6;
    return minReadyUs === 0 || L.lastReadyUs[id]! + minReadyUs <= this.ctx.sim.nowUs;
  }

  private createPod(st: SetState, i: number): void {
    const { store } = this.ctx;
    const ds = st.ds;
    const ns = ds.metadata!.namespace || "default";
    let name: string;
    do name = `${ds.metadata!.name}-${randomSuffix((n) => this.rng.int(n))}`;
    while (store.get("Pod", ns, name) !== undefined);
    const node = this.nodeNames[i]!;
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: ns,
        labels: st.podLabels,
        annotations: ds.spec?.template?.metadata?.annotations,
        ownerReferences: [controllerRef("apps/v1", "DaemonSet", ds)],
      },
      spec: { ...st.podSpec, affinity: nodeNameAffinity(st.podSpec.affinity, node) },
      status: { phase: "Pending" },
    };
    const id = store.create("Pod", pod);
    // Refused by admission (API server model: a webhook under failurePolicy Fail); a later sync retries.
    if (id < 0) return store.recordEvent("Warning", "FailedCreate", "DaemonSet", ds, `Error creating: ${store.lastError}`);
    this.index(st, pod, id, i);
  }

  private index(st: SetState, pod: Pod, id: number, i: number): void {
    if (id >= this.podNode.length) {
      const next = new Int32Array(Math.max(id + 1, this.podNode.length * 2)).fill(-1);
      next.set(this.podNode);
      this.podNode = next;
    }
    st.pods.set(id, pod);
    this.podNode[id] = i;
    (st.podsOnNode[i] ??= []).push(id);
  }

  private indexOf(name: string): number {
    let i = this.nodeIndex.get(name);
    if (i === undefined) {
      i = this.nodeNames.length;
      this.nodeIndex.set(name, i);
      this.nodeNames.push(name);
      this.nodes.push(undefined);
    }
    return i;
  }

  /** Grows a set's per-node arrays to the node count. */
  private fit(st: SetState): void {
    const n = this.nodeNames.length;
    if (st.should.length >= n) return;
    const cap = Math.max(n, st.should.length * 2, 64);
    const should = new Uint8Array(cap);
    should.set(st.should);
    st.should = should;
    const summary = new Uint8Array(cap);
    summary.set(st.summary);
    st.summary = summary;
  }
}

/** daemonset_util.go `IsPodUpdated`: the pod's hash label or its template generation label is current. */
function isPodUpdated(st: SetState, pod: Pod): boolean {
  const labels = pod.metadata?.labels;
  return labels?.[DAEMONSET_HASH_LABEL] === st.hash || labels?.[TEMPLATE_GENERATION_LABEL] === st.generation;
}

/** daemonset_util.go `GetTargetNodeName`: `spec.nodeName`, else the `metadata.name In [x]` affinity term. */
export function targetNodeName(pod: Pod): string {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const r of term.matchFields ?? []) if (r.key === OBJECT_NAME_FIELD && r.operator === "In" && r.values?.length === 1) return r.values[0]!;
  }
  return "";
}
