/**
 * VolumeZone (pkg/scheduler/framework/plugins/volumezone/volume_zone.go): a pod whose bound
 * PersistentVolumes carry zone or region labels fits only nodes with a matching label.
 *
 * PreFilter reads each claim's PV: Skip for pods without claims (the `hasClaims` flag) or whose
 * PVs carry none of the four topology labels (the beta and GA zone and region keys); unbound
 * WaitForFirstConsumer claims are skipped; a missing claim, class or PV, or an unbound
 * Immediate claim rejects the pod (UnschedulableAndUnresolvable, upstream's texts).
 * Filter: a node without any topology label passes (single-zone clusters); otherwise every PV
 * label must be matched by the node's value for that key (or, for a beta key, the GA key),
 * where a label value may list several zones joined by "__" (`LabelZonesToSet`); else
 * UnschedulableAndUnresolvable "node(s) had no available volume zone".
 *
 * Note: it reads PV *labels* (set by legacy in-tree provisioners and by users), not
 * `spec.nodeAffinity`, which VolumeBinding checks. Provisioned PVs in kubesim, like CSI ones,
 * carry node affinity only.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { PersistentVolume } from "../../cluster/k8s-storage-types.js";
import { claimClass, hasClaims, podClaimNames } from "../../cluster/volume-catalog.js";
import { allocateStateSlot } from "../framework/cycle-state.js";
import type { FilterPlugin } from "../framework/interfaces.js";
import { reasonId } from "../framework/reasons.js";
import { CODE_SKIP, CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, status, SUCCESS } from "../framework/status.js";

export const ERR_REASON_VOLUME_ZONE_CONFLICT = "node(s) had no available volume zone";

const LABEL_BETA_ZONE = "failure-domain.beta.kubernetes.io/zone";
const LABEL_BETA_REGION = "failure-domain.beta.kubernetes.io/region";
const LABEL_ZONE = "topology.kubernetes.io/zone";
const LABEL_REGION = "topology.kubernetes.io/region";
/** volume_zone.go topologyLabels, in its order. */
const TOPOLOGY_LABELS = [LABEL_BETA_ZONE, LABEL_BETA_REGION, LABEL_ZONE, LABEL_REGION] as const;
const GA_OF: Record<string, string> = { [LABEL_BETA_ZONE]: LABEL_ZONE, [LABEL_BETA_REGION]: LABEL_REGION };

const REJECT = status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(ERR_REASON_VOLUME_ZONE_CONFLICT));
const SKIP = status(CODE_SKIP, 0);

/** One PV topology label: key ids (the label's own, and its GA translation) and the allowed value ids. */
interface Topology {
  key: number;
  gaKey: number;
  values: Int32Array;
}

interface State {
  topologies: Topology[];
  /** Label key ids of TOPOLOGY_LABELS. */
  keys: Int32Array;
}

const SLOT = allocateStateSlot();

function reject(text: string): number {
  return status(CODE_UNSCHEDULABLE_AND_UNRESOLVABLE, reasonId(text));
}

/** `getPVTopologies`: the PV's topology labels, values split on "__" (volume helpers `LabelZonesToSet`). */
function pvTopologies(c: ClusterState, pv: PersistentVolume, out: Topology[]): void {
  const K = c.interners.labelKeys;
  const V = c.interners.labelValues;
  for (const key of TOPOLOGY_LABELS) {
    const value = pv.metadata?.labels?.[key];
    if (value === undefined) continue;
    const zones = value.split("__").filter((z) => z !== "");
    out.push({ key: K.id(key), gaKey: K.id(GA_OF[key] ?? key), values: Int32Array.from(zones.map((z) => V.id(z))) });
  }
}

export const volumeZone = {
  name: "VolumeZone",
  preFilter(c, pod, state) {
    const spec = pod.object.spec;
    if (!c.volumes.enabled || !hasClaims(spec)) return SKIP;
    const st = (state.slots[SLOT] ??= { topologies: [], keys: Int32Array.from(TOPOLOGY_LABELS.map((k) => c.interners.labelKeys.id(k))) }) as State;
    st.topologies.length = 0;
    const ns = pod.object.metadata?.namespace || "default";
    for (const name of podClaimNames(spec)) {
      if (name === "") return reject("PersistentVolumeClaim had no name");
      const pvc = c.volumes.claim(ns, name);
      if (!pvc) return reject(`persistentvolumeclaim "${name}" not found`);
      const pvName = pvc.spec?.volumeName ?? "";
      if (pvName === "") {
        const cls = claimClass(pvc);
        if (cls === "") return reject("PersistentVolumeClaim had no pv name and storageClass name");
        const sc = c.volumes.classes.get(cls);
        if (!sc) return reject(`storageclass.storage.k8s.io "${cls}" not found`);
        // The API server defaults volumeBindingMode to Immediate.
        if (sc.volumeBindingMode === "WaitForFirstConsumer") continue;
        return reject("PersistentVolume had no name");
      }
      const pv = c.volumes.volumes.get(pvName);
      if (!pv) return reject(`persistentvolume "${pvName}" not found`);
      pvTopologies(c, pv, st.topologies);
    }
    return st.topologies.length === 0 ? SKIP : SUCCESS;
  },
  filter(c, _pod, state, node) {
    const st = state.slots[SLOT] as State;
    const t = c.nodes;
    let constrained = false;
    for (let i = 0; i < st.keys.length; i++) {
      if (t.label(node, st.keys[i]!) !== 0) {
        constrained = true;
        break;
      }
    }
    if (!constrained) return SUCCESS;
    for (let i = 0; i < st.topologies.length; i++) {
      const tp = st.topologies[i]!;
      let v = t.label(node, tp.key);
      if (v === 0) v = t.label(node, tp.gaKey);
      if (v === 0 || !tp.values.includes(v)) return REJECT;
    }
    return SUCCESS;
  },
} satisfies FilterPlugin;
