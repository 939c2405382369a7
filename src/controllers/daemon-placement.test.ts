import { describe, expect, test } from "vitest";
import type { Node, PodSpec, Taint } from "../cluster/k8s-types.js";
import { daemonPodTolerations, nodeNameAffinity, nodeShouldRunDaemonPod, SHOULD_CONTINUE_RUNNING, SHOULD_RUN } from "./daemon-placement.js";

const node = (taints: Taint[] = [], labels: Record<string, string> = { zone: "a" }): Node => ({ metadata: { name: "n1", labels }, spec: { taints } });
const BOTH = SHOULD_RUN | SHOULD_CONTINUE_RUNNING;

describe("NodeShouldRunDaemonPod", () => {
  const plain: PodSpec = { containers: [] };
  // daemon_controller.go predicates: untolerated NoSchedule → (false, true); untolerated NoExecute → (false, false).
  test.each([
    ["no taints", [], BOTH],
    ["an untolerated NoSchedule taint", [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }], SHOULD_CONTINUE_RUNNING],
    ["an untolerated NoExecute taint", [{ key: "dedicated", value: "gpu", effect: "NoExecute" }], 0],
    ["a PreferNoSchedule taint (ignored)", [{ key: "dedicated", value: "gpu", effect: "PreferNoSchedule" }], BOTH],
    ["the unschedulable taint (always tolerated)", [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }], BOTH],
    ["the unreachable NoExecute taint (always tolerated)", [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }], BOTH],
    ["network-unavailable without hostNetwork", [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }], SHOULD_CONTINUE_RUNNING],
  ])("%s", (_, taints, want) => expect(nodeShouldRunDaemonPod(node(taints as Taint[]), plain, daemonPodTolerations(plain))).toBe(want));

  test("hostNetwork pods also tolerate network-unavailable", () => {
    const spec: PodSpec = { containers: [], hostNetwork: true };
    expect(nodeShouldRunDaemonPod(node([{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }]), spec, daemonPodTolerations(spec))).toBe(BOTH);
  });

  test.each([
    ["a matching toleration", [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }], BOTH],
    ["another value", [{ key: "dedicated", operator: "Equal", value: "cpu", effect: "NoSchedule" }], SHOULD_CONTINUE_RUNNING],
    ["Exists on the key", [{ key: "dedicated", operator: "Exists" }], BOTH],
    ["Exists with no key (tolerates everything)", [{ operator: "Exists" }], BOTH],
  ])("a NoSchedule taint and %s", (_, tolerations, want) => {
    const spec = { containers: [], tolerations } as PodSpec;
    expect(nodeShouldRunDaemonPod(node([{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]), spec, daemonPodTolerations(spec))).toBe(want);
  });

  test.each([
    ["nodeSelector matching", { nodeSelector: { zone: "a" } }, BOTH],
    ["nodeSelector not matching", { nodeSelector: { zone: "b" } }, 0],
    ["required affinity In", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }] } } } }, BOTH],
    ["required affinity NotIn", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }] } } } }, 0],
    ["an empty term matches nothing", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } }, 0],
    ["matchFields on the node name", { affinity: nodeNameAffinity(undefined, "n1") }, BOTH],
    ["matchFields on another node", { affinity: nodeNameAffinity(undefined, "n2") }, 0],
    ["spec.nodeName elsewhere", { nodeName: "n2" }, 0],
  ])("%s", (_, over, want) => {
    const spec = { containers: [], ...over } as PodSpec;
    expect(nodeShouldRunDaemonPod(node(), spec, daemonPodTolerations(spec))).toBe(want);
  });
});

test("the daemon tolerations replace an equal one and keep the user's others", () => {
  const spec = { containers: [], tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 5 }, { key: "x", operator: "Exists" }] } as PodSpec;
  const t = daemonPodTolerations(spec);
  expect(t).toHaveLength(7);
  expect(t[0]).toEqual({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" });
  expect(t[1]).toEqual({ key: "x", operator: "Exists" });
  expect(spec.tolerations).toHaveLength(2); // the template is not mutated
});

test("the node-name affinity replaces only the required node affinity", () => {
  const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } }];
  const a = nodeNameAffinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "Exists" }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred } } as never, "n7");
  expect(a.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n7"] }] }]);
  expect(a.nodeAffinity!.preferredDuringSchedulingIgnoredDuringExecution).toBe(preferred);
});
