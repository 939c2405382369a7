/**
 * Istio's Bookinfo (../shared/real/bookinfo/bookinfo.yaml): six Deployments of one replica
 * (details, ratings, reviews v1–v3, productpage) with no requests or limits at all: six
 * BestEffort pods. Requesting nothing, they fit a node with only 100m CPU and 256Mi; what
 * stops them is `pods`: with 4 allowed, the first four in manifest order run and reviews-v3 and
 * productpage wait with "Too many pods". Services and ServiceAccounts are stored, not simulated.
 */
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";

describe.skipIf(NO_REAL_DATA)("Bookinfo", () => {
  it("puts four BestEffort pods on a 100m node that allows four pods and leaves two Pending", () => {
    const o = runReal({ cluster: "nodePools: [{name: tiny, count: 1, allocatable: {cpu: 100m, memory: 256Mi, pods: 4}}]", manifests: [realPath("bookinfo", "bookinfo.yaml")] });
    expect(qosCounts(o)).toEqual({ BestEffort: 6 });
    expect(workloadsOf(o, (p) => Boolean(p.spec?.nodeName))).toEqual(["details-v1", "ratings-v1", "reviews-v1", "reviews-v2"]);
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual(["productpage-v1", "reviews-v3"]);
    expect(failedMessages(o)).toEqual(["0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]);
  });
});
