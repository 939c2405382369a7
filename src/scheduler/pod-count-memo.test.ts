import fc from "fast-check";
import { expect, test } from "vitest";
import { addNode, addPod } from "../cluster/cluster-import.js";
import { TOUCH_LOG_SIZE } from "../cluster/cluster-state.js";
import { cluster, node, pod } from "../../test/fixtures/k8s-objects.js";
import { compileLabelSelector } from "./label-selector.js";
import { countMatchingPods, podCountMemo } from "./pod-count-memo.js";

// The running per-domain totals must always equal a fresh walk over every live node
// (PodTopologySpread's countPodsMatchSelector summed per domain), whatever happened in between.

const ZONE = "topology.kubernetes.io/zone";

const op = fc.oneof(
  fc.record({ kind: fc.constant("addNode" as const), zone: fc.constantFrom("z1", "z2", "z3", null) }),
  fc.record({ kind: fc.constant("removeNode" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("addPod" as const), pick: fc.nat(), app: fc.constantFrom("a", "b"), ns: fc.constantFrom("default", "other") }),
  fc.record({ kind: fc.constant("deletePod" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("read" as const) }),
  fc.record({ kind: fc.constant("flood" as const) }),
);

test("domain totals equal a fresh walk after any sequence of binds, deletions and node changes", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const c = cluster([node("n0", { labels: { [ZONE]: "z1" } }), node("n1", { labels: { [ZONE]: "z2" } })]);
      const sel = compileLabelSelector(c, { matchLabels: { app: "a" } });
      const ns = c.interners.namespaces.id("default");
      const zoneKey = c.interners.labelKeys.id(ZONE);
      let nodes = 2;
      let pods = 0;
      const check = (): void => {
        const totals = podCountMemo(c, sel, ns).domainTotals(c, zoneKey);
        const pods = new Map<number, number>();
        const count = new Map<number, number>();
        for (let n = 0; n < c.nodes.end; n++) {
          if (c.nodes.live[n] !== 1) continue;
          const v = c.nodes.label(n, zoneKey);
          pods.set(v, (pods.get(v) ?? 0) + countMatchingPods(c, sel, ns, n));
          count.set(v, (count.get(v) ?? 0) + 1);
        }
        for (const v of totals.values) {
          expect(totals.pods[v]).toBe(pods.get(v) ?? 0);
          expect(totals.nodes[v]).toBe(count.get(v) ?? 0);
        }
        for (const v of count.keys()) expect(totals.values).toContain(v);
      };
      for (const o of ops) {
        const liveNames = [...c.nodeByName.keys()];
        if (o.kind === "addNode") addNode(c, node(`n${nodes++}`, { labels: o.zone ? { [ZONE]: o.zone } : {} }));
        else if (o.kind === "removeNode" && liveNames.length > 0) c.removeNode(liveNames[o.pick % liveNames.length]!);
        else if (o.kind === "addPod" && liveNames.length > 0) {
          addPod(c, { ...pod(`p${pods++}`, { labels: { app: o.app }, namespace: o.ns }), spec: { containers: [{ name: "c" }], nodeName: liveNames[o.pick % liveNames.length]! } });
        } else if (o.kind === "deletePod") {
          const refs = [...c.podByRef.values()];
          if (refs.length > 0) c.deletePod(refs[o.pick % refs.length]!);
        } else if (o.kind === "read") check();
        else if (o.kind === "flood") for (let i = 0; i <= TOUCH_LOG_SIZE; i++) c.touchNode(0); // overflow the log: a rebuild
      }
      check();
    }),
    { numRuns: 200, seed: 7 },
  );
});
