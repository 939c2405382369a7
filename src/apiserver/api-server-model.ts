/**
 * The API server cost model (`spec.apiServer`): every write through the object store becomes a
 * request that pays its way before watchers see it.
 *
 *   write ─► client token bucket ─► replica (sticky per client) ─► APF level: seat or queue
 *         │                                   (429 + Retry-After 1 s ─► retry, token again)
 *         └► webhooks (CREATE) ─► etcd commit ─► watch cache ─► watchers (delivery event)
 *
 * - The store commits at once (the writer's own view), but watchers — the scheduler, the
 *   controllers, the kubelets, the run recorder — see the write only when the request has
 *   committed in etcd and the watch cache has dispatched it, so scheduling, pod startup and
 *   failover slow down with the API server. Per object, events keep their order: a MODIFIED or
 *   DELETED whose ADDED has not been delivered yet is dropped (the watcher sees the object's
 *   final state once), as is anything after a DELETED.
 * - A pod's `creationTimestamp` (and the ledger's `createdUs`) is when the server handled the
 *   create, not when the controller asked: client-side throttling is outside the startup SLI,
 *   as upstream.
 * - Background load in closed form, once per second (node-heartbeats.ts): node Lease renewals
 *   (nodes / 10 s) and node status reports (nodes / 5 m) hold `ceil(rate × service time)` seats
 *   of node-high and their share of etcd; Kubernetes Events (one write each) take their share
 *   of etcd.
 * - APF seat re-division (borrowing) every 10 s (priority-levels.ts `allocateConcurrency`).
 * - CPU: each replica's `cpuCores` are shared by the requests in service (cpu-share.ts): how a
 *   LIST-heavy client slows everybody's requests despite APF's isolation of seats.
 *
 * Nothing here allocates per request: requests are slots in typed arrays (a free list).
 */
import type { ActorContext } from "./actor.js";
import type { KubeObject } from "../cluster/k8s-types.js";
import { Band } from "../engine/index.js";
import { ApiMetrics, SCOPE_RESOURCE } from "./api-metrics.js";
import type { ApiServerSettings } from "./api-server-settings.js";
import { ADMIT_EXECUTE, ADMIT_QUEUED, ApfDispatcher, MaxInflightLimiter, REJECT_QUEUE_FULL } from "./apf/apf-dispatcher.js";
import { CLIENT_CONTROLLER, CLIENT_KUBELET, CLIENT_SCHEDULER, priorityLevelOf } from "./apf/flow-schemas.js";
import { allocateConcurrency, DEFAULT_PRIORITY_LEVELS, lendableConcurrencyLimits, nominalConcurrencyLimits } from "./apf/priority-levels.js";
import { flowHash } from "./apf/shuffle-shard.js";
import { TokenBuckets } from "./client-rate-limit.js";
import { Etcd } from "./etcd.js";
import type { ApiHook, WatchEventType } from "./object-store.js";
import { fanOutUs, handlingUs, isMutating, seatsFor, VERB_LIST, VERB_NAMES } from "./request-cost.js";
import { CpuShare } from "./cpu-share.js";
import { NodeHeartbeats, TICK_US } from "./node-heartbeats.js";
import { attribute, T_ADDED, T_DELETED, T_MODIFIED, T_NONE, type Attribution } from "./request-attribution.js";
import { RequestTable } from "./request-table.js";
import { WatchOrder } from "./watch-order.js";
import { simTimestamp } from "./sim-time.js";
import { WebhookAdmission } from "./webhook-admission.js";

const TYPE_NAMES: WatchEventType[] = ["ADDED", "ADDED", "MODIFIED", "DELETED"];
/** apf_controller.go: borrowing is re-computed every 10 s. */
const BORROW_EVERY_TICKS = 10;

