/**
 * Deployment arithmetic from pkg/controller/deployment/util/deployment_util.go: surge and
 * unavailability bounds (`ResolveFenceposts`, `MaxUnavailable`, `MaxSurge`), the new
 * ReplicaSet's size during a rolling update (`NewRSNewReplicas`) and the pod template hash
 * (`ComputeHash`).
 */
import type { Deployment, IntOrString } from "../cluster/k8s-types.js";
import { stableStringify } from "../report/stable-json.js";
import { RAND_ALPHABET } from "./owner.js";

/** apps/v1 defaults (pkg/apis/apps/v1/defaults.go): 25 % surge and 25 % unavailable. */
export const DEFAULT_MAX_SURGE = "25%";
export const DEFAULT_MAX_UNAVAILABLE = "25%";
/** pkg/apis/apps/v1/defaults.go: `RevisionHistoryLimit` 10. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/**
 * intstr `GetScaledValueFromIntOrPercent`: an integer as is, a percentage of `total` rounded up
 * or down.
 */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    const n = Number(v);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: ${JSON.stringify(v)}`);
  }
  const x = (Number(m[1]) * total) / 100;
  // Percent arithmetic as upstream: float64 multiply then math.Ceil / math.Floor.
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** `ResolveFenceposts`: surge rounds up, unavailable down, and both zero means one unavailable. */
export function resolveFenceposts(maxSurge: IntOrString, maxUnavailable: IntOrString, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function rolling(d: Deployment): { surge: IntOrString; unavailable: IntOrString } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return { surge: ru?.maxSurge ?? DEFAULT_MAX_SURGE, unavailable: ru?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE };
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

export function replicasOf(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

/** `MaxUnavailable`: 0 unless rolling with replicas > 0; never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const r = rolling(d);
  return Math.min(resolveFenceposts(r.surge, r.unavailable, replicas).unavailable, replicas);
}

/** `MaxSurge`: 0 unless rolling. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const r = rolling(d);
  return resolveFenceposts(r.surge, r.unavailable, replicasOf(d)).surge;
}

/**
 * `NewRSNewReplicas` for RollingUpdate: grow the new set up to replicas + maxSurge pods in
 * total (counting every set's `spec.replicas`), never beyond `replicas`.
 */
export function newRSNewReplicas(d: Deployment, allSpecReplicas: number, newSpecReplicas: number): number {
  const replicas = replicasOf(d);
  const maxTotal = replicas + maxSurge(d);
  if (allSpecReplicas >= maxTotal) return newSpecReplicas;
  const up = Math.min(maxTotal - allSpecReplicas, replicas - newSpecReplicas);
  return newSpecReplicas + Math.max(0, up);
}

/**
 * The pod template hash. Upstream hashes the template with FNV-32a over its Go dump and
 * encodes the decimal digits with `rand.SafeEncodeString`; kubesim hashes the template's
 * stable JSON the same way, so equal templates share a hash (values differ from upstream's).
 */
export function templateHash(template: unknown): string {
  const known = typeof template === "object" && template !== null ? hashes.get(template) : undefined;
  if (known !== undefined) return known;
  const text = stableStringify(template, 0);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = "";
  for (const ch of String(h)) out += RAND_ALPHABET[ch.charCodeAt(0) % RAND_ALPHABET.length];
  if (typeof template === "object" && template !== null) hashes.set(template, out);
  return out;
}

/**
 * Hash per template object. A Deployment syncs on every status change of its ReplicaSets, so
 * the hash was recomputed (a stable-JSON dump of the template) thousands of times per second of
 * a large rollout. Templates are never changed in place: a rollout installs a new template
 * object (runtime/timeline-actions.ts), so an object's hash cannot go stale.
 */
const hashes = new WeakMap<object, string>();
