/**
 * API Priority and Fairness priority levels: the bootstrap configuration kube-apiserver
 * creates (staging/src/k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go, v1.29+),
 * and the arithmetic that turns the server's concurrency limit into seats per level.
 *
 * - `ServerCL = --max-requests-inflight + --max-mutating-requests-inflight` (400 + 200 = 600).
 * - `NominalCL(i) = ceil(ServerCL × NCS(i) / Σ_k NCS(k))` (apf_controller.go
 *   `digestConfigObjectsLocked`; the sum includes exempt's NCS, 0 by default).
 * - `LendableCL(i) = round(NominalCL(i) × lendablePercent / 100)`; `BorrowingCL(i) =
 *   round(NominalCL(i) × borrowingLimitPercent / 100)`, unlimited when unset.
 * - Every 10 s the controller re-divides ServerCL among the levels by their recent seat demand
 *   (apf_controller.go `updateBorrowing`, `computeConcurrencyAllocation`): `allocateConcurrency`.
 */

/** One PriorityLevelConfiguration (flowcontrol.apiserver.k8s.io/v1). */
export interface PriorityLevel {
  name: string;
  /** `spec.type`: Exempt levels bypass APF and are not limited. */
  exempt: boolean;
  nominalConcurrencyShares: number;
  lendablePercent: number;
  /** null = may borrow without limit. */
  borrowingLimitPercent: number | null;
  /** `limitResponse.type: Reject`: no queues, a request that finds no seat gets 429 at once. */
  reject: boolean;
  queues: number;
  handSize: number;
  queueLengthLimit: number;
}

/** Level indices in `DEFAULT_PRIORITY_LEVELS` order (the flow schemas map onto these). */
export const LEVEL_EXEMPT = 0;
export const LEVEL_SYSTEM = 1;
export const LEVEL_NODE_HIGH = 2;
export const LEVEL_LEADER_ELECTION = 3;
export const LEVEL_WORKLOAD_HIGH = 4;
export const LEVEL_WORKLOAD_LOW = 5;
export const LEVEL_GLOBAL_DEFAULT = 6;
export const LEVEL_CATCH_ALL = 7;

const limited = (name: string, ncs: number, lendable: number, queues: number, handSize: number): PriorityLevel => ({
  name,
  exempt: false,
  nominalConcurrencyShares: ncs,
  lendablePercent: lendable,
  borrowingLimitPercent: null,
  reject: false,
  queues,
  handSize,
  queueLengthLimit: 50,
});

/**
 * The mandatory and suggested bootstrap levels. NCS, queues, hand size and queue length limit
 * from bootstrap/default.go (the NCS give exactly the limits EKS publishes for default flags:
 * reference §8.5); lendablePercent as in v1.26+ (workload-low 90 is the documented value,
 * the others are from the same file, medium confidence).
 */
export const DEFAULT_PRIORITY_LEVELS: readonly PriorityLevel[] = [
  { name: "exempt", exempt: true, nominalConcurrencyShares: 0, lendablePercent: 0, borrowingLimitPercent: null, reject: false, queues: 0, handSize: 0, queueLengthLimit: 0 },
  limited("system", 30, 33, 64, 6),
  limited("node-high", 40, 25, 64, 6),
  limited("leader-election", 10, 0, 16, 4),
  limited("workload-high", 40, 50, 128, 6),
  limited("workload-low", 100, 90, 128, 6),
  limited("global-default", 20, 50, 128, 6),
  { name: "catch-all", exempt: false, nominalConcurrencyShares: 5, lendablePercent: 0, borrowingLimitPercent: null, reject: true, queues: 0, handSize: 0, queueLengthLimit: 0 },
];

/** `NominalCL` per level (exempt: 0, it is not limited). */
export function nominalConcurrencyLimits(serverCL: number, levels: readonly PriorityLevel[]): Int32Array {
  let sum = 0;
  for (const l of levels) sum += l.nominalConcurrencyShares;
  const out = new Int32Array(levels.length);
  levels.forEach((l, i) => {
    out[i] = l.exempt || sum === 0 ? 0 : Math.ceil((serverCL * l.nominalConcurrencyShares) / sum);
  });
  return out;
}

/** `LendableCL` per level: seats a level may lend out when it does not need them. */
export function lendableConcurrencyLimits(nominal: Int32Array, levels: readonly PriorityLevel[]): Int32Array {
  return Int32Array.from(levels, (l, i) => Math.round((nominal[i]! * l.lendablePercent) / 100));
}

/**
 * The 10-second re-division of seats (apf_controller.go `updateBorrowing`): each level asks for
 * `demand[i]` seats (its recent peak of seats in use plus seats queued), bounded below by
 * `max(NominalCL − LendableCL, min(NominalCL, demand))` (what it may not lend, or what it used
 * lately up to its nominal limit) and above by `NominalCL + BorrowingCL`; the
 * targets are then scaled by one common factor, each clamped to its bounds, so that they add
 * up to the sum of the nominal limits (`computeConcurrencyAllocation`, found here by bisection).
 * Simplification: upstream smooths demand (mean + stddev, decaying high watermark); kubesim
 * uses the last period's peak.
 */
export function allocateConcurrency(nominal: Int32Array, lendable: Int32Array, levels: readonly PriorityLevel[], demand: ArrayLike<number>, out: Int32Array): void {
  const n = levels.length;
  let total = 0;
  let lowSum = 0;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (levels[i]!.exempt) continue;
    total += nominal[i]!;
    // apf_controller.go: a level keeps what it used lately, up to its nominal limit, and never
    // less than what it may not lend.
    low[i] = Math.max(nominal[i]! - lendable[i]!, Math.min(nominal[i]!, demand[i]!));
    const b = levels[i]!.borrowingLimitPercent;
    high[i] = b === null ? Infinity : nominal[i]! + Math.round((nominal[i]! * b) / 100);
    // A level with no demand still gets its floor; 1e-9 keeps the scaling defined.
    target[i] = Math.max(low[i]!, Math.min(high[i]!, demand[i]!), 1e-9);
    lowSum += low[i]!;
  }
  const alloc = (f: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) if (!levels[i]!.exempt) s += Math.max(low[i]!, Math.min(high[i]!, f * target[i]!));
    return s;
  };
  let lo = 0;
  let hi = 1;
  if (lowSum >= total) hi = 0;
  else {
    for (let k = 0; k < 64 && alloc(hi) < total; k++) hi *= 2;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (alloc(mid) < total) lo = mid;
      else hi = mid;
    }
  }
  // Integer seats: round down, then hand the remainder to the largest fractional parts (stable by index).
  let given = 0;
  const frac = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (levels[i]!.exempt) {
      out[i] = 0;
      continue;
    }
    const v = Math.max(low[i]!, Math.min(high[i]!, hi * target[i]!));
    out[i] = Math.floor(v);
    frac[i] = v - out[i]!;
    given += out[i]!;
  }
  for (let left = total - given; left > 0; left--) {
    let best = -1;
    for (let i = 0; i < n; i++) if (!levels[i]!.exempt && out[i]! < high[i]! && (best < 0 || frac[i]! > frac[best]!)) best = i;
    if (best < 0) break;
    out[best]!++;
    frac[best] = -1;
  }
}
