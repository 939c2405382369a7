/**
 * The Eviction subresource (`POST pods/<name>/eviction`, pkg/registry/core/pod/storage/
 * eviction.go): a pod deletion that PodDisruptionBudgets may refuse. `kubectl drain` and other
 * voluntary disruptions go through it; the taint manager, node-pressure eviction and
 * preemption do not.
 *
 * - A pod that is not Running (phase Pending, Succeeded or Failed) or already terminating is
 *   deleted without looking at budgets (`canIgnorePDB`).
 * - No budget selects the pod: deleted. More than one: refused with 500 ("This pod has more
 *   than one PodDisruptionBudget, which the eviction subresource does not support.").
 * - One budget: its `status` as the disruption controller would compute it right now
 *   (pkg/controller/disruption/disruption.go `getExpectedPodCount`, `countHealthyPods`):
 *   currentHealthy = selected pods that are Ready and not terminating; desiredHealthy =
 *   minAvailable (an integer as is; a percentage of the expected scale, rounded up) or
 *   expected − maxUnavailable (rounded up); the expected scale is the sum of the
 *   `spec.replicas` of the pods' distinct controllers (a Deployment for a ReplicaSet it
 *   owns, else the ReplicaSet; a StatefulSet). disruptionsAllowed = max(0, current − desired),
 *   and 0 when the expected scale is 0.
 * - An unready pod is evicted when `unhealthyPodEvictionPolicy: AlwaysAllow`, or under the
 *   default `IfHealthyBudget` when current ≥ desired > 0; a Ready pod needs
 *   disruptionsAllowed > 0. Otherwise: 429 TooManyRequests, "Cannot evict pod as it would
 *   violate the pod's disruption budget." with the cause "The disruption budget <name> needs
 *   <desired> healthy pods and has <current> currently".
 * - An evicted pod gets the `DisruptionTarget` condition (reason `EvictionByEvictionAPI`,
 *   PodDisruptionConditions, GA in 1.31) and a graceful deletion.
 *
 * Simplification: the budget's status is recomputed at every request instead of being read
 * from the object the disruption controller last wrote, so a budget is never stale (upstream
 * answers 429 while `observedGeneration` lags) and `DisruptedPods` bookkeeping is not needed
 * (an evicted pod is terminating at once, so it is no longer healthy).
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { KubeObject, Pod } from "../cluster/k8s-types.js";
import type { PodDisruptionBudget } from "../cluster/k8s-workload-types.js";
import { matchesSelector } from "../cluster/label-match.js";
import { controllerOf } from "../controllers/owner.js";

export const MSG_PDB_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MSG_MULTIPLE_PDBS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

export type EvictionResult =
  | { code: 201 }
  | { code: 404 }
  | { code: 429; message: string; cause: string; budget: string }
  | { code: 500; message: string };

/** What the disruption controller would write into a budget's `status` now. */
export interface BudgetStatus {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
}

/** `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`. */
function scaled(v: number | string, total: number): number {
  if (typeof v === "number") return v;
  const m = /^([0-9]+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : NaN;
}

function replicasOf(obj: KubeObject | undefined): number {
  return (obj as { spec?: { replicas?: number } } | undefined)?.spec?.replicas ?? 1;
}

/** `getExpectedScale`: the summed scale of the selected pods' distinct controllers. */
function expectedScale(ctx: ActorContext, pods: readonly Pod[]): number {
  const seen = new Set<string>();
  let total = 0;
  for (const p of pods) {
    const ref = controllerOf(p);
    if (!ref) continue;
    const ns = p.metadata!.namespace;
    let kind: string = ref.kind ?? "";
    let obj = ctx.store.get(kind, ns, ref.name ?? "");
    if (kind === "ReplicaSet" && obj) {
      const up = controllerOf(obj);
      if (up?.kind === "Deployment") {
        kind = "Deployment";
        obj = ctx.store.get(kind, ns, up.name ?? "");
      }
    }
    const key = `${kind}/${obj?.metadata?.name ?? ref.name}`;
    if (!obj || seen.has(key)) continue;
    seen.add(key);
    total += replicasOf(obj);
  }
  return total;
}

export function budgetStatus(ctx: ActorContext, pdb: PodDisruptionBudget): BudgetStatus {
  const ns = pdb.metadata!.namespace;
  const pods = (ctx.store.list("Pod") as Pod[]).filter((p) => p.metadata!.namespace === ns && matchesSelector(pdb.spec?.selector, p.metadata!.labels));
  let currentHealthy = 0;
  for (const p of pods) {
    const id = ctx.store.idOf("Pod", p);
    if (!p.metadata!.deletionTimestamp && id >= 0 && ctx.ledger.isReady(id)) currentHealthy++;
  }
  const spec = pdb.spec ?? {};
  let expectedPods = 0;
  let desiredHealthy = 0;
  if (spec.maxUnavailable !== undefined) {
    expectedPods = expectedScale(ctx, pods);
    desiredHealthy = Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods));
  } else if (typeof spec.minAvailable === "number") {
    expectedPods = pods.length;
    desiredHealthy = spec.minAvailable;
  } else if (spec.minAvailable !== undefined) {
    expectedPods = expectedScale(ctx, pods);
    desiredHealthy = scaled(spec.minAvailable, expectedPods);
  }
  const disruptionsAllowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  return { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed };
}

/** `POST pods/<name>/eviction` for `pod` as stored now. */
export function evictPod(ctx: ActorContext, pod: Pod): EvictionResult {
  const { store, ledger } = ctx;
  const ns = pod.metadata!.namespace;
  if (store.get("Pod", ns, pod.metadata!.name!) !== pod) return { code: 404 };
  const phase = pod.status?.phase ?? "Pending";
  const id = store.idOf("Pod", pod);
  if (!pod.metadata!.deletionTimestamp && phase === "Running") {
    const budgets = (store.list("PodDisruptionBudget") as PodDisruptionBudget[]).filter(
      (b) => b.metadata!.namespace === ns && matchesSelector(b.spec?.selector, pod.metadata!.labels),
    );
    if (budgets.length > 1) return { code: 500, message: MSG_MULTIPLE_PDBS };
    const pdb = budgets[0];
    if (pdb) {
      const st = budgetStatus(ctx, pdb);
      const ready = id >= 0 && ledger.isReady(id);
      const unhealthyOk = !ready && (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow" || (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0));
      if (!unhealthyOk && st.disruptionsAllowed <= 0) {
        const name = pdb.metadata!.name!;
        return { code: 429, message: MSG_PDB_VIOLATION, cause: `The disruption budget ${name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`, budget: `${ns}/${name}` };
      }
    }
  }
  const cond = { type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" };
  pod.status = { ...pod.status, conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== "DisruptionTarget"), cond] };
  store.deletePod(pod);
  return { code: 201 };
}