export class ApiServerModel implements ApiHook {
  readonly metrics: ApiMetrics;
  readonly etcd: Etcd;
  readonly nominal: Int32Array;
  readonly lendable: Int32Array;
  /** One per replica (APF on), else the max-inflight limiters. */
  readonly apf: ApfDispatcher[] = [];
  readonly inflight: MaxInflightLimiter[] = [];
  readonly webhooks: WebhookAdmission;
  readonly levels = DEFAULT_PRIORITY_LEVELS;
  private readonly buckets = new TokenBuckets();
  // Client instances (one token bucket each).
  private instClass: Uint8Array = new Uint8Array(64);
  private instFlow: Float64Array = new Float64Array(64);
  /** Client instances by class, then name. */
  private readonly instByName: Map<string, number>[] = [];
  // Resources.
  private readonly resNames: string[] = [];
  private readonly resIndex = new Map<string, number>();
  private resWatchers: Int32Array = new Int32Array(64);
  /** The resource whose watch carries this one's events (`pods/status` → `pods`). */
  private resBase: Int32Array = new Int32Array(64);
  private resLastDeliverUs: Float64Array = new Float64Array(64);
  /** Requests in flight, by slot. */
  private readonly r = new RequestTable();
  private readonly order = new WatchOrder();
  /** Closed-form background load (node-heartbeats.ts). */
  private readonly heartbeats: NodeHeartbeats;
  private ticks = 0;
  private readonly demand: Float64Array;
  private pendingWebhookUs = 0;
  private readonly who: Attribution = { clientClass: 0, client: "", verb: 0, resource: "" };
  /** Seats in service per replica (all levels, exempt and max-inflight included) on its CPUs. */
  readonly cpu: CpuShare;
  // Engine handler kinds.
  private readonly kSend: number;
  private readonly kArrive: number;
  private readonly kComplete: number;
  private readonly kTimeout: number;
  private readonly kDeliver: number;
  private readonly kTick: number;

  constructor(
    private readonly ctx: ActorContext,
    readonly settings: ApiServerSettings,
  ) {
    const s = settings;
    this.metrics = new ApiMetrics(this.levels.map((l) => l.name));
    this.etcd = new Etcd(s.etcd);
    this.nominal = nominalConcurrencyLimits(s.maxRequestsInflight + s.maxMutatingRequestsInflight, this.levels);
    this.lendable = lendableConcurrencyLimits(this.nominal, this.levels);
    this.demand = new Float64Array(this.levels.length);
    this.cpu = new CpuShare(s.replicas, s.cpuCores, s.startAtUs);
    for (let r = 0; r < s.replicas; r++) {
      if (s.priorityAndFairness) this.apf.push(new ApfDispatcher(this.levels, this.nominal));
      else this.inflight.push(new MaxInflightLimiter(s.maxRequestsInflight, s.maxMutatingRequestsInflight));
    }
    this.webhooks = new WebhookAdmission(ctx, s.webhookLatencyUs);
    const sim = ctx.sim;
    this.kSend = sim.handler((slot) => this.send(slot));
    this.kArrive = sim.handler((slot) => this.arrive(slot));
    this.kComplete = sim.handler((slot) => this.complete(slot));
    this.kTimeout = sim.handler((slot) => this.timeout(slot));
    this.kDeliver = sim.handler((slot) => this.deliver(slot));
    this.kTick = sim.handler(() => this.tick());
    const parts = { apf: this.apf, cpu: this.cpu, etcd: this.etcd, metrics: this.metrics, resource: (name: string) => this.resource(name) };
    this.heartbeats = new NodeHeartbeats(ctx, s, parts);
    sim.at(s.startAtUs, Band.API_SERVER, this.kTick, 0);
  }

  /** Nominal seats per level for one replica (V27). */
  get nominalByLevel(): Record<string, number> {
    return Object.fromEntries(this.levels.map((l, i) => [l.name, this.nominal[i]!]));
  }

  /** Store hook: admission of a CREATE (webhooks); "" = admitted. */
  admit(kind: string, obj: KubeObject): string {
    const r = this.webhooks.admitCreate(kind, obj);
    this.pendingWebhookUs = r.us;
    if (r.error !== "") this.metrics.webhookRejections++;
    return r.error;
  }

