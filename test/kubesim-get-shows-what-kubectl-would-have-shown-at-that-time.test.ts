/**
 * `kubesim get pods|nodes|events <results-dir> --at <t>` on test/fixtures/scenario/two-small-nodes.yaml,
 * worked out by hand (see the fixture): four pods created at 0 s in namespace shop; three bound
 * at once (ContainerCreating until 1 s sandbox + 0.5 s container start = 1.5 s, then Running
 * 1/1), one web pod Pending for the whole run with the scheduler's FailedScheduling message
 * "0/2 nodes are available: 2 Insufficient cpu." (each node has 400m left, the pod asks 600m);
 * small-0 cordoned at 60 s (Ready,SchedulingDisabled).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/kubesim.js";
import { tempDir } from "./fixtures/temp-dir.js";

const tmp = tempDir("kubesim-get-");
const dir = join(tmp, "two-small-nodes", "r");

async function kubesim(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const write = process.stdout.write;
  const errWrite = process.stderr.write;
  let stdout = "";
  let stderr = "";
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
}

/** The table as rows of cells (kubectl separates columns by 3+ spaces; no cell here holds two spaces). */
function table(stdout: string): string[][] {
  return stdout.trimEnd().split("\n").map((l) => l.split(/ {2,}/));
}

beforeAll(async () => {
  expect((await kubesim("run", "test/fixtures/scenario/two-small-nodes.yaml", "-o", tmp, "--run-id", "r")).code).toBe(1);
});

