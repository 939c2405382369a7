import { describe, expect, test } from "vitest";
import type { SchedulerProfile } from "../profile.js";
import { parseConfigText } from "./config-yaml.js";
import { loadSchedulerConfiguration } from "./scheduler-config.js";
import { inputErrorOf } from "../../../test/fixtures/input-error-of.js";

/** A one-profile configuration whose `pluginConfig` is `entries` (lines indented under it). */
function config(...entries: string[]): string {
  return [
    "apiVersion: kubescheduler.config.k8s.io/v1", // line 1
    "kind: KubeSchedulerConfiguration", // line 2
    "profiles:", // line 3
    "- pluginConfig:", // line 4
    ...entries.map((l) => `  ${l}`), // line 5 onwards
  ].join("\n");
}

function args(...entries: string[]): SchedulerProfile["pluginConfig"] {
  return loadSchedulerConfiguration(parseConfigText(config(...entries), "c.yaml")).profiles[0]!.pluginConfig;
}

function errorsOf(...entries: string[]): [string, string, number][] {
  return inputErrorOf(() => loadSchedulerConfiguration(parseConfigText(config(...entries), "c.yaml"))).details.map((d) => [d.code, d.path, d.line]);
}

const P = "profiles[0].pluginConfig";

describe("NodeResourcesFit", () => {
  test("MostAllocated with weighted resources; weight 0 or unset defaults to 1", () => {
    const fit = args(
      "- name: NodeResourcesFit",
      "  args:",
      "    kind: NodeResourcesFitArgs",
      "    ignoredResources: [example.com/foo]",
      "    ignoredResourceGroups: [example.com]",
      "    scoringStrategy:",
      "      type: MostAllocated",
      "      resources:",
      "      - {name: cpu, weight: 3}",
      "      - {name: memory}",
      "      - {name: nvidia.com/gpu, weight: 0}",
    ).NodeResourcesFit;
    expect(fit).toEqual({
      ignoredResources: ["example.com/foo"],
      ignoredResourceGroups: ["example.com"],
      scoringStrategy: {
        type: "MostAllocated",
        resources: [
          { name: "cpu", weight: 3 },
          { name: "memory", weight: 1 },
          { name: "nvidia.com/gpu", weight: 1 },
        ],
      },
    });
  });

  test("RequestedToCapacityRatio keeps its shape; resources default to cpu and memory", () => {
    const fit = args(
      "- name: NodeResourcesFit",
      "  args:",
      "    scoringStrategy:",
      "      type: RequestedToCapacityRatio",
      "      requestedToCapacityRatio:",
      "        shape:",
      "        - {utilization: 0, score: 10}",
      "        - {utilization: 100, score: 0}",
    ).NodeResourcesFit;
    expect(fit.scoringStrategy).toEqual({
      type: "RequestedToCapacityRatio",
      resources: [
        { name: "cpu", weight: 1 },
        { name: "memory", weight: 1 },
      ],
      requestedToCapacityRatio: {
        shape: [
          { utilization: 0, score: 10 },
          { utilization: 100, score: 0 },
        ],
      },
    });
  });

  test("bad strategy type, weights and shape points", () => {
    expect(errorsOf("- name: NodeResourcesFit", "  args:", "    scoringStrategy:", "      type: Balanced")).toEqual([
      ["INVALID_VALUE", `${P}[0].args.scoringStrategy.type`, 8],
    ]);
    expect(
      errorsOf(
        "- name: NodeResourcesFit",
        "  args:",
        "    scoringStrategy:",
        "      type: RequestedToCapacityRatio",
        "      resources: [{name: cpu, weight: 101}]",
        "      requestedToCapacityRatio:",
        "        shape:",
        "        - {utilization: 50, score: 11}",
        "        - {utilization: 50, score: 0}",
      ),
    ).toEqual([
      ["INVALID_VALUE", `${P}[0].args.scoringStrategy.resources[0].weight`, 9],
      ["INVALID_VALUE", `${P}[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization`, 13],
      ["INVALID_VALUE", `${P}[0].args.scoringStrategy.requestedToCapacityRatio.shape[0].score`, 12],
    ]);
  });

  test("a shape for another strategy, a missing shape, an unknown field", () => {
    expect(
      errorsOf(
        "- name: NodeResourcesFit",
        "  args:",
        "    scoringStrategy:",
        "      type: LeastAllocated",
        "      requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}]}",
        "      typo: 1",
      ),
    ).toEqual([
      ["UNKNOWN_FIELD", `${P}[0].args.scoringStrategy.typo`, 10],
      ["INVALID_VALUE", `${P}[0].args.scoringStrategy.requestedToCapacityRatio`, 9],
    ]);
    expect(errorsOf("- name: NodeResourcesFit", "  args:", "    scoringStrategy: {type: RequestedToCapacityRatio}")).toEqual([
      ["MISSING_FIELD", `${P}[0].args.scoringStrategy.requestedToCapacityRatio`, 7],
    ]);
  });

  test("ignored resource groups cannot contain '/'", () => {
    expect(errorsOf("- name: NodeResourcesFit", "  args:", "    ignoredResourceGroups: [example.com/gpu]")).toEqual([
      ["INVALID_VALUE", `${P}[0].args.ignoredResourceGroups[0]`, 7],
    ]);
  });
});

