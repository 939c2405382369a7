/**
 * Which request a store write is, and whose: the client (its class, and the instance that owns
 * a token bucket), the verb and the resource as apiserver_request_duration_seconds labels them.
 *
 * - kubelet (`store.client = CLIENT_KUBELET`): one client per node; status writes are
 *   `PATCH <resource>/status` (status manager `PatchPodStatus`).
 * - kube-scheduler: a pod update is the bind, `POST pods/binding`.
 * - a user (timeline actions): one kubectl client.
 * - anything else is a kube-controller-manager controller, each with its own client
 *   (`--use-service-account-credentials`), named by what it writes: a pod by its owner's kind
 *   (`replicaset-controller`), a ReplicaSet created or scaled by the Deployment controller and
 *   its status by the ReplicaSet controller, a Node by the node lifecycle controller.
 */
import type { KubeObject } from "../cluster/k8s-types.js";
import { CLIENT_CONTROLLER, CLIENT_KUBELET, CLIENT_SCHEDULER, CLIENT_USER, resourceOf } from "./apf/flow-schemas.js";
import { VERB_CREATE, VERB_DELETE, VERB_PATCH, VERB_UPDATE } from "./request-cost.js";

export const T_NONE = 0;
export const T_ADDED = 1;
export const T_MODIFIED = 2;
export const T_DELETED = 3;

export interface Attribution {
  clientClass: number;
  /** The client instance's name within its class (its token bucket and APF flow): the node of a kubelet. */
  client: string;
  verb: number;
  resource: string;
}

// Memoized per kind: no string built per request.
const RESOURCE = new Map<string, string>();
const STATUS = new Map<string, string>();
function resourceOfKind(kind: string): string {
  let r = RESOURCE.get(kind);
  if (r === undefined) RESOURCE.set(kind, (r = resourceOf(kind)));
  return r;
}
function statusOfKind(kind: string): string {
  let r = STATUS.get(kind);
  if (r === undefined) STATUS.set(kind, (r = `${resourceOf(kind)}/status`));
  return r;
}

/** Fills `out` for a write of type `t` (T_ADDED, ...) of `kind` by `clientClass` (−1 = a controller). */
export function attribute(clientClass: number, t: number, kind: string, obj: KubeObject, out: Attribution): Attribution {
  out.resource = resourceOfKind(kind);
  out.verb = t === T_ADDED ? VERB_CREATE : t === T_DELETED ? VERB_DELETE : VERB_UPDATE;
  if (clientClass === CLIENT_KUBELET) {
    const node = kind === "Node" ? obj.metadata!.name! : ((obj as { spec?: { nodeName?: string } }).spec?.nodeName ?? "");
    out.clientClass = CLIENT_KUBELET;
    out.client = node;
    if (t === T_MODIFIED) {
      out.resource = statusOfKind(kind);
      out.verb = VERB_PATCH;
    }
  } else if (clientClass === CLIENT_SCHEDULER) {
    out.clientClass = CLIENT_SCHEDULER;
    out.client = "kube-scheduler";
    if (t === T_MODIFIED && kind === "Pod") {
      out.resource = "pods/binding";
      out.verb = VERB_CREATE;
    }
  } else if (clientClass === CLIENT_USER) {
    out.clientClass = CLIENT_USER;
    out.client = "kubectl";
  } else {
    out.clientClass = CLIENT_CONTROLLER;
    out.client = controllerName(kind, obj, t);
  }
  return out;
}

function controllerName(kind: string, obj: KubeObject, t: number): string {
  if (kind === "Pod") {
    const owner = obj.metadata?.ownerReferences?.find((o) => o.controller === true)?.kind;
    return owner ? `${owner.toLowerCase()}-controller` : t === T_DELETED ? "pod-garbage-collector" : "pod-controller";
  }
  if (kind === "ReplicaSet") return t === T_MODIFIED ? "replicaset-controller" : "deployment-controller";
  if (kind === "Node") return "node-lifecycle-controller";
  return `${kind.toLowerCase()}-controller`;
}
