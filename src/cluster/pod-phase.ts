/**
 * `podutil.IsPodPhaseTerminal` (pkg/api/v1/pod/util.go): a pod in phase Succeeded or Failed
 * has stopped for good. The scheduler's informer drops such pods (they hold no resources), the
 * ReplicaSet and DaemonSet controllers no longer count them, and PodGC collects them.
 */
export function isTerminalPhase(phase: string | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}