describe("NodeResourcesBalancedAllocation", () => {
  test("resources with weight 1", () => {
    const ba = args(
      "- name: NodeResourcesBalancedAllocation",
      "  args:",
      "    resources: [{name: cpu}, {name: memory}, {name: ephemeral-storage, weight: 1}]",
    ).NodeResourcesBalancedAllocation;
    expect(ba.resources.map((r) => `${r.name}:${r.weight}`)).toEqual(["cpu:1", "memory:1", "ephemeral-storage:1"]);
  });

  test("weights other than 1 and duplicates are rejected", () => {
    expect(
      errorsOf("- name: NodeResourcesBalancedAllocation", "  args:", "    resources: [{name: cpu, weight: 2}, {name: cpu}]"),
    ).toEqual([
      ["INVALID_VALUE", `${P}[0].args.resources[0].weight`, 7],
      ["INVALID_VALUE", `${P}[0].args.resources[1].name`, 7],
    ]);
  });
});

describe("NodeAffinity addedAffinity", () => {
  test("parsed as a core/v1 NodeAffinity", () => {
    const na = args(
      "- name: NodeAffinity",
      "  args:",
      "    addedAffinity:",
      "      requiredDuringSchedulingIgnoredDuringExecution:",
      "        nodeSelectorTerms:",
      "        - matchExpressions:",
      "          - {key: pool, operator: In, values: [batch]}",
      "      preferredDuringSchedulingIgnoredDuringExecution:",
      "      - weight: 5",
      "        preference:",
      "          matchExpressions: [{key: disk, operator: Exists}]",
    ).NodeAffinity;
    expect(na.addedAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["batch"] }] }],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 5, preference: { matchExpressions: [{ key: "disk", operator: "Exists" }] } },
      ],
    });
  });

  test("invalid operator, values and field selector", () => {
    expect(
      errorsOf(
        "- name: NodeAffinity",
        "  args:",
        "    addedAffinity:",
        "      requiredDuringSchedulingIgnoredDuringExecution:",
        "        nodeSelectorTerms:",
        "        - matchExpressions:",
        "          - {key: pool, operator: Equals, values: [a]}",
        "          - {key: size, operator: Gt, values: [big]}",
        "          matchFields:",
        "          - {key: metadata.uid, operator: In, values: [x]}",
      ),
    ).toEqual([
      ["INVALID_VALUE", `${P}[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator`, 11],
      ["INVALID_VALUE", `${P}[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values`, 12],
      ["INVALID_VALUE", `${P}[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key`, 14],
    ]);
  });
});

describe("PodTopologySpread", () => {
  test("List defaulting with explicit constraints", () => {
    const pts = args(
      "- name: PodTopologySpread",
      "  args:",
      "    defaultingType: List",
      "    defaultConstraints:",
      "    - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}",
    ).PodTopologySpread;
    expect(pts).toEqual({
      defaultingType: "List",
      defaultConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }],
    });
  });

  test("constraints need List, a positive maxSkew, no selector, no duplicates", () => {
    expect(
      errorsOf(
        "- name: PodTopologySpread",
        "  args:",
        "    defaultConstraints:",
        "    - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {}}",
        "    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}",
      ),
    ).toEqual([
      ["INVALID_VALUE", `${P}[0].args.defaultConstraints[0].maxSkew`, 8],
      ["INVALID_VALUE", `${P}[0].args.defaultConstraints[0].labelSelector`, 8],
      ["INVALID_VALUE", `${P}[0].args.defaultConstraints[1]`, 9],
      // No defaultingType: it defaults to System, which forbids constraints; the position
      // falls back to the args mapping.
      ["INVALID_VALUE", `${P}[0].args.defaultingType`, 7],
    ]);
  });
});

describe("InterPodAffinity and DefaultPreemption", () => {
  test("values are read", () => {
    const a = args(
      "- name: InterPodAffinity",
      "  args: {hardPodAffinityWeight: 5, ignorePreferredTermsOfExistingPods: true}",
      "- name: DefaultPreemption",
      "  args: {minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: 50}",
    );
    expect(a.InterPodAffinity).toEqual({ hardPodAffinityWeight: 5, ignorePreferredTermsOfExistingPods: true });
    expect(a.DefaultPreemption).toEqual({ minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: 50 });
  });

  test("hardPodAffinityWeight in [0, 100]; preemption minimums not both zero", () => {
    expect(
      errorsOf(
        "- name: InterPodAffinity",
        "  args: {hardPodAffinityWeight: 101}",
        "- name: DefaultPreemption",
        "  args: {minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}",
      ),
    ).toEqual([
      ["INVALID_VALUE", `${P}[0].args.hardPodAffinityWeight`, 6],
      ["INVALID_VALUE", `${P}[1].args.minCandidateNodesPercentage`, 8],
      ["INVALID_VALUE", `${P}[1].args.minCandidateNodesAbsolute`, 8],
    ]);
  });

  test("args of the wrong kind, and args for a plugin that takes none", () => {
    expect(
      errorsOf("- name: InterPodAffinity", "  args: {kind: DefaultPreemptionArgs}", "- name: PrioritySort", "  args: {foo: 1}"),
    ).toEqual([
      ["INVALID_VALUE", `${P}[0].args.kind`, 6],
      ["UNKNOWN_FIELD", `${P}[1].args.foo`, 8],
    ]);
  });
});
