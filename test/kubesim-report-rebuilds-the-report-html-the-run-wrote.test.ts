/**
 * `kubesim run` writes report.html into the results folder, and `kubesim report <dir>` rebuilds
 * the same bytes from the folder's files. The quickstart's capacity line is checked against
 * figures worked out from its manifests: web 10 × 250m / 256Mi, worker 6 × 1 CPU / 2Gi, on
 * m6i.xlarge nodes of 3920m and 16138633216 bytes allocatable, one of six NotReady from ~4m50s.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/kubesim.js";
import { tempDir } from "./fixtures/temp-dir.js";

const tmp = tempDir("kubesim-report-");

async function capture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [process.stdout.write, process.stderr.write];
  let stdout = "";
  let stderr = "";
  process.stdout.write = ((c: string) => ((stdout += c), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => ((stderr += c), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe("report.html of a run", () => {
  const dir = join(tmp, "quickstart", "r");
  let html = "";
  beforeAll(async () => {
    expect((await capture(["run", "scenarios/quickstart.yaml", "-o", tmp, "--run-id", "r", "--json"])).code).toBe(0);
    html = readFileSync(join(dir, "report.html"), "utf8");
  });

  it("opens with the verdict and the capacity answer", () => {
    expect(html).toContain('<div class="verdict">✓ PASS — all 3 SLOs held (4 not measured)</div>');
    // CPU requested 10 × 250 + 6 × 1000 = 8500m over 5 Ready nodes × 3920 = 19600m → 43.4 %,
    // first reached at 9m50s when the evicted pods' replacements were bound. Memory 10 × 256Mi +
    // 6 × 2Gi = 15569256448 B of 5 × 16138633216 → 19.3 %. Headroom in nodes of 3920m:
    // (19600 − 8500) / 3920 = 2.83; in memory (80693166080 − 15569256448) / 16138633216 = 4.04.
    expect(html).toContain("6 × m6i.xlarge · peak CPU requested 43% at 9m50s · memory 19% · survives the loss of one node: yes (headroom 2.8 nodes) · max pending 0");
    // Losing a 3920m node: 8500 / 15680 = 54.2 %; losing zone eu-west-1a (2 Ready nodes, 7840m): 8500 / 11760 = 72.3 %.
    expect(html).toContain("(54.2%)");
    expect(html).toContain("(72.3%)");
    expect(html).toContain("$ kubesim run scenarios/quickstart.yaml --seed 42");
  });

  it("draws the timeline actions and the SLO bounds on the capacity charts", () => {
    expect(html).toMatch(/<figure id="nodes"[\s\S]*?>failNode general-1<\/text>[\s\S]*?<\/figure>/);
    expect(html).toMatch(/<figure id="nodes"[\s\S]*?>SLO min ≥ 5<\/text>/);
    expect(html).toMatch(/<figure id="pod_startup_latency_ms"[\s\S]*?>SLO p99 ≤ 5s<\/text>/);
  });

  it("kubesim report rebuilds the same bytes, to the folder or to -o", async () => {
    const other = join(tmp, "rebuilt.html");
    const r = await capture(["report", dir, "-o", other, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: "Report", source: "run", file: other, bytes: Buffer.byteLength(html) });
    expect(readFileSync(other, "utf8")).toBe(html);
    expect((await capture(["report", dir])).code).toBe(0);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toBe(html);
  });

  it("run --no-report leaves it out", async () => {
    expect((await capture(["run", "scenarios/quickstart.yaml", "-o", tmp, "--run-id", "n", "--until", "1m", "--no-report", "--json"])).code).toBe(0);
    expect(existsSync(join(tmp, "quickstart", "n", "report.html"))).toBe(false);
    expect(existsSync(join(tmp, "quickstart", "n", "summary.json"))).toBe(true);
  });

  it("a sweep writes its report.html too, and kubesim report rebuilds the same bytes", async () => {
    const out = join(tmp, "sweeps");
    const r = await capture(["sweep", "scenarios/quickstart.yaml", "--set", "spec.duration=3m", "--range", "spec.cluster.nodePools[0].count=5..6", "--replications", "1", "--workers", "1", "-o", out, "--json"]);
    expect(r.code).toBe(0);
    const sweepDir = join(out, "quickstart", JSON.parse(r.stdout).sweepId);
    const written = readFileSync(join(sweepDir, "report.html"), "utf8");
    // In 3 minutes general-1 has not failed yet (4m): 5 nodes keep nodesReady ≥ 5 and hold the pods, so 5 is the answer.
    expect(written).toContain("meeting every SLO in 1/1 replications: <b>5</b>");
    const again = join(tmp, "sweep.html");
    expect((await capture(["report", sweepDir, "-o", again])).code).toBe(0);
    expect(readFileSync(again, "utf8")).toBe(written);
  });

  it("a folder that is not a results folder is exit 2, and nothing is written", async () => {
    const r = await capture(["report", tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a kubesim results folder");
    expect(existsSync(join(tmp, "report.html"))).toBe(false);
    expect((await capture(["report", join(tmp, "missing")])).code).toBe(2);
  });
});
