/**
 * `kubesim run --help | head -1`: the reader closes the pipe while kubesim is still writing.
 * Node's default is an unhandled EPIPE error with a stack trace; kubesim drops the rest of its
 * output and ends with the command's own exit code. Here the pipe's read end is closed before
 * kubesim writes anything, so every write to stdout fails.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "./fixtures/temp-dir.js";

const tmp = tempDir("kubesim-epipe-");

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

it.each(["run --help", "--help", "explain --help"])("kubesim %s into a closed pipe exits 0 without a stack trace", async (line) => {
  const { code, stderr } = await runWithClosedStdout(line.split(" "));
  expect(stderr).toBe("");
  expect(code).toBe(0);
});

it("a run whose SLO fails still exits 1 when nobody reads its summary", async () => {
  // test/fixtures/scenario/two-small-nodes.yaml fails `pendingPods max <= 0 for 30s` (see
  // kubesim-run-exits-1-when-an-slo-fails-and-still-writes-its-results.test.ts).
  const { code, stderr } = await runWithClosedStdout(["run", "test/fixtures/scenario/two-small-nodes.yaml", "-o", tmp]);
  expect(stderr).not.toMatch(/EPIPE|Error/);
  expect(code).toBe(1);
});
