/**
 * `kubesim sweep` with a malformed `--range`, `--find-min`, `--shard`, `--confidence` or
 * `--emit-job` usage, or a range value the scenario refuses, exits 2 before any run, prints
 * the error the `file:line:column: path: message` way (here a flag name stands for the file),
 * and writes no results folder.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "./fixtures/capture-cli.js";
import { tempDir } from "./fixtures/temp-dir.js";

const FIT = "scenarios/capacity-fit.yaml";
const COUNT = "spec.cluster.nodePools[0].count";
const tmp = tempDir("kubesim-badsweep-");

describe("bad sweep input", () => {
  test.each([
    ["no range at all", [], "USAGE", "--range", ""],
    ["no '='", ["--range", COUNT], "USAGE", "--range", ""],
    ["reversed range", ["--range", `${COUNT}=9..3`], "USAGE", "--range", ""],
    ["a step of 0", ["--range", `${COUNT}=1..9/0`], "USAGE", "--range", ""],
    ["letters", ["--range", `${COUNT}=1..many`], "USAGE", "--range", ""],
    ["two ranges on one key", ["--range", `${COUNT}=1..2`, "--range", `${COUNT}=3..4`], "USAGE", "--range", ""],
    ["find-min without its range", ["--range", "spec.duration=1m,2m", "--find-min", COUNT], "USAGE", "--find-min", ""],
    ["find-min over a list of names", ["--find-min", "spec.cluster.nodePools[0].instanceType=m6i.xlarge,c6i.xlarge"], "USAGE", "--find-min", ""],
    ["a shard past N", ["--range", `${COUNT}=1..2`, "--shard", "3/3"], "USAGE", "--shard", ""],
    ["confidence above 1", ["--range", `${COUNT}=1..2`, "--confidence", "1.5"], "USAGE", "--confidence", ""],
    ["--emit-job without --shards", ["--range", `${COUNT}=1..2`, "--emit-job"], "USAGE", "--shards", ""],
    ["a million runs", ["--range", `${COUNT}=1..100000`, "--replications", "11"], "RESOURCE_EXHAUSTION", "--range", ""],
    // the scenario's own validation of a range value (spec.cluster.nodePools[].count >= 0)
    ["a negative count", ["--range", `${COUNT}=-1..2`], "INVALID_VALUE", COUNT, "--range"],
    ["an unknown instance type", ["--range", "spec.cluster.nodePools[0].instanceType=m6i.xlarge,m9.huge"], "UNKNOWN_REFERENCE", "spec.cluster.nodePools[0].instanceType", "--range"],
  ])("%s", async (_why, args, code, path, file) => {
    const out = join(tmp, "results");
    const r = await runCli(["sweep", FIT, ...args, "--workers", "1", "-o", out, "--json"]);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stdout).errors[0];
    expect(err).toMatchObject({ code, path });
    if (file !== "") expect(err.file).toBe(file);
    expect(r.stderr).toMatch(/nothing was run\.\n$/);
    expect(existsSync(out)).toBe(false);
  });
});
