/**
 * PodDisruptionBudget accounting for preemption: how many disruptions a PDB allows, and which
 * of a node's victims would violate a PDB.
 *
 * `disruptionsAllowed` follows the disruption controller
 * (`pkg/controller/disruption/disruption.go` `getExpectedPodCount`, `updatePdbStatus`), with
 * the expected count simplified to the number of pods the selector matches (upstream asks the
 * controllers' scale). Percentages round up (`intstr.GetScaledValueFromIntOrPercent(..., true)`).
 */

/** `intstr.IntOrString`: a count or a "NN%" percentage. */
export type IntOrPercent = number | string;

export interface PdbSpec {
  namespaceId: number;
  /** The selector; an empty selector matches no pod for preemption (`filterPodsWithPDBViolation`). */
  matches(podSlot: number): boolean;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

/** `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`. */
export function scaledValue(v: IntOrPercent, total: number): number {
  if (typeof v === "number") return v;
  const m = /^([0-9]+)%$/.exec(v);
  if (!m) throw new Error(`invalid IntOrPercent ${JSON.stringify(v)}`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/**
 * `status.disruptionsAllowed` = max(0, currentHealthy − desiredHealthy), where
 * desiredHealthy = minAvailable (scaled) or expected − maxUnavailable (scaled).
 * `healthy` is the number of matching running pods; `expected` the desired scale.
 */
export function disruptionsAllowed(pdb: Pick<PdbSpec, "minAvailable" | "maxUnavailable">, healthy: number, expected: number): number {
  let desiredHealthy: number;
  if (pdb.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expected - scaledValue(pdb.maxUnavailable, expected));
  else if (pdb.minAvailable !== undefined) desiredHealthy = scaledValue(pdb.minAvailable, expected);
  else desiredHealthy = 0;
  return Math.max(0, healthy - desiredHealthy);
}

/**
 * `filterPodsWithPDBViolation` (pkg/scheduler/framework/preemption/preemption.go): walks the
 * victims in order, decrementing a copy of each matching PDB's allowance; a pod that drives
 * any allowance below zero is "violating". Returns [violating, nonViolating], order kept.
 */
export function splitByPdbViolation(
  victims: readonly number[],
  podNamespace: (slot: number) => number,
  pdbs: readonly PdbSpec[],
  allowed: readonly number[],
): [number[], number[]] {
  const left = allowed.slice();
  const violating: number[] = [];
  const nonViolating: number[] = [];
  for (const v of victims) {
    let violates = false;
    for (let i = 0; i < pdbs.length; i++) {
      const pdb = pdbs[i]!;
      if (pdb.namespaceId !== podNamespace(v) || !pdb.matches(v)) continue;
      left[i]!--;
      if (left[i]! < 0) violates = true;
    }
    (violates ? violating : nonViolating).push(v);
  }
  return [violating, nonViolating];
}
