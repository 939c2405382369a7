/**
 * The starter scenario `kubesim init` writes: a cluster sized for the workloads of the user's
 * own manifests, those manifests as `spec.workloads`, and the SIG-scalability SLOs, with the
 * editor modeline and comments that say how the size was chosen and what to run next.
 *
 * Sizing is a starting point, not an answer (that is `kubesim sweep --find-min`): enough nodes
 * of one instance type that the pods' requests fill at most `TARGET_FILL` of the cluster's
 * allocatable CPU, memory and pod slots, after every node's DaemonSet pods, and never fewer than
 * `MIN_NODES` (one per zone). The headroom leaves room for a rolling update's surge (25 % of a
 * Deployment by default) and for the loss of a node.
 *
 *   const d = workloadDemand(objects);
 *   const size = clusterSize(d, instanceType("m6i.xlarge")!);   // { count: 4, bound: "cpu", ... }
 */
import { computePodRequests } from "../cluster/pod-requests.js";
import type { PodSpec } from "../cluster/k8s-types.js";
import { allocatableOf, type Allocatable, type CloudProvider, type InstanceType } from "./instance-types.js";
import type { LoadedObject } from "./manifests.js";
import { plural } from "../report/plural.js";

/** Requests fill at most this share of the cluster's allocatable resources. */
export const TARGET_FILL = 0.7;
/** Nodes at least: one per zone of the starter's three. */
export const MIN_NODES = 3;

/** Three zones per provider, in the region the example scenarios use. */
export const STARTER_ZONES: Readonly<Record<CloudProvider, readonly string[]>> = {
  aws: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  gcp: ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
  azure: ["westeurope-1", "westeurope-2", "westeurope-3"],
};

/** CPU (millicores), memory (bytes) and pods. */
export interface Requests {
  cpu: number;
  memory: number;
  pods: number;
}

export interface WorkloadDemand {
  /** Every replicated pod at once: Deployments, ReplicaSets and StatefulSets at `spec.replicas`, Jobs at `spec.parallelism`, bare Pods. */
  total: Requests;
  /** What the DaemonSets put on every node. */
  perNode: Requests;
  /** The largest single pod's requests (by CPU, then memory), and whose. */
  largest: (Requests & { workload: string }) | null;
  /** Workloads counted (DaemonSets included). */
  workloads: number;
  daemonSets: number;
  /** Node objects among the manifests: the cluster is theirs, no pool is sized. */
  nodes: number;
}

const NO_REQUESTS: Requests = { cpu: 0, memory: 0, pods: 0 };

/** How many pods of the workload `o` run at once, and their spec; null for other kinds. */
function podsOf(o: LoadedObject): { replicas: number; spec: PodSpec } | null {
  const spec = (o.object as { spec?: Record<string, unknown> }).spec;
  if (spec === undefined || spec === null || typeof spec !== "object") return null;
  const template = (spec.template as { spec?: PodSpec } | undefined)?.spec;
  const count = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : 1);
  switch (o.kind) {
    case "Pod":
      return { replicas: 1, spec: spec as unknown as PodSpec };
    case "Deployment":
    case "ReplicaSet":
    case "StatefulSet":
      // apps/v1 defaults: replicas 1.
      return template ? { replicas: count(spec.replicas), spec: template } : null;
    case "Job":
      // batch/v1 defaults: parallelism 1; no more than completions run at once.
      return template ? { replicas: Math.min(count(spec.parallelism), count(spec.completions ?? spec.parallelism)), spec: template } : null;
    case "DaemonSet":
      return template ? { replicas: 1, spec: template } : null;
    default:
      return null;
  }
}

/** A pod's requests; zero when a quantity is malformed (loading the scenario reports it, with its position). */
function requestsOf(spec: PodSpec): Requests {
  try {
    const r = computePodRequests(spec);
    return { cpu: r.cpu, memory: r.memory, pods: 1 };
  } catch {
    return { cpu: 0, memory: 0, pods: 1 };
  }
}

