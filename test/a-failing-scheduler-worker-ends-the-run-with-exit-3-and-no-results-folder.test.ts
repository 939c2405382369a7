/**
 * A scheduler worker thread that throws, or dies, ends `kubesim run --workers 2` with exit 3
 * and a message naming the worker; no results folder is left, and the process exits on its
 * own (no hang: the helper threads are shut down). The CLI runs from dist/, as users run it;
 * the test-only KUBESIM_TEST_FAIL_WORKER variable makes a helper's kernel fail on its first
 * round (src/scheduler/parallel/cycle-kernels.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./fixtures/temp-dir.js";

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
if (!existsSync(CLI)) throw new Error("dist/ is not built: run `npx tsc -p tsconfig.json` first");
const tmp = tempDir("kubesim-worker-fail-");

describe("a failing scheduler worker", () => {
  it.each([
    ["throws", "throw", "kernel failed in helper thread 1"],
    ["exits", "exit", "helper thread 1 died"],
  ])("that %s gives exit 3, a clear message and no results folder", (_what, mode, detail) => {
    const out = join(tmp, mode);
    const r = spawnSync(process.execPath, [CLI, "run", "scenarios/quickstart.yaml", "--workers", "2", "-o", out], {
      env: { ...process.env, KUBESIM_TEST_FAIL_WORKER: mode, NO_COLOR: "1" },
      encoding: "utf8",
      // A hang (a helper waited for forever, or a thread keeping the process alive) fails here.
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("scheduler worker thread failed");
    expect(r.stderr).toContain(detail);
    expect(existsSync(out)).toBe(false);
  });

  it("does not fire without the variable: the same run exits 0 and writes its folder", () => {
    const out = join(tmp, "ok");
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.KUBESIM_TEST_FAIL_WORKER;
    const r = spawnSync(process.execPath, [CLI, "run", "scenarios/quickstart.yaml", "--workers", "2", "-o", out], { env, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(existsSync(join(out, "quickstart"))).toBe(true);
  });
});
