/**
 * The scheduler as an actor of a scenario run: kube-scheduler's informers, scheduling queue and
 * `scheduleOne` loop (pkg/scheduler/schedule_one.go) on top of the store.
 *
 * - Watches Nodes, Pods and the policy objects plugins read, keeping `ClusterState` (the
 *   scheduler cache) in sync. Pods without `spec.nodeName` for `default-scheduler` enter the
 *   scheduling queue.
 * - One scheduling cycle per engine event (`Band.SCHEDULER`), back to back while activeQ has
 *   pods, each taking `tunables.schedulingCycleUs` of simulated time.
 * - Success: the pod is assumed in the cache, then bound through the store (`spec.nodeName`)
 *   with a `Scheduled` event. Failure: a `FailedScheduling` event with upstream's message, and
 *   the pod goes back to the queue with its rejecting filter plugins as the rejector mask.
 * - Backoff and unschedulable-pool flushes run at `queue.nextDueUs()`; cluster events (node
 *   added/changed/deleted, assigned pod deleted) move pods as `moveAllOnEvent` decides.
 *
 * - Preemption (DefaultPreemption, on unless the configuration disables it): each victim gets
 *   the `DisruptionTarget` condition (`PreemptionByScheduler`), a `Preempted` event and a
 *   graceful deletion (the kubelet then records `Killing` and removes it); the preemptor's
 *   `status.nominatedNodeName` is written and it waits, nominated, in the unschedulable pool
 *   until the victims' deletion requeues it. The nomination is cleared in the bind write.
 *
 * Not modelled yet: binding latency and the 50 QPS client limit (the API server model's job),
 * multiple profiles (a pod naming another scheduler is placed by the default profile, with the
 * import warning saying so), asynchronous preemption (victims are deleted within the cycle,
 * as with `SchedulerAsyncPreemption` off).
 */
import type { Actor, ActorContext } from "../apiserver/actor.js";
import { CLIENT_SCHEDULER } from "../apiserver/apf/flow-schemas.js";
import type { WatchEventType } from "../apiserver/object-store.js";
import { addNode, addPod, nodeRecord } from "../cluster/cluster-import.js";
import { ClusterState } from "../cluster/cluster-state.js";
import type { KubeObject, Node, Pod } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import { loadSchedulerConfiguration, unpositioned } from "./config/index.js";
import type { FitError } from "./framework/fit-error.js";
import { defaultProfile } from "./profile.js";
import { buildEventInterest, ClusterEventKind, SchedulingQueue } from "./queue/index.js";
import { eventMessage, Scheduler } from "./schedule-one.js";
import type { PreemptionActions } from "./preemption-actions.js";
import { preBindVolumes } from "./plugins/volume-binding.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

