/**
 * The troubleshoot fixtures (../shared/real/snapshots/troubleshoot-fixtures): seven real Nodes
 * of very different sizes and the recorded Pending pod that asks for 3 CPU, 5Gi and 5
 * nvidia.com/gpu (requests = limits: Guaranteed). Per node (allocatable, none tainted):
 *   repldev-marc 8 CPU / 29.3Gi / no GPU      → gpu
 *   biggernode 8 CPU / 29222Mi / no GPU       → gpu
 *   3 × pool-yd23sqk7u 2 CPU / 3110Mi / —     → cpu, memory, gpu
 *   smallnode 1 CPU / 1574Mi / —              → cpu, memory, gpu
 *   ip-172-31-21-92 1 CPU / 15.3Gi / 1 GPU    → cpu, gpu
 * Counted: cpu 5, memory 4, nvidia.com/gpu 7, and kube-scheduler sorts the "<count> <reason>"
 * strings. 5 GPUs exceed every node's allocatable (0 or 1), so even an empty node could not
 * take the pod: NodeResourcesFit marks such a shortfall unresolvable (request > allocatable),
 * and preemption skips all seven nodes as "not helpful".
 */
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal } from "./fixtures/real-scenario.js";

const F = (f: string) => realPath("snapshots", "troubleshoot-fixtures", f);

describe.skipIf(NO_REAL_DATA)("the troubleshoot fixtures' pending pod", () => {
  it("fits none of the seven nodes, for the reasons counted node by node", () => {
    const o = runReal({ cluster: `nodes: [${JSON.stringify(F("nodes.json"))}]`, manifests: [F("pods-message-pending-pod-resources.json")] });
    expect(qosCounts(o)).toEqual({ Guaranteed: 1 });
    expect(o.recorder.pendingPods).toBe(1);
    expect(failedMessages(o)).toEqual([
      "0/7 nodes are available: 4 Insufficient memory, 5 Insufficient cpu, 7 Insufficient nvidia.com/gpu. preemption: 0/7 nodes are available: 7 Preemption is not helpful for scheduling.",
    ]);
  });
});
