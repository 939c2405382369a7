/**
 * A sweep split with `--shard i/N` and joined with `kubesim merge` writes exactly the files of
 * the same sweep on one machine, byte for byte, and so does the same sweep on 1 or 2 worker
 * threads (runs are keyed by task, never by completion order). Merge refuses shards that do
 * not make a whole sweep. Uses the built worker module (dist/), like every worker test.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./fixtures/capture-cli.js";
import { tempDir } from "./fixtures/temp-dir.js";

const FIT = "scenarios/capacity-fit.yaml";
const SHAPES = "scenarios/instance-shapes.yaml";
const COUNT = "spec.cluster.nodePools[0].count";
const tmp = tempDir("kubesim-shards-");

function folder(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

async function sweep(args: string[], out: string): Promise<string> {
  const r = await runCli(["sweep", ...args, "--json", "-o", join(tmp, out)]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout).sweepId;
}

describe("shards and merge", () => {
  const grid = [FIT, "--range", `${COUNT}=11..14`, "--replications", "3"];

  it("a grid sweep is the same on 1 and 2 workers, and its 3 shards merge into the same bytes", async () => {
    const id = await sweep([...grid, "--workers", "2"], "two");
    await sweep([...grid, "--workers", "1"], "one");
    const whole = folder(join(tmp, "two", "capacity-fit", id));
    expect(Object.keys(whole)).toEqual(["report.html", "sweep.csv", "sweep.json"]);
    expect(folder(join(tmp, "one", "capacity-fit", id))).toEqual(whole);

    for (const i of [0, 1, 2]) {
      const r = await runCli(["sweep", ...grid, "--shard", `${i}/3`, "--workers", "1", "--json", "-o", join(tmp, "shards")]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).runs).toBe(4); // 4 points × 3 replications = 12 runs dealt round robin
    }
    const dirs = [2, 0, 1].map((i) => join(tmp, "shards", "capacity-fit", `${id}-shard-${i}-of-3`)); // any order
    expect(Object.keys(folder(dirs[0]!))).toEqual(["plan.json", "runs.csv"]);
    const merged = await runCli(["merge", ...dirs, "-o", join(tmp, "merged"), "--json"]);
    expect(merged.code).toBe(0);
    expect(folder(join(tmp, "merged", "capacity-fit", id))).toEqual(whole);
    expect(merged.stdout).toBe(whole["sweep.json"]);
  });

  it("find-min over node shapes shards by shape and merges into the same bytes", async () => {
    const args = [SHAPES, "--range", "spec.cluster.nodePools[0].instanceType=m6i.xlarge,c6i.2xlarge", "--find-min", `${COUNT}=1..12`, "--workers", "1"];
    const id = await sweep(args, "fm");
    for (const i of [0, 1]) expect((await runCli(["sweep", ...args, "--shard", `${i}/2`, "-o", join(tmp, "fmshards")])).code).toBe(0);
    const dirs = [0, 1].map((i) => join(tmp, "fmshards", "instance-shapes", `${id}-shard-${i}-of-2`));
    expect((await runCli(["merge", ...dirs, "-o", join(tmp, "fmmerged")])).code).toBe(0);
    expect(folder(join(tmp, "fmmerged", "instance-shapes", id))).toEqual(folder(join(tmp, "fm", "instance-shapes", id)));
  });

  it("find-min with 2 probes per round: shards replay the same k-section and merge into the same bytes", async () => {
    // W = 2 comes from --workers 2 over 1 replication × 1 group on the whole sweep; the shards run on
    // one thread each and name W instead, as the reproduce command (and --emit-job) does.
    const args = [FIT, "--find-min", `${COUNT}=1..40`];
    const id = await sweep([...args, "--workers", "2"], "k2");
    const doc = JSON.parse(readFileSync(join(tmp, "k2", "capacity-fit", id, "sweep.json"), "utf8"));
    expect(doc.probesPerRound).toBe(2); // ⌊2 threads / (1 replication × 1 group)⌋
    expect(doc.reproduce).toContain("--probes-per-round 2");
    // the rounds of find-min.test.ts's W = 2 case over 1..40 with answer 13: 20, 40 | 6, 13 | 8, 10 | 11, 12 | 14
    expect(doc.points.map((p: { values: Record<string, number> }) => p.values[COUNT])).toEqual([6, 8, 10, 11, 12, 13, 14, 20, 40]);
    expect(doc.answer.values).toEqual({ [COUNT]: 13 });
    for (const i of [0, 1]) expect((await runCli(["sweep", ...args, "--probes-per-round", "2", "--workers", "1", "--shard", `${i}/2`, "-o", join(tmp, "k2shards")])).code).toBe(0);
    const dirs = [0, 1].map((i) => join(tmp, "k2shards", "capacity-fit", `${id}-shard-${i}-of-2`));
    expect((await runCli(["merge", ...dirs, "-o", join(tmp, "k2merged")])).code).toBe(0);
    expect(folder(join(tmp, "k2merged", "capacity-fit", id))).toEqual(folder(join(tmp, "k2", "capacity-fit", id)));
    // the same sweep as a bisection is another sweep (another id): its points differ
    const bisection = await sweep([...args, "--workers", "1"], "k1");
    expect(bisection).not.toBe(id);
  });

  it("refuses a missing shard, a repeated one, and shards of another sweep (exit 2, nothing written)", async () => {
    const id = JSON.parse(readFileSync(join(tmp, "two", "capacity-fit", (readdirSync(join(tmp, "two", "capacity-fit"))[0])!, "sweep.json"), "utf8")).sweepId;
    const shard = (i: number) => join(tmp, "shards", "capacity-fit", `${id}-shard-${i}-of-3`);
    const other = join(tmp, "fmshards", "instance-shapes", readdirSync(join(tmp, "fmshards", "instance-shapes"))[0]!);
    const cases: [string[], string, string, string][] = [
      [[shard(0), shard(1)], "INVALID_VALUE", "<dirs>", ""], // shard 2/3 missing
      [[shard(0), shard(1), shard(1)], "INVALID_VALUE", "", shard(1)], // shard 1/3 twice
      [[shard(0), shard(1), other], "INVALID_VALUE", "", other], // another sweep's plan
      [[join(tmp, "nowhere")], "FILE_UNREADABLE", "", join(tmp, "nowhere")],
    ];
    for (const [dirs, code, path, file] of cases) {
      const r = await runCli(["merge", ...dirs, "-o", join(tmp, "refused"), "--json"]);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).errors[0]).toMatchObject({ code, path, file });
    }
    expect(existsSync(join(tmp, "refused"))).toBe(false);
  });
});
