/**
 * `spec.apiServer`: the JSON Schema of the block (built from schema-helpers.ts's builders, so the two
 * stay alike) and its resolution into `ApiServerSettings` (api-server-settings.ts). Present =
 * the API server cost model runs; absent = writes are free and instant (docs/api-server.md).
 */
import { defaultApiServerSettings, type ApiLoad, type ApiServerSettings, type ClientLimit } from "../apiserver/api-server-settings.js";
import type { RawScalar } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { Schema, SchemaHelpers } from "./schema-helpers.js";

/** At most this many load generators, and this rate each (absurd sizes are refused). */
export const MAX_API_LOADS = 1000;
export const MAX_LOAD_RATE = 100_000;

export function apiServerSchema(h: SchemaHelpers): Schema {
  const num = (description: string, maximum: number, minimum = 0): Schema => ({ type: "number", minimum, maximum, description });
  const limit = (who: string, qps: number, burst: number): Schema =>
    h.object(`${who}'s client rate limit (token bucket).`, { qps: num(`Requests per second (default ${qps}).`, 1e6), burst: h.count(`Bucket size (default ${burst}).`, 1_000_000, 1) });
  return h.object(
    "The API server and etcd cost model: present = every write and watch pays its way (rate limits, API Priority and Fairness, etcd, watch delay); absent = writes are free and instant. See docs/api-server.md.",
    {
      replicas: h.count("kube-apiserver replicas behind the load balancer; each client sticks to one (default 1).", 100, 1),
      cpuCores: h.count("CPU cores per replica, shared by the requests in service: more seats busy than cores stretches every request's handling time (default 32).", 100_000, 1),
      maxRequestsInflight: h.count("--max-requests-inflight per replica (default 400).", 100_000, 1),
      maxMutatingRequestsInflight: h.count("--max-mutating-requests-inflight per replica (default 200).", 100_000, 1),
      priorityAndFairness: { type: "boolean", description: "--enable-priority-and-fairness (default true); false = the older max-inflight limits (429 at once when full)." },
      queueWait: h.duration("APF queue wait limit before a 429 (default 15s: --request-timeout / 4)."),
      retryAfter: h.duration("How long a client waits after a 429 before retrying (default 1s, the Retry-After header)."),
      startAt: h.duration("Requests before this time are free: the cluster's history up to then is taken as given (default 0)."),
      webhookLatency: h.duration("How long a working admission webhook takes to answer (default 10ms)."),
      etcd: h.object("etcd's write path.", {
        commitLatency: h.duration("fsync + quorum round trip of one write (default 1.6ms, the etcd benchmark with one client)."),
        maxWritesPerSecond: num("Writes per second the apply loop admits (default 44341, the etcd benchmark with 1000 clients).", 1e7, 1),
        rangeCostPerObject: h.duration("Time a LIST served from etcd holds the write path per object returned (default 5us)."),
      }),
      costs: h.object("Time the API server spends per request, besides etcd and webhooks.", {
        read: h.duration("A GET, or the fixed part of a LIST (default 1ms)."),
        write: h.duration("A create, update, patch or delete (default 2ms)."),
        listPerObject: h.duration("A LIST, per object returned (default 20us)."),
        watchDelay: h.duration("From etcd commit to the event reaching watchers (default 1ms)."),
      }),
      clients: h.object("Client rate limits.", {
        kubelet: limit("Each kubelet (kubeAPIQPS/kubeAPIBurst)", 50, 100),
        scheduler: limit("kube-scheduler", 50, 100),
        controllerManager: limit("Each kube-controller-manager controller (--kube-api-qps/--kube-api-burst)", 20, 30),
        user: limit("Timeline actions (kubectl)", 50, 300),
      }),
      load: {
        type: "array",
        description: "Clients that load the API server on purpose: an operator LISTing all pods every few seconds, a CI job applying objects.",
        maxItems: MAX_API_LOADS,
        items: h.object(
          "One load generator.",
          {
            name: h.str("Its name (its client and flow).", { minLength: 1, maxLength: 253 }),
            verb: { type: "string", enum: ["list", "get", "create", "patch", "delete"], description: "What it sends." },
            resource: h.str("The resource, e.g. pods or configmaps.", { minLength: 1, maxLength: 253 }),
            namespace: h.str("LIST one namespace (default: the whole cluster).", { minLength: 1, maxLength: 63 }),
            every: h.duration("Time between requests (give every or perSecond)."),
            perSecond: num("Requests per second (give every or perSecond).", MAX_LOAD_RATE),
            start: h.duration("When it starts (default: startAt)."),
            end: h.duration("When it stops (default: the end of the run)."),
            objects: h.count("Objects a LIST returns when kubesim does not simulate the resource (default 0).", 10_000_000),
            fromEtcd: { type: "boolean", description: "LIST from etcd (a quorum read) instead of the watch cache (default false)." },
            as: { type: "string", enum: ["serviceAccount", "user"], description: "serviceAccount: an in-cluster operator (priority level workload-low, the default); user: a person with kubectl (global-default)." },
            qps: num("Its client's QPS (default 50).", 1e6),
            burst: h.count("Its client's burst (default 300).", 1_000_000, 1),
          },
          ["name", "verb", "resource"],
        ),
      },
    },
  );
}

