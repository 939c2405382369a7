/**
 * Node pools: `spec.cluster.nodePools[]` resolved into `NodePool`s (allocatable in kubesim's
 * units, the labels every node of the pool carries, price), and the Node objects a pool stands
 * for (`buildPoolNodes`), which the runtime creates at the start and on `addNodes`.
 *
 * Nodes are named `<pool>-<index>` (0-based) and spread round-robin over the pool's zones. Labels
 * are those the kubelet sets on registration (pkg/kubelet/kubelet_node_status.go:
 * initialNode): `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`, and from the
 * cloud provider `node.kubernetes.io/instance-type`, `topology.kubernetes.io/zone` and `/region`;
 * the pool's own labels are added on top. The kubelet still sets the deprecated
 * `beta.kubernetes.io/os` and `beta.kubernetes.io/arch` copies (initialNode; their removal,
 * kubernetes#89477, was reverted by #96810), and manifests such as Sock Shop's select on them.
 */
import type { Node } from "../cluster/k8s-types.js";
import { labelValueError, qualifiedNameError } from "../scheduler/config/label-syntax.js";
import { DEFAULT_MAX_PODS } from "./scenario-defaults.js";
import { allocatableOf, instanceType, ROOT_VOLUME_BYTES } from "./instance-types.js";
import type { RawNodePool } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { NodePool } from "./scenario-types.js";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_OS = "kubernetes.io/os";
export const LABEL_ARCH = "kubernetes.io/arch";
/** pkg/kubelet/apis `LabelOS` / `LabelArch` (deprecated since v1.14, still set). */
export const LABEL_OS_BETA = "beta.kubernetes.io/os";
export const LABEL_ARCH_BETA = "beta.kubernetes.io/arch";
export const LABEL_INSTANCE_TYPE = "node.kubernetes.io/instance-type";
export const LABEL_ZONE = "topology.kubernetes.io/zone";
export const LABEL_REGION = "topology.kubernetes.io/region";

/** Allocatable keys with a field of their own in `NodePool`; any other key is a scalar resource. */
const NAMED_RESOURCES = new Set(["cpu", "memory", "pods", "ephemeral-storage"]);

/** Ephemeral storage of a pool given by `allocatable` without it: the same 100 GiB root volume less 10 %. */
const DEFAULT_EPHEMERAL_STORAGE_BYTES = ROOT_VOLUME_BYTES - ROOT_VOLUME_BYTES / 10;

/** The name of node `index` of a pool. */
export function poolNodeName(pool: string, index: number): string {
  return `${pool}-${index}`;
}

/**
 * The region of a zone, by the cloud naming conventions: AWS `eu-west-1a` → `eu-west-1`, GCP
 * `europe-west1-b` → `europe-west1`. Null when the zone follows neither (Azure zones are `1`, `2`, `3`).
 */
export function regionOfZone(zone: string): string | null {
  const aws = /^([a-z]{2}(-[a-z]+)+-[0-9]+)[a-z]$/.exec(zone);
  if (aws) return aws[1]!;
  const gcp = /^([a-z]+-[a-z]+[0-9]+)-[a-z]$/.exec(zone);
  if (gcp) return gcp[1]!;
  return null;
}

