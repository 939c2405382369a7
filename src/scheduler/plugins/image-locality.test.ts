import { expect, test } from "vitest";
import { cluster, node, pending, pod } from "../../../test/fixtures/k8s-objects.js";
import { explainPod } from "../explain.js";

const MB = 1024 * 1024;

test("one 250 MB image on 1 of 2 nodes: int(250·1/2) = 125 MB → 100·(125−23)/(1000−23) = 10", () => {
  const c = cluster([node("a", { images: [{ names: ["gcr.io/big:latest"], sizeBytes: 250 * MB }] }), node("b")]);
  // "gcr.io/big" is normalized to "gcr.io/big:latest".
  const r = explainPod(c, pending(c, pod("p", { image: "gcr.io/big" })));
  expect(r.nodes.map((n) => n.scores!["ImageLocality"]!.raw)).toEqual([10, 0]);
});

test("two containers (40 MB and 300 MB) on 1 of 2 nodes: 20 + 150 MB over a 2000 MB ceiling → 7", () => {
  const c = cluster([node("a", { images: [{ names: ["small:1"], sizeBytes: 40 * MB }, { names: ["big:2"], sizeBytes: 300 * MB }] }), node("b")]);
  const p = pod("p", { image: "small:1" });
  p.spec!.containers.push({ name: "second", image: "big:2" });
  const r = explainPod(c, pending(c, p));
  // 100·(170 − 23)/(2000 − 23) = 7.4 → 7
  expect(r.nodes.map((n) => n.scores!["ImageLocality"]!.raw)).toEqual([7, 0]);
});

test("an image on every node scales by 1: 500 MB on 2 of 2 nodes → 100·(500−23)/977 = 48", () => {
  const img = { names: ["db:9"], sizeBytes: 500 * MB };
  const c = cluster([node("a", { images: [img] }), node("b", { images: [img] })]);
  const r = explainPod(c, pending(c, pod("p", { image: "db:9" })));
  expect(r.nodes.map((n) => n.scores!["ImageLocality"]!.raw)).toEqual([48, 48]);
});
