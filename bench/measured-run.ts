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
  const maxRssMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
  writeFileSync(report!, JSON.stringify({ wallS, maxRssMiB }));
});
process.argv = [process.argv[0]!, "kubesim", ...args];
await import("../src/cli/main.js");