  /** Store hook: a committed write becomes a request; false = deliver at once (before `startAt`). */
  intercept(type: WatchEventType, kind: string, obj: KubeObject, id: number): boolean {
    const webhookUs = this.pendingWebhookUs;
    this.pendingWebhookUs = 0;
    const store = this.ctx.store;
    const cls = store.client;
    if (this.ctx.sim.nowUs < this.settings.startAtUs) return false;
    const t = type === "ADDED" ? T_ADDED : type === "MODIFIED" ? T_MODIFIED : T_DELETED;
    const w = attribute(cls, t, kind, obj, this.who);
    const resource = w.resource;
    const verb = w.verb;
    const inst = this.instance(w.clientClass, w.client);
    if (t === T_ADDED) this.order.addPending(id);
    else if (t === T_MODIFIED) {
      // An update of an object whose previous update by the same client still waits for a
      // token: upstream the controller's worker is blocked in that request and the new sync
      // collapses into the queued key, so one write carries the latest state.
      const p = this.order.waitingUpdate(id);
      if (p >= 0 && this.r.inst[p] === inst && this.r.type[p] === T_MODIFIED && this.r.res[p] === this.resource(resource)) {
        this.r.obj[p] = obj;
        this.metrics.coalesced++;
        return true;
      }
    }
    const slot = this.r.alloc();
    this.r.verb[slot] = verb;
    this.r.type[slot] = t;
    this.r.res[slot] = this.resource(resource);
    this.r.inst[slot] = inst;
    this.r.objId[slot] = id;
    this.r.objects[slot] = 1;
    this.r.fromEtcd[slot] = 0;
    this.r.scope[slot] = SCOPE_RESOURCE;
    this.r.webhookUs[slot] = webhookUs;
    this.r.obj[slot] = obj;
    this.r.kind[slot] = kind;
    this.r.refs[slot] = 2; // the response and the watch delivery
    this.send(slot);
    return true;
  }

  /**
   * A request that touches no stored object (load generators): `objects` returned by a LIST.
   * Returns false before `startAt`.
   */
  submit(instance: number, verb: number, resource: string, objects: number, fromEtcd: boolean, scope: number): boolean {
    if (this.ctx.sim.nowUs < this.settings.startAtUs) return false;
    const slot = this.r.alloc();
    this.r.verb[slot] = verb;
    this.r.type[slot] = T_NONE;
    this.r.res[slot] = this.resource(resource);
    this.r.inst[slot] = instance;
    this.r.objId[slot] = -1;
    this.r.objects[slot] = objects;
    this.r.fromEtcd[slot] = fromEtcd ? 1 : 0;
    this.r.scope[slot] = verb === VERB_LIST ? scope : SCOPE_RESOURCE;
    this.r.webhookUs[slot] = 0;
    this.r.obj[slot] = null;
    this.r.kind[slot] = "";
    this.r.refs[slot] = 1;
    this.send(slot);
    return true;
  }

  /** A client instance (token bucket) by name, created on first use with its class's limits. */
  instance(cls: number, name: string, limit?: { qps: number; burst: number }): number {
    const byName = (this.instByName[cls] ??= new Map());
    let i = byName.get(name);
    if (i !== undefined) return i;
    const c = this.settings.clients;
    const l = limit ?? (cls === CLIENT_KUBELET ? c.kubelet : cls === CLIENT_SCHEDULER ? c.scheduler : cls === CLIENT_CONTROLLER ? c.controllerManager : c.user);
    i = this.buckets.add(l.qps, l.burst);
    byName.set(name, i);
    if (i >= this.instClass.length) {
      const a = new Uint8Array(i * 2);
      a.set(this.instClass);
      this.instClass = a;
      const f = new Float64Array(i * 2);
      f.set(this.instFlow);
      this.instFlow = f;
    }
    this.instClass[i] = cls;
    this.instFlow[i] = flowHash(`${cls}/${name}`);
    return i;
  }

  private send(slot: number): void {
    const sim = this.ctx.sim;
    const at = this.buckets.reserve(this.r.inst[slot]!, sim.nowUs);
    if (at > sim.nowUs) {
      sim.at(at, Band.API_SERVER, this.kArrive, slot);
      if (this.r.type[slot] === T_MODIFIED) this.order.setWaitingUpdate(this.r.objId[slot]!, slot);
    } else this.arrive(slot);
  }

