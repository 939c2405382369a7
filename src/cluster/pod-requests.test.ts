import { describe, expect, test } from "vitest";
import type { PodSpec } from "./k8s-types.js";
import { computePodRequests, DEFAULT_MEMORY_REQUEST } from "./pod-requests.js";

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;
const c = (name: string, requests?: Record<string, string>, extra: object = {}) => ({ name, resources: requests ? { requests } : undefined, ...extra });

describe("computePodRequests (component-helpers resource/helpers.go PodRequests)", () => {
  test.each<[string, PodSpec, { cpu: number; memory: number; nonZeroCpu: number; nonZeroMemory: number }]>([
    [
      "app containers are summed; a missing memory request gets 200Mi only for scoring",
      { containers: [c("a", { cpu: "100m", memory: "1Gi" }), c("b", { cpu: "200m" })] },
      { cpu: 300, memory: Gi, nonZeroCpu: 300, nonZeroMemory: Gi + DEFAULT_MEMORY_REQUEST },
    ],
    [
      "a larger regular init container wins over the app sum",
      { containers: [c("a", { cpu: "100m", memory: "64Mi" })], initContainers: [c("i", { cpu: "500m", memory: "32Mi" })] },
      { cpu: 500, memory: 64 * Mi, nonZeroCpu: 500, nonZeroMemory: 64 * Mi },
    ],
    [
      // sidecar 100m runs alongside: total = app 200 + sidecar 100 = 300; the regular init
      // container after it needs 250 + 100 = 350 > 300.
      "a sidecar adds to the total and to every later init container",
      {
        containers: [c("a", { cpu: "200m", memory: "10Mi" })],
        initContainers: [c("s", { cpu: "100m", memory: "10Mi" }, { restartPolicy: "Always" }), c("i", { cpu: "250m", memory: "5Mi" })],
      },
      { cpu: 350, memory: 20 * Mi, nonZeroCpu: 350, nonZeroMemory: 20 * Mi },
    ],
    [
      "overhead is added",
      { containers: [c("a", { cpu: "100m", memory: "10Mi" })], overhead: { cpu: "50m", memory: "1Mi" } },
      { cpu: 150, memory: 11 * Mi, nonZeroCpu: 150, nonZeroMemory: 11 * Mi },
    ],
    [
      "pod-level requests replace the container sum for cpu (memory stays aggregated), then overhead",
      { containers: [c("a", { cpu: "300m", memory: "10Mi" })], resources: { requests: { cpu: "1" } }, overhead: { cpu: "50m" } },
      { cpu: 1050, memory: 10 * Mi, nonZeroCpu: 1050, nonZeroMemory: 10 * Mi },
    ],
    [
      "a declared 0 stays 0; only absent keys get the defaults",
      { containers: [c("a", { cpu: "0" })] },
      { cpu: 0, memory: 0, nonZeroCpu: 0, nonZeroMemory: DEFAULT_MEMORY_REQUEST },
    ],
    [
      "a container without requests scores as 100m / 200Mi",
      { containers: [c("a"), c("b")] },
      { cpu: 0, memory: 0, nonZeroCpu: 200, nonZeroMemory: 2 * DEFAULT_MEMORY_REQUEST },
    ],
    ["a pod with no containers requests nothing, even for scoring", { containers: [] }, { cpu: 0, memory: 0, nonZeroCpu: 0, nonZeroMemory: 0 }],
    [
      "limits stand in for absent requests (API defaulting)",
      { containers: [{ name: "a", resources: { limits: { cpu: "2", memory: "1Gi" } } }] },
      { cpu: 2000, memory: Gi, nonZeroCpu: 2000, nonZeroMemory: Gi },
    ],
  ])("%s", (_name, spec, want) => {
    const r = computePodRequests(spec);
    expect({ cpu: r.cpu, memory: r.memory, nonZeroCpu: r.nonZeroCpu, nonZeroMemory: r.nonZeroMemory }).toEqual(want);
  });

  test("extended resources are kept as scalars, summed like cpu", () => {
    const r = computePodRequests({ containers: [c("a", { "nvidia.com/gpu": "1" }), c("b", { "nvidia.com/gpu": "2", "hugepages-2Mi": "4Mi" })] });
    expect([...r.scalars]).toEqual([
      ["nvidia.com/gpu", 3],
      ["hugepages-2Mi", 4 * Mi],
    ]);
  });

  test("a malformed quantity reports its path", () => {
    const paths: string[] = [];
    expect(() =>
      computePodRequests({ containers: [c("a", { cpu: "lots" })] }, (path) => {
        paths.push(path);
        throw new Error("bad");
      }),
    ).toThrow();
    expect(paths).toEqual(["spec.containers[0].resources.requests.cpu"]);
  });
});
