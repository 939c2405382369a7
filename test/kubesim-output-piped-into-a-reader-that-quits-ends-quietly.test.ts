/**
 * `kubesim run --help | head -1`: the reader closes the pipe while kubesim is still writing. A
 * Unix tool stops quietly then; Node's default is an unhandled EPIPE error with a stack trace.
 * Here the pipe's read end is closed before kubesim writes anything, so every write fails.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

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