  private levelOf(slot: number): number {
    const cls = this.instClass[this.r.inst[slot]!]!;
    return priorityLevelOf(cls, this.resNames[this.r.res[slot]!]!);
  }

  private arrive(slot: number): void {
    const now = this.ctx.sim.nowUs;
    const m = this.metrics;
    this.order.sent(this.r.objId[slot]!, slot);
    m.requests++;
    this.r.arriveUs[slot] = now;
    const level = this.levelOf(slot);
    this.r.level[slot] = level;
    const verb = this.r.verb[slot]!;
    const res = this.r.res[slot]!;
    const seats = seatsFor(verb, this.r.objects[slot]!, this.resWatchers[res]!);
    this.r.seats[slot] = seats;
    const replica = this.r.inst[slot]! % this.settings.replicas;
    let r: number;
    if (this.apf.length > 0) r = this.apf[replica]!.admit(slot, level, this.instFlow[this.r.inst[slot]!]!, seats);
    else r = this.inflight[replica]!.admit(isMutating(verb));
    if (r === ADMIT_EXECUTE) this.start(slot);
    else if (r === ADMIT_QUEUED) this.r.timeout[slot] = this.ctx.sim.at(now + this.settings.queueWaitUs, Band.API_SERVER, this.kTimeout, slot);
    else {
      if (r === REJECT_QUEUE_FULL) m.rejectedQueueFull[level]!++;
      this.reject(slot);
    }
  }

  /** 429: the client sleeps Retry-After and sends again (through its token bucket). */
  private reject(slot: number): void {
    this.metrics.rejectedByLevel[this.r.level[slot]!]!++;
    this.ctx.sim.at(this.ctx.sim.nowUs + this.settings.retryAfterUs, Band.API_SERVER, this.kSend, slot);
  }

  private timeout(slot: number): void {
    this.r.timeout[slot] = -1;
    const level = this.r.level[slot]!;
    const replica = this.r.inst[slot]! % this.settings.replicas;
    if (!this.apf[replica]!.remove(slot, level)) return;
    this.metrics.rejectedTimeout[level]!++;
    this.reject(slot);
  }

  private start(slot: number): void {
    const sim = this.ctx.sim;
    const now = sim.nowUs;
    const c = this.settings.costs;
    const verb = this.r.verb[slot]!;
    const res = this.r.res[slot]!;
    this.metrics.queueWaitByLevel[this.r.level[slot]!]!.record(now - this.r.arriveUs[slot]!);
    this.r.startUs[slot] = now;
    const replica = this.r.inst[slot]! % this.settings.replicas;
    this.cpu.change(replica, this.r.seats[slot]!, now);
    const cpu = this.cpu.slowdown[replica]!;
    let done: number;
    if (isMutating(verb)) {
      const t = now + (cpu * c.writeUs) / 2 + this.r.webhookUs[slot]!;
      const commit = this.etcd.commit(t);
      this.metrics.etcdWriteLatency.record(commit - Math.ceil(t));
      done = commit + (cpu * c.writeUs) / 2 + fanOutUs(verb, this.resWatchers[res]!);
      if (this.r.type[slot] !== T_NONE) {
        if (this.r.type[slot] === T_ADDED) this.r.obj[slot]!.metadata!.creationTimestamp = simTimestamp(now);
        // The watch cache dispatches one resource's events in commit order, one at a time
        // (subresource writes are events of the object's own watch).
        const base = this.resBase[res]!;
        const deliverAt = Math.max(commit + c.watchDelayUs, this.resLastDeliverUs[base]! + c.watchDispatchUs);
        this.resLastDeliverUs[base] = deliverAt;
        this.metrics.watchDelayOf(this.resNames[base]!).record(deliverAt - commit);
        sim.at(deliverAt, Band.API_SERVER, this.kDeliver, slot);
      }
    } else if (verb === VERB_LIST) {
      const n = this.r.objects[slot]!;
      const read = this.r.fromEtcd[slot] === 1 ? this.etcd.range(now + cpu * c.readUs, n) : now + cpu * c.readUs;
      done = read + cpu * (handlingUs(c, verb, n) - c.readUs);
    } else done = now + cpu * handlingUs(c, verb, 1);
    sim.at(Math.ceil(done), Band.API_SERVER, this.kComplete, slot);
  }

