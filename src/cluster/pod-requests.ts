/**
 * A pod's effective resource request, computed the way the scheduler does.
 *
 * `staging/src/k8s.io/component-helpers/resource/helpers.go` (`PodRequests`,
 * `AggregateContainerRequests`), per resource:
 *   - app containers are summed;
 *   - init containers in order: a sidecar (`restartPolicy: Always`) adds its request to the
 *     running total and to a running sidecar sum; a regular init container is a candidate
 *     `request + sidecarSum so far`; the result is the max of the total and every candidate;
 *   - pod-level `spec.resources.requests` (PodLevelResources, beta and on in v1.34) replace the
 *     container aggregate for cpu and memory;
 *   - `spec.overhead` is added last.
 * The scoring variant (`NonZero*`) first gives every container whose requests *lack* cpu or
 * memory the scheduler defaults, 100m and 200Mi (`pkg/scheduler/util/pod_resources.go`:
 * `DefaultMilliCPURequest`, `DefaultMemoryRequest`); a declared 0 stays 0.
 *
 * Requests absent but limits present take the limit, as API defaulting does before the
 * scheduler ever sees the pod (`pkg/apis/core/v1/defaults.go`: `SetDefaults_Pod`).
 */
import type { Container, PodSpec, ResourceList } from "./k8s-types.js";
import { resourceValue } from "./quantity.js";

/** pkg/scheduler/util/pod_resources.go: DefaultMilliCPURequest (0.1 core). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** pkg/scheduler/util/pod_resources.go: DefaultMemoryRequest (200 MiB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const RESOURCE_CPU = "cpu";
export const RESOURCE_MEMORY = "memory";
export const RESOURCE_EPHEMERAL_STORAGE = "ephemeral-storage";
export const RESOURCE_PODS = "pods";

export interface PodResourceRequests {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  ephemeralStorage: number;
  /** cpu with the per-container 100m default (scoring only). */
  nonZeroCpu: number;
  /** memory with the per-container 200Mi default (scoring only). */
  nonZeroMemory: number;
  /** Every other requested resource (extended, hugepages) by name, only non-zero amounts. */
  scalars: Map<string, number>;
}

/** Where a resource list sits, for error messages: `spec.containers[0].resources.requests`. */
export type ResourcePathReporter = (path: string, resource: string, error: unknown) => never;

type Totals = Map<string, number>;

/** The pod's requests. Malformed quantities throw `QuantityError` (see `onError`). */
export function computePodRequests(spec: PodSpec, onError?: ResourcePathReporter): PodResourceRequests {
  const actual = podRequests(spec, false, onError);
  const nonZero = podRequests(spec, true, onError);
  const scalars = new Map<string, number>();
  for (const [name, v] of actual) {
    if (name === RESOURCE_CPU || name === RESOURCE_MEMORY || name === RESOURCE_EPHEMERAL_STORAGE) continue;
    if (name === RESOURCE_PODS || v === 0) continue;
    scalars.set(name, v);
  }
  return {
    cpu: actual.get(RESOURCE_CPU) ?? 0,
    memory: actual.get(RESOURCE_MEMORY) ?? 0,
    ephemeralStorage: actual.get(RESOURCE_EPHEMERAL_STORAGE) ?? 0,
    nonZeroCpu: nonZero.get(RESOURCE_CPU) ?? 0,
    nonZeroMemory: nonZero.get(RESOURCE_MEMORY) ?? 0,
    scalars,
  };
}

function podRequests(spec: PodSpec, nonZero: boolean, onError?: ResourcePathReporter): Totals {
  const reqs: Totals = new Map();
  (spec.containers ?? []).forEach((c, i) => add(reqs, containerRequests(c, `spec.containers[${i}]`, nonZero, onError)));

  // helpers.go: sidecars add to the total; regular init containers compete with the sidecars
  // started before them.
  const sidecars: Totals = new Map();
  const initMax: Totals = new Map();
  (spec.initContainers ?? []).forEach((c, i) => {
    const r = containerRequests(c, `spec.initContainers[${i}]`, nonZero, onError);
    if (c.restartPolicy === "Always") {
      add(reqs, r);
      add(sidecars, r);
      max(initMax, sidecars);
    } else {
      const candidate: Totals = new Map(r);
      add(candidate, sidecars);
      max(initMax, candidate);
    }
  });
  max(reqs, initMax);

  // helpers.go: IsSupportedPodLevelResource — cpu and memory.
  const podLevel = effectiveRequests(spec.resources?.requests, spec.resources?.limits, "spec.resources", onError);
  for (const name of [RESOURCE_CPU, RESOURCE_MEMORY]) {
    const v = podLevel.get(name);
    if (v !== undefined) reqs.set(name, v);
  }
  if (spec.overhead) add(reqs, effectiveRequests(spec.overhead, undefined, "spec.overhead", onError));
  return reqs;
}

function containerRequests(c: Container, path: string, nonZero: boolean, onError?: ResourcePathReporter): Totals {
  const r = effectiveRequests(c.resources?.requests, c.resources?.limits, `${path}.resources`, onError);
  if (nonZero) {
    // pod_resources.go: the default applies only when the key is missing, not when it is 0.
    if (!r.has(RESOURCE_CPU)) r.set(RESOURCE_CPU, DEFAULT_MILLI_CPU_REQUEST);
    if (!r.has(RESOURCE_MEMORY)) r.set(RESOURCE_MEMORY, DEFAULT_MEMORY_REQUEST);
  }
  return r;
}

function effectiveRequests(
  requests: ResourceList | undefined,
  limits: ResourceList | undefined,
  path: string,
  onError?: ResourcePathReporter,
): Totals {
  const out: Totals = new Map();
  const read = (list: ResourceList | undefined, field: string): void => {
    if (!list) return;
    for (const [name, q] of Object.entries(list)) {
      if (out.has(name)) continue;
      try {
        out.set(name, resourceValue(name, q));
      } catch (e) {
        if (onError) onError(`${path}${field ? "." + field : ""}.${name}`, name, e);
        throw e;
      }
    }
  };
  read(requests, path === "spec.overhead" ? "" : "requests");
  read(limits, "limits");
  return out;
}

function add(into: Totals, from: Totals): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function max(into: Totals, from: Totals): void {
  for (const [k, v] of from) if (v > (into.get(k) ?? 0)) into.set(k, v);
}
