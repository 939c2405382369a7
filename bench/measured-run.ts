/**
 * Child process of the scenario-scale bench: runs the `kubesim` command line given after the
 * report path and, on exit, writes its own wall time and peak resident memory there as JSON.
 *
 *   node dist/bench/measured-run.js <report.json> run scenario.yaml ...
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [report, ...args] = process.argv.slice(2);
const start = performance.now();
process.on("exit", () => {
  const wallS = (performance.now() - start) / 1000;
  const usage = process.resourceUsage();
  const maxRssMiB = usage.maxRSS / 1024; // maxRSS is in KiB
  // CPU time of every thread of the process (worker threads included), in seconds.
  const cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  writeFileSync(report!, JSON.stringify({ wallS, maxRssMiB, cpuS }));
});
process.argv = [process.argv[0]!, "kubesim", ...args];
await import("../src/cli/main.js");
