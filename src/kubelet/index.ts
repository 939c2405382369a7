/**
 * kubelet/: what happens on the nodes. One `Kubelet` actor holds every node's state in typed
 * arrays: pod startup (sandbox, image pulls serialised per node with a per-node cache,
 * container start, Running and Ready), and termination (Killing, grace period). Probes,
 * restarts and node-pressure eviction come next (hooks: `readinessDelayUs`, `pullDelayHook`).
 *
 * May import: `apiserver/`, `cluster/` (types), `engine/`.
 *
 *   const kubelet = new Kubelet(); kubelet.start(ctx);   // reacts to pods bound to nodes
 */
export { DEFAULT_TERMINATION_GRACE_PERIOD_S, Kubelet } from "./kubelet.js";
export { imageTag, pullDurationUs, pullPolicyOf, type PullPolicy } from "./image-policy.js";