/** What the manifests' workloads request (see WorkloadDemand). */
export function workloadDemand(objects: readonly LoadedObject[]): WorkloadDemand {
  const total = { ...NO_REQUESTS };
  const perNode = { ...NO_REQUESTS };
  let largest: WorkloadDemand["largest"] = null;
  let workloads = 0;
  let daemonSets = 0;
  let nodes = 0;
  for (const o of objects) {
    if (o.kind === "Node") nodes++;
    const pods = podsOf(o);
    if (pods === null) continue;
    workloads++;
    const r = requestsOf(pods.spec);
    const into = o.kind === "DaemonSet" ? perNode : total;
    if (o.kind === "DaemonSet") daemonSets++;
    into.cpu += pods.replicas * r.cpu;
    into.memory += pods.replicas * r.memory;
    into.pods += pods.replicas * r.pods;
    if (o.kind !== "DaemonSet" && pods.replicas > 0 && (largest === null || r.cpu > largest.cpu || (r.cpu === largest.cpu && r.memory > largest.memory))) {
      largest = { ...r, workload: `${o.kind}/${o.namespace === "" ? "default" : o.namespace}/${o.name}` };
    }
  }
  return { total, perNode, largest, workloads, daemonSets, nodes };
}

export interface ClusterSize {
  count: number;
  /** The resource that set the count (`min` when MIN_NODES did). */
  bound: "cpu" | "memory" | "pods" | "min";
  allocatable: Allocatable;
  /** Whether the largest pod fits on an empty node beside the DaemonSets. */
  largestFits: boolean;
}

/**
 * Nodes of type `t` for `d`: the smallest count at which requests fill at most TARGET_FILL of
 * each resource, after the DaemonSets; null when the DaemonSets alone take TARGET_FILL of a node.
 */
export function clusterSize(d: WorkloadDemand, t: InstanceType): ClusterSize | null {
  const a = allocatableOf(t);
  const room: Requests = {
    cpu: TARGET_FILL * a.cpuMillicores - d.perNode.cpu,
    memory: TARGET_FILL * a.memoryBytes - d.perNode.memory,
    pods: TARGET_FILL * a.pods - d.perNode.pods,
  };
  if (room.cpu <= 0 || room.memory <= 0 || room.pods <= 0) return null;
  let count = MIN_NODES;
  let bound: ClusterSize["bound"] = "min";
  for (const k of ["cpu", "memory", "pods"] as const) {
    const n = Math.ceil(d.total[k] / room[k]);
    if (n > count) {
      count = n;
      bound = k;
    }
  }
  const l = d.largest;
  const largestFits = l === null || (l.cpu + d.perNode.cpu <= a.cpuMillicores && l.memory + d.perNode.memory <= a.memoryBytes && 1 + d.perNode.pods <= a.pods);
  return { count, bound, allocatable: a, largestFits };
}

/** `1.3 CPU`, `2.5 GiB`: the sizes in the starter's comments. */
export function formatRequests(r: Requests): string {
  return `${(r.cpu / 1000).toFixed(1)} CPU, ${(r.memory / 1024 ** 3).toFixed(1)} GiB, ${plural(r.pods, "pod")}`;
}

export interface StarterOptions {
  /** `metadata.name`. */
  name: string;
  /** The file being written, as the user named it (for the commands in the comments). */
  file: string;
  /** The modeline's schema path, relative to the scenario's folder. */
  schemaPath: string;
  /** The command line that wrote it, for the first comment. */
  command: string;
  /** Manifest files relative to the scenario's folder; empty: an inline example Deployment. */
  manifests: readonly string[];
  instanceTypeName: string;
  instanceType: InstanceType;
  demand: WorkloadDemand;
  /** null when the manifests bring their own Nodes. */
  size: ClusterSize | null;
}

const INLINE_EXAMPLE = `    # Your own manifests instead: - manifests: [k8s/app.yaml, k8s/db.yaml]
    - object:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  resources:
                    requests: {cpu: 250m, memory: 256Mi}
                    limits: {memory: 256Mi}
`;

