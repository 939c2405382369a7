/**
 * A pod's QoS class (pkg/apis/core/v1/helper/qos/qos.go `GetPodQOS`): Guaranteed when every
 * container (init included) sets cpu and memory limits equal to its requests (requests default
 * to limits), BestEffort when no container requests or limits cpu or memory, else Burstable.
 * Pod-level `resources`, when set, decide on their own.
 */
import type { PodSpec, ResourceList } from "../cluster/k8s-types.js";
import { resourceValue } from "../cluster/quantity.js";

export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";

const COMPUTE = ["cpu", "memory"] as const;

export function qosClass(spec: PodSpec): QosClass {
  const all = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.resources ?? {});
  const lists = spec.resources ? [spec.resources] : all;
  let any = false;
  let guaranteed = true;
  for (const r of lists) {
    const req: ResourceList = { ...(r.limits ?? {}), ...(r.requests ?? {}) };
    const lim: ResourceList = r.limits ?? {};
    for (const k of COMPUTE) {
      if (req[k] !== undefined || lim[k] !== undefined) any = true;
      if (lim[k] === undefined || req[k] === undefined || resourceValue(k, req[k]!) !== resourceValue(k, lim[k]!)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
