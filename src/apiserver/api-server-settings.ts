/**
 * `spec.apiServer` resolved: the API server cost model's knobs with Kubernetes' defaults
 * (kube-apiserver v1.34 flags, client-go and component defaults; reference §4.2). Present =
 * modelled; absent = the instantaneous store of earlier releases (docs/api-server.md).
 */
import { DEFAULT_ETCD, type EtcdSettings } from "./etcd.js";
import { DEFAULT_REQUEST_COSTS, type RequestCosts } from "./request-cost.js";

/** A client's token bucket (client-go `rest.Config` QPS / Burst). */
export interface ClientLimit {
  qps: number;
  burst: number;
}

/** A scenario actor that generates API load on purpose (`spec.apiServer.load[]`). */
export interface ApiLoad {
  name: string;
  /** `list` (all objects of the resource, or of one namespace), `get`, `create`, `patch` or `delete`. */
  verb: "list" | "get" | "create" | "patch" | "delete";
  /** The REST resource (`pods`, `configmaps`). */
  resource: string;
  /** A LIST of one namespace, or null for the whole cluster. */
  namespace: string | null;
  /** Requests per second (one every 1/rate s, from `startUs`). */
  perSecond: number;
  startUs: number;
  /** Infinity = until the end of the run. */
  endUs: number;
  /** Objects a LIST returns when the resource is not simulated (otherwise counted in the store). */
  objects: number;
  /** A LIST served from etcd (a quorum read) instead of the watch cache. */
  fromEtcd: boolean;
  /** Who sends it: a workload's service account (workload-low) or a user (global-default). */
  as: "serviceAccount" | "user";
  limit: ClientLimit;
}

export interface ApiServerSettings {
  /** kube-apiserver replicas behind the load balancer; each client sticks to one (its HTTP/2 connection). */
  replicas: number;
  /** CPU cores per replica, shared by the requests in service (a seat ≈ a thread). */
  cpuCores: number;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  /** `--enable-priority-and-fairness` (default true); false = the max-inflight semaphores. */
  priorityAndFairness: boolean;
  /** APF queue wait limit: requestTimeout / 4 = 15 s (PR #120222). */
  queueWaitUs: number;
  /** How long a client waits after a 429 before trying again (the Retry-After header: 1 s). */
  retryAfterUs: number;
  /** Requests before this time are free (the cluster's history up to then is taken as given). */
  startAtUs: number;
  etcd: EtcdSettings;
  costs: RequestCosts;
  clients: { kubelet: ClientLimit; scheduler: ClientLimit; controllerManager: ClientLimit; user: ClientLimit };
  /** How long a working admission webhook takes to answer. */
  webhookLatencyUs: number;
  /** Node status reported every this long when nothing changed (kubelet nodeStatusReportFrequency 5m). */
  nodeStatusReportUs: number;
  load: ApiLoad[];
}

/** Kubernetes' defaults (reference §4.2). */
export function defaultApiServerSettings(): ApiServerSettings {
  return {
    replicas: 1,
    // A kubesim assumption (docs/api-server.md): control-plane instances of large clusters have 32-96 vCPUs.
    cpuCores: 32,
    maxRequestsInflight: 400,
    maxMutatingRequestsInflight: 200,
    priorityAndFairness: true,
    queueWaitUs: 15_000_000,
    retryAfterUs: 1_000_000,
    startAtUs: 0,
    etcd: { ...DEFAULT_ETCD },
    costs: { ...DEFAULT_REQUEST_COSTS, watchers: { ...DEFAULT_REQUEST_COSTS.watchers } },
    // kubelet kubeAPIQPS/Burst 50/100 (v1.27+); kube-scheduler 50/100; kube-controller-manager
    // --kube-api-qps/--kube-api-burst 20/30 per controller; kubectl 50/300 (M).
    clients: { kubelet: { qps: 50, burst: 100 }, scheduler: { qps: 50, burst: 100 }, controllerManager: { qps: 20, burst: 30 }, user: { qps: 50, burst: 300 } },
    webhookLatencyUs: 10_000,
    nodeStatusReportUs: 300_000_000,
    load: [],
  };
}
