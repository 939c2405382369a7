import { describe, expect, test } from "vitest";
import type { Node, Pod } from "../cluster/k8s-types.js";
import { labelsText, nodeDisplayStatus, podDisplay, StatusHistory } from "./status-history.js";

const c = (name: string) => ({ name, image: `${name}:1` });

function pod(status: Record<string, unknown>, over: { nodeName?: string; containers?: number; init?: number; deleting?: boolean } = {}): Pod {
  return {
    metadata: { name: "p", namespace: "shop", ...(over.deleting ? { deletionTimestamp: "t" } : {}) },
    spec: {
      containers: Array.from({ length: over.containers ?? 1 }, (_, i) => c(`c${i}`)),
      ...(over.init ? { initContainers: Array.from({ length: over.init }, (_, i) => c(`i${i}`)) } : {}),
      ...(over.nodeName ? { nodeName: over.nodeName } : {}),
    },
    status: status as Pod["status"],
  };
}

const READY_TRUE = [{ type: "Ready", status: "True" }];
const READY_FALSE = [{ type: "Ready", status: "False" }];

// kubectl printPod (pkg/printers/internalversion/printers.go), case by case.
test.each([
  ["unbound: the phase", pod({}), false, 0, { status: "Pending", ready: 0, total: 1, restarts: 0 }],
  ["bound, no container status yet: ContainerCreating (model stand-in)", pod({ phase: "Pending" }, { nodeName: "n" }), false, 0, { status: "ContainerCreating", ready: 0 }],
  ["Running with no statuses: READY and RESTARTS from the ledger", pod({ phase: "Running" }, { nodeName: "n", containers: 2 }), true, 2, { status: "Running", ready: 2, total: 2, restarts: 2 }],
  ["Running, ledger not ready (node NotReady)", pod({ phase: "Running" }, { nodeName: "n" }), false, 0, { status: "Running", ready: 0 }],
  ["waiting CrashLoopBackOff after 3 restarts", pod({ phase: "Running", containerStatuses: [{ restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }] }), false, 99, { status: "CrashLoopBackOff", ready: 0, restarts: 3 }],
  ["waiting ImagePullBackOff", pod({ phase: "Pending", containerStatuses: [{ state: { waiting: { reason: "ImagePullBackOff" } } }] }), false, 0, { status: "ImagePullBackOff" }],
  ["waiting ErrImagePull", pod({ phase: "Pending", containerStatuses: [{ state: { waiting: { reason: "ErrImagePull" } } }] }), false, 0, { status: "ErrImagePull" }],
  ["terminated OOMKilled", pod({ phase: "Running", containerStatuses: [{ restartCount: 1, state: { terminated: { reason: "OOMKilled", exitCode: 137 } } }] }), false, 0, { status: "OOMKilled", restarts: 1 }],
  // kubectl's "(… ago)": the latest lastState.terminated.finishedAt over the containers.
  ["restarted containers: the latest last termination", pod({ phase: "Running", conditions: READY_TRUE, containerStatuses: [{ ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAtUs: 7e6 } } }, { ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { finishedAtUs: 9e6 } } }] }, { containers: 2 }), false, 0, { status: "Running", ready: 2, restarts: 3, lastRestartUs: 9e6 }],
  ["terminated without reason: ExitCode", pod({ phase: "Running", containerStatuses: [{ state: { terminated: { exitCode: 2 } } }] }), false, 0, { status: "ExitCode:2" }],
  ["terminated by a signal", pod({ phase: "Running", containerStatuses: [{ state: { terminated: { exitCode: 137, signal: 9 } } }] }), false, 0, { status: "Signal:9" }],
  // Reverse order: container 1 Completed sets the reason, container 0 running+ready flips it back.
  ["one container Completed, one running: Running when the pod is Ready", pod({ phase: "Running", conditions: READY_TRUE, containerStatuses: [{ ready: true, state: { running: {} } }, { state: { terminated: { reason: "Completed", exitCode: 0 } } }] }, { containers: 2 }), false, 0, { status: "Running", ready: 1, total: 2 }],
  ["... NotReady when it is not", pod({ phase: "Running", conditions: READY_FALSE, containerStatuses: [{ ready: true, state: { running: {} } }, { state: { terminated: { reason: "Completed", exitCode: 0 } } }] }, { containers: 2 }), false, 0, { status: "NotReady" }],
  ["Succeeded Job pod: Completed", pod({ phase: "Succeeded", containerStatuses: [{ state: { terminated: { reason: "Completed", exitCode: 0 } } }] }), false, 0, { status: "Completed" }],
  ["node-pressure eviction: status.reason Evicted", pod({ phase: "Failed", reason: "Evicted" }), false, 0, { status: "Evicted" }],
  ["deletionTimestamp on a running pod: Terminating", pod({ phase: "Running", conditions: READY_TRUE }, { nodeName: "n", deleting: true }), true, 0, { status: "Terminating", ready: 1 }],
  ["deletionTimestamp on a Succeeded pod stays Completed", pod({ phase: "Succeeded", containerStatuses: [{ state: { terminated: { reason: "Completed", exitCode: 0 } } }] }, { deleting: true }), false, 0, { status: "Completed" }],
  ["deletionTimestamp with reason NodeLost: Unknown", pod({ phase: "Running", reason: "NodeLost" }, { deleting: true }), false, 0, { status: "Unknown" }],
  ["init container 0 of 2 running: Init:0/2", pod({ phase: "Pending", initContainerStatuses: [{ state: { running: {} } }] }, { init: 2 }), false, 0, { status: "Init:0/2" }],
  ["init container 1 failing: Init:CrashLoopBackOff", pod({ phase: "Pending", initContainerStatuses: [{ state: { terminated: { exitCode: 0 } } }, { restartCount: 2, state: { waiting: { reason: "CrashLoopBackOff" } } }] }, { init: 2 }), false, 0, { status: "Init:CrashLoopBackOff", restarts: 2 }],
  ["init container exited 1: Init:Error", pod({ phase: "Pending", initContainerStatuses: [{ state: { terminated: { reason: "Error", exitCode: 1 } } }] }, { init: 1 }), false, 0, { status: "Init:Error" }],
] as const)("%s", (_name, p, ledgerReady, ledgerRestarts, expected) => {
  expect(podDisplay(p, ledgerReady, ledgerRestarts)).toMatchObject(expected);
});

