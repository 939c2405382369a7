import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { KUBESIM_VERSION } from "../version.js";

// The CLI is tested as users run it: the built binary in dist/ (`npm test` builds first).
const BIN = "dist/src/cli/main.js";

function kubesim(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("kubesim CLI", () => {
  test("the binary is built", () => {
    expect(existsSync(BIN)).toBe(true);
  });

  test.each([[["--help"]], [["bench", "--help"]], [["bench", "engine", "--help"]]])("%j exits 0 with usage", (args) => {
    const r = kubesim(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:");
  });

  test.each([[["--version"]], [["bench", "--version"]], [["bench", "engine", "--version"]]])("%j prints the version", (args) => {
    const r = kubesim(...args);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(KUBESIM_VERSION);
  });

  test.each([
    [["no-such-command"]],
    [["--no-such-flag"]],
    [["bench", "engine", "--runs", "0"]],
    [["bench", "engine", "--runs", "ten"]],
    [["--color", "sometimes", "bench", "engine"]],
  ])("bad usage %j exits 2 with one message and no stack trace", (args) => {
    const r = kubesim(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.length).toBeGreaterThan(0);
  });
});

describe("error mapping", () => {
  test("an unexpected error is an internal error: exit 3, no stack without --debug", async () => {
    const { reportError } = await import("./kubesim.js");
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (writes.push(chunk), true)) as typeof process.stderr.write;
    try {
      expect(reportError(new Error("boom"), [])).toBe(3);
      expect(writes.join("")).toContain("internal error: boom");
      expect(writes.join("")).not.toMatch(/\n\s+at /);
      writes.length = 0;
      expect(reportError(new Error("boom"), ["--debug"])).toBe(3);
      expect(writes.join("")).toMatch(/\n\s+at /);
    } finally {
      process.stderr.write = orig;
    }
  });

  test("an InputError is exit 2 with file:line:column: path: message", async () => {
    const { reportError } = await import("./kubesim.js");
    const { InputError } = await import("../errors.js");
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (writes.push(chunk), true)) as typeof process.stderr.write;
    try {
      const err = new InputError({ file: "s.yaml", line: 3, column: 5, path: "spec.seed", code: "INVALID_TYPE", message: "expected an integer" });
      expect(reportError(err, [])).toBe(2);
      expect(writes.join("")).toContain("error: s.yaml:3:5: spec.seed: expected an integer");
    } finally {
      process.stderr.write = orig;
    }
  });
});
