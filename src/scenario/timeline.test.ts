import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenario } from "./load-scenario.js";
import { parseWorkloadRef } from "./timeline.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";
import { inputErrorOf } from "../../test/fixtures/input-error-of.js";

describe("workload targets", () => {
  test.each([
    ["deployment/shop/web", { kind: "Deployment", namespace: "shop", name: "web" }],
    ["deploy/web", { kind: "Deployment", namespace: "default", name: "web" }],
    ["statefulsets/db/pg", { kind: "StatefulSet", namespace: "db", name: "pg" }],
    ["ds/kube-system/fluentd", { kind: "DaemonSet", namespace: "kube-system", name: "fluentd" }],
    ["rs/x", { kind: "ReplicaSet", namespace: "default", name: "x" }],
    ["job.batch/etl/nightly", { kind: "Job", namespace: "etl", name: "nightly" }],
    ["Deployment/web", { kind: "Deployment", namespace: "default", name: "web" }],
  ])("%s", (text, ref) => {
    expect(parseWorkloadRef(text)).toEqual(ref);
  });

  test.each(["web", "deployment/", "pod/web", "deployment/a/b/c", "deployment//web"])("%s is not a target", (text) => {
    expect(typeof parseWorkloadRef(text)).toBe("string");
  });
});

const dir = tempDir("kubesim-timeline-");
let n = 0;

/** A 1-hour scenario with one pool (p-0, p-1 in zones z1, z2), a Deployment web and a DaemonSet agent. */
function load(...actions: string[]): (warn?: (w: string) => void) => ReturnType<typeof loadScenario> {
  const file = join(dir, `t${n++}.yaml`);
  writeFileSync(
    file,
    [
      "apiVersion: kubesim.io/v1alpha1",
      "kind: Scenario",
      "metadata: {name: t}",
      "spec:",
      "  duration: 1h",
      "  cluster: {nodePools: [{name: p, count: 2, instanceType: e2-standard-4, zones: [z1, z2]}]}",
      "  workloads:",
      "    - object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 1}}",
      "    - object: {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent, namespace: ops}}",
      "  timeline:",
      ...actions.map((a) => `    - ${a}`),
    ].join("\n"),
  );
  return (warn) => loadScenario(file, { onWarning: warn });
}

function errorOf(fn: () => unknown): { code: string; path: string } {
  const e = inputErrorOf(fn);
  return { code: e.code, path: e.path };
}

describe("timeline references", () => {
  test("actions are sorted by time, ties in file order", () => {
    const s = load("{at: 2m, action: cordon, node: p-1}", "{at: 1m, action: uncordon, node: p-0}", "{at: 1m, action: drain, node: p-1}")();
    expect(s.timeline.map((a) => a.action)).toEqual(["uncordon", "drain", "cordon"]);
  });

  test.each([
    ["{at: 1m, action: scale, target: daemonset/ops/agent, replicas: 2}", "INVALID_VALUE", "spec.timeline[0].target"],
    ["{at: 1m, action: rollout, target: deployment/ops/web}", "UNKNOWN_REFERENCE", "spec.timeline[0].target"],
    ["{at: 1m, action: failZone, zone: z3}", "UNKNOWN_REFERENCE", "spec.timeline[0].zone"],
    ["{at: 1m, action: addNodes, pool: q, count: 1}", "UNKNOWN_REFERENCE", "spec.timeline[0].pool"],
    ["{at: 1m, action: addNodes, pool: p, count: 0}", "INVALID_VALUE", "spec.timeline[0].count"],
    ["{at: 1m, action: scale, target: deployment/web, replicas: 2000000}", "RESOURCE_EXHAUSTION", "spec.timeline[0].replicas"],
    ["{at: 1m, action: registryOutage, duration: 0s}", "INVALID_VALUE", "spec.timeline[0].duration"],
    ["{at: 1m, action: probeFailure, target: deployment/web, probe: liveliness, duration: 1m}", "INVALID_VALUE", "spec.timeline[0].probe"],
    ["{at: 1m, action: cordon, node: p-0, zone: z1}", "UNKNOWN_FIELD", "spec.timeline[0].zone"],
  ])("%s: %s at %s", (action, code, path) => {
    expect(errorOf(load(action))).toEqual({ code, path });
  });

  test("an action at or after the end is checked, reported as a warning with its position, and dropped", () => {
    const warnings: string[] = [];
    const s = load("{at: 1m, action: cordon, node: p-0}", "{at: 1h, action: cordon, node: p-1}")((w) => warnings.push(w));
    expect(s.timeline.map((a) => a.at)).toEqual([60e6]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/t\d+\.yaml:\d+:\d+: spec\.timeline\[1\]\.at: .*never happens/);
    expect(errorOf(load("{at: 2h, action: cordon, node: p-9}"))).toEqual({ code: "UNKNOWN_REFERENCE", path: "spec.timeline[0].node" });
  });

  test("a node added by addNodes exists only afterwards", () => {
    expect(load("{at: 1m, action: addNodes, pool: p, count: 1}", "{at: 2m, action: failNode, node: p-2}")().timeline).toHaveLength(2);
    expect(errorOf(load("{at: 2m, action: addNodes, pool: p, count: 1}", "{at: 1m, action: failNode, node: p-2}"))).toEqual({
      code: "UNKNOWN_REFERENCE",
      path: "spec.timeline[1].node",
    });
  });
});
