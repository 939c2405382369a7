/**
 * What the cluster autoscaler asks of PodDisruptionBudgets (cluster-autoscaler
 * simulator/drainability/rules/pdb): the budgets selecting a pod and how many disruptions each
 * allows now, computed as the Eviction API computes them (eviction-api.ts `budgetStatus`).
 * A budget's status is computed once per simulated instant (one CA scan) and reused for every
 * pod it selects: `budgetStatus` walks all pods.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { Pod } from "../cluster/k8s-types.js";
import type { PodDisruptionBudget } from "../cluster/k8s-workload-types.js";
import { matchesSelector } from "../cluster/label-match.js";
import { budgetStatus } from "./eviction-api.js";

export type PodBudgets = (pod: Pod) => { name: string; disruptionsAllowed: number }[];

export function podBudgets(ctx: ActorContext): PodBudgets {
  let atUs = NaN;
  const allowed = new Map<PodDisruptionBudget, number>();
  return (pod) => {
    if (ctx.sim.nowUs !== atUs) {
      atUs = ctx.sim.nowUs;
      allowed.clear();
    }
    const ns = pod.metadata?.namespace || "default";
    const out: { name: string; disruptionsAllowed: number }[] = [];
    for (const b of ctx.store.list("PodDisruptionBudget") as PodDisruptionBudget[]) {
      if ((b.metadata?.namespace || "default") !== ns || !matchesSelector(b.spec?.selector, pod.metadata?.labels)) continue;
      let n = allowed.get(b);
      if (n === undefined) allowed.set(b, (n = budgetStatus(ctx, b).disruptionsAllowed));
      out.push({ name: `${ns}/${b.metadata!.name}`, disruptionsAllowed: n });
    }
    return out;
  };
}
