/**
 * The API server's view of admission webhooks during a run: the webhook configurations in the
 * store (ValidatingWebhookConfiguration, MutatingWebhookConfiguration; created, replaced by a
 * timeline `apply`, deleted), and the endpoints of their backend Services (Ready pods the
 * Service's selector picks, and which of them sit on live nodes). `admitCreate` calls every
 * webhook in scope (webhooks.ts) and returns the total time and the first rejection.
 *
 * Endpoints are recounted lazily: a pod event in a backend's namespace marks it stale, and the
 * next admission in scope counts again (one scan of the store's pods; webhook scenarios are
 * small, and a cluster without webhooks never scans).
 */
import type { ActorContext } from "./actor.js";
import type { KubeObject, LabelSelector } from "../cluster/k8s-types.js";
import { matchesSelector } from "../cluster/label-match.js";
import { resourceOf } from "./apf/flow-schemas.js";
import { callWebhook, inScope, webhooksOf, type Webhook } from "./webhooks.js";

const CONFIG_KINDS = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"];

interface Backend {
  stale: boolean;
  endpoints: number;
  live: number;
}

export class WebhookAdmission {
  private readonly configs = new Map<string, Webhook[]>();
  private list: Webhook[] = [];
  private readonly backends = new Map<string, Backend>();
  /** Namespaces holding a backend (pod events there make its endpoints stale). */
  private readonly backendNamespaces = new Set<string>();

  constructor(
    private readonly ctx: ActorContext,
    private readonly latencyUs: number,
  ) {
    for (const kind of CONFIG_KINDS) {
      ctx.store.watch(kind, (t, o) => {
        const key = `${kind}/${o.metadata?.name ?? ""}`;
        if (t === "DELETED") this.configs.delete(key);
        else this.configs.set(key, webhooksOf(o));
        // Mutating webhooks run before validating ones (admission chain order).
        this.list = [...this.configs.entries()].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).flatMap(([, w]) => w);
        this.backendNamespaces.clear();
        for (const w of this.list) if (w.service) this.backendNamespaces.add(w.service.namespace);
        for (const b of this.backends.values()) b.stale = true;
      });
    }
    ctx.store.watch("Pod", (_t, o) => {
      if (this.list.length > 0 && this.backendNamespaces.has(o.metadata?.namespace ?? "default")) for (const b of this.backends.values()) b.stale = true;
    });
    ctx.world.onChange(() => {
      for (const b of this.backends.values()) b.stale = true;
    });
  }

  get count(): number {
    return this.list.length;
  }

  /** Calls the webhooks in scope of creating `obj`: time taken, and the rejection ("" = admitted). */
  admitCreate(kind: string, obj: KubeObject): { us: number; error: string } {
    if (this.list.length === 0) return { us: 0, error: "" };
    const resource = resourceOf(kind);
    const ns = namespaceOf(kind, obj);
    const nsLabels = ns === "" ? undefined : this.ctx.store.get("Namespace", undefined, ns)?.metadata?.labels;
    let us = 0;
    for (const w of this.list) {
      if (!inScope(w, "CREATE", resource, ns, nsLabels)) continue;
      const b = w.service ? this.backend(w.service) : { endpoints: 1, live: 1 };
      const r = callWebhook(w, b.endpoints, b.live, this.latencyUs);
      us += r.us;
      if (r.rejected) return { us, error: r.error };
    }
    return { us, error: "" };
  }

  private backend(svc: { namespace: string; name: string }): Backend {
    const key = `${svc.namespace}/${svc.name}`;
    let b = this.backends.get(key);
    if (!b) this.backends.set(key, (b = { stale: true, endpoints: 0, live: 0 }));
    if (!b.stale) return b;
    b.stale = false;
    b.endpoints = 0;
    b.live = 0;
    const service = this.ctx.store.get("Service", svc.namespace, svc.name) as (KubeObject & { spec?: { selector?: Record<string, string> } }) | undefined;
    const selector = service?.spec?.selector;
    if (!selector) return b;
    const sel: LabelSelector = { matchLabels: selector };
    for (const pod of this.ctx.store.list("Pod") as (KubeObject & { spec?: { nodeName?: string }; status?: { conditions?: { type: string; status: string }[] } })[]) {
      if ((pod.metadata?.namespace ?? "default") !== svc.namespace || pod.metadata?.deletionTimestamp) continue;
      if (!matchesSelector(sel, pod.metadata?.labels)) continue;
      if (pod.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True") continue;
      b.endpoints++;
      if (pod.spec?.nodeName && !this.ctx.world.isDown(pod.spec.nodeName)) b.live++;
    }
    return b;
  }
}

/** "" for cluster-scoped kinds (the namespace selector does not apply to them). */
function namespaceOf(kind: string, obj: KubeObject): string {
  return kind === "Node" || kind === "Namespace" || kind.endsWith("Configuration") || kind === "PersistentVolume" || kind === "StorageClass" || kind === "PriorityClass" ? "" : (obj.metadata?.namespace || "default");
}
