/**
 * A small built-in table of common cloud instance shapes, so a node pool can say
 * `instanceType: m6i.xlarge` instead of spelling out its allocatable resources.
 *
 * Capacity is the nominal shape (vCPU, GiB). Allocatable is what the kubelet reports after the
 * provider's published reservations, as the kubelet computes it
 * (pkg/kubelet/cm/node_container_manager_linux.go: allocatable = capacity − kube-reserved −
 * system-reserved − hard eviction threshold):
 *
 * - CPU reserved (EKS and GKE use the same table): 6 % of the first core, 1 % of the second,
 *   0.5 % of cores 3–4, 0.25 % of every core above 4 (rounded up to a millicore).
 *   AKS publishes its own table by core count (60m at 1 core ... 740m at 64).
 * - Memory reserved:
 *   - EKS (awslabs/amazon-eks-ami bootstrap `get_memory_mebibytes_to_reserve`): 255 MiB + 11 MiB × max pods;
 *   - GKE (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes): 25 % of the first
 *     4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112, 2 % above 128 GiB;
 *   - AKS ≥ 1.29 (learn.microsoft.com/azure/aks/node-resource-reservations): 20 MB × max pods + 50 MB,
 *     taken here as MiB;
 *   plus, everywhere, the kubelet's hard eviction threshold `memory.available<100Mi`
 *   (pkg/kubelet/apis/config/v1beta1/defaults_linux.go: DefaultEvictionHard).
 * - Ephemeral storage: a 100 GiB root volume less the `nodefs.available<10%` eviction threshold.
 * - Max pods: EKS with the VPC CNI, ENIs × (IPv4 addresses per ENI − 1) + 2 (amazon-eks-ami
 *   eni-max-pods.txt); GKE Standard 110; AKS 110 (kubenet; Azure CNI Overlay allows 250).
 *
 * Prices are on-demand Linux list prices per hour in us-east-1 / us-central1 / eastus as
 * published in January 2025. They are defaults only: set `pricePerHour` for your discount.
 */

export type CloudProvider = "aws" | "gcp" | "azure";

export interface InstanceType {
  readonly provider: CloudProvider;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly maxPods: number;
  readonly pricePerHour: number;
  /** `kubernetes.io/arch` label value. */
  readonly arch: "amd64" | "arm64";
}

/** The root volume assumed for ephemeral storage, in bytes. */
export const ROOT_VOLUME_BYTES = 100 * 1024 ** 3;

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** pkg/kubelet/apis/config/v1beta1/defaults_linux.go: DefaultEvictionHard memory.available<100Mi. */
const EVICTION_HARD_MEMORY_BYTES = 100 * MIB;
/** Same source: nodefs.available<10%. */
const EVICTION_HARD_NODEFS_PERCENT = 10;

export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = {
  // AWS (general purpose m6i/m7g, compute c6i, memory r6i, burstable t3)
  "t3.medium": { provider: "aws", vcpu: 2, memoryGiB: 4, maxPods: 17, pricePerHour: 0.0416, arch: "amd64" },
  "m6i.large": { provider: "aws", vcpu: 2, memoryGiB: 8, maxPods: 29, pricePerHour: 0.096, arch: "amd64" },
  "m6i.xlarge": { provider: "aws", vcpu: 4, memoryGiB: 16, maxPods: 58, pricePerHour: 0.192, arch: "amd64" },
  "m6i.2xlarge": { provider: "aws", vcpu: 8, memoryGiB: 32, maxPods: 58, pricePerHour: 0.384, arch: "amd64" },
  "m6i.4xlarge": { provider: "aws", vcpu: 16, memoryGiB: 64, maxPods: 234, pricePerHour: 0.768, arch: "amd64" },
  "c6i.xlarge": { provider: "aws", vcpu: 4, memoryGiB: 8, maxPods: 58, pricePerHour: 0.17, arch: "amd64" },
  "c6i.2xlarge": { provider: "aws", vcpu: 8, memoryGiB: 16, maxPods: 58, pricePerHour: 0.34, arch: "amd64" },
  "r6i.xlarge": { provider: "aws", vcpu: 4, memoryGiB: 32, maxPods: 58, pricePerHour: 0.252, arch: "amd64" },
  "m7g.xlarge": { provider: "aws", vcpu: 4, memoryGiB: 16, maxPods: 58, pricePerHour: 0.1632, arch: "arm64" },
  // GCP
  "e2-standard-2": { provider: "gcp", vcpu: 2, memoryGiB: 8, maxPods: 110, pricePerHour: 0.067006, arch: "amd64" },
  "e2-standard-4": { provider: "gcp", vcpu: 4, memoryGiB: 16, maxPods: 110, pricePerHour: 0.134012, arch: "amd64" },
  "e2-standard-8": { provider: "gcp", vcpu: 8, memoryGiB: 32, maxPods: 110, pricePerHour: 0.268024, arch: "amd64" },
  "n2-standard-4": { provider: "gcp", vcpu: 4, memoryGiB: 16, maxPods: 110, pricePerHour: 0.194236, arch: "amd64" },
  "n2-standard-8": { provider: "gcp", vcpu: 8, memoryGiB: 32, maxPods: 110, pricePerHour: 0.388472, arch: "amd64" },
  "n2-standard-16": { provider: "gcp", vcpu: 16, memoryGiB: 64, maxPods: 110, pricePerHour: 0.776944, arch: "amd64" },
  // Azure
  Standard_D2s_v5: { provider: "azure", vcpu: 2, memoryGiB: 8, maxPods: 110, pricePerHour: 0.096, arch: "amd64" },
  Standard_D4s_v5: { provider: "azure", vcpu: 4, memoryGiB: 16, maxPods: 110, pricePerHour: 0.192, arch: "amd64" },
  Standard_D8s_v5: { provider: "azure", vcpu: 8, memoryGiB: 32, maxPods: 110, pricePerHour: 0.384, arch: "amd64" },
  Standard_E4s_v5: { provider: "azure", vcpu: 4, memoryGiB: 32, maxPods: 110, pricePerHour: 0.252, arch: "amd64" },
};

