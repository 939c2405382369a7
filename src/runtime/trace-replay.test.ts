import { expect, test } from "vitest";
import { failedSchedulingReasons, REASON_NOT_ATTEMPTED } from "./trace-replay.js";

test.each([
  ["0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint(s).", ["Insufficient cpu", "node(s) had untolerated taint(s)"]],
  // The preemption note is not a reason of the filter phase; dots inside resource names are kept.
  [
    "0/2 nodes are available: 2 Insufficient alibabacloud.com/gpu-milli. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    ["Insufficient alibabacloud.com/gpu-milli"],
  ],
  ["something else entirely", ["something else entirely"]],
  [undefined, [REASON_NOT_ATTEMPTED]],
])("the reasons of %j", (message, reasons) => {
  expect(failedSchedulingReasons(message)).toEqual(reasons);
});
