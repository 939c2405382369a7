/**
 * Scenario actors that load the API server on purpose (`spec.apiServer.load[]`): "an operator
 * that LISTs all pods cluster-wide every 10 s", "a CI job applying 20 objects per second". Each
 * is one client (its own token bucket and APF flow) sending one request every `1 / perSecond`
 * from `startUs`, as a service account (priority level workload-low) or a user
 * (global-default). A LIST returns every stored object of the resource (or of one namespace);
 * other verbs touch no stored object (the requests cost what they cost, nothing is written).
 */
import type { ActorContext } from "./actor.js";
import { Band } from "../engine/index.js";
import { SCOPE_CLUSTER, SCOPE_NAMESPACE } from "./api-metrics.js";
import type { ApiLoad } from "./api-server-settings.js";
import type { ApiServerModel } from "./api-server-model.js";
import { CLIENT_SERVICE_ACCOUNT, CLIENT_USER, resourceOf } from "./apf/flow-schemas.js";
import { VERB_CREATE, VERB_DELETE, VERB_GET, VERB_LIST, VERB_PATCH } from "./request-cost.js";

const VERBS: Record<ApiLoad["verb"], number> = { list: VERB_LIST, get: VERB_GET, create: VERB_CREATE, patch: VERB_PATCH, delete: VERB_DELETE };
/** Kinds kubesim stores, to count what a LIST returns. */
const KINDS = ["Pod", "Node", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "Service", "ConfigMap", "Secret", "Namespace", "PersistentVolumeClaim", "PersistentVolume", "PodDisruptionBudget", "HorizontalPodAutoscaler"];

export class ApiLoadGenerators {
  /** Requests sent per load. */
  readonly sent: number[];
  private readonly instances: number[];
  private readonly kinds: (string | null)[];
  private readonly kSend: number;

  constructor(
    private readonly ctx: ActorContext,
    private readonly api: ApiServerModel,
    private readonly loads: readonly ApiLoad[],
  ) {
    this.sent = loads.map(() => 0);
    this.instances = loads.map((l) => api.instance(l.as === "user" ? CLIENT_USER : CLIENT_SERVICE_ACCOUNT, `load/${l.name}`, l.limit));
    this.kinds = loads.map((l) => KINDS.find((k) => resourceOf(k) === l.resource) ?? null);
    this.kSend = ctx.sim.handler((i) => this.send(i));
    loads.forEach((l, i) => {
      if (l.startUs <= ctx.scenario.durationUs) ctx.sim.at(l.startUs, Band.WORKLOAD, this.kSend, i);
    });
  }

  private send(i: number): void {
    const l = this.loads[i]!;
    const sim = this.ctx.sim;
    const verb = VERBS[l.verb];
    let objects = 1;
    if (verb === VERB_LIST) objects = this.count(i);
    this.api.submit(this.instances[i]!, verb, l.resource, objects, l.fromEtcd, l.namespace === null ? SCOPE_CLUSTER : SCOPE_NAMESPACE);
    const k = ++this.sent[i]!;
    // The k-th request at start + k / rate, rounded once (no drift from summing intervals).
    const next = l.startUs + Math.round((k * 1e6) / l.perSecond);
    if (next < l.endUs && next <= this.ctx.scenario.durationUs) sim.at(Math.max(next, sim.nowUs), Band.WORKLOAD, this.kSend, i);
  }

  private count(i: number): number {
    const l = this.loads[i]!;
    const kind = this.kinds[i];
    if (kind === null) return l.objects;
    if (l.namespace === null) return this.ctx.store.count(kind);
    let n = 0;
    for (const o of this.ctx.store.list(kind)) if ((o.metadata?.namespace ?? "default") === l.namespace) n++;
    return n;
  }
}
