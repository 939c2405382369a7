/**
 * restartPolicy (models.md V11): a container that exits is restarted under `Always`, under
 * `OnFailure` only for a non-zero code, never under `Never`, where a single-container pod ends
 * `Failed` (non-zero) or `Succeeded` (0). Bare pods on one node, image pre-pulled, sandbox and
 * start 0.5 s each: every container starts at 1.0 s, and the model reports its exit at 5 s.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loaded, pool, scenario } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const image = "example/job:1.0";

function pod(name: string, restartPolicy: string): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { restartPolicy, containers: [{ name: "main", image }] } } as KubeObject;
}

describe("restartPolicy", () => {
  it.each([
    // [policy, exit code, reason, phase after, restarts, status shown]
    ["Never", 137, "OOMKilled", "Failed", 0, "OOMKilled"],
    ["Never", 0, "Completed", "Succeeded", 0, "Completed"],
    ["OnFailure", 0, "Completed", "Succeeded", 0, "Completed"],
    // Restarted at once (first crash): the new container starts at 5 + 0.5 = 5.5 s.
    ["OnFailure", 137, "OOMKilled", "Running", 1, undefined],
    ["Always", 0, "Completed", "Running", 1, undefined],
  ])("%s with exit %i (%s) → %s, %i restarts", (policy, code, reason, phase, restarts, shown) => {
    const s = scenario({ nodePools: [pool("one", 1, { images: [{ name: image, sizeBytes: 1 }] })], objects: [loaded(pod("p", policy as string))], durationUs: 30 * S });
    const rt = buildRuntime(s);
    const { sim, ledger, store } = rt.ctx;
    sim.run(2 * S);
    const id = ledger.ids[0]!;
    expect(ledger.startedUs[id]).toBe(1 * S);
    rt.kubelet.containerExited(id, code as number, reason as string, 5 * S);
    sim.run(30 * S);
    const p = store.list("Pod")[0] as Pod & { status: { containerStatuses?: { state: { terminated?: { reason: string; exitCode: number } } }[] } };
    expect(p.status.phase).toBe(phase);
    expect(ledger.restarts[id]).toBe(restarts);
    expect(ledger.lastExitCode[id]).toBe(code);
    expect(ledger.oomKills[id]).toBe(reason === "OOMKilled" ? 1 : 0);
    expect(p.status.containerStatuses?.[0]?.state.terminated?.reason).toBe(shown);
    expect(ledger.isReady(id)).toBe(phase === "Running");
  });
});
