/**
 * Which priority level a request lands in: the bootstrap FlowSchemas
 * (bootstrap/default.go), reduced to the clients kubesim has.
 *
 * | client                                   | FlowSchema                    | level          |
 * |------------------------------------------|-------------------------------|----------------|
 * | kubelet writing nodes, nodes/status, leases | system-node-high           | node-high      |
 * | kubelet, anything else (pods/status, ...)   | system-nodes               | system         |
 * | kube-scheduler                           | kube-scheduler                | workload-high  |
 * | kube-controller-manager controllers      | kube-system-service-accounts / kube-controller-manager | workload-high |
 * | a workload's service account (operator, CI) | service-accounts           | workload-low   |
 * | an authenticated user (kubectl)          | global-default                | global-default |
 * | system:masters                           | exempt                        | exempt         |
 *
 * Leader election (leases in kube-system) is not modelled: one lease renewal every 2 s per
 * component is noise next to the rest.
 */
import { LEVEL_EXEMPT, LEVEL_GLOBAL_DEFAULT, LEVEL_NODE_HIGH, LEVEL_SYSTEM, LEVEL_WORKLOAD_HIGH, LEVEL_WORKLOAD_LOW } from "./priority-levels.js";

/** Client classes: who sends a request. */
export const CLIENT_KUBELET = 0;
export const CLIENT_SCHEDULER = 1;
export const CLIENT_CONTROLLER = 2;
export const CLIENT_SERVICE_ACCOUNT = 3;
export const CLIENT_USER = 4;
export const CLIENT_ADMIN = 5;
export const CLIENT_CLASS_NAMES = ["kubelet", "scheduler", "controller-manager", "service-account", "user", "admin"] as const;

/** Resources the kubelet's node-high flow schema covers. */
const NODE_HIGH_RESOURCES = new Set(["nodes", "leases"]);

export function priorityLevelOf(clientClass: number, resource: string): number {
  switch (clientClass) {
    case CLIENT_KUBELET:
      return NODE_HIGH_RESOURCES.has(resource) ? LEVEL_NODE_HIGH : LEVEL_SYSTEM;
    case CLIENT_SCHEDULER:
    case CLIENT_CONTROLLER:
      return LEVEL_WORKLOAD_HIGH;
    case CLIENT_SERVICE_ACCOUNT:
      return LEVEL_WORKLOAD_LOW;
    case CLIENT_ADMIN:
      return LEVEL_EXEMPT;
    default:
      return LEVEL_GLOBAL_DEFAULT;
  }
}

/** The REST resource of a kind: `Pod` → `pods`, `Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`. */
export function resourceOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k === "endpoints") return k;
  if (k.endsWith("s") || k.endsWith("x")) return `${k}es`;
  if (k.endsWith("y") && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}
