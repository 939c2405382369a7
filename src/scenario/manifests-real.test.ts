/**
 * Loading the real manifests and cluster dumps in ../shared/real (public files nobody here wrote).
 * Expected counts come from `grep -c '^kind:'` per file (top-level kinds only) and, for the JSON
 * dumps, from the `items` arrays listed in shared/real/SOURCES.md.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { NO_REAL_DATA, realPath } from "../../test/fixtures/real-data.js";
import { InputError } from "../errors.js";
import { expectQuantity, loadManifests, notSimulatedKinds, type LoadedObject } from "./manifests.js";

const REAL = realPath();

function countKinds(objects: readonly LoadedObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of objects) out[o.kind] = (out[o.kind] ?? 0) + 1;
  return out;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe.skipIf(NO_REAL_DATA)("manifest sets", () => {
  test.each<[string, Record<string, number>]>([
    ["online-boutique/kubernetes-manifests.yaml", { Deployment: 12, Service: 12, ServiceAccount: 11 }],
    ["sock-shop/complete-demo.yaml", { Namespace: 1, Deployment: 14, Service: 14 }],
    ["bank-of-anthos/kubernetes-manifests.yaml", { Deployment: 7, StatefulSet: 2, Service: 8, ConfigMap: 5, ServiceAccount: 1 }],
    ["train-ticket/quickstart-ts-deployment.yaml", { Deployment: 64, Service: 64 }],
    ["bookinfo/bookinfo.yaml", { Deployment: 6, Service: 4, ServiceAccount: 4 }],
    ["deathstarbench-hotel/hotel-reservation.yaml", { Deployment: 19, Service: 19, PersistentVolume: 6, PersistentVolumeClaim: 6 }],
    ["kubernetes-examples/guestbook-all-in-one.yaml", { Deployment: 3, Service: 3 }],
    ["kubernetes-examples/cassandra-statefulset.yaml", { StatefulSet: 1, StorageClass: 1 }],
    ["kubernetes-examples/vllm-deployment.yaml", { Deployment: 1 }],
    ["snapshots/open-simulator-demo/cluster/manifests/etcd.yaml", { Pod: 3 }],
    ["alibaba-gpu-v2023/openb_node_list_gpu_node.yaml", { Node: 1213 }],
  ])("%s", (file, kinds) => {
    const { objects, warnings } = loadManifests([join(REAL, file)]);
    expect(countKinds(objects)).toEqual(kinds);
    expect(warnings).toEqual([]);
  });

  test("not-simulated kinds of bank-of-anthos: ConfigMaps and a ServiceAccount", () => {
    const { objects } = loadManifests([join(REAL, "bank-of-anthos/kubernetes-manifests.yaml")]);
    expect(notSimulatedKinds(objects)).toEqual([
      { kind: "ConfigMap", count: 5 },
      { kind: "ServiceAccount", count: 1 },
    ]);
  });

  test("the first online-boutique object is the frontend Deployment on line 21 (after a '---' on line 20)", () => {
    const { objects } = loadManifests([join(REAL, "online-boutique/kubernetes-manifests.yaml")], { displayRoot: REAL });
    const frontend = objects[0]!;
    expect(frontend).toMatchObject({ kind: "Deployment", apiVersion: "apps/v1", name: "frontend", namespace: "" });
    expect(frontend.source).toEqual({ file: "online-boutique/kubernetes-manifests.yaml", line: 21, column: 1, path: "" });
    // "  name: frontend": the value starts at column 9 of line 24.
    expect(frontend.positionOf(["metadata", "name"])).toMatchObject({ line: 24, column: 9 });
  });
});

describe.skipIf(NO_REAL_DATA)("kubectl List dumps", () => {
  const bundle = "snapshots/k3s-single-node-support-bundle";

  test.each<[string, string, number]>([
    ["nodes.json", "Node", 1],
    ["pods-default.json", "Pod", 6],
    ["pods-kube-system.json", "Pod", 7],
    ["deployments-default.json", "Deployment", 3],
    ["deployments-kube-system.json", "Deployment", 4],
    ["daemonsets-kube-system.json", "DaemonSet", 1],
  ])("%s flattens to %i x %s", (file, kind, count) => {
    const { objects } = loadManifests([join(REAL, bundle, file)]);
    expect(objects.map((o) => o.kind)).toEqual(Array<string>(count).fill(kind));
    expect(objects.map((o) => o.source.path)).toEqual(objects.map((_, i) => `items[${i}]`));
  });

  test("each item keeps its own position: items[1] of pods-default.json opens on line 454", () => {
    const { objects } = loadManifests([join(REAL, bundle, "pods-default.json")]);
    expect(objects[1]!.source).toMatchObject({ line: 454, column: 5, path: "items[1]" });
    expect(objects[1]!.name).toBe("cpu-intensive-app-7bcfc5d944-9479r");
    expect(objects[1]!.namespace).toBe("default");
  });

  test("the bundle holds the two Pending cpu-intensive-app pods of its recorded outcome", () => {
    const { objects } = loadManifests([join(REAL, bundle, "pods-default.json")]);
    const pending = objects.filter((o) => (o.object as { status?: { phase?: string } }).status?.phase === "Pending");
    expect(pending.map((o) => o.name.replace(/-[a-z0-9]+$/, ""))).toEqual(["cpu-intensive-app-7bcfc5d944", "cpu-intensive-app-7bcfc5d944"]);
  });

  test("NodeList items without kind/apiVersion inherit Node and v1 (troubleshoot fixture)", () => {
    const { objects } = loadManifests([join(REAL, "snapshots/troubleshoot-fixtures/nodes.json")]);
    expect(objects).toHaveLength(7);
    expect(objects.every((o) => o.kind === "Node" && o.apiVersion === "v1")).toBe(true);
    const bigger = objects[1]!;
    expect(bigger.name).toBe("biggernode-3i745");
    expect(bigger.object.kind).toBe("Node");
    expect(bigger.source).toMatchObject({ line: 125, column: 5, path: "items[1]" });
    expect(bigger.positionOf(["metadata", "name"])).toMatchObject({ line: 127, column: 17 });
    // allocatable: cpu "8" and memory "29222Mi" = 29222 * 2^20 bytes.
    expect(expectQuantity(bigger, ["status", "allocatable", "cpu"], "cpu")).toBe(8000);
    expect(expectQuantity(bigger, ["status", "allocatable", "memory"], "memory")).toBe(30_641_487_872);
    expect(bigger.positionOf(["status", "allocatable", "memory"])).toMatchObject({ line: 386, column: 21 });
  });
});

describe.skipIf(NO_REAL_DATA)("everything under shared/real", () => {
  // Collecting a skipped describe still runs its body: list no files without the data.
  if (NO_REAL_DATA) return;
  // open-local storage annotations (VGs, devices): JSON, but not Kubernetes objects.
  const notKubernetes = new Set([
    "snapshots/open-simulator-demo/cluster/nodes/master-1.json",
    "snapshots/open-simulator-demo/cluster/nodes/worker-1.json",
    "snapshots/open-simulator-demo/newnode/node-1.json",
  ]);
  const files = allFiles(REAL)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const kube = files.filter((f) => !notKubernetes.has(relative(REAL, f)));

  test("every Kubernetes-shaped file loads, 1566 objects in all", () => {
    // YAML (grep -c '^kind:'): 1213 alibaba + 23 bank + 14 bookinfo + 50 hotel + 2 cassandra +
    // 6 guestbook + 1 vllm + 35 boutique + 33 open-simulator + 29 sock-shop + 128 train-ticket = 1534;
    // JSON items: k3s 1+6+7+3+4+1 = 22, troubleshoot 7+1+1+1 = 10.
    expect(kube).toHaveLength(45);
    const { objects } = loadManifests(kube, { displayRoot: REAL });
    expect(objects).toHaveLength(1566);
    expect(notSimulatedKinds(objects)).toEqual([
      { kind: "ServiceAccount", count: 16 }, // 11 boutique + 1 bank + 4 bookinfo
      { kind: "ConfigMap", count: 5 },
      { kind: "Config", count: 1 }, // open-simulator's simon-config.yaml
    ]);
  });

  test.each([...notKubernetes])("%s is refused: no apiVersion, no kind", (file) => {
    try {
      loadManifests([join(REAL, file)], { displayRoot: REAL });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const details = (e as InputError).details;
      expect(details.map((d) => [d.code, d.path])).toEqual([
        ["MISSING_FIELD", "apiVersion"],
        ["MISSING_FIELD", "kind"],
      ]);
      expect(details[0]).toMatchObject({ file, line: 1, column: 1 });
    }
  });
});
