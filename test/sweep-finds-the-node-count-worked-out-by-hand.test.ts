/**
 * `kubesim sweep` answers the capacity question of scenarios/capacity-fit.yaml,
 * worked out by hand there: 25 pods of 700m on nodes of 2 CPU, 2 pods a node, so 12 nodes
 * leave 25 - 24 = 1 pod Pending and fail `pendingPods max <= 0 for 30s`, and the answer is
 * ceil(25 / 2) = 13 nodes at 13 × $0.10 = $1.30/h. A full sweep and `--find-min` agree; the
 * bisection over 1..40 runs 7 points (40, 20, 10, 15, 12, 13, 14: see find-min.test.ts) instead
 * of 40. Node shapes are ranked by the cost of their smallest passing pool
 * (scenarios/instance-shapes.yaml): c6i.2xlarge 4 × $0.34, m6i.2xlarge 4 × $0.384,
 * m6i.xlarge 9 × $0.192.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/report/csv.js";
import { replicationSeed } from "../src/sweep/sweep-plan.js";
import { runCli } from "./fixtures/capture-cli.js";
import { tempDir } from "./fixtures/temp-dir.js";

const FIT = "scenarios/capacity-fit.yaml";
const SHAPES = "scenarios/instance-shapes.yaml";
const COUNT = "spec.cluster.nodePools[0].count";
const tmp = tempDir("kubesim-sweep-");

describe("a sweep over the node count", () => {
  it("finds 13 nodes at $1.30/h and writes one run row per replication and one point row per point", async () => {
    const { code, stdout } = await runCli(["sweep", FIT, "--range", `${COUNT}=10..15`, "--replications", "2", "--workers", "1", "--json", "-o", tmp]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.answer.values).toEqual({ [COUNT]: 13 });
    expect(doc.answer.costPerHour).toBe(1.3);
    expect(doc.runs).toBe(12); // 6 points × 2 replications
    expect(readFileSync(join(tmp, "capacity-fit", doc.sweepId, "sweep.json"), "utf8")).toBe(stdout);

    const csv = parseCsv(readFileSync(join(tmp, "capacity-fit", doc.sweepId, "sweep.csv"), "utf8"));
    const col = (name: string) => csv.header.indexOf(name);
    const rows = csv.rows.map((r) => ({ row: r[col("row")], count: Number(r[col("spec_cluster_nodePools_0_count")]), r }));
    expect(rows.filter((x) => x.row === "run").length).toBe(12);
    expect(rows.filter((x) => x.row === "point").length).toBe(6);
    // each point's runs come first, then its point row
    expect(rows.slice(0, 3).map((x) => x.row)).toEqual(["run", "run", "point"]);
    // replication 0 keeps the scenario seed (11); replication 1 derives its own
    expect(rows.slice(0, 2).map((x) => Number(x.r[col("seed")]))).toEqual([11, replicationSeed(11, 1)]);
    const point = (n: number) => rows.find((x) => x.row === "point" && x.count === n)!.r;
    // 12 nodes × 2 pods = 24: one pod Pending in every replication
    expect([point(12)[col("passed")], point(12)[col("pending_pods_max")], point(12)[col("slo_pass_rate")]]).toEqual(["false", "1", "0"]);
    expect(point(12)[col("failed_slos")]).toBe("pendingPods-max");
    expect([point(13)[col("passed")], point(13)[col("pending_pods_max")], point(13)[col("replications_passed")]]).toEqual(["true", "0", "2"]);
    // 10 nodes: 25 - 20 = 5 Pending; cost 10 × $0.10 = $1/h
    expect([point(10)[col("pending_pods_max")], point(10)[col("cost_per_hour")]]).toEqual(["5", "1"]);
    // 2 pods of 700m on 2000m: 70 % requested at the peak
    // 25 × 700m requested of 13 × 2000m allocatable = 67.307692 %
    expect(point(13)[col("cpu_requested_peak_pct")]).toBe("67.307692");
  });

  it("--find-min bisects 1..40 in 7 points and agrees", async () => {
    const { code, stdout } = await runCli(["sweep", FIT, "--find-min", `${COUNT}=1..40`, "--replications", "2", "--workers", "1", "--json", "-o", tmp]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.mode).toBe("find-min");
    expect(doc.answer.values).toEqual({ [COUNT]: 13 });
    expect(doc.points.map((p: { values: Record<string, number> }) => p.values[COUNT])).toEqual([10, 12, 13, 14, 15, 20, 40]);
    expect(doc.runs).toBe(14);
    expect(doc.groups[0].nonMonotone).toBe(false);
  });

  it("--probes-per-round 2 and 3 find the same 13 nodes in fewer rounds (find-min.test.ts works out the probes)", async () => {
    const points = async (w: number) => {
      const { code, stdout } = await runCli(["sweep", FIT, "--find-min", `${COUNT}=1..40`, "--probes-per-round", String(w), "--workers", "1", "--json", "-o", tmp]);
      expect(code).toBe(0);
      const doc = JSON.parse(stdout);
      expect([doc.answer.values[COUNT], doc.probesPerRound, doc.groups[0].nonMonotone]).toEqual([13, w, false]);
      return doc.points.map((p: { values: Record<string, number> }) => p.values[COUNT]);
    };
    expect(await points(2)).toEqual([6, 8, 10, 11, 12, 13, 14, 20, 40]); // rounds 20,40 | 6,13 | 8,10 | 11,12 | 14
    expect(await points(3)).toEqual([3, 6, 9, 10, 11, 12, 13, 14, 26, 40]); // rounds 13,26,40 | 3,6,9 | 10,11,12 | 14
    // 10 and 12 nodes leave pods Pending from t = 0, so those probes stop at 30 s (the SLO's `for`)
    const csv = parseCsv(readFileSync(join(tmp, "capacity-fit", JSON.parse((await runCli(["sweep", FIT, "--find-min", `${COUNT}=1..40`, "--probes-per-round", "3", "--workers", "1", "--json", "-o", tmp])).stdout).sweepId, "sweep.csv"), "utf8"));
    const stopped = csv.rows.filter((r) => r[0] === "run").map((r) => [Number(r[2]), r[csv.header.indexOf("stopped_at_s")]]);
    expect(stopped.filter(([, s]) => s !== "")).toEqual([[3, "30"], [6, "30"], [9, "30"], [10, "30"], [11, "30"], [12, "30"]]);
  });

  it("--probes-per-round belongs to --find-min", async () => {
    const { code } = await runCli(["sweep", FIT, "--range", `${COUNT}=10..15`, "--probes-per-round", "2", "--workers", "1", "-o", tmp]);
    expect(code).toBe(2);
  });

  it("exits 1 and says so when no value passes", async () => {
    const { code, stdout } = await runCli(["sweep", FIT, "--range", `${COUNT}=1..3`, "--workers", "1", "-o", tmp]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[2]).toMatch(/^ANSWER {2}✗ no value of spec\.cluster\.nodePools\[0\]\.count up to 3 meets every SLO in 1 of 1 replications$/);
    expect(lines[lines.length - 1]).toMatch(/^no point passed +exit 1$/);
  });

  it("prints the answer first, then the curve around it", async () => {
    const { stdout } = await runCli(["sweep", FIT, "--range", `${COUNT}=11..14`, "--workers", "1", "-o", tmp]);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[2]).toMatch(/^ANSWER {2}spec\.cluster\.nodePools\[0\]\.count = 13 {3}\$1\.300\/h {3}✓ every SLO in 1\/1 replications$/);
    const curve = lines.slice(lines.indexOf("CURVE") + 2, lines.indexOf("CURVE") + 6);
    expect(curve.map((l) => l.trim().split(/ {2,}/).slice(0, 2))).toEqual([["11", "0/1 ✗"], ["12", "0/1 ✗"], ["▸ 13", "1/1 ✓"], ["14", "1/1 ✓"]]);
  });
});

describe("node shapes in one sweep", () => {
  it("ranks instance types by the cost of their smallest passing pool", async () => {
    const { code, stdout } = await runCli([
      "sweep", SHAPES, "--range", "spec.cluster.nodePools[0].instanceType=m6i.xlarge,m6i.2xlarge,c6i.2xlarge", "--find-min", `${COUNT}=1..12`, "--workers", "1", "--json", "-o", tmp,
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const ranking = doc.groups.map((g: { fixed: Record<string, string>; answer: number; costPerHour: number }) => [g.fixed["spec.cluster.nodePools[0].instanceType"], g.answer, g.costPerHour]);
    expect(ranking).toEqual([
      ["c6i.2xlarge", 4, 1.36], // 4 × 0.34
      ["m6i.2xlarge", 4, 1.536], // 4 × 0.384
      ["m6i.xlarge", 9, 1.728], // 9 × 0.192
    ]);
    expect(doc.answer.values).toEqual({ "spec.cluster.nodePools[0].instanceType": "c6i.2xlarge", [COUNT]: 4 });
  });

  it("a full grid searches along the numeric range even when the shapes come last", async () => {
    const { code, stdout } = await runCli(["sweep", SHAPES, "--range", `${COUNT}=3..5`, "--range", "spec.cluster.nodePools[0].instanceType=m6i.2xlarge,c6i.2xlarge", "--workers", "1", "--json", "-o", tmp]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.search).toBe(COUNT);
    expect(doc.runs).toBe(6); // 3 counts × 2 shapes
    expect(doc.groups.map((g: { fixed: Record<string, string>; answer: number }) => [g.fixed["spec.cluster.nodePools[0].instanceType"], g.answer])).toEqual([
      ["c6i.2xlarge", 4],
      ["m6i.2xlarge", 4],
    ]);
  });
});
