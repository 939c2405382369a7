import { expect, test } from "vitest";
import { cluster, node, pod } from "../../test/fixtures/k8s-objects.js";
import { explainPod } from "./explain.js";

test("explaining a bound pod leaves it bound, in its place in its node's pod list", () => {
  const c = cluster([node("n1"), node("n2")], [
    [pod("a", { cpu: "1" }), "n1"],
    [pod("b", { cpu: "1" }), "n1"],
    [pod("c", { cpu: "1" }), "n1"],
  ]);
  const n1 = c.nodeByName.get("n1")!;
  const names = () => c.podsOnNode(n1).map((s) => c.pods.ref[s]);
  const before = names();
  expect(before).toHaveLength(3);
  const b = c.podByRef.get("default/b")!;
  // Explained as if pending (its spec.nodeName still names n1: NodeName rejects n2).
  expect(explainPod(c, b).selectedNode).toBe("n1");
  expect(c.pods.nodeSlot[b]).toBe(n1);
  expect(names()).toEqual(before);
});
