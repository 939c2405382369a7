/**
 * `kubesim run --summary full` adds a METRICS block to the terminal summary: one line for each
 * metric summary.json holds, in name order. The results folder is the same as without it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./fixtures/capture-cli.js";
import { tempDir } from "./fixtures/temp-dir.js";

const tmp = tempDir("kubesim-summary-full-");

describe("kubesim run --summary full", () => {
  it("lists every metric of summary.json after LATENCY", async () => {
    const r = await runCli(["run", "scenarios/quickstart.yaml", "--no-report", "--until", "3m", "-o", tmp, "--run-id", "full", "--summary", "full", "--color", "never"]);
    expect(r.code).toBe(0);
    const names = Object.keys(JSON.parse(readFileSync(join(tmp, "quickstart", "full", "summary.json"), "utf8")).metrics).sort();
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("METRICS"));
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith("LATENCY")));
    expect(lines.slice(at + 1, at + 1 + names.length).map((l) => l.trim().split(" ")[0])).toEqual(names);
    expect(lines[at + 1 + names.length]).toBe("");
  });

  it("compact (the default) has no METRICS block; an unknown mode is a usage error", async () => {
    const r = await runCli(["run", "scenarios/quickstart.yaml", "--no-report", "--until", "1m", "-o", tmp, "--run-id", "compact"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("METRICS");
    expect((await runCli(["run", "scenarios/quickstart.yaml", "--summary", "loud"])).code).toBe(2);
  });
});
