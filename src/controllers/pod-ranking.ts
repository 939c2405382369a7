/**
 * Which pods a ReplicaSet deletes first when it scales down: pkg/controller/controller_utils.go
 * `ActivePodsWithRanks.Less`, with the rank of pkg/controller/replicaset/replica_set.go
 * `getPodsRankedByRelatedPodsOnSameNode` (pods on nodes crowded with pods of the same set go
 * first). Order, smaller deleted first:
 *   1. unassigned < assigned
 *   2. Pending < Unknown < Running
 *   3. not ready < ready
 *   4. lower `controller.kubernetes.io/pod-deletion-cost` first
 *   5. higher rank (more related pods on the same node) first
 *   6. both ready: more recently ready first
 *   7. more container restarts first
 *   8. newer first
 * Simplification: upstream compares ready and creation times on a logarithmic scale
 * (LogarithmicScaleDown); here they are compared exactly. Ties keep creation order.
 */
import type { Pod } from "../cluster/k8s-types.js";
import type { PodLedger } from "../apiserver/pod-ledger.js";

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

export interface RankedPod {
  id: number;
  pod: Pod;
}

export function isPodReady(ledger: PodLedger, id: number): boolean {
  return ledger.isReady(id);
}

/** The `count` pods to delete, best candidates first. */
export function podsToDelete(pods: readonly RankedPod[], count: number, ledger: PodLedger): RankedPod[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const p of pods) {
    const n = p.pod.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: RankedPod): number => {
    const n = p.pod.spec?.nodeName;
    return n ? perNode.get(n)! : 0;
  };
  const cost = (p: RankedPod): number => Number(p.pod.metadata?.annotations?.[DELETION_COST] ?? 0) || 0;
  const sorted = [...pods].sort((a, b) => {
    const aa = a.pod.spec?.nodeName ? 1 : 0;
    const ba = b.pod.spec?.nodeName ? 1 : 0;
    if (aa !== ba) return aa - ba;
    const ap = PHASE_RANK[a.pod.status?.phase ?? "Pending"] ?? 0;
    const bp = PHASE_RANK[b.pod.status?.phase ?? "Pending"] ?? 0;
    if (ap !== bp) return ap - bp;
    const ar = isPodReady(ledger, a.id) ? 1 : 0;
    const br = isPodReady(ledger, b.id) ? 1 : 0;
    if (ar !== br) return ar - br;
    const ac = cost(a);
    const bc = cost(b);
    if (ac !== bc) return ac - bc;
    const ak = rank(a);
    const bk = rank(b);
    if (ak !== bk) return bk - ak;
    if (ar === 1 && ledger.lastReadyUs[a.id] !== ledger.lastReadyUs[b.id]) return ledger.lastReadyUs[b.id]! - ledger.lastReadyUs[a.id]!;
    if (ledger.restarts[a.id] !== ledger.restarts[b.id]) return ledger.restarts[b.id]! - ledger.restarts[a.id]!;
    return ledger.createdUs[b.id]! - ledger.createdUs[a.id]!;
  });
  return sorted.slice(0, count);
}