test.each([
  [{ status: { conditions: [{ type: "Ready", status: "True" }] } }, "Ready"],
  [{ status: { conditions: [{ type: "Ready", status: "Unknown" }] } }, "NotReady"],
  [{ status: { conditions: [{ type: "Ready", status: "False" }] }, spec: { unschedulable: true } }, "NotReady,SchedulingDisabled"],
  [{ status: {} }, "Unknown"],
])("node %j → %s", (n, s) => {
  expect(nodeDisplayStatus({ metadata: { name: "n" }, ...n } as Node)).toBe(s);
});

describe("StatusHistory", () => {
  test("writes a row only when what kubectl shows changes", () => {
    const h = new StatusHistory();
    const p = pod({}, {});
    h.pod(0, p, 0, false, 0); // Pending
    h.pod(0, p, 1, false, 0); // same: no row
    p.spec!.nodeName = "n1";
    h.pod(0, p, 2, false, 0); // ContainerCreating
    p.status = { phase: "Running" };
    h.pod(0, p, 3, true, 0); // Running 1/1
    h.pod(0, p, 4, true, 1); // a restart
    expect([...h.podRows(() => ["shop", "p"])]).toEqual([
      [0, "shop", "p", "Pending", 0, 1, 0, NaN, ""],
      [2e-6, "shop", "p", "ContainerCreating", 0, 1, 0, NaN, ""],
      [3e-6, "shop", "p", "Running", 1, 1, 0, NaN, ""],
      [4e-6, "shop", "p", "Running", 1, 1, 1, NaN, ""],
    ]);
  });

  test("changes within one instant leave one row per pod: the state at the end of the instant", () => {
    const h = new StatusHistory();
    const a = pod({});
    const b = pod({});
    h.pod(0, a, 5, false, 0); // a Pending at 5 µs
    h.pod(1, b, 5, false, 0); // b Pending at 5 µs
    a.spec!.nodeName = "n1";
    h.pod(0, a, 5, false, 0); // a bound in the same instant: its row becomes ContainerCreating
    h.pod(0, a, 6, false, 0); // unchanged
    expect([...h.podRows((id) => ["shop", `p${id}`])].map((r) => [r[0], r[2], r[3]])).toEqual([
      [5e-6, "p0", "ContainerCreating"],
      [5e-6, "p1", "Pending"],
    ]);
  });

  test("labels sorted by key", () => {
    expect(labelsText({ tier: "front", app: "web" })).toBe("app=web,tier=front");
  });
});
