/**
 * `spec.timeline[]` resolved into `TimelineAction`s: times in microseconds, targets parsed and
 * checked against what exists at that moment. Actions are returned sorted by time (stable: two
 * actions at the same instant keep their file order), the order the runtime schedules them in.
 *
 * What "exists" means, action by action, in time order:
 * - a workload target (`deployment/shop/web`) must be in `spec.workloads`, or in an `apply`
 *   earlier in the timeline (or at the same instant, earlier in the file);
 * - a node must be a pool node, a Node of `spec.cluster.nodes`, or one added by an earlier `addNodes`;
 * - a zone must be a zone of a pool or the `topology.kubernetes.io/zone` of a real node.
 */
import type { LoadedObject } from "./manifests.js";
import { poolNodeName, LABEL_ZONE } from "./node-pools.js";
import type { RawAction } from "./raw-scenario.js";
import { formatInputErrorDetail } from "../errors.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { NodePool, TimelineAction, WorkloadRef } from "./scenario-types.js";
import { didYouMean } from "./suggest.js";

type WorkloadKind = WorkloadRef["kind"];

/** kubectl's resource names for the workload kinds (singular, plural, short name, group-qualified). */
const KIND_NAMES: Readonly<Record<string, WorkloadKind>> = {};
for (const [kind, names] of [
  ["Deployment", ["deployment", "deployments", "deploy", "deployment.apps"]],
  ["StatefulSet", ["statefulset", "statefulsets", "sts", "statefulset.apps"]],
  ["DaemonSet", ["daemonset", "daemonsets", "ds", "daemonset.apps"]],
  ["ReplicaSet", ["replicaset", "replicasets", "rs", "replicaset.apps"]],
  ["Job", ["job", "jobs", "job.batch"]],
] as const) {
  for (const n of names) (KIND_NAMES as Record<string, WorkloadKind>)[n] = kind;
}

/** Kinds each workload action applies to: only these have replicas / a rolling pod template. */
const SCALABLE: readonly WorkloadKind[] = ["Deployment", "StatefulSet", "ReplicaSet"];
const ROLLABLE: readonly WorkloadKind[] = ["Deployment", "StatefulSet", "DaemonSet"];