/** Comment lines of at most COMMENT_WIDTH characters. */
function wrapComment(text: string): string[] {
  const out: string[] = [];
  let line = "#";
  for (const word of text.split(" ")) {
    if (line.length > 1 && line.length + 1 + word.length > COMMENT_WIDTH) {
      out.push(line);
      line = "#";
    }
    line += " " + word;
  }
  out.push(line);
  return out;
}

const COMMENT_WIDTH = 96;

/** A YAML flow sequence of plain or quoted strings. */
function flowList(items: readonly string[]): string {
  return `[${items.map((s) => (/^[A-Za-z0-9_./-]+$/.test(s) ? s : JSON.stringify(s))).join(", ")}]`;
}

/** The scenario file's text (see the module comment). */
export function starterScenarioText(o: StarterOptions): string {
  const d = o.demand;
  const prose: string[] = [`Written by \`${o.command}\`.`];
  const fileCount = plural(o.manifests.length, "manifest file");
  if (o.manifests.length === 0) prose.push("One example Deployment stands in for your workloads: put your manifests under spec.workloads.");
  else prose.push(`The ${plural(d.workloads - d.daemonSets, "workload")} of ${fileCount} request ${formatRequests(d.total)} in all.`);
  if (d.daemonSets > 0) prose.push(`${plural(d.daemonSets, "DaemonSet")} request${d.daemonSets === 1 ? "s" : ""} ${formatRequests(d.perNode)} on every node.`);
  const s = o.size;
  const sweep: string[] = [];
  if (s === null) prose.push("The manifests bring their own Node objects: the cluster is theirs.");
  else {
    const a = s.allocatable;
    const why = s.bound === "min" ? `the minimum of ${MIN_NODES}, one per zone` : `${s.bound} set the count`;
    prose.push(
      `${s.count} × ${o.instanceTypeName} (${formatRequests({ cpu: a.cpuMillicores, memory: a.memoryBytes, pods: a.pods })} allocatable each) keep the requests within ${Math.round(TARGET_FILL * 100)} % of the cluster (${why}): room for a rolling update's surge and a lost node.`,
      "A starting point, not an answer; the smallest cluster that meets the SLOs below:",
    );
    sweep.push("#", `#   kubesim sweep ${o.file} --find-min 'spec.cluster.nodePools[0].count=1..${Math.max(2 * s.count, 4)}' --replications 3`);
  }
  const lines = [`# yaml-language-server: $schema=${o.schemaPath}`, "#", ...wrapComment(prose.join(" ")), ...sweep];
  lines.push("#", "# Run it, then see where every pod went (docs/scenarios.md has every field):", "#", `#   kubesim run ${o.file}`, `#   kubesim get pods results/${o.name}/<run-id> -o wide`);
  lines.push("apiVersion: kubesim.io/v1alpha1", "kind: Scenario", `metadata: {name: ${o.name}}`, "spec:", "  seed: 1", "  duration: 30m");
  if (s !== null) {
    lines.push(
      "  cluster:",
      "    nodePools:",
      "      - name: general",
      `        count: ${s.count}`,
      `        instanceType: ${o.instanceTypeName}`,
      `        zones: ${flowList(STARTER_ZONES[o.instanceType.provider])}`,
    );
  }
  lines.push("  workloads:");
  if (o.manifests.length === 0) lines.push(INLINE_EXAMPLE.trimEnd());
  else if (o.manifests.length === 1) lines.push(`    - manifests: ${flowList(o.manifests)}`);
  else lines.push("    - manifests:", ...o.manifests.map((m) => `        - ${flowList([m]).slice(1, -1)}`));
  if (s !== null) lines.push("  # What happens over time, for example:", "  # timeline:", "  #   - {at: 10m, action: failNode, node: general-0}");
  lines.push(
    "  slos:",
    "    - preset: kubernetes-scalability            # pod startup p99 <= 5s (image pulls excluded)",
    "    - {metric: pendingPods, stat: max, max: 0, for: 2m}",
  );
  return lines.join("\n") + "\n";
}