describe("kubesim get pods --at", () => {
  it("1 s: three ContainerCreating pods on nodes, one Pending web pod without a node", async () => {
    const { code, stdout } = await kubesim("get", "pods", dir, "--at", "1s", "-n", "shop", "-o", "wide");
    expect(code).toBe(0);
    const [header, ...rows] = table(stdout);
    expect(header).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE", "NOMINATED NODE"]);
    expect(rows).toHaveLength(4);
    const pending = rows.filter((r) => r[2] === "Pending");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toEqual([expect.stringMatching(/^web-/), "0/1", "Pending", "0", "1s", "<none>", "<none>"]);
    const creating = rows.filter((r) => r[2] === "ContainerCreating");
    expect(creating).toHaveLength(3);
    for (const r of creating) {
      expect(r[1]).toBe("0/1");
      expect(r[5]).toMatch(/^small-[01]$/);
    }
    // Sorted by name, as the API server lists them.
    expect(rows.map((r) => r[0])).toEqual(rows.map((r) => r[0]).sort());
  });

  it("2 s: the three bound pods are Running 1/1 (started at 1.5 s); the web pod is still Pending", async () => {
    const rows = table((await kubesim("get", "pods", dir, "--at", "2s", "-n", "shop")).stdout).slice(1);
    expect(rows.map((r) => r[2]).sort()).toEqual(["Pending", "Running", "Running", "Running"]);
    for (const r of rows) expect(r[1]).toBe(r[2] === "Running" ? "1/1" : "0/1");
    expect(rows.every((r) => r.length === 5 && r[4] === "2s")).toBe(true);
  });

  it("AGE in kubectl's format: at 00:01:59 → 119s; at the end (120 s) → 2m", async () => {
    const at119 = table((await kubesim("get", "pods", dir, "--at", "00:01:59", "-n", "shop")).stdout).slice(1);
    expect(at119.every((r) => r[4] === "119s")).toBe(true);
    const atEnd = table((await kubesim("get", "pods", dir, "-n", "shop")).stdout).slice(1);
    expect(atEnd.every((r) => r[4] === "2m")).toBe(true);
  });

  it("-l selects by the pods' labels", async () => {
    const db = table((await kubesim("get", "pods", dir, "-n", "shop", "-l", "app=db")).stdout).slice(1);
    expect(db.map((r) => r[0])).toEqual([expect.stringMatching(/^db-/)]);
    const front = table((await kubesim("get", "pods", dir, "-n", "shop", "-l", "tier in (front)")).stdout).slice(1);
    expect(front).toHaveLength(3);
    expect(front.every((r) => r[0]!.startsWith("web-"))).toBe(true);
  });

  it("-A adds NAMESPACE; the default namespace has nothing (a note on stderr, exit 0)", async () => {
    const all = table((await kubesim("get", "pods", dir, "-A", "--at", "30s")).stdout);
    expect(all[0]).toEqual(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    expect(all.slice(1).every((r) => r[0] === "shop")).toBe(true);
    const none = await kubesim("get", "pods", dir);
    expect(none).toMatchObject({ code: 0, stdout: "", stderr: "No resources found in default namespace.\n" });
  });

  it("--json lists the same pods as items", async () => {
    const doc = JSON.parse((await kubesim("--json", "get", "pods", dir, "--at", "2s", "-n", "shop")).stdout);
    expect(doc).toMatchObject({ kind: "PodList", atS: 2 });
    expect(doc.items.filter((i: { status: string; node: string | null }) => i.status === "Pending" && i.node === null)).toHaveLength(1);
  });
});

describe("kubesim get nodes and events --at", () => {
  it("nodes: both Ready at 30 s; small-0 cordoned from 60 s", async () => {
    expect(table((await kubesim("get", "nodes", dir, "--at", "30s")).stdout)).toEqual([
      ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
      ["small-0", "Ready", "<none>", "30s", "v1.34"],
      ["small-1", "Ready", "<none>", "30s", "v1.34"],
    ]);
    expect(table((await kubesim("get", "no", dir, "--at", "90s")).stdout)[1]).toEqual(["small-0", "Ready,SchedulingDisabled", "<none>", "90s", "v1.34"]);
  });

  it("events: the FailedScheduling of the Pending pod with the scheduler's exact message", async () => {
    const rows = table((await kubesim("get", "events", dir, "--at", "2m", "-n", "shop")).stdout);
    expect(rows[0]).toEqual(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    const failed = rows.filter((r) => r[2] === "FailedScheduling");
    expect(failed).toHaveLength(1);
    expect(failed[0]![0]).toMatch(/^2m/); // recorded at 0 s, seen at 120 s
    expect(failed[0]![1]).toBe("Warning");
    expect(failed[0]![4]!.startsWith("0/2 nodes are available: 2 Insufficient cpu.")).toBe(true);
    const csv = readFileSync(join(dir, "events.csv"), "utf8");
    expect(csv).toContain(`,Warning,FailedScheduling,Pod/shop/${failed[0]![3]!.slice("pod/".length)},0/2 nodes are available: 2 Insufficient cpu.`);
  });
});

describe("kubesim get pods shows the kubelet's reasons", () => {
  it("a container failing every 5 s: Running with 1 restart at 10 s, CrashLoopBackOff at 30 s", async () => {
    // test/fixtures/scenario/crashloop-pod.yaml: exits at 6.0, 11.3 and 26.6 s; restarts 1 at 6.3 s, 2 at 21.6 s.
    expect((await kubesim("run", "test/fixtures/scenario/crashloop-pod.yaml", "-o", tmp, "--run-id", "c")).code).toBe(0);
    const cdir = join(tmp, "crashloop", "c");
    // 10 s: last termination 6.0 s → "4s ago".
    expect(table((await kubesim("get", "pods", cdir, "--at", "10s")).stdout)[1]).toEqual(["flaky", "1/1", "Running", "1 (4s ago)", "10s"]);
    // 30 s: in the 20 s back-off after the exit at 26.6 s → 3.4 s → "3s ago".
    expect(table((await kubesim("get", "pods", cdir, "--at", "30s")).stdout)[1]).toEqual(["flaky", "0/1", "CrashLoopBackOff", "2 (3s ago)", "30s"]);
  });
});

describe("bad input is exit 2", () => {
  it.each([
    [["get", "pods", "DIR", "--at", "3m"]], // after the 2-minute run
    [["get", "pods", "DIR", "--at", "banana"]],
    [["get", "pods", "DIR", "-l", "app in (web"]],
    [["get", "deployments", "DIR"]],
    [["get", "pods", "/nonexistent/results/folder"]],
    [["get", "pods", "DIR", "-o", "yaml"]],
  ])("%j", async (argv) => {
    expect((await kubesim(...argv.map((a) => (a === "DIR" ? dir : a)))).code).toBe(2);
  });
});
