/**
 * The modelled API server: Kubernetes-shaped objects by kind and `namespace/name`, a watch per
 * kind, and the Kubernetes Events every actor records (docs/design/scenario-runs.md).
 *
 * - Every write commits at once and queues one watch notification; all queued notifications
 *   are delivered by a single engine event at the same instant on `Band.API_SERVER`, so a
 *   watcher never runs inside the writer's call (as with a real watch).
 * - Each object gets a dense integer `id` (its store-wide creation number), used by actors as
 *   the index of their per-object typed arrays; `metadata.uid` is derived from it.
 * - Iteration (`list`) is in creation order: JS Maps keep insertion order.
 * - Pod deletion is graceful as upstream (pkg/registry/core/pod/strategy.go
 *   `CheckGracefulDeleteStrategy`): `deletePod` on a pod bound to a node only sets
 *   `metadata.deletionTimestamp` (the kubelet finishes it); an unbound pod goes at once.
 *
 * With `spec.apiServer`, `api` (api-server-model.ts) takes every notification and delivers it
 * through `deliverNow` once the request has paid its way (rate limits, APF, etcd, watch cache),
 * and may refuse a `create` (admission webhooks: −1, the reason in `lastError`). Writers say who
 * they are with `client` (CLIENT_* of apf/flow-schemas.ts) when they are not a controller.
 * No actor may bypass the store.
 */
import type { KubeObject } from "../cluster/k8s-types.js";
import { Band, type Simulation } from "../engine/index.js";
import { simTimestamp } from "./sim-time.js";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/** A watcher: the object as stored (after the write), and its store id. */
export type Watcher = (type: WatchEventType, obj: KubeObject, id: number) => void;

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export type EventType = "Normal" | "Warning";

/** One Kubernetes Event (core/v1 Event: type, reason, involvedObject, message). */
export interface RecordedEvent {
  timeUs: number;
  type: EventType;
  reason: string;
  /** `Pod/default/web-abcde`, `Node/general-0`. */
  readonly object: string;
  message: string;
}

/**
 * A recorded event keeps the involved object's kind, namespace and name (strings the object
 * already holds) and spells `object` only when read: a 150,000-pod run records ~750,000
 * events, and a concatenated `Pod/ns/name` per event cost ~100 bytes each.
 */
class StoredEvent implements RecordedEvent {
  constructor(
    readonly timeUs: number,
    readonly type: EventType,
    readonly reason: string,
    private readonly kind: string,
    private readonly namespace: string,
    private readonly name: string,
    readonly message: string,
  ) {}

  get object(): string {
    return this.namespace === "" ? `${this.kind}/${this.name}` : `${this.kind}/${this.namespace}/${this.name}`;
  }
}

/** The API server cost model as the store sees it (api-server-model.ts). */
export interface ApiHook {
  /** Admission of a create: "" = admitted, else the error (a webhook rejected it). */
  admit(kind: string, obj: KubeObject): string;
  /** Takes the notification of a committed write; false = deliver it the usual way. */
  intercept(type: WatchEventType, kind: string, obj: KubeObject, id: number): boolean;
}

interface Entry {
  id: number;
  kind: string;
  obj: KubeObject;
}

/** Namespaced kinds default to `default`; these are cluster-scoped. */
const CLUSTER_SCOPED = new Set(["Node", "Namespace", "PriorityClass", "PersistentVolume", "StorageClass"]);

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return CLUSTER_SCOPED.has(kind) ? name : `${namespace || "default"}/${name}`;
}

export function refOf(kind: string, obj: KubeObject): ObjectRef {
  const m = obj.metadata ?? {};
  return { kind, namespace: CLUSTER_SCOPED.has(kind) ? "" : m.namespace || "default", name: m.name ?? "" };
}

export class ObjectStore {
  /** The global resourceVersion counter. */
  resourceVersion = 0;
  readonly events: RecordedEvent[] = [];
  /** The API server cost model (`spec.apiServer`), or null: watchers see writes at once. */
  api: ApiHook | null = null;
  /** Who is writing (a CLIENT_* class of apf/flow-schemas.ts); −1 = a controller. Callers restore it. */
  client = -1;
  /** Why the last `create` returned −1 ("" when it did not). */
  lastError = "";
  private readonly byKind = new Map<string, Map<string, Entry>>();
  /**
   * Each stored object's entry: `update` and `delete` of the object in hand (the usual call)
   * skip building its key (scale-5000, 30 simulated minutes, profiled: 1.7 → 0.3 s). Another
   * object with the same kind, namespace and name, or a deleted one, falls back to the key.
   */
  private readonly entryOf = new WeakMap<KubeObject, Entry>();
  private readonly watchers = new Map<string, Watcher[]>();
  private readonly eventListeners: ((e: RecordedEvent) => void)[] = [];
  private nextId = 0;
  // Pending notifications, as parallel arrays drained in order by one engine event.
  private pendingType: WatchEventType[] = [];
  private pendingKind: string[] = [];
  private pendingObj: KubeObject[] = [];
  private pendingId: number[] = [];
  private deliveryScheduled = false;
  private readonly deliverKind: number;

  constructor(readonly sim: Simulation) {
    this.deliverKind = sim.handler(() => this.deliver());
  }

  /** Registers a watcher for every later write of `kind`. */
  watch(kind: string, fn: Watcher): void {
    let list = this.watchers.get(kind);
    if (!list) this.watchers.set(kind, (list = []));
    list.push(fn);
  }

  /** Called for every Event recorded (metrics, SLO checks). */
  onEvent(fn: (e: RecordedEvent) => void): void {
    this.eventListeners.push(fn);
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKind.get(kind)?.get(objectKey(kind, namespace, name))?.obj;
  }

