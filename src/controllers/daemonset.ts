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
 *   misscheduled/unavailable), counted per node in daemonset-status.ts.
 *
 * Incremental: a sync visits only the nodes whose node, pods or placement changed (upstream
 * walks every node on every sync), so 5,000 nodes cost O(1) per pod event. The rolling update
 * walks every node, only while old pods exist and the manage step is idle.
 * Not modelled: `maxSurge` > 0 (treated as 0, with a warning); the back-off for failed daemon
 * pods (no daemon pod fails in this model); ControllerRevisions and history.
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import type { DaemonSet, Node, Pod } from "../cluster/k8s-types.js";
import type { Rng } from "../engine/index.js";
import { daemonPodTolerations, nodeNameAffinity, nodeShouldRunDaemonPod, OBJECT_NAME_FIELD, SHOULD_CONTINUE_RUNNING, SHOULD_RUN } from "./daemon-placement.js";
import { B_DESIRED, B_OLD, byAge, DAEMONSET_HASH_LABEL, daemonSetStatus, type DaemonSetStatus, type DaemonSetWithStatus, isPodAvailable, isPodUpdated, N_BITS, presentPods, type SetState, summarize, TEMPLATE_GENERATION_LABEL } from "./daemonset-status.js";
import { scaledValue, templateHash } from "./deployment-util.js";
import { controllerRef, keyOf, ownerKey, randomSuffix } from "./owner.js";
import { SyncQueue } from "./sync-queue.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

/** apps/v1 `DeprecatedTemplateGeneration`: the template generation the API server keeps on the set. */
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

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
    for (const i of order) {
      summarize(st, i, this.nodes[i] !== undefined, this.ctx.ledger, now);
      const at = st.waiting.get(i);
      if (at !== undefined) this.queue.addAt(st.key, at);
    }
    const strategy = st.ds.spec?.updateStrategy?.type ?? "RollingUpdate";
    if (!changed && strategy === "RollingUpdate" && st.counts[B_OLD]! > 0) this.rollingUpdate(st);
    this.updateStatus(st);
  }

  /** `podsShouldBeOnNode` and the creations/deletions it asks for; true if it wrote anything. */
  private manageNode(st: SetState, i: number): boolean {
    const node = this.nodes[i];
    if (!node) return false; // not in the node list: its pods are pod GC's business
    const present = presentPods(st, i);
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
        if (isTerminalPhase(phase)) doomed.push(pod);
        else running.push(id);
      }
      // Without surge, more than one running pod on a node: keep the oldest.
      if (running.length > 1) for (const id of byAge(st, running, this.ctx.ledger).slice(1)) doomed.push(st.pods.get(id)!);
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
      const present = presentPods(st, i);
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
        if (!isPodAvailable(st, newPod, this.ctx.ledger, this.ctx.sim.nowUs)) numUnavailable++;
      } else if (!isPodAvailable(st, oldPod, this.ctx.ledger, this.ctx.sim.nowUs)) allowed.push(oldPod);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    for (const id of [...allowed, ...candidates.slice(0, remaining)]) {
      this.ctx.store.deletePod(st.pods.get(id)!);
      st.dirty.add(this.podNode[id]!);
    }
  }

  private updateStatus(st: SetState): void {
    const next = daemonSetStatus(st.counts);
    const s = st.ds.status;
    if (s && (Object.keys(next) as (keyof DaemonSetStatus)[]).every((k) => s[k] === next[k])) return;
    st.ds.status = next;
    if (this.ctx.store.get("DaemonSet", st.ds.metadata!.namespace, st.ds.metadata!.name!) === st.ds) this.ctx.store.update("DaemonSet", st.ds);
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

/** daemonset_util.go `GetTargetNodeName`: `spec.nodeName`, else the `metadata.name In [x]` affinity term. */
export function targetNodeName(pod: Pod): string {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const r of term.matchFields ?? []) if (r.key === OBJECT_NAME_FIELD && r.operator === "In" && r.values?.length === 1) return r.values[0]!;
  }
  return "";
}
