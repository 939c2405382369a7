/**
 * Which nodes a DaemonSet's pods belong on, as the DaemonSet controller decides it
 * (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`, `predicates`;
 * pkg/controller/daemon/util/daemonset_util.go). Resources are not checked here: since v1.12
 * the default scheduler places daemon pods, through the node affinity the controller writes.
 *
 * Cold path: evaluated once per (DaemonSet, node) when either changes, on Kubernetes objects.
 */
import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from "../cluster/k8s-types.js";
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from "./node-lifecycle.js";

/** staging/src/k8s.io/api/core/v1/well_known_taints.go (not-ready and unreachable: node-lifecycle.ts). */
export const TAINT_NODE_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
export const TAINT_NODE_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
export const TAINT_NODE_PID_PRESSURE = "node.kubernetes.io/pid-pressure";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
export const TAINT_NODE_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

/** metav1.ObjectNameField: the field DaemonSet pods' node affinity selects on. */
export const OBJECT_NAME_FIELD = "metadata.name";

/**
 * daemonset_util.go `AddOrUpdateDaemonPodTolerations`: every daemon pod tolerates not-ready and
 * unreachable NoExecute forever (the node lifecycle controller never evicts it), and the
 * TaintNodesByCondition NoSchedule taints disk-, memory- and pid-pressure and unschedulable; a
 * hostNetwork pod also tolerates network-unavailable. All with operator Exists.
 */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  const add = (key: string, effect: "NoSchedule" | "NoExecute"): void => addOrUpdateToleration(out, { key, operator: "Exists", effect });
  add(TAINT_NODE_NOT_READY, "NoExecute");
  add(TAINT_NODE_UNREACHABLE, "NoExecute");
  add(TAINT_NODE_DISK_PRESSURE, "NoSchedule");
  add(TAINT_NODE_MEMORY_PRESSURE, "NoSchedule");
  add(TAINT_NODE_PID_PRESSURE, "NoSchedule");
  add(TAINT_NODE_UNSCHEDULABLE, "NoSchedule");
  if (spec.hostNetwork) add(TAINT_NODE_NETWORK_UNAVAILABLE, "NoSchedule");
  return out;
}

/**
 * pkg/apis/core/v1/helper `AddOrUpdateTolerationInPodSpec`: a toleration with the same key,
 * operator, value and effect (`MatchToleration`) is replaced (dropping e.g. its
 * `tolerationSeconds`); otherwise the new one is appended.
 */
function addOrUpdateToleration(list: Toleration[], t: Toleration): void {
  const same = (o: Toleration): boolean => (o.key ?? "") === t.key && (o.operator || "Equal") === t.operator && (o.value ?? "") === "" && (o.effect ?? "") === t.effect;
  const i = list.findIndex(same);
  if (i >= 0) list[i] = t;
  else list.push(t);
}

/**
 * daemonset_util.go `ReplaceDaemonSetPodNodeNameNodeAffinity`: the template's affinity with its
 * required node affinity replaced by one term `metadata.name In [node]` (the controller has
 * already checked the template's own terms against the node).
 */
export function nodeNameAffinity(affinity: Affinity | undefined, node: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: OBJECT_NAME_FIELD, operator: "In", values: [node] }] }] };
  return { ...affinity, nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } } as Affinity;
}

/** What `NodeShouldRunDaemonPod` returns: run a pod there; keep one that already runs there. */
export const SHOULD_RUN = 1;
export const SHOULD_CONTINUE_RUNNING = 2;

/**
 * `NodeShouldRunDaemonPod(node, ds)` → SHOULD_RUN | SHOULD_CONTINUE_RUNNING bits.
 * `spec` is the template's spec, `tolerations` its tolerations with the daemon ones added.
 * - `spec.nodeName` set to another node, or the required node affinity (nodeSelector and
 *   required terms, `nodeaffinity.GetRequiredNodeAffinity`) not matching: neither.
 * - a NoSchedule or NoExecute taint not tolerated: no new pod; a running one stays unless an
 *   untolerated taint is NoExecute.
 * Note that a cordoned node (`spec.unschedulable`) is not excluded: the unschedulable taint is
 * tolerated, and the scheduler's NodeUnschedulable filter honours that toleration.
 */
export function nodeShouldRunDaemonPod(node: Node, spec: PodSpec, tolerations: readonly Toleration[]): number {
  const name = node.metadata!.name!;
  if (spec.nodeName && spec.nodeName !== name) return 0;
  if (!requiredNodeAffinityMatches(node, spec)) return 0;
  let noSchedule = false;
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (tolerations.some((t) => toleratesTaint(t, taint))) continue;
    if (taint.effect === "NoExecute") return 0;
    noSchedule = true;
  }
  return noSchedule ? SHOULD_CONTINUE_RUNNING : SHOULD_RUN | SHOULD_CONTINUE_RUNNING;
}

/** staging/src/k8s.io/api/core/v1/toleration.go `ToleratesTaint`. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  if (!t.operator || t.operator === "Equal") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

/** component-helpers nodeaffinity `GetRequiredNodeAffinity(pod).Match(node)`. */
export function requiredNodeAffinityMatches(node: Node, spec: PodSpec): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((term) => termMatches(node, term));
}

/** Terms are ORed, requirements ANDed; a term without requirements matches nothing. */
function termMatches(node: Node, term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length + fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) if (!requirementMatches(r, labels[r.key])) return false;
  for (const r of fields) {
    if (r.key !== OBJECT_NAME_FIELD || (r.operator !== "In" && r.operator !== "NotIn")) return false;
    if (!requirementMatches(r, node.metadata!.name!)) return false;
  }
  return true;
}

function requirementMatches(r: NodeSelectorRequirement, v: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return v !== undefined && values.includes(v);
    case "NotIn":
      return v === undefined || !values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
    case "Gt":
    case "Lt": {
      if (v === undefined || values.length !== 1 || !/^[+-]?[0-9]+$/.test(v) || !/^[+-]?[0-9]+$/.test(values[0]!)) return false;
      return r.operator === "Gt" ? Number(v) > Number(values[0]) : Number(v) < Number(values[0]);
    }
    default:
      return false;
  }
}
