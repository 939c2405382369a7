/**
 * `kubectl drain <node> --ignore-daemonsets --delete-emptydir-data` as a timeline action
 * (staging/src/k8s.io/kubectl/pkg/drain): cordon the node, then evict every pod on it except
 * DaemonSet pods through the Eviction API (`eviction-api.ts`), each pod on its own, as
 * kubectl's one goroutine per pod does. A pod a PodDisruptionBudget protects gets 429 and is
 * retried every 5 s (`error when evicting pods/"<pod>" -n "<ns>" (will retry after 5s): ...`),
 * for as long as it takes: kubectl's default `--timeout` is 0, i.e. forever. A pod already
 * gone is done (404); any other error ends that pod's eviction (kubectl reports it and
 * the drain fails), here with a warning.
 *
 * Pods are tried in store (creation) order at the same instant; upstream's goroutines race,
 * so which of two pods of one budget goes first is not defined there.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { Pod } from "../cluster/k8s-types.js";
import { controllerOf } from "../controllers/owner.js";
import { Band } from "../engine/index.js";
import { evictPod } from "./eviction-api.js";

/** kubectl drain's fixed wait after a 429 (`time.Sleep(5 * time.Second)`). */
export const EVICTION_RETRY_US = 5_000_000;

/** What the drains of one run did (tests, warnings). */
export interface DrainLog {
  /** Eviction requests answered 429. */
  tooManyRequests: number;
  /** Pods evicted, in order. */
  evicted: { pod: string; atUs: number }[];
}

interface Drainer {
  log: DrainLog;
  pending: Pod[];
  kRetry: number;
}

const drainers = new WeakMap<ActorContext, Drainer>();

function drainerOf(ctx: ActorContext): Drainer {
  let d = drainers.get(ctx);
  if (!d) {
    const created: Drainer = { log: { tooManyRequests: 0, evicted: [] }, pending: [], kRetry: -1 };
    created.kRetry = ctx.sim.handler((i) => attempt(ctx, created, i));
    drainers.set(ctx, created);
    d = created;
  }
  return d;
}

/** The drain log of a run (empty when nothing was drained). */
export function drainLog(ctx: ActorContext): DrainLog {
  return drainerOf(ctx).log;
}

/** Evicts every non-DaemonSet pod bound to `node` (the caller has cordoned it). */
export function evictPodsOfNode(ctx: ActorContext, node: string): void {
  const d = drainerOf(ctx);
  for (const p of ctx.store.list("Pod") as Pod[]) {
    if (p.spec?.nodeName !== node || p.metadata?.deletionTimestamp || controllerOf(p)?.kind === "DaemonSet") continue;
    d.pending.push(p);
    attempt(ctx, d, d.pending.length - 1);
  }
}

function attempt(ctx: ActorContext, d: Drainer, i: number): void {
  const pod = d.pending[i]!;
  const id = ctx.store.idOf("Pod", pod);
  const r = evictPod(ctx, pod);
  const ref = `pods/"${pod.metadata!.name}" -n "${pod.metadata!.namespace}"`;
  if (r.code === 201) {
    if (id >= 0 && ctx.ledger.has(id)) ctx.ledger.evictionReason[id] = "Drain";
    d.log.evicted.push({ pod: `${pod.metadata!.namespace}/${pod.metadata!.name}`, atUs: ctx.sim.nowUs });
  } else if (r.code === 429) {
    d.log.tooManyRequests++;
    // One warning per pod (the cause's counts change between retries; warnings are deduplicated).
    ctx.warn(`drain ${pod.spec?.nodeName}: error when evicting ${ref} (will retry after 5s): ${r.message} (PodDisruptionBudget ${r.budget})`);
    ctx.sim.after(EVICTION_RETRY_US, Band.NODE_FAILURE, d.kRetry, i);
  } else if (r.code === 500) {
    ctx.warn(`drain ${pod.spec?.nodeName}: error when evicting ${ref}: ${r.message}`);
  }
}