/** `deployment/shop/web` → {Deployment, shop, web}; `deployment/web` is in namespace default. */
export function parseWorkloadRef(text: string): WorkloadRef | string {
  const parts = text.split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
    return `expected <kind>/<namespace>/<name> or <kind>/<name>, got ${JSON.stringify(text)}`;
  }
  const kind = KIND_NAMES[parts[0]!.toLowerCase()];
  if (kind === undefined) return `${JSON.stringify(parts[0])} is not a workload kind; use deployment, statefulset, daemonset, replicaset or job`;
  return parts.length === 3 ? { kind, namespace: parts[1]!, name: parts[2]! } : { kind, namespace: "default", name: parts[1]! };
}

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace === "" ? "default" : namespace}/${name}`;
}

export interface TimelineInputs {
  durationUs: number;
  pools: readonly NodePool[];
  /** Objects present at the start (workloads and real nodes). */
  objects: readonly LoadedObject[];
  /**
   * False when some manifest could not be loaded (already reported): references to workloads and
   * real nodes are then not checked, rather than reported as a cascade of unknown names.
   */
  objectsComplete: boolean;
  /** Reports a non-fatal finding (`file:line:column: path: message`). */
  warn?: (warning: string) => void;
  /** Loads the manifests of an `apply` action (paths as written, relative to the scenario). */
  loadApply(paths: readonly string[], actionIndex: number): LoadedObject[];
}

export function resolveTimeline(raw: readonly RawAction[], ck: ScenarioChecker, inputs: TimelineInputs): TimelineAction[] {
  const workloads = new Set<string>();
  const nodes = new Set<string>();
  const zones = new Set<string>();
  const addObjects = (objs: readonly LoadedObject[]) => {
    for (const o of objs) {
      workloads.add(refKey(o.kind, o.namespace, o.name));
      if (o.kind === "Node") {
        nodes.add(o.name);
        const z = o.object.metadata?.labels?.[LABEL_ZONE];
        if (z !== undefined) zones.add(z);
      }
    }
  };
  addObjects(inputs.objects);
  const poolSize = new Map<string, number>();
  for (const p of inputs.pools) {
    poolSize.set(p.name, p.count);
    for (const z of p.zones) zones.add(z);
  }
  // Pool nodes are recognised by name (<pool>-<index>), not listed: a pool may hold 100,000.
  const isNode = (name: string): boolean => {
    if (nodes.has(name)) return true;
    const m = /^(.+)-(0|[1-9][0-9]*)$/.exec(name);
    return m !== null && Number(m[2]) < (poolSize.get(m[1]!) ?? 0);
  };

  const timed = raw.map((a, index) => ({ a, index, at: ck.duration(["spec", "timeline", index, "at"], a.at, 0) }));
  timed.sort((x, y) => x.at - y.at); // Array.prototype.sort is stable

  const out: TimelineAction[] = [];
  for (const { a, index, at } of timed) {
    if (at >= inputs.durationUs) {
      // Still checked below, but never run: a shortened run (`--set spec.duration=10m`) of a
      // long scenario is legitimate, so this is a warning, not an error.
      const d = ck.detail(["spec", "timeline", index, "at"], "INVALID_VALUE", `${JSON.stringify(a.at)} is not before the end of the run (spec.duration): the ${a.action} action never happens`);
      inputs.warn?.(formatInputErrorDetail(d));
    }
    const path = ["spec", "timeline", index] as const;
    const source = ck.positionOf(path);
    const target = (allowed: readonly WorkloadKind[]): WorkloadRef => {
      const ref = parseWorkloadRef(a.target!);
      if (typeof ref === "string") {
        ck.fail([...path, "target"], "INVALID_VALUE", ref);
        return { kind: "Deployment", namespace: "default", name: "" };
      }
      if (!allowed.includes(ref.kind)) {
        ck.fail([...path, "target"], "INVALID_VALUE", `${a.action} applies to ${allowed.join(", ")}, not to a ${ref.kind}`);
      } else if (inputs.objectsComplete && !workloads.has(refKey(ref.kind, ref.namespace, ref.name))) {
        ck.fail([...path, "target"], "UNKNOWN_REFERENCE", `no ${ref.kind} ${ref.namespace}/${ref.name} in spec.workloads or an earlier apply`);
      }
      return ref;
    };
    const durationUs = () => ck.duration([...path, "duration"], a.duration, 0, 1);
    switch (a.action) {
      case "scale":
        out.push({ at, action: "scale", target: target(SCALABLE), replicas: a.replicas!, source });
        break;
      case "rollout": {
        const r: TimelineAction = { at, action: "rollout", target: target(ROLLABLE), source };
        if (a.image !== undefined) r.image = a.image;
        if (a.env !== undefined) r.env = { ...a.env };
        out.push(r);
        break;
      }
      case "probeFailure":
        out.push({ at, action: "probeFailure", target: target(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]), probe: a.probe!, durationUs: durationUs(), source });
        break;
      case "cordon":
      case "uncordon":
      case "drain":
      case "deleteNode":
      case "failNode":
      case "recoverNode":
        if (inputs.objectsComplete && !isNode(a.node!)) {
          const pools = [...poolSize].map(([p, n]) => `${poolNodeName(p, 0)} .. ${poolNodeName(p, n - 1)}`).join(", ");
          ck.fail([...path, "node"], "UNKNOWN_REFERENCE", `no node ${JSON.stringify(a.node)}${didYouMean(a.node!, nodes)}; pool nodes: ${pools || "none"}`);
        }
        out.push({ at, action: a.action, node: a.node!, source });
        break;
      case "failZone":
      case "recoverZone":
        if (inputs.objectsComplete && !zones.has(a.zone!)) ck.fail([...path, "zone"], "UNKNOWN_REFERENCE", `no node pool or node in zone ${JSON.stringify(a.zone)}${didYouMean(a.zone!, zones)}`);
        out.push({ at, action: a.action, zone: a.zone!, source });
        break;
      case "registryOutage":
        out.push({ at, action: "registryOutage", durationUs: durationUs(), registry: a.registry ?? null, source });
        break;
      case "apply": {
        const objects = inputs.loadApply(a.manifests!, index);
        addObjects(objects);
        out.push({ at, action: "apply", objects, source });
        break;
      }
      case "addNodes": {
        const size = poolSize.get(a.pool!);
        if (size === undefined) {
          ck.fail([...path, "pool"], "UNKNOWN_REFERENCE", `no node pool ${JSON.stringify(a.pool)}${didYouMean(a.pool!, poolSize.keys())}`);
        } else {
          poolSize.set(a.pool!, size + a.count!);
        }
        out.push({ at, action: "addNodes", pool: a.pool!, count: a.count!, source });
        break;
      }
      default:
        // The schema's enum admits only the actions above.
        throw new Error(`unhandled timeline action ${JSON.stringify(a.action)}`);
    }
  }
  return out.filter((a) => a.at < inputs.durationUs);
}
