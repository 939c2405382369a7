/**
 * Ctrl-C during a long simulation ends `kubesim run` at once (exit 130, or death by SIGINT as
 * the shell reports it) and leaves no results folder. A simulation is synchronous, so a signal
 * handler armed during it would only run when the run had finished; kubesim arms its handlers
 * only while a results folder is being written (cli/process-main.ts). The full-size
 * scale-5000 run takes about a minute, so the signal lands mid-simulation.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { tempDir } from "./fixtures/temp-dir.js";

const out = tempDir("kubesim-ctrl-c-");

test("SIGINT three seconds into a one-minute run ends it within seconds, with nothing written", async () => {
  const child = spawn(process.execPath, ["dist/src/cli/main.js", "run", "scenarios/scale-5000.yaml", "-o", out], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 3_000));
  const started = Date.now();
  child.kill("SIGINT");
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
  // Seconds, not the rest of the minute-long run (generous for a loaded CI machine).
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(code === 130 || signal === "SIGINT").toBe(true);
  const folder = join(out, "scale-5000");
  expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
}, 30_000);
