/**
 * controllers/: kube-controller-manager's loops, one actor per kind of controller (not per
 * object): Deployment, ReplicaSet, DaemonSet, Job, node lifecycle (leases in closed form,
 * NotReady, taint eviction), pod GC. Helpers: `SyncQueue` (the work queue), owner references, the
 * scale-down ranking, the Deployment arithmetic of deployment_util.go.
 *
 * May import: `apiserver/`, `cluster/`, `engine/`, `report/stable-json.ts` (template hash).
 *
 *   for (const a of [new DeploymentController(), new ReplicaSetController()]) a.start(ctx);
 */
export { DaemonSetController, targetNodeName, TEMPLATE_GENERATION_ANNOTATION } from "./daemonset.js";
export { DAEMONSET_HASH_LABEL, type DaemonSetStatus, type DaemonSetWithStatus, TEMPLATE_GENERATION_LABEL } from "./daemonset-status.js";
export { daemonPodTolerations, nodeNameAffinity, nodeShouldRunDaemonPod, SHOULD_CONTINUE_RUNNING, SHOULD_RUN } from "./daemon-placement.js";
export { DeploymentController, type DeploymentStatus, type DeploymentWithStatus } from "./deployment.js";
export * from "./deployment-util.js";
export { DEFAULT_BACKOFF_LIMIT, JOB_COMPLETION_INDEX, JobController, type JobStatus, type JobWithStatus, jobBackoffUs } from "./job.js";
export { NodeLifecycleController, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from "./node-lifecycle.js";
export { controllerOf, controllerRef, keyOf, ownerKey, RAND_ALPHABET, randomSuffix } from "./owner.js";
export { GC_CHECK_PERIOD_US, PodGcController, QUARANTINE_TIME_US } from "./podgc.js";
export { isPodReady, podsToDelete, type RankedPod } from "./pod-ranking.js";
export { ANN_PROVISIONED_BY, chooseZoneForVolume, fnv32, PersistentVolumeController } from "./persistent-volume.js";
export { BURST_REPLICAS, ReplicaSetController, type ReplicaSetStatus, type ReplicaSetWithStatus, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatches } from "./replicaset.js";
export { claimName, LABEL_CONTROLLER_REVISION_HASH, LABEL_POD_INDEX, LABEL_POD_NAME, ordinalOf, StatefulSetController, type StatefulSetStatus, type StatefulSetWithStatus } from "./statefulset.js";
export { SyncQueue } from "./sync-queue.js";
