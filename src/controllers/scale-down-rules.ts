/**
 * The cluster autoscaler's rules about nodes and pods (cluster-autoscaler simulator/utilization,
 * utils/drain, expander/waste; FAQ.md "What types of pods can prevent CA from removing a
 * node?"): pure functions of one object, used by cluster-autoscaler.ts and autoscaler-scale-down.ts.
 */
import type { Node, Pod } from "../cluster/k8s-types.js";
import type { AutoscalerSnapshot } from "./autoscaler-snapshot.js";
import type { ScaleUpOption } from "./cluster-autoscaler.js";
import { controllerOf } from "./owner.js";

const SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
const SAFE_TO_EVICT_LOCAL_VOLUMES = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes";
/** A node annotated with it ("true") is never scaled down. */
export const SCALE_DOWN_DISABLED = "cluster-autoscaler.kubernetes.io/scale-down-disabled";
/** --expendable-pods-priority-cutoff: pods below it neither trigger scale-up nor block scale-down. */
const EXPENDABLE_PRIORITY_CUTOFF = -10;

/** max(Σ cpu requests / allocatable cpu, Σ memory requests / allocatable memory) (simulator/utilization). */
export function utilization(c: AutoscalerSnapshot["c"], slot: number): number {
  const n = c.nodes;
  const cpu = n.allocCpu[slot]! > 0 ? n.reqCpu[slot]! / n.allocCpu[slot]! : 0;
  const mem = n.allocMemory[slot]! > 0 ? n.reqMemory[slot]! / n.allocMemory[slot]! : 0;
  return Math.max(cpu, mem);
}

/** expander/waste: the options wasting the least cpu + memory fraction of their new nodes. */
export function leastWaste(options: ScaleUpOption[], requests: (pod: number) => { cpu: number; memory: number }): ScaleUpOption[] {
  let best: ScaleUpOption[] = [];
  let bestScore = Infinity;
  for (const o of options) {
    let cpu = 0;
    let mem = 0;
    for (const p of o.pods) {
      cpu += requests(p).cpu;
      mem += requests(p).memory;
    }
    const availCpu = o.nodes * o.pool.cpuMillicores;
    const availMem = o.nodes * o.pool.memoryBytes;
    const score = (availCpu - cpu) / availCpu + (availMem - mem) / availMem;
    if (score < bestScore) {
      bestScore = score;
      best = [o];
    } else if (score === bestScore) best.push(o);
  }
  return best;
}

export function isReady(node: Node | undefined): boolean {
  const r = node?.status?.conditions?.find((c) => c.type === "Ready");
  return r === undefined || r.status === "True";
}

export function isDaemonSetPod(pod: Pod | undefined): boolean {
  return controllerOf(pod ?? {})?.kind === "DaemonSet";
}

export function isExpendable(pod: Pod | undefined): boolean {
  return (pod?.spec?.priority ?? 0) < EXPENDABLE_PRIORITY_CUTOFF;
}

/**
 * utils/drain (FAQ.md "What types of pods can prevent CA from removing a node?"): a pod that
 * keeps its node whatever the budgets say. `hasBudget`: a PodDisruptionBudget selects it.
 */
export function blocksScaleDown(pod: Pod | undefined, hasBudget: boolean): boolean {
  if (!pod) return false;
  const a = pod.metadata?.annotations ?? {};
  if (a[SAFE_TO_EVICT] === "false") return true;
  if (a[SAFE_TO_EVICT] === "true") return false;
  if (!controllerOf(pod)) return true;
  if ((pod.metadata?.namespace ?? "default") === "kube-system" && !hasBudget) return true;
  // Local storage: hostPath, or emptyDir not backed by memory, unless every such volume is listed.
  const listed = new Set((a[SAFE_TO_EVICT_LOCAL_VOLUMES] ?? "").split(",").map((v) => v.trim()));
  for (const v of pod.spec?.volumes ?? []) {
    const empty = v["emptyDir"] as { medium?: string } | undefined;
    const local = v["hostPath"] !== undefined || (empty !== undefined && empty !== null && empty.medium !== "Memory");
    if (local && !listed.has(v.name)) return true;
  }
  return false;
}
