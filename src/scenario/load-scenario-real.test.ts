import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { NO_REAL_DATA, realPath } from "../../test/fixtures/real-data.js";
import { loadScenario } from "./load-scenario.js";
import { tempDir } from "../../test/fixtures/temp-dir.js";

// Real inputs nobody here wrote (vitest runs with cwd = the repository).
const REAL = realPath();
const dir = tempDir("kubesim-real-scenario-");

describe.skipIf(NO_REAL_DATA)("a scenario over real manifests and a real node list", () => {
  test("Alibaba's 1213 GPU nodes plus Online Boutique, with timeline references into both", () => {
    const file = join(dir, "real.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: kubesim.io/v1alpha1",
        "kind: Scenario",
        "metadata: {name: boutique-on-openb}",
        "spec:",
        "  duration: 1h",
        `  cluster: {nodes: [${join(REAL, "alibaba-gpu-v2023", "openb_node_list_gpu_node.yaml")}]}`,
        `  workloads: [{manifests: [${join(REAL, "online-boutique", "kubernetes-manifests.yaml")}]}]`,
        "  timeline:",
        "    - {at: 10m, action: scale, target: deployment/frontend, replicas: 20}",
        "    - {at: 20m, action: failNode, node: openb-node-0000}",
        "    - {at: 30m, action: rollout, target: deploy/default/cartservice}",
        "  slos: [{preset: kubernetes-scalability}]",
      ].join("\n"),
    );
    const s = loadScenario(file);
    const count = (kind: string) => s.objects.filter((o) => o.kind === kind).length;
    // The node list has 1213 Node documents; the boutique file 12 Deployments, 12 Services, 11 ServiceAccounts.
    expect([count("Node"), count("Deployment"), count("Service"), count("ServiceAccount")]).toEqual([1213, 12, 12, 11]);
    expect(s.objects).toHaveLength(1213 + 35);
    expect(s.timeline.map((a) => a.action)).toEqual(["scale", "failNode", "rollout"]);
    expect(s.inputFiles).toHaveLength(3);
  });
});
