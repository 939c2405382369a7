import { describe, expect, test } from "vitest";
import { allocatableOf, INSTANCE_TYPES, reservedCpuMillicores, reservedMemoryBytes, type InstanceType } from "./instance-types.js";

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const aws = (vcpu: number, memoryGiB: number, maxPods: number): InstanceType => ({ provider: "aws", vcpu, memoryGiB, maxPods, pricePerHour: 0, arch: "amd64" });

describe("CPU reservation (EKS/GKE table: 6 % of core 1, 1 % of core 2, 0.5 % of cores 3-4, 0.25 % above)", () => {
  test.each([
    [1, 60],
    [2, 60 + 10],
    [4, 60 + 10 + 5 + 5],
    [8, 80 + 4 * 2.5],
    [16, 80 + 12 * 2.5],
    [5, Math.ceil(80 + 2.5)], // a fraction of a millicore is rounded up
  ])("%i cores reserve %i millicores", (vcpu, reserved) => {
    expect(reservedCpuMillicores(aws(vcpu, 16, 58))).toBe(reserved);
  });

  test("AKS uses its own table", () => {
    expect(reservedCpuMillicores(INSTANCE_TYPES["Standard_D4s_v5"]!)).toBe(140);
  });
});

describe("allocatable = capacity - reserved - eviction threshold (memory.available<100Mi, nodefs 10 %)", () => {
  test("m6i.xlarge (EKS: 255 MiB + 11 MiB x 58 pods)", () => {
    expect(reservedMemoryBytes(INSTANCE_TYPES["m6i.xlarge"]!)).toBe(893 * MIB);
    expect(allocatableOf(INSTANCE_TYPES["m6i.xlarge"]!)).toEqual({
      cpuMillicores: 3920,
      memoryBytes: 16 * GIB - 893 * MIB - 100 * MIB, // 16138633216
      pods: 58,
      ephemeralStorageBytes: 90 * GIB,
    });
  });

  test("e2-standard-4 (GKE: 25 % of 4 GiB + 20 % of 4 GiB + 10 % of 8 GiB = 2.6 GiB)", () => {
    const a = allocatableOf(INSTANCE_TYPES["e2-standard-4"]!);
    // 2.6 GiB = 2791728742.4 bytes, rounded up.
    expect(a.memoryBytes).toBe(16 * GIB - 2_791_728_743 - 100 * MIB);
    expect(a.cpuMillicores).toBe(3920);
    expect(a.pods).toBe(110);
  });

  test("a 64 GiB GKE node reserves 6 % of the memory above 16 GiB", () => {
    // 1 + 0.8 + 0.8 + 0.06 x 48 = 5.48 GiB
    expect(reservedMemoryBytes({ ...INSTANCE_TYPES["n2-standard-16"]! })).toBe(Math.ceil(5.48 * GIB));
  });

  test("Standard_D4s_v5 (AKS: 20 MiB x 110 pods + 50 MiB)", () => {
    expect(allocatableOf(INSTANCE_TYPES["Standard_D4s_v5"]!).memoryBytes).toBe(16 * GIB - 2250 * MIB - 100 * MIB);
  });

  test("every listed type has positive allocatable below capacity", () => {
    for (const [name, t] of Object.entries(INSTANCE_TYPES)) {
      const a = allocatableOf(t);
      expect(a.cpuMillicores, name).toBeGreaterThan(0);
      expect(a.cpuMillicores, name).toBeLessThan(t.vcpu * 1000);
      expect(a.memoryBytes, name).toBeGreaterThan(0);
      expect(a.memoryBytes, name).toBeLessThan(t.memoryGiB * GIB);
    }
  });
});
