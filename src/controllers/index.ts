/**
 * controllers/: kube-controller-manager's loops, one actor per kind of controller (not per
 * object): Deployment, ReplicaSet, node lifecycle (leases in closed form, NotReady, taint
 * eviction), pod GC. Helpers: `SyncQueue` (the work queue), owner references, the
 * scale-down ranking, the Deployment arithmetic of deployment_util.go.
 *
 * May import: `apiserver/`, `cluster/`, `engine/`, `report/stable-json.ts` (template hash).
 *
 *   for (const a of [new DeploymentController(), new ReplicaSetController()]) a.start(ctx);
 */
export { DeploymentController, type DeploymentStatus, type DeploymentWithStatus } from "./deployment.js";
export * from "./deployment-util.js";
export { NodeLifecycleController, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from "./node-lifecycle.js";
export { controllerOf, controllerRef, keyOf, ownerKey, RAND_ALPHABET, randomSuffix } from "./owner.js";
export { GC_CHECK_PERIOD_US, PodGcController, QUARANTINE_TIME_US } from "./podgc.js";
export { isPodReady, podsToDelete, type RankedPod } from "./pod-ranking.js";
export { BURST_REPLICAS, ReplicaSetController, type ReplicaSetStatus, type ReplicaSetWithStatus, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from "./replicaset.js";
export { SyncQueue } from "./sync-queue.js";
