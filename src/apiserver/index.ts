/**
 * apiserver/: the modelled API server and what every actor shares. The object store (objects
 * by kind and `namespace/name`, dense integer ids, watches delivered on `Band.API_SERVER`,
 * graceful pod deletion, Kubernetes Events), the pod ledger (per-pod timestamps in typed
 * arrays), the node world (which machines are down) and the actor contract.
 *
 * With `spec.apiServer`, the API server cost model sits in front of the store
 * (`api-server-model.ts`; docs/api-server.md): client token buckets, API Priority and Fairness
 * (`apf/`), request costs, etcd, watch delivery, the replicas' CPUs and admission webhooks.
 *
 * May import: `engine/`, `cluster/` (types), `scenario/scenario-types.ts` (types only).
 *
 *   const store = new ObjectStore(sim);
 *   store.watch("Pod", (type, pod, id) => { ... });   // delivered after the write, same instant
 *   store.create("Pod", pod); store.deletePod(pod);    // bound pod: deletionTimestamp only
 *   store.recordEvent("Warning", "FailedScheduling", "Pod", pod, message);
 */
export { type Actor, type ActorContext, DEFAULT_TUNABLES, type RuntimeTunables } from "./actor.js";
export { addWindow, ExternalFaults, type ProbeFailureListener, type ProbeKind, workloadKey } from "./external-faults.js";
export { NodeWorld, type NodeWorldListener } from "./node-world.js";
export { type EventType, ObjectStore, objectKey, type ObjectRef, type RecordedEvent, refOf, type WatchEventType, type Watcher } from "./object-store.js";
export { PodLedger, type ReadyListener } from "./pod-ledger.js";
export { parseSimTimestamp, simTimestamp } from "./sim-time.js";
export { ApiServerModel } from "./api-server-model.js";
export { defaultApiServerSettings, type ApiLoad, type ApiServerSettings, type ClientLimit } from "./api-server-settings.js";