export class SchedulerActor implements Actor {
  readonly name = "scheduler";
  readonly cluster = new ClusterState();
  scheduler!: Scheduler;
  queue!: SchedulingQueue;
  /** FailedScheduling events recorded. */
  failedScheduling = 0;
  private ctx!: ActorContext;
  private filterNames: string[] = [];
  /** Store id → pod slot (−1), and slot → store id. */
  private slotOfId = new Int32Array(1024).fill(-1);
  private idOfSlot = new Int32Array(1024).fill(-1);
  private cycleKind = -1;
  private flushKind = -1;
  private cyclePending = false;
  private flushHandle = -1;
  private flushAtUs = Infinity;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    const cfgObj = ctx.scenario.schedulerConfig;
    const cfg = cfgObj ? loadSchedulerConfiguration(unpositioned(cfgObj.object, cfgObj.source.file)) : null;
    const profile = cfg?.profiles[0] ?? defaultProfile();
    this.scheduler = new Scheduler(this.cluster, {
      profile,
      rng: ctx.rng.stream("scheduler"),
      preemptionRng: ctx.rng.stream("preemption"),
      preemptionActions: this.preemptionActions(profile.schedulerName),
    });
    this.filterNames = this.scheduler.fw.filters.map((f) => f.name);
    this.queue = new SchedulingQueue({
      eventInterest: buildEventInterest(this.filterNames),
      podInitialBackoffUs: cfg?.queue.podInitialBackoffUs,
      podMaxBackoffUs: cfg?.queue.podMaxBackoffUs,
    });
    this.cycleKind = ctx.sim.handler(() => this.cycle());
    this.flushKind = ctx.sim.handler(() => this.onFlush());
    const s = ctx.store;
    s.watch("PriorityClass", (t, o) => {
      if (t !== "DELETED") this.cluster.priorityClasses.set(o.metadata!.name!, o as never);
    });
    s.watch("Service", (t, o) => this.cluster.applyPolicyEvent<KubeObject>(this.cluster.services, t, o));
    s.watch("ReplicaSet", (t, o) => this.cluster.applyPolicyEvent<KubeObject>(this.cluster.replicaSets, t, o));
    s.watch("StatefulSet", (t, o) => this.cluster.applyPolicyEvent<KubeObject>(this.cluster.statefulSets, t, o));
    s.watch("PodDisruptionBudget", (t, o) => this.cluster.applyPolicyEvent<KubeObject>(this.cluster.podDisruptionBudgets, t, o));
    // The PV / PVC / StorageClass informers of VolumeBinding and VolumeZone.
    this.cluster.volumes.enabled = true;
    s.watch("PersistentVolumeClaim", (t, o) => this.onStorage("PersistentVolumeClaim", t, o, ClusterEventKind.PvcAddOrUpdate));
    s.watch("PersistentVolume", (t, o) => this.onStorage("PersistentVolume", t, o, ClusterEventKind.PvAddOrUpdate));
    s.watch("StorageClass", (t, o) => this.onStorage("StorageClass", t, o, t === "ADDED" ? ClusterEventKind.StorageClassAdd : -1));
    s.watch("Node", (t, o) => this.onNode(t, o as Node));
    s.watch("Pod", (t, o, id) => this.onPod(t, o as Pod, id));
  }

  /** Pods waiting in the queue (active, backoff, unschedulable), not counting one in flight. */
  get pendingCount(): number {
    return this.queue.pendingCount;
  }

  /** Keeps the volume catalog in sync; adds and updates may make pods rejected by the volume plugins schedulable. */
  private onStorage(kind: string, t: WatchEventType, o: KubeObject, event: number): void {
    if (t === "DELETED") return this.cluster.volumes.remove(kind, o);
    this.cluster.volumes.set(kind, o);
    if (event < 0) return;
    this.queue.moveAllOnEvent(event as ClusterEventKind, this.ctx.sim.nowUs);
    this.wake();
  }

  private onNode(t: WatchEventType, node: Node): void {
    const c = this.cluster;
    const name = node.metadata!.name!;
    const now = this.ctx.sim.nowUs;
    if (t === "ADDED") {
      addNode(c, node);
      this.forwardWarnings();
      this.queue.moveAllOnEvent(ClusterEventKind.NodeAdd, now);
    } else if (t === "MODIFIED") {
      const slot = c.nodeByName.get(name);
      if (slot === undefined) return;
      c.nodes.update(slot, nodeRecord(c, node));
      c.nodeObjects[slot] = node;
      c.touchNode(slot);
      this.queue.moveAllOnEvent(ClusterEventKind.NodeTaintChange, now);
    } else {
      const slot = c.nodeByName.get(name);
      if (slot === undefined) return;
      // Nominations to a deleted node go (its slot may be reused); upstream they go stale.
      this.scheduler.nominator.clearNode(slot);
      // Pods still bound there are orphans now; pod GC deletes them, they are not rescheduled.
      c.removeNode(name);
      this.queue.moveAllOnEvent(ClusterEventKind.NodeDelete, now);
    }
    this.wake();
  }

  private onPod(t: WatchEventType, pod: Pod, id: number): void {
    const c = this.cluster;
    const now = this.ctx.sim.nowUs;
    if (t === "ADDED") {
      const slot = addPod(c, pod);
      this.forwardWarnings();
      if (slot < 0) return;
      this.link(id, slot);
      if (!pod.spec?.nodeName) {
        // A pod created with status.nominatedNodeName (AddNominatedPod in the queue's Add).
        const nominated = pod.status?.nominatedNodeName ? c.nodeByName.get(pod.status.nominatedNodeName) : undefined;
        if (nominated !== undefined) this.scheduler.nominator.add(slot, nominated);
        this.queue.add(slot, c.pods.priority[slot]!, now);
        if (Number.isNaN(this.ctx.ledger.queuedUs[id]!)) this.ctx.ledger.queuedUs[id] = now;
        this.wake();
      }
      return;
    }
    const slot = id < this.slotOfId.length ? this.slotOfId[id]! : -1;
    if (slot < 0) return;
    // The scheduler's pod informer lists with `status.phase!=Succeeded,status.phase!=Failed`
    // (pkg/scheduler/scheduler.go newPodInformer): a pod turning terminal reaches it as a
    // delete, so a finished Job pod frees its node's resources at once.
    const phase = pod.status?.phase;
    const terminal = isTerminalPhase(phase);
    if (t === "MODIFIED" && !terminal) {
      if (pod.metadata?.deletionTimestamp && c.pods.terminating[slot] === 0) {
        c.pods.terminating[slot] = 1;
        const n = c.pods.nodeSlot[slot]!;
        if (n >= 0) c.touchNode(n);
      }
      return;
    }
    const wasBound = c.pods.nodeSlot[slot]! >= 0;
    this.queue.delete(slot);
    this.scheduler.nominator.remove(slot);
    c.deletePod(slot);
    this.slotOfId[id] = -1;
    this.idOfSlot[slot] = -1;
    if (wasBound) {
      this.queue.moveAllOnEvent(ClusterEventKind.AssignedPodDelete, now);
      this.wake();
    }
  }

  /**
   * Import warnings (fields kubesim does not model) go to the run's warnings, once per field
   * and message rather than once per pod; the cluster's own list is emptied so it stays small.
   */
  private forwardWarnings(): void {
    const w = this.cluster.warnings;
    if (w.length === 0) return;
    for (const x of w) this.ctx.warn(`${x.path}: ${x.message}`);
    w.length = 0;
  }

  private link(id: number, slot: number): void {
    if (id >= this.slotOfId.length) {
      const next = new Int32Array(Math.max(id + 1, this.slotOfId.length * 2)).fill(-1);
      next.set(this.slotOfId);
      this.slotOfId = next;
    }
    if (slot >= this.idOfSlot.length) {
      const next = new Int32Array(Math.max(slot + 1, this.idOfSlot.length * 2)).fill(-1);
      next.set(this.idOfSlot);
      this.idOfSlot = next;
    }
    this.slotOfId[id] = slot;
    this.idOfSlot[slot] = id;
  }

  /** Makes sure a cycle runs now if activeQ has work, and the flush timer is armed. */
  private wake(): void {
    const sim = this.ctx.sim;
    if (!this.cyclePending && this.queue.activeCount > 0) {
      this.cyclePending = true;
      sim.at(sim.nowUs, Band.SCHEDULER, this.cycleKind, 0);
    }
    this.armFlush();
  }

  private armFlush(): void {
    const sim = this.ctx.sim;
    const due = Math.max(this.queue.nextDueUs(), sim.nowUs);
    if (due === this.flushAtUs && this.flushHandle >= 0 && sim.isPending(this.flushHandle)) return;
    if (this.flushHandle >= 0) sim.cancel(this.flushHandle);
    this.flushHandle = -1;
    this.flushAtUs = due;
    if (due !== Infinity) this.flushHandle = sim.at(due, Band.SCHEDULER, this.flushKind, 0);
  }

  private onFlush(): void {
    this.flushHandle = -1;
    this.flushAtUs = Infinity;
    this.queue.flush(this.ctx.sim.nowUs);
    this.wake();
  }

  private cycle(): void {
    // Binds, nominations and preemptions go out on the scheduler's client (API server model).
    const store = this.ctx.store;
    const client = store.client;
    store.client = CLIENT_SCHEDULER;
    this.cycleBody();
    store.client = client;
  }

  private cycleBody(): void {
    this.cyclePending = false;
    const { sim, store, ledger } = this.ctx;
    const now = sim.nowUs;
    const q = this.queue;
    q.flush(now);
    const slot = q.pop();
    if (slot >= 0) {
      const c = this.cluster;
      const id = this.idOfSlot[slot]!;
      const pod = c.podObjects[slot]!;
      if (c.nodes.liveCount === 0) {
        this.failedScheduling++;
        store.recordEvent("Warning", "FailedScheduling", "Pod", pod, "no nodes available to schedule pods");
        q.addUnschedulable(slot, 0, now);
      } else {
        const r = this.scheduler.scheduleOne(slot);
        if (r.nodeName !== null) {
          q.done(slot);
          preBindVolumes(c, pod, r.nodeSlot, store); // VolumeBinding Reserve + PreBind (no-op without claims)
          pod.spec = { ...pod.spec!, nodeName: r.nodeName };
          // kube-apiserver clears nominatedNodeName on binding (kubernetes PR #132443).
          if (pod.status?.nominatedNodeName) pod.status = { ...pod.status, nominatedNodeName: undefined };
          store.update("Pod", pod);
          store.recordEvent("Normal", "Scheduled", "Pod", pod, eventMessage(r));
          ledger.scheduledUs[id] = now;
          ledger.node[id] = r.nodeName;
        } else {
          this.failedScheduling++;
          store.recordEvent("Warning", "FailedScheduling", "Pod", pod, eventMessage(r));
          q.addUnschedulable(slot, this.rejectors(r.fitError), now);
        }
      }
    }
    if (q.activeCount > 0) {
      this.cyclePending = true;
      sim.after(this.ctx.tunables.schedulingCycleUs, Band.SCHEDULER, this.cycleKind, 0);
    }
    this.armFlush();
  }

  /**
   * How preemption acts on the store (pkg/scheduler/framework/preemption/preemption.go
   * `PreemptPod`, schedule_one.go `updatePod`).
   */
  private preemptionActions(schedulerName: string): PreemptionActions {
    return {
      preemptVictim: (victim, preemptor, node) => {
        const { store } = this.ctx;
        const v = this.cluster.podObjects[victim]!;
        const by = this.cluster.podObjects[preemptor]!;
        const cond = {
          type: "DisruptionTarget",
          status: "True",
          reason: "PreemptionByScheduler",
          message: `${schedulerName}: preempting to accommodate a higher priority pod`,
        };
        v.status = { ...v.status, conditions: [...(v.status?.conditions ?? []).filter((x) => x.type !== "DisruptionTarget"), cond] };
        store.recordEvent("Normal", "Preempted", "Pod", v, `Preempted by pod ${by.metadata?.uid ?? ""} on node ${this.cluster.nodeName(node)}`);
        // Graceful: a deletionTimestamp now, gone once its kubelet has stopped it.
        store.deletePod(v);
      },
      nominationChanged: (pod, node) => {
        const p = this.cluster.podObjects[pod]!;
        p.status = { ...p.status, nominatedNodeName: node >= 0 ? this.cluster.nodeName(node) : undefined };
        this.ctx.store.update("Pod", p);
      },
    };
  }

  /** Bitmask over the filter plugins that rejected at least one node (upstream `UnschedulablePlugins`). */
  private rejectors(err: FitError | null): number {
    if (!err) return 0;
    // A PreFilter rejection: that plugin is the rejector (schedule_one.go findNodesThatFitPod
    // inserts it into UnschedulablePlugins), so the pod waits for its events, not a backoff.
    if (err.preFilterMsg !== "") {
      const i = this.scheduler.fw.failedPlugin;
      return i >= 0 ? 1 << i : 0;
    }
    let mask = 0;
    for (const s of err.nodeStatuses) {
      const i = this.filterNames.indexOf(s.plugin);
      if (i >= 0) mask |= 1 << i;
    }
    return mask;
  }
}
