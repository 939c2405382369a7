/**
 * How `kubesim run` scales with the size of a scenario: the scenario is run at fractions of its
 * node pools and workload replicas (1/4, 1/2, full), each in a fresh process (so peak memory
 * is the run's own), and the wall time, peak resident memory and cost per pod are reported.
 * The target for `scenarios/scale-5000.yaml`: the full size in under 60 s and 2 GiB,
 * with cost growing linearly.
 *
 * A scaled copy of the scenario and its manifests is written to a temporary folder: pool
 * counts, `addNodes` counts and `replicas` of Deployments, ReplicaSets and StatefulSets are
 * multiplied by the fraction (rounded, at least 1); timeline actions naming a pool node that
 * no longer exists are dropped.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parseDocument, isMap, isSeq, type Document } from "yaml";
import { formatCsv } from "../src/report/csv.js";

export interface ScenarioScaleRow {
  scenario: string;
  fraction: number;
  nodes: number;
  replicas: number;
  simulatedS: number;
  wallS: number;
  maxRssMiB: number;
  /** Wall time per workload replica, µs: flat when cost grows linearly. */
  wallPerReplicaUs: number;
  exitCode: number;
}

export interface ScenarioScaleOptions {
  file: string;
  fractions: number[];
  /** Runs per fraction; the median wall time and the largest peak memory are kept. */
  runs: number;
  onProgress?: (msg: string) => void;
}

const SCALED_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet"]);
const here = dirname(fileURLToPath(import.meta.url));

export function runScenarioScaleBench(opts: ScenarioScaleOptions): ScenarioScaleRow[] {
  const rows: ScenarioScaleRow[] = [];
  for (const fraction of opts.fractions) {
    const work = mkdtempSync(join(tmpdir(), "kubesim-scale-"));
    try {
      const scaled = writeScaledScenario(opts.file, fraction, work);
      const runs: { wallS: number; maxRssMiB: number; exitCode: number; simulatedS: number }[] = [];
      for (let r = 0; r < opts.runs; r++) {
        opts.onProgress?.(`${opts.file} × ${fraction}: run ${r + 1}/${opts.runs} (${scaled.nodes} nodes, ${scaled.replicas} replicas)`);
        runs.push(measuredRun(scaled.file, join(work, "results")));
      }
      runs.sort((a, b) => a.wallS - b.wallS);
      const mid = runs[Math.floor(runs.length / 2)]!;
      rows.push({
        scenario: opts.file,
        fraction,
        nodes: scaled.nodes,
        replicas: scaled.replicas,
        simulatedS: mid.simulatedS,
        wallS: mid.wallS,
        maxRssMiB: Math.max(...runs.map((x) => x.maxRssMiB)),
        wallPerReplicaUs: scaled.replicas > 0 ? (mid.wallS * 1e6) / scaled.replicas : 0,
        exitCode: mid.exitCode,
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
}

export function scenarioScaleCsv(rows: readonly ScenarioScaleRow[]): string {
  return formatCsv(
    ["scenario", "fraction", "nodes", "replicas", "simulated_s", "wall_s", "max_rss_mib", "wall_per_replica_us", "exit_code"],
    rows.map((r) => [r.scenario, r.fraction, r.nodes, r.replicas, r.simulatedS, r.wallS, r.maxRssMiB, r.wallPerReplicaUs, r.exitCode]),
  );
}

/** Runs `kubesim run` in a child process that reports its own wall time and peak RSS. */
function measuredRun(file: string, outputDir: string): { wallS: number; maxRssMiB: number; exitCode: number; simulatedS: number } {
  const report = join(outputDir, "..", "measure.json");
  const child = spawnSync(process.execPath, [join(here, "measured-run.js"), report, "run", file, "--output-dir", outputDir, "--json", "--no-progress"], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const m = JSON.parse(readFileSync(report, "utf8")) as { wallS: number; maxRssMiB: number };
  let simulatedS = 0;
  try {
    simulatedS = (JSON.parse(child.stdout) as { durationSimulatedS?: number }).durationSimulatedS ?? 0;
  } catch {
    simulatedS = 0;
  }
  if (child.status !== 0 && child.status !== 1) throw new Error(`kubesim run ${file} exited with ${child.status}: ${child.stderr.slice(0, 2000)}`);
  return { ...m, exitCode: child.status ?? -1, simulatedS };
}

/** Writes the scaled scenario and its manifests under `dir`; returns the new scenario path and its size. */
export function writeScaledScenario(file: string, fraction: number, dir: string): { file: string; nodes: number; replicas: number } {
  const scale = (n: number): number => Math.max(1, Math.round(n * fraction));
  const doc = parseDocument(readFileSync(file, "utf8"));
  const pools = new Map<string, number>();
  let nodes = 0;
  const poolSeq = (doc.getIn(["spec", "cluster", "nodePools"]) ?? null) as unknown;
  if (isSeq(poolSeq)) {
    poolSeq.items.forEach((_p, i) => {
      const count = doc.getIn(["spec", "cluster", "nodePools", i, "count"]) as number;
      const n = scale(count);
      doc.setIn(["spec", "cluster", "nodePools", i, "count"], n);
      pools.set(String(doc.getIn(["spec", "cluster", "nodePools", i, "name"])), n);
      nodes += n;
    });
  }
  const timeline = doc.getIn(["spec", "timeline"]) as unknown;
  if (isSeq(timeline)) {
    timeline.items = timeline.items.filter((item) => {
      if (!isMap(item)) return true;
      const node = item.get("node");
      if (typeof node === "string") {
        const m = /^(.+)-(0|[1-9][0-9]*)$/.exec(node);
        if (m && pools.has(m[1]!) && Number(m[2]) >= pools.get(m[1]!)!) return false;
      }
      if (item.get("action") === "addNodes") item.set("count", scale(Number(item.get("count"))));
      return true;
    });
  }
  let replicas = 0;
  const srcDir = dirname(resolve(file));
  const workloads = doc.getIn(["spec", "workloads"]) as unknown;
  if (isSeq(workloads)) {
    for (const w of workloads.items) {
      if (!isMap(w)) continue;
      const manifests = w.get("manifests");
      if (!isSeq(manifests)) continue;
      for (const m of manifests.items) {
        const rel = String((m as { value?: unknown }).value ?? m);
        const out = join(dir, rel);
        mkdirSync(dirname(out), { recursive: true });
        const docs = parseAllDocuments(readFileSync(join(srcDir, rel), "utf8")) as Document[];
        for (const d of docs) {
          if (!SCALED_KINDS.has(String(d.get("kind")))) continue;
          const r = d.getIn(["spec", "replicas"]);
          if (typeof r !== "number") continue;
          d.setIn(["spec", "replicas"], scale(r));
          replicas += scale(r);
        }
        writeFileSync(out, docs.map((d) => d.toString()).join("---\n"));
      }
    }
  }
  const out = join(dir, "scenario.yaml");
  writeFileSync(out, doc.toString());
  return { file: out, nodes, replicas };
}