export const INSTANCE_TYPE_NAMES = Object.keys(INSTANCE_TYPES);

export function instanceType(name: string): InstanceType | undefined {
  return Object.prototype.hasOwnProperty.call(INSTANCE_TYPES, name) ? INSTANCE_TYPES[name] : undefined;
}

/** AKS CPU reservation by core count (learn.microsoft.com/azure/aks/node-resource-reservations). */
const AKS_CPU_RESERVED_MILLI: Readonly<Record<number, number>> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 64: 740 };

/** Millicores reserved for system daemons (see the module comment). */
export function reservedCpuMillicores(t: InstanceType): number {
  if (t.provider === "azure") {
    const r = AKS_CPU_RESERVED_MILLI[t.vcpu];
    if (r === undefined) throw new Error(`no AKS CPU reservation for ${t.vcpu} cores`);
    return r;
  }
  const cores = t.vcpu;
  const tenths =
    600 * Math.min(cores, 1) + // 6 % of the first core, in tenths of a millicore
    100 * clamp(cores - 1, 0, 1) +
    50 * clamp(cores - 2, 0, 2) +
    25 * Math.max(cores - 4, 0);
  return Math.ceil(tenths / 10);
}

/** Bytes reserved for system daemons, eviction threshold excluded (see the module comment). */
export function reservedMemoryBytes(t: InstanceType): number {
  switch (t.provider) {
    case "aws":
      return (255 + 11 * t.maxPods) * MIB;
    case "azure":
      return (50 + 20 * t.maxPods) * MIB;
    case "gcp": {
      const m = t.memoryGiB;
      // In percent-GiB, so the arithmetic stays in integers: 16 GiB → 100 + 80 + 80 = 260 → 2.6 GiB.
      const pctGiB = 25 * clamp(m, 0, 4) + 20 * clamp(m - 4, 0, 4) + 10 * clamp(m - 8, 0, 8) + 6 * clamp(m - 16, 0, 112) + 2 * Math.max(m - 128, 0);
      return Math.ceil((pctGiB * GIB) / 100);
    }
  }
}

export interface Allocatable {
  cpuMillicores: number;
  memoryBytes: number;
  pods: number;
  ephemeralStorageBytes: number;
}

/** What a node of this type reports as `status.allocatable`. */
export function allocatableOf(t: InstanceType): Allocatable {
  return {
    cpuMillicores: t.vcpu * 1000 - reservedCpuMillicores(t),
    memoryBytes: t.memoryGiB * GIB - reservedMemoryBytes(t) - EVICTION_HARD_MEMORY_BYTES,
    pods: t.maxPods,
    ephemeralStorageBytes: ROOT_VOLUME_BYTES - (ROOT_VOLUME_BYTES * EVICTION_HARD_NODEFS_PERCENT) / 100,
  };
}

/** What a node of this type reports as `status.capacity`. */
export function capacityOf(t: InstanceType): Allocatable {
  return { cpuMillicores: t.vcpu * 1000, memoryBytes: t.memoryGiB * GIB, pods: t.maxPods, ephemeralStorageBytes: ROOT_VOLUME_BYTES };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}