/** `spec.apiServer` as written. */
export interface RawApiServer {
  replicas?: number;
  cpuCores?: number;
  maxRequestsInflight?: number;
  maxMutatingRequestsInflight?: number;
  priorityAndFairness?: boolean;
  queueWait?: RawScalar;
  retryAfter?: RawScalar;
  startAt?: RawScalar;
  webhookLatency?: RawScalar;
  etcd?: { commitLatency?: RawScalar; maxWritesPerSecond?: number; rangeCostPerObject?: RawScalar };
  costs?: { read?: RawScalar; write?: RawScalar; listPerObject?: RawScalar; watchDelay?: RawScalar };
  clients?: Partial<Record<"kubelet" | "scheduler" | "controllerManager" | "user", Partial<ClientLimit>>>;
  load?: RawApiLoad[];
}

interface RawApiLoad {
  name: string;
  verb: ApiLoad["verb"];
  resource: string;
  namespace?: string;
  every?: RawScalar;
  perSecond?: number;
  start?: RawScalar;
  end?: RawScalar;
  objects?: number;
  fromEtcd?: boolean;
  as?: ApiLoad["as"];
  qps?: number;
  burst?: number;
}

export function resolveApiServer(raw: RawApiServer, ck: ScenarioChecker, durationUs: number): ApiServerSettings {
  const s = defaultApiServerSettings();
  const at = ["spec", "apiServer"];
  s.replicas = raw.replicas ?? s.replicas;
  s.cpuCores = raw.cpuCores ?? s.cpuCores;
  s.maxRequestsInflight = raw.maxRequestsInflight ?? s.maxRequestsInflight;
  s.maxMutatingRequestsInflight = raw.maxMutatingRequestsInflight ?? s.maxMutatingRequestsInflight;
  s.priorityAndFairness = raw.priorityAndFairness ?? s.priorityAndFairness;
  s.queueWaitUs = ck.duration([...at, "queueWait"], raw.queueWait, s.queueWaitUs, 1);
  s.retryAfterUs = ck.duration([...at, "retryAfter"], raw.retryAfter, s.retryAfterUs, 1);
  s.startAtUs = ck.duration([...at, "startAt"], raw.startAt, s.startAtUs);
  s.webhookLatencyUs = ck.duration([...at, "webhookLatency"], raw.webhookLatency, s.webhookLatencyUs);
  const e = raw.etcd ?? {};
  s.etcd.commitLatencyUs = ck.duration([...at, "etcd", "commitLatency"], e.commitLatency, s.etcd.commitLatencyUs);
  s.etcd.maxWritesPerSecond = e.maxWritesPerSecond ?? s.etcd.maxWritesPerSecond;
  s.etcd.rangeUsPerObject = ck.duration([...at, "etcd", "rangeCostPerObject"], e.rangeCostPerObject, s.etcd.rangeUsPerObject);
  const c = raw.costs ?? {};
  s.costs.readUs = ck.duration([...at, "costs", "read"], c.read, s.costs.readUs);
  s.costs.writeUs = ck.duration([...at, "costs", "write"], c.write, s.costs.writeUs);
  s.costs.listPerObjectUs = ck.duration([...at, "costs", "listPerObject"], c.listPerObject, s.costs.listPerObjectUs);
  s.costs.watchDelayUs = ck.duration([...at, "costs", "watchDelay"], c.watchDelay, s.costs.watchDelayUs);
  for (const k of ["kubelet", "scheduler", "controllerManager", "user"] as const) {
    const l = raw.clients?.[k];
    if (l) s.clients[k] = { qps: l.qps ?? s.clients[k].qps, burst: l.burst ?? s.clients[k].burst };
  }
  if (s.startAtUs >= durationUs) ck.fail([...at, "startAt"], "INVALID_VALUE", "must be before spec.duration");
  const names = new Set<string>();
  (raw.load ?? []).forEach((l, i) => {
    const p = [...at, "load", i];
    if (names.has(l.name)) ck.fail([...p, "name"], "INVALID_VALUE", `another load is already named ${JSON.stringify(l.name)}`);
    names.add(l.name);
    if ((l.every === undefined) === (l.perSecond === undefined)) {
      ck.fail(p, l.every === undefined ? "MISSING_FIELD" : "INVALID_VALUE", "give either every or perSecond, not both and not neither");
      return;
    }
    const everyUs = l.every !== undefined ? ck.duration([...p, "every"], l.every, 1_000_000, 1000) : 0;
    const perSecond = l.perSecond !== undefined ? l.perSecond : 1e6 / everyUs;
    if (l.perSecond !== undefined && !(l.perSecond > 0)) ck.fail([...p, "perSecond"], "INVALID_VALUE", "must be more than 0");
    if (l.namespace !== undefined && l.verb !== "list") ck.fail([...p, "namespace"], "INVALID_VALUE", "only a list takes a namespace");
    const startUs = ck.duration([...p, "start"], l.start, s.startAtUs);
    const endUs = l.end === undefined ? Infinity : ck.duration([...p, "end"], l.end, Infinity);
    if (startUs >= durationUs) ck.fail([...p, "start"], "INVALID_VALUE", "must be before spec.duration");
    if (endUs <= startUs) ck.fail([...p, "end"], "INVALID_VALUE", "must be after start");
    s.load.push({
      name: l.name,
      verb: l.verb,
      resource: l.resource,
      namespace: l.namespace ?? null,
      perSecond,
      startUs,
      endUs,
      objects: l.objects ?? 0,
      fromEtcd: l.fromEtcd ?? false,
      as: l.as ?? "serviceAccount",
      limit: { qps: l.qps ?? 50, burst: l.burst ?? 300 },
    });
  });
  return s;
}