  private complete(slot: number): void {
    const now = this.ctx.sim.nowUs;
    const m = this.metrics;
    m.completed++;
    const verb = this.r.verb[slot]!;
    const res = this.r.res[slot]!;
    const level = this.r.level[slot]!;
    const latency = now - this.r.arriveUs[slot]!;
    const arrived = this.r.arriveUs[slot]!; // an SLO's `from` counts a call by its arrival
    m.histogram(verb * 4096 + res, VERB_NAMES[verb]!, this.resNames[res]!, isMutating(verb)).record(latency, arrived);
    m.byLevel[level]!.record(latency, arrived);
    if (!isMutating(verb)) m.readByScope[this.r.scope[slot]!]!.record(latency, arrived);
    const replica = this.r.inst[slot]! % this.settings.replicas;
    this.cpu.change(replica, -this.r.seats[slot]!, now);
    if (this.apf.length > 0) {
      const d = this.apf[replica]!;
      d.release(level, this.r.seats[slot]!);
      this.drain(d, level);
    } else this.inflight[replica]!.release(isMutating(verb));
    this.r.unref(slot);
  }

  /** Starts queued requests of `level` while they fit. */
  private drain(d: ApfDispatcher, level: number): void {
    for (let next = d.dispatch(level); next >= 0; next = d.dispatch(level)) {
      if (this.r.timeout[next]! >= 0) this.ctx.sim.cancel(this.r.timeout[next]!);
      this.r.timeout[next] = -1;
      this.start(next);
    }
  }

  private deliver(slot: number): void {
    const id = this.r.objId[slot]!;
    const t = this.r.type[slot]!;
    const send = this.order.admit(id, t);
    if (send) {
      const kind = this.r.kind[slot]!;
      this.ctx.store.deliverNow(TYPE_NAMES[t]!, kind, this.r.obj[slot]!, id);
      // The startup SLI runs from the server's creation time, not from when the watch saw it.
      if (t === T_ADDED && kind === "Pod") this.ctx.ledger.createdUs[id] = this.r.startUs[slot]!;
    }
    this.r.unref(slot);
  }

  private tick(): void {
    const sim = this.ctx.sim;
    const now = sim.nowUs;
    this.heartbeats.tick(now);
    if (++this.ticks % BORROW_EVERY_TICKS === 0) {
      for (const d of this.apf) {
        d.takePeakDemand(this.demand);
        allocateConcurrency(this.nominal, this.lendable, this.levels, this.demand, d.currentCL);
        for (let l = 0; l < this.levels.length; l++) this.drain(d, l);
      }
    }
    const next = now + TICK_US;
    if (next <= this.ctx.scenario.durationUs) sim.at(next, Band.API_SERVER, this.kTick, 0);
  }

  private resource(name: string): number {
    let i = this.resIndex.get(name);
    if (i !== undefined) return i;
    i = this.resNames.length;
    this.resNames.push(name);
    this.resIndex.set(name, i);
    if (i >= this.resWatchers.length) {
      const w = new Int32Array(i * 2);
      w.set(this.resWatchers);
      this.resWatchers = w;
      const d = new Float64Array(i * 2);
      d.set(this.resLastDeliverUs);
      this.resLastDeliverUs = d;
      const b = new Int32Array(i * 2);
      b.set(this.resBase);
      this.resBase = b;
    }
    const base = name.split("/")[0]!;
    const c = this.settings.costs;
    // Subresource writes (status, binding) fan out to the same watchers as the object.
    this.resWatchers[i] = c.watchers[base] ?? c.watchersDefault;
    // Computed first: interning the base may grow (replace) the arrays.
    const baseIndex = base === name ? i : this.resource(base);
    this.resBase[i] = baseIndex;
    return i;
  }
}
