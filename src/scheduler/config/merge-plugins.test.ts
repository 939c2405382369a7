import { describe, expect, test } from "vitest";
import { ConfigReader, unpositioned } from "./config-reader.js";
import { mergePluginSet, type PluginsInput, resolvePlugins } from "./merge-plugins.js";
import { DEFAULT_MULTI_POINT } from "./plugin-registry.js";

function resolve(input: PluginsInput) {
  const r = new ConfigReader(unpositioned({}));
  const plugins = resolvePlugins(r, ["plugins"], DEFAULT_MULTI_POINT, input);
  return { ...plugins, errors: r.errors.map((e) => [e.code, e.path]) };
}

describe("default plugin set after multiPoint expansion", () => {
  // pkg/scheduler/apis/config/testing/defaults/defaults.go ExpandedPluginsV1, without the
  // removed in-tree volume limit plugins (EBSLimits, GCEPDLimits, AzureDiskLimits).
  test("every extension point", () => {
    const { points, scoreWeights, errors } = resolve({});
    expect(errors).toEqual([]);
    expect(points.preEnqueue).toEqual(["SchedulingGates"]);
    expect(points.queueSort).toEqual(["PrioritySort"]);
    expect(points.preFilter).toEqual([
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "VolumeRestrictions",
      "NodeVolumeLimits",
      "VolumeBinding",
      "VolumeZone",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
    expect(points.filter).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "VolumeRestrictions",
      "NodeVolumeLimits",
      "VolumeBinding",
      "VolumeZone",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
    expect(points.postFilter).toEqual(["DefaultPreemption"]);
    expect(points.preScore).toEqual([
      "TaintToleration",
      "NodeAffinity",
      "NodeResourcesFit",
      "VolumeBinding",
      "PodTopologySpread",
      "InterPodAffinity",
      "NodeResourcesBalancedAllocation",
    ]);
    expect(points.score.map((n) => [n, scoreWeights.get(n)])).toEqual([
      ["TaintToleration", 3],
      ["NodeAffinity", 2],
      ["NodeResourcesFit", 1],
      ["VolumeBinding", 1],
      ["PodTopologySpread", 2],
      ["InterPodAffinity", 2],
      ["NodeResourcesBalancedAllocation", 1],
      ["ImageLocality", 1],
    ]);
    expect(points.reserve).toEqual(["VolumeBinding"]);
    expect(points.preBind).toEqual(["VolumeBinding"]);
    expect(points.bind).toEqual(["DefaultBinder"]);
    expect(points.permit).toEqual([]);
    expect(points.postBind).toEqual([]);
  });
});

describe("mergePluginSet", () => {
  const defaults = [{ name: "A", weight: 1 }, { name: "B" }, { name: "C", weight: 2 }];

  test("disabled removes, enabled replaces in place or appends", () => {
    const merged = mergePluginSet(defaults, {
      enabled: [{ name: "D" }, { name: "C", weight: 9 }],
      disabled: [{ name: "B" }],
    });
    expect(merged.enabled).toEqual([{ name: "A", weight: 1 }, { name: "C", weight: 9 }, { name: "D" }]);
    expect([...merged.disabled]).toEqual(["B"]);
  });

  test('"*" drops every default; enabled plugins remain in their order', () => {
    const merged = mergePluginSet(defaults, { enabled: [{ name: "C" }, { name: "A" }], disabled: [{ name: "*" }] });
    expect(merged.enabled.map((p) => p.name)).toEqual(["C", "A"]);
  });
});

describe("expansion rules", () => {
  test("a plugin disabled at one point stays at the others", () => {
    const { points } = resolve({ score: { enabled: [], disabled: [{ name: "NodeResourcesFit" }] } });
    expect(points.score).not.toContain("NodeResourcesFit");
    expect(points.filter).toContain("NodeResourcesFit");
    expect(points.preScore).toContain("NodeResourcesFit");
  });

  test("a plugin enabled explicitly at a point moves to the front of that point (override)", () => {
    const { points, scoreWeights } = resolve({ score: { enabled: [{ name: "ImageLocality", weight: 4 }], disabled: [] } });
    expect(points.score[0]).toBe("ImageLocality");
    expect(scoreWeights.get("ImageLocality")).toBe(4);
    expect(points.score.length).toBe(8);
  });

  test('"*" at a point skips the multiPoint expansion there', () => {
    const { points, scoreWeights } = resolve({
      score: { enabled: [{ name: "NodeResourcesFit", weight: 5 }, { name: "ImageLocality" }], disabled: [{ name: "*" }] },
    });
    expect(points.score).toEqual(["NodeResourcesFit", "ImageLocality"]);
    expect([...scoreWeights]).toEqual([
      ["NodeResourcesFit", 5],
      ["ImageLocality", 1],
    ]);
    expect(points.filter.length).toBe(12);
  });

  test("the explicit score entry's weight wins over multiPoint's, and 0 means 1", () => {
    const { scoreWeights } = resolve({
      multiPoint: { enabled: [{ name: "TaintToleration", weight: 0 }, { name: "NodeAffinity", weight: 7 }], disabled: [] },
      score: { enabled: [{ name: "NodeAffinity" }], disabled: [] },
    });
    expect(scoreWeights.get("TaintToleration")).toBe(1);
    // NodeAffinity's first entry is score.enabled, without weight: 1, not multiPoint's 7.
    expect(scoreWeights.get("NodeAffinity")).toBe(1);
  });

  test("a plugin at a point it does not implement, and a double registration, are errors", () => {
    const { errors } = resolve({
      filter: { enabled: [{ name: "ImageLocality", path: ["plugins", "filter", "enabled", 0] }], disabled: [] },
      score: {
        enabled: [
          { name: "ImageLocality", path: ["plugins", "score", "enabled", 0] },
          { name: "ImageLocality", path: ["plugins", "score", "enabled", 1] },
        ],
        disabled: [],
      },
    });
    expect(errors).toEqual([
      ["INVALID_VALUE", "plugins.filter.enabled[0]"],
      ["INVALID_VALUE", "plugins.score.enabled[1]"],
    ]);
  });
});
