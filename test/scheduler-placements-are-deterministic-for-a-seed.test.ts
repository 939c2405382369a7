import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { cluster, node, pending, pod } from "./fixtures/k8s-objects.js";
import { RngStreams } from "../src/engine/rng.js";
import { Scheduler } from "../src/scheduler/schedule-one.js";

/** 240 nodes in 3 zones (some tainted, mixed sizes), 600 pods of mixed sizes; returns the placement digest. */
function run(seed: number): { digest: string; placed: number } {
  const nodes = Array.from({ length: 240 }, (_, i) =>
    node(`n${i}`, {
      cpu: i % 3 === 0 ? "8" : "4",
      memory: i % 2 === 0 ? "32Gi" : "16Gi",
      labels: { "topology.kubernetes.io/zone": `z${i % 3}` },
      taints: i % 17 === 0 ? [{ key: "gpu", effect: "NoSchedule" }] : undefined,
    }),
  );
  const c = cluster(nodes);
  const s = new Scheduler(c, { rng: new RngStreams(seed).stream("scheduler") });
  const h = createHash("sha256");
  let placed = 0;
  for (let i = 0; i < 600; i++) {
    const r = s.scheduleOne(pending(c, pod(`p${i}`, { cpu: `${100 + (i % 7) * 150}m`, memory: `${256 + (i % 5) * 512}Mi` })));
    if (r.nodeName) placed++;
    h.update(`${r.podRef}=${r.nodeName ?? "-"}\n`);
  }
  return { digest: h.digest("hex"), placed };
}

test("same inputs and seed give the same placements, run twice", () => {
  const a = run(7);
  const b = run(7);
  expect(b.digest).toBe(a.digest);
  expect(a.placed).toBe(600);
});
