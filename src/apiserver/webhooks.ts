/**
 * Admission webhooks in the write path: ValidatingWebhookConfiguration and
 * MutatingWebhookConfiguration objects (admissionregistration.k8s.io/v1) as the API server
 * applies them to a request (staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/).
 *
 * - Scope: a webhook applies when one of its `rules` names the operation (CREATE, UPDATE,
 *   DELETE or `*`) and the resource (`pods`, `*`; a subresource such as `pods/status` or
 *   `pods/binding` only when named, as upstream), and the request's namespace matches
 *   `namespaceSelector` (labels of the Namespace object, plus `kubernetes.io/metadata.name`).
 *   Cluster-scoped objects ignore the namespace selector.
 * - The call: the backend is the Service of `clientConfig.service`; its endpoints are the Ready
 *   pods its selector picks. With an endpoint on a live node the call takes the webhook's
 *   latency (at most `timeoutSeconds`, default 10 s). With no endpoint it fails at once
 *   ("no endpoints available for service"); with endpoints only on dead nodes it fails after
 *   `timeoutSeconds`.
 * - A failed call rejects the request under `failurePolicy: Fail` (the default in v1) and is
 *   ignored under `Ignore`. Denials by a working webhook are not modelled (a webhook that
 *   answers admits).
 * Simplifications: `objectSelector`, `matchPolicy` and `matchConditions` are ignored; a webhook
 * given by `clientConfig.url` is always reachable.
 */
import type { KubeObject, LabelSelector } from "../cluster/k8s-types.js";
import { matchesSelector } from "../cluster/label-match.js";

export interface Webhook {
  /** `<configuration>/<webhook name>`. */
  name: string;
  rules: { operations: string[]; resources: string[] }[];
  failurePolicy: "Fail" | "Ignore";
  timeoutUs: number;
  namespaceSelector: LabelSelector | null;
  /** The backend Service, or null (`clientConfig.url`). */
  service: { namespace: string; name: string } | null;
}

/** admissionregistration/v1 defaults: timeoutSeconds 10, failurePolicy Fail. */
export const DEFAULT_WEBHOOK_TIMEOUT_S = 10;

interface RawWebhook {
  name?: string;
  rules?: { operations?: string[]; resources?: string[] }[];
  failurePolicy?: string;
  timeoutSeconds?: number;
  namespaceSelector?: LabelSelector;
  clientConfig?: { service?: { namespace?: string; name?: string } };
}

/** The webhooks of one configuration object. */
export function webhooksOf(config: KubeObject): Webhook[] {
  const list = ((config as { webhooks?: RawWebhook[] }).webhooks ?? []) as RawWebhook[];
  return list.map((w) => ({
    name: `${config.metadata?.name ?? ""}/${w.name ?? ""}`,
    rules: (w.rules ?? []).map((r) => ({ operations: r.operations ?? [], resources: r.resources ?? [] })),
    failurePolicy: w.failurePolicy === "Ignore" ? "Ignore" : "Fail",
    timeoutUs: (w.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_S) * 1e6,
    namespaceSelector: w.namespaceSelector ?? null,
    service: w.clientConfig?.service?.name ? { namespace: w.clientConfig.service.namespace ?? "default", name: w.clientConfig.service.name } : null,
  }));
}

/** Whether a rule list covers `operation` on `resource` (e.g. `pods`, `pods/status`). */
export function ruleMatches(w: Webhook, operation: string, resource: string): boolean {
  const slash = resource.indexOf("/");
  const main = slash < 0 ? resource : resource.slice(0, slash);
  for (const r of w.rules) {
    if (!r.operations.includes("*") && !r.operations.includes(operation)) continue;
    for (const res of r.resources) {
      if (res === "*" && slash < 0) return true;
      if (res === "*/*" || res === resource) return true;
      if (slash >= 0 && res === `${main}/*`) return true;
      if (slash >= 0 && res === `*/${resource.slice(slash + 1)}`) return true;
    }
  }
  return false;
}

/** Whether the webhook applies to a request in namespace `ns` ("" = cluster-scoped) whose Namespace has `nsLabels`. */
export function inScope(w: Webhook, operation: string, resource: string, ns: string, nsLabels: Record<string, string> | undefined): boolean {
  if (!ruleMatches(w, operation, resource)) return false;
  if (ns === "" || w.namespaceSelector === null) return true;
  return matchesSelector(w.namespaceSelector, { ...nsLabels, "kubernetes.io/metadata.name": ns });
}

/** How a call ended: its duration, and whether the request is rejected. */
export interface WebhookOutcome {
  us: number;
  rejected: boolean;
  /** The error upstream returns when the call failed ("" when it answered). */
  error: string;
}

/**
 * The call to one webhook in scope: `endpoints` Ready backend pods, `liveEndpoints` of them on
 * nodes that are up; `latencyUs` how long a working backend takes.
 */
export function callWebhook(w: Webhook, endpoints: number, liveEndpoints: number, latencyUs: number): WebhookOutcome {
  const svc = w.service ? `${w.service.name}.${w.service.namespace}.svc` : "";
  if (w.service === null || liveEndpoints > 0) {
    if (latencyUs <= w.timeoutUs) return { us: latencyUs, rejected: false, error: "" };
    return failed(w, w.timeoutUs, `failed calling webhook "${w.name.split("/")[1]}": failed to call webhook: Post "https://${svc}:443/?timeout=${w.timeoutUs / 1e6}s": context deadline exceeded`);
  }
  if (endpoints > 0) return failed(w, w.timeoutUs, `failed calling webhook "${w.name.split("/")[1]}": failed to call webhook: Post "https://${svc}:443/?timeout=${w.timeoutUs / 1e6}s": context deadline exceeded`);
  return failed(w, 0, `failed calling webhook "${w.name.split("/")[1]}": failed to call webhook: Post "https://${svc}:443/?timeout=${w.timeoutUs / 1e6}s": no endpoints available for service "${w.service.name}"`);
}

function failed(w: Webhook, us: number, error: string): WebhookOutcome {
  return { us, rejected: w.failurePolicy === "Fail", error: `Internal error occurred: ${error}` };
}
