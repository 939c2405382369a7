/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go, binder.go).
 *
 * PreFilter: Skip for pods without PersistentVolumeClaim volumes (the per-spec `hasClaims`
 * flag, so the plugin costs nothing on the hot path). A claim that does not exist, is Lost or
 * is being deleted rejects the pod (UnschedulableAndUnresolvable, upstream's text); so does an
 * unbound claim that is not WaitForFirstConsumer: "pod has unbound immediate
 * PersistentVolumeClaims" (the PV controller binds those, and the pod is requeued when it does).
 *
 * Filter (`FindPodVolumes`), per node, UnschedulableAndUnresolvable with every reason that
 * applies, in upstream order:
 *   - a bound claim's PV does not exist → "node(s) unavailable due to one or more pvc(s) bound
 *     to non-existent pv(s)"; its node affinity rejects the node → "node(s) had volume node
 *     affinity conflict";
 *   - an unbound WaitForFirstConsumer claim already provisioning for another node, or with
 *     neither a matching Available PV (same class, big enough, access modes, node affinity; the
 *     smallest wins) nor a class that can provision on this node (a provisioner other than
 *     `kubernetes.io/no-provisioner`, `allowedTopologies` matching the node's labels) →
 *     "node(s) didn't find available persistent volumes to bind".
 * Storage capacity (CSIStorageCapacity) is not modelled: provisioning never runs out of space.
 *
 * Score: upstream's PreScore skips unless the StorageCapacityScoring gate is on (off in v1.34),
 * so the plugin has no Score here. Reserve + PreBind: `preBindVolumes`, called by the scheduler
 * actor for the chosen node: static bindings pre-bind the PV (`claimRef`), claims to provision
 * get the `volume.kubernetes.io/selected-node` annotation; the PV controller does the rest.
 * Simplification: the pod is bound at once instead of after the claims are (PreBind's wait).
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { Pod } from "../../cluster/k8s-types.js";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../../cluster/k8s-storage-types.js";
import {
  ANN_SELECTED_NODE,
  canProvision,
  claimClass,
  claimRequestBytes,
  findMatchingVolume,
  hasClaims,
  isClaimBound,
  isDelayBinding,
  podClaimNames,
  volumeClass,
} from "../../cluster/volume-catalog.js";
import type { CompiledPod } from "../compiled-pod.js";
import { allocateStateSlot } from "../framework/cycle-state.js";
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId, reasonText } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";
import { anyTermMatches, compileTerm, type CompiledTerm } from "../node-selector.js";

/** binder.go ConflictReason texts. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const ERR_REASON_NOT_ENOUGH_SPACE = "node(s) did not have enough free storage";
export const ERR_REASON_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
/** volume_binding.go PreFilter. */
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

// A filter status detail is a mask of conflict reasons (MASK_FLAG set), or a reason id.
const MASK_FLAG = 1 << 20;
const NODE_CONFLICT = 1;
const BIND_CONFLICT = 2;
const PV_NOT_EXIST = 8;
/** In the order FindPodVolumes appends them. */
const MASK_REASONS: readonly [number, string][] = [
  [NODE_CONFLICT, ERR_REASON_NODE_CONFLICT],
  [BIND_CONFLICT, ERR_REASON_BIND_CONFLICT],
  [4, ERR_REASON_NOT_ENOUGH_SPACE],
  [PV_NOT_EXIST, ERR_REASON_PV_NOT_EXIST],
];

const SKIP = status(CODE_SKIP, 0);

function reject(text: string): number {
  return status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(text));
}

/** A claim waiting for its first consumer, prepared once per cycle. */
interface DelayedClaim {
  pvc: PersistentVolumeClaim;
  /** Node name id of the selected-node annotation, 0 when unset. */
  selectedNode: number;
  /** PVs of the claim's class (`pvCache.ListPVs(class)`). */
  candidates: PersistentVolume[];
  sc: StorageClass | undefined;
  /** The class's allowedTopologies as node selector terms; null = any node. */
  topology: CompiledTerm[] | null;
}

interface State {
  /** Bound claims' PVs, null for a PV that does not exist. */
  bound: (PersistentVolume | null)[];
  delayed: DelayedClaim[];
}

const SLOT = allocateStateSlot();

function stateOf(s: { slots: unknown[] }): State {
  return (s.slots[SLOT] ??= { bound: [], delayed: [] }) as State;
}

const compiledAffinity = new WeakMap<PersistentVolume, { c: ClusterState; terms: CompiledTerm[] | null }>();

/** `volume.CheckNodeAffinity(pv, node.Labels)` on a node slot; PV terms compiled once. */
export function volumeNodeAffinityMatches(c: ClusterState, pv: PersistentVolume, node: number): boolean {
  let e = compiledAffinity.get(pv);
  if (!e || e.c !== c) {
    const req = pv.spec?.nodeAffinity?.required;
    e = { c, terms: req ? (req.nodeSelectorTerms ?? []).map((t) => compileTerm(c, t)) : null };
    compiledAffinity.set(pv, e);
  }
  return e.terms === null || anyTermMatches(c, e.terms, node);
}

/** `MatchTopologySelectorTerms`: no terms match every node; else any term whose keys all hold one of their values. */
function compileTopology(c: ClusterState, sc: StorageClass | undefined): CompiledTerm[] | null {
  const terms = sc?.allowedTopologies ?? [];
  if (terms.length === 0) return null;
  return terms.map((t) =>
    compileTerm(c, { matchExpressions: (t.matchLabelExpressions ?? []).map((e) => ({ key: e.key, operator: "In", values: e.values })) }),
  );
}

/** PreFilter's checks of `podHasPVCs`: a status for a claim that cannot be used, or SUCCESS. */
function claimProblem(c: ClusterState, ns: string, names: readonly string[]): number {
  for (const name of names) {
    const pvc = c.volumes.claim(ns, name);
    if (!pvc) return reject(`persistentvolumeclaim "${name}" not found`);
    if (pvc.status?.phase === "Lost") return reject(`persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ""}"`);
    if (pvc.metadata?.deletionTimestamp) return reject(`persistentvolumeclaim "${name}" is being deleted`);
  }
  return SUCCESS;
}

/** `FindPodVolumes` for one node: the conflict mask (0 = fits), filling `staticOut`/`provisionOut` when given. */
function findPodVolumes(
  c: ClusterState,
  st: State,
  node: number,
  staticOut?: [PersistentVolumeClaim, PersistentVolume][],
  provisionOut?: PersistentVolumeClaim[],
): number {
  let mask = 0;
  for (let i = 0; i < st.bound.length; i++) {
    const pv = st.bound[i]!;
    // checkBoundClaims stops at the first claim that fails.
    if (pv === null) {
      mask |= PV_NOT_EXIST;
      break;
    }
    if (!volumeNodeAffinityMatches(c, pv, node)) {
      mask |= NODE_CONFLICT;
      break;
    }
  }
  if (st.delayed.length === 0) return mask;
  const toFind: DelayedClaim[] = [];
  const toProvision: DelayedClaim[] = [];
  for (const d of st.delayed) {
    if (d.selectedNode === 0) toFind.push(d);
    else if (d.selectedNode !== c.nodes.nameId[node]) return mask | BIND_CONFLICT; // fast path: provisioning for another node
    else toProvision.push(d);
  }
  // findMatchingVolumes: smallest requests first, each PV chosen once.
  toFind.sort((a, b) => claimRequestBytes(a.pvc) - claimRequestBytes(b.pvc));
  const chosen = new Set<string>();
  let unbound = true;
  for (const d of toFind) {
    const pv = findMatchingVolume(d.pvc, d.candidates, (v) => volumeNodeAffinityMatches(c, v, node), chosen, true);
    if (pv === null) {
      toProvision.push(d);
      unbound = false;
      continue;
    }
    chosen.add(pv.metadata!.name!);
    staticOut?.push([d.pvc, pv]);
  }
  if (toProvision.length > 0) {
    // checkVolumeProvisions decides alone once claims are left to provision.
    unbound = true;
    for (const d of toProvision) {
      if (!canProvision(d.sc) || (d.topology !== null && !anyTermMatches(c, d.topology, node))) {
        unbound = false;
        break;
      }
      provisionOut?.push(d.pvc);
    }
  }
  return unbound ? mask : mask | BIND_CONFLICT;
}

export const volumeBinding = {
  name: "VolumeBinding",
  preFilter(c, pod, state) {
    const spec = pod.object.spec;
    if (!c.volumes.enabled || !hasClaims(spec)) return SKIP;
    const ns = pod.object.metadata?.namespace || "default";
    const names = podClaimNames(spec);
    const problem = claimProblem(c, ns, names);
    if (problem !== SUCCESS) return problem;
    const st = stateOf(state);
    st.bound.length = 0;
    st.delayed.length = 0;
    let immediate = 0;
    for (const name of names) {
      const pvc = c.volumes.claim(ns, name)!;
      if (isClaimBound(pvc)) st.bound.push(c.volumes.volumes.get(pvc.spec!.volumeName!) ?? null);
      else if (isDelayBinding(pvc, c.volumes) && !pvc.spec?.volumeName) {
        const cls = claimClass(pvc);
        const sc = c.volumes.classes.get(cls);
        const sel = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
        st.delayed.push({
          pvc,
          selectedNode: sel === undefined ? 0 : c.interners.nodeNames.id(sel),
          candidates: [...c.volumes.volumes.values()].filter((v) => volumeClass(v) === cls),
          sc,
          topology: compileTopology(c, sc),
        });
      } else immediate++; // pre-bound claims count as immediate too (GetPodVolumeClaims)
    }
    return immediate > 0 ? reject(ERR_REASON_UNBOUND_IMMEDIATE) : SUCCESS;
  },
  filter(c, _pod, state, node) {
    const mask = findPodVolumes(c, stateOf(state), node);
    return mask === 0 ? SUCCESS : status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, MASK_FLAG | mask);
  },
  describe(_c, _pod, detail) {
    if ((detail & MASK_FLAG) === 0) return [reasonText(detail)];
    return MASK_REASONS.filter(([bit]) => (detail & bit) !== 0).map(([, text]) => text);
  },
} satisfies FilterPlugin;