export function resolveNodePools(raw: readonly RawNodePool[], ck: ScenarioChecker, defaultImageSizeBytes: number): NodePool[] {
  const seen = new Set<string>();
  return raw.map((p, i) => {
    const at = ["spec", "cluster", "nodePools", i] as const;
    if (seen.has(p.name)) ck.fail([...at, "name"], "INVALID_VALUE", `node pool ${JSON.stringify(p.name)} is defined twice`);
    seen.add(p.name);

    const type = p.instanceType === undefined ? undefined : instanceType(p.instanceType);
    const base = type === undefined ? undefined : allocatableOf(type);
    const alloc = p.allocatable ?? {};
    if (base === undefined) {
      for (const r of ["cpu", "memory"]) {
        if (alloc[r] === undefined) {
          ck.fail([...at, p.allocatable === undefined ? "instanceType" : "allocatable"], "MISSING_FIELD", `a node pool needs instanceType, or allocatable with cpu and memory (${r} is missing)`, "key");
          break;
        }
      }
    }
    const q = (r: string, fallback: number) => ck.quantity([...at, "allocatable", r], alloc[r], r, fallback);
    const scalars: Record<string, number> = {};
    for (const r of Object.keys(alloc)) if (!NAMED_RESOURCES.has(r)) scalars[r] = q(r, 0);

    const arch = type?.arch ?? "amd64";
    const labels: Record<string, string> = { [LABEL_OS_BETA]: "linux", [LABEL_ARCH_BETA]: arch, [LABEL_OS]: "linux", [LABEL_ARCH]: arch };
    if (p.instanceType !== undefined) labels[LABEL_INSTANCE_TYPE] = p.instanceType;
    const zones = p.zones ?? [];
    const region = p.region ?? (zones.length > 0 ? regionOfZone(zones[0]!) : null);
    if (region !== null) labels[LABEL_REGION] = region;
    for (const [k, v] of Object.entries(p.labels ?? {})) {
      const keyError = qualifiedNameError(k);
      if (keyError !== "") ck.fail([...at, "labels", k], "INVALID_VALUE", `invalid label key: ${keyError}`, "key");
      const valueError = labelValueError(v);
      if (valueError !== "") ck.fail([...at, "labels", k], "INVALID_VALUE", `invalid label value: ${valueError}`);
      labels[k] = v;
    }
    for (const [j, z] of zones.entries()) {
      const e = labelValueError(z);
      if (e !== "") ck.fail([...at, "zones", j], "INVALID_VALUE", `a zone is a label value: ${e}`);
    }
    (p.taints ?? []).forEach((t, j) => {
      const e = qualifiedNameError(t.key);
      if (e !== "") ck.fail([...at, "taints", j, "key"], "INVALID_VALUE", `invalid taint key: ${e}`);
    });

    return {
      name: p.name,
      count: p.count,
      cpuMillicores: q("cpu", base?.cpuMillicores ?? 0),
      memoryBytes: q("memory", base?.memoryBytes ?? 0),
      pods: q("pods", base?.pods ?? DEFAULT_MAX_PODS),
      ephemeralStorageBytes: q("ephemeral-storage", base?.ephemeralStorageBytes ?? DEFAULT_EPHEMERAL_STORAGE_BYTES),
      scalars,
      instanceType: p.instanceType ?? null,
      labels,
      taints: (p.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? "", effect: t.effect })),
      zones,
      region,
      pricePerHour: p.pricePerHour ?? type?.pricePerHour ?? 0,
      images: (p.images ?? []).map((im, j) => ({
        name: im.name,
        sizeBytes: ck.quantity([...at, "images", j, "size"], im.size, "memory", defaultImageSizeBytes),
      })),
      source: ck.positionOf(at),
      ...(p.autoscaling ? { autoscaling: poolAutoscaling(p, ck, at) } : {}),
    };
  });
}

/** `autoscaling: {minCount, maxCount}`: min ≤ count ≤ max, as a cloud node group requires. */
function poolAutoscaling(p: RawNodePool, ck: ScenarioChecker, at: readonly (string | number)[]): { minCount: number; maxCount: number } {
  const a = p.autoscaling!;
  if (a.minCount > a.maxCount) ck.fail([...at, "autoscaling", "maxCount"], "INVALID_VALUE", `must be at least minCount (${a.minCount})`);
  else if (p.count < a.minCount || p.count > a.maxCount) ck.fail([...at, "count"], "INVALID_VALUE", `must lie within autoscaling.minCount..maxCount (${a.minCount}..${a.maxCount})`);
  return { minCount: a.minCount, maxCount: a.maxCount };
}

/**
 * The Node objects of nodes `from` .. `to - 1` of a pool, as the kubelet would register them:
 * Ready, with the pool's labels, taints, allocatable and pre-pulled images, plus the per-node
 * `kubernetes.io/hostname` and `topology.kubernetes.io/zone` (`zones[index mod zones.length]`).
 */
export function buildPoolNodes(pool: NodePool, from = 0, to = pool.count): Node[] {
  const allocatable: Record<string, string> = {
    cpu: `${pool.cpuMillicores}m`,
    memory: String(pool.memoryBytes),
    pods: String(pool.pods),
    "ephemeral-storage": String(pool.ephemeralStorageBytes),
  };
  for (const [r, v] of Object.entries(pool.scalars)) allocatable[r] = String(v);
  const images = pool.images.map((im) => ({ names: [im.name], sizeBytes: im.sizeBytes }));
  const nodes: Node[] = [];
  for (let i = from; i < to; i++) {
    const name = poolNodeName(pool.name, i);
    const labels: Record<string, string> = { ...pool.labels, [LABEL_HOSTNAME]: name };
    if (pool.zones.length > 0) labels[LABEL_ZONE] = pool.zones[i % pool.zones.length]!;
    nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels },
      spec: pool.taints.length > 0 ? { taints: pool.taints.map((t) => ({ ...t })) } : {},
      status: { allocatable: { ...allocatable }, images: images.map((im) => ({ names: [...im.names], sizeBytes: im.sizeBytes })), conditions: [{ type: "Ready", status: "True" }] },
    });
  }
  return nodes;
}
