/**
 * Plugin statuses as one small integer, so a filter verdict travels through the hot loop and
 * typed arrays without allocation: `status = code | detail << 2`.
 *
 * Codes follow `staging/src/k8s.io/kube-scheduler/framework/interface.go` (`Code`):
 * `Unschedulable` — the node cannot take the pod now, preemption may help;
 * `UnschedulableAndUnresolvable` — preemption cannot help, the node is not a candidate;
 * `Skip` — from PreFilter/PreScore only: the plugin has nothing to do for this pod.
 * `detail` is the plugin's own payload: an interned reason id (see reasons.ts) unless the
 * plugin's `describe` decodes it otherwise (NodeResourcesFit packs a failing-resource mask).
 */
export const SUCCESS = 0;
export const CODE_UNSCHEDULABLE = 1;
export const CODE_UNSCHEDULABLE_AND_UNRESOLVABLE = 2;
export const CODE_SKIP = 3;

export type StatusCodeName = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Skip";

const CODE_NAMES: readonly StatusCodeName[] = ["Success", "Unschedulable", "UnschedulableAndUnresolvable", "Skip"];

export function status(code: number, detail: number): number {
  return code | (detail << 2);
}

export function statusCode(s: number): number {
  return s & 3;
}

export function statusDetail(s: number): number {
  return s >>> 2;
}

export function codeName(code: number): StatusCodeName {
  return CODE_NAMES[code] ?? "Success";
}