  /** The store id of a stored object, or −1. */
  idOf(kind: string, obj: KubeObject): number {
    const m = obj.metadata ?? {};
    return this.byKind.get(kind)?.get(objectKey(kind, m.namespace, m.name ?? ""))?.id ?? -1;
  }

  /** Objects of a kind in creation order (cold path: do not call per event). */
  list(kind: string): KubeObject[] {
    return [...(this.byKind.get(kind)?.values() ?? [])].map((e) => e.obj);
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  /**
   * Stores a new object (fills namespace, uid, resourceVersion, creationTimestamp); returns its
   * id, or −1 when admission refused it (only with the API server model: `lastError` says why).
   */
  create(kind: string, obj: KubeObject): number {
    const m = (obj.metadata ??= {});
    if (!m.name) throw new Error(`create ${kind}: metadata.name is required`);
    if (!CLUSTER_SCOPED.has(kind)) m.namespace ||= "default";
    const key = objectKey(kind, m.namespace, m.name);
    let table = this.byKind.get(kind);
    if (!table) this.byKind.set(kind, (table = new Map()));
    if (table.has(key)) throw new Error(`create ${kind} ${key}: already exists`);
    if (this.api) {
      this.lastError = this.api.admit(kind, obj);
      if (this.lastError !== "") return -1;
    }
    obj.kind ??= kind;
    const id = this.nextId++;
    m.uid = `uid-${id}`;
    m.resourceVersion = String(++this.resourceVersion);
    m.creationTimestamp = simTimestamp(this.sim.nowUs);
    const entry: Entry = { id, kind, obj };
    table.set(key, entry);
    this.entryOf.set(obj, entry);
    this.notify("ADDED", kind, obj, id);
    return id;
  }

  /** Commits a change made to a stored object (status, spec, labels). */
  update(kind: string, obj: KubeObject): void {
    const entry = this.entry(kind, obj);
    entry.obj = obj;
    this.entryOf.set(obj, entry);
    obj.metadata!.resourceVersion = String(++this.resourceVersion);
    this.notify("MODIFIED", kind, obj, entry.id);
  }

  /** Removes an object at once. */
  delete(kind: string, obj: KubeObject): void {
    const entry = this.entry(kind, obj);
    const m = obj.metadata!;
    this.byKind.get(kind)!.delete(objectKey(kind, m.namespace, m.name!));
    this.entryOf.delete(entry.obj);
    this.entryOf.delete(obj);
    m.resourceVersion = String(++this.resourceVersion);
    this.notify("DELETED", kind, obj, entry.id);
  }

  /**
   * Deletes a pod the way the API server does: a pod bound to a node gets a
   * `deletionTimestamp` and stays (Terminating) until its kubelet removes it; an unbound pod,
   * or `force`, is removed at once. Returns true when the pod is gone.
   */
  deletePod(pod: KubeObject & { spec?: { nodeName?: string } }, force = false): boolean {
    if (force || !pod.spec?.nodeName) {
      this.delete("Pod", pod);
      return true;
    }
    if (pod.metadata!.deletionTimestamp) return false;
    pod.metadata!.deletionTimestamp = simTimestamp(this.sim.nowUs);
    this.update("Pod", pod);
    return false;
  }

  /** Records a Kubernetes Event about `kind` `obj` at the current instant. */
  recordEvent(type: EventType, reason: string, kind: string, obj: KubeObject, message: string): void {
    const r = refOf(kind, obj);
    const e = new StoredEvent(this.sim.nowUs, type, reason, kind, r.namespace, r.name, message);
    this.events.push(e);
    for (const fn of this.eventListeners) fn(e);
  }

  private entry(kind: string, obj: KubeObject): Entry {
    const stored = this.entryOf.get(obj);
    if (stored !== undefined && stored.obj === obj && stored.kind === kind) return stored;
    const m = obj.metadata ?? {};
    const e = this.byKind.get(kind)?.get(objectKey(kind, m.namespace, m.name ?? ""));
    if (!e) throw new Error(`${kind} ${objectKey(kind, m.namespace, m.name ?? "")} does not exist`);
    return e;
  }

  /** Delivers one notification to the watchers of `kind` now (the API server model's delivery). */
  deliverNow(type: WatchEventType, kind: string, obj: KubeObject, id: number): void {
    const list = this.watchers.get(kind);
    if (list) for (const fn of list) fn(type, obj, id);
  }

  private notify(type: WatchEventType, kind: string, obj: KubeObject, id: number): void {
    if (this.api?.intercept(type, kind, obj, id)) return;
    this.pendingType.push(type);
    this.pendingKind.push(kind);
    this.pendingObj.push(obj);
    this.pendingId.push(id);
    if (!this.deliveryScheduled) {
      this.deliveryScheduled = true;
      this.sim.at(this.sim.nowUs, Band.API_SERVER, this.deliverKind, 0);
    }
  }

  /** Delivers every queued notification in write order, including ones written meanwhile. */
  private deliver(): void {
    this.deliveryScheduled = false;
    const types = this.pendingType;
    const kinds = this.pendingKind;
    const objs = this.pendingObj;
    const ids = this.pendingId;
    this.pendingType = [];
    this.pendingKind = [];
    this.pendingObj = [];
    this.pendingId = [];
    for (let i = 0; i < types.length; i++) {
      const list = this.watchers.get(kinds[i]!);
      if (list) for (const fn of list) fn(types[i]!, objs[i]!, ids[i]!);
    }
  }
}