/** What the store offers PreBind: an update that commits a change to a stored object. */
export interface VolumeWriter {
  update(kind: string, obj: PersistentVolume | PersistentVolumeClaim): void;
}

/**
 * Reserve + PreBind for the node the cycle chose (`AssumePodVolumes`, `BindPodVolumes`'s API
 * updates): pre-binds each statically matched PV to its claim and annotates each claim to
 * provision with the selected node. Returns the number of objects written. Call it only for a
 * pod whose VolumeBinding PreFilter passed on this cluster state.
 */
export function preBindVolumes(c: ClusterState, pod: Pod | CompiledPod, nodeSlot: number, writer: VolumeWriter): number {
  const obj = "object" in pod ? pod.object : pod;
  if (!c.volumes.enabled || !hasClaims(obj.spec)) return 0;
  const state = { slots: [] as unknown[] };
  const st = stateOf(state);
  const ns = obj.metadata?.namespace || "default";
  const names = podClaimNames(obj.spec);
  if (claimProblem(c, ns, names) !== SUCCESS) return 0;
  // The same preparation as PreFilter, for this pod alone.
  const fake = { object: obj } as CompiledPod;
  if (volumeBinding.preFilter(c, fake, state as never) !== SUCCESS) return 0;
  const statics: [PersistentVolumeClaim, PersistentVolume][] = [];
  const provisions: PersistentVolumeClaim[] = [];
  if (findPodVolumes(c, st, nodeSlot, statics, provisions) !== 0) return 0;
  const nodeName = c.nodeName(nodeSlot);
  for (const [pvc, pv] of statics) {
    const m = pvc.metadata!;
    pv.spec = { ...pv.spec, claimRef: { kind: "PersistentVolumeClaim", namespace: m.namespace || "default", name: m.name, uid: m.uid } };
    writer.update("PersistentVolume", pv);
  }
  for (const pvc of provisions) {
    pvc.metadata = { ...pvc.metadata, annotations: { ...pvc.metadata?.annotations, [ANN_SELECTED_NODE]: nodeName } };
    writer.update("PersistentVolumeClaim", pvc);
  }
  return statics.length + provisions.length;
}
