/**
 * `kubesim report <results-dir>`: rebuilds report.html from the files of a results folder, a
 * run's (`kubesim run`) or a sweep's (`kubesim sweep`, `kubesim merge`). The page is a pure
 * function of those files, so the rebuilt report.html has the same bytes as the one the run
 * wrote (docs/report.md). A folder that is neither is exit 2, and nothing is written.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { inputError } from "../../errors.js";
import { writeFileAtomic } from "../../report/atomic-file.js";
import { REPORT_FILE, renderRunReportFromFolder } from "../../report/html/run-report.js";
import { SWEEP_REPORT_INPUT, renderSweepReportFromFolder } from "../../report/html/sweep-report.js";
import { sha256Hex } from "../../report/run-manifest.js";
import { stableStringify } from "../../report/stable-json.js";
import { action, newCommand } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";

interface ReportFlags {
  output?: string;
}

/** `run` when the folder holds run.json and summary.json, `sweep` when it holds sweep.csv. */
export function resultsKind(dir: string): "run" | "sweep" {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError("FILE_UNREADABLE", "<results-dir>", `${dir}: no such results folder`);
  if (existsSync(join(dir, SWEEP_REPORT_INPUT))) return "sweep";
  if (existsSync(join(dir, "run.json")) && existsSync(join(dir, "summary.json"))) return "run";
  throw inputError("FILE_UNREADABLE", "<results-dir>", `${dir}: not a kubesim results folder (no run.json and summary.json of kubesim run, no sweep.csv of kubesim sweep)`);
}

export function reportCommand(): Command {
  return newCommand("report", "rebuild report.html of a run or sweep from its results folder", [
    "kubesim report results/quickstart/s42-cc1574e8",
    "kubesim report results/quickstart/s42-cc1574e8 -o quickstart.html --json",
  ])
    .addHelpText("after", [
      "",
      "report.html is one self-contained file (inline SVG charts, no script, nothing fetched):",
      "verdict and reproduce command, SLOs, capacity, latency, dynamics, events; for a sweep,",
      "the answer and the capacity curve with the replication spread (docs/report.md).",
      "The same files always give the same bytes.",
    ].join("\n"))
    .argument("<results-dir>", "a folder written by kubesim run, sweep or merge")
    .option("-o, --output <file>", "write the page here instead of <results-dir>/report.html")
    .action(action((ctx, dir: string, flags: ReportFlags) => reportAction(ctx, dir, flags)));
}

function reportAction(ctx: CliContext, dir: string, flags: ReportFlags): number {
  const kind = resultsKind(dir);
  const html = kind === "run" ? renderRunReportFromFolder(dir) : renderSweepReportFromFolder(dir);
  const file = flags.output ?? join(dir, REPORT_FILE);
  if (existsSync(file) && statSync(file).isDirectory()) throw inputError("USAGE", "--output", `${file} is a folder; name the file to write`);
  writeFileAtomic(resolve(file), html);
  const bytes = Buffer.byteLength(html);
  if (ctx.json) ctx.print(stableStringify({ apiVersion: "kubesim.io/v1alpha1", kind: "Report", source: kind, file, bytes, sha256: sha256Hex(html) }));
  else ctx.print(`${file}   ${kind} report, ${(bytes / 1024).toFixed(0)} KiB\n`);
  return EXIT_OK;
}
