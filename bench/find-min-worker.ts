/**
 * Worker of bench/find-min.ts: one sweep run (src/sweep/sweep-run.ts), plus the CPU time of
 * the thread that ran it, read from /proc/thread-self/stat (utime + stime, in clock ticks of
 * 10 ms; Linux only). Node 20 has no per-thread CPU clock for worker threads
 * (`process.threadCpuUsage` arrived in Node 23), and a run's CPU time is what stays comparable
 * when the machine is shared. GC helper threads are not counted: a slight underestimate.
 */
import { readFileSync } from "node:fs";
import { sweepRun, type SweepRunInput } from "../src/sweep/sweep-run.js";

/** USER_HZ on Linux (`getconf CLK_TCK`): 100 on every common kernel configuration. */
const TICKS_PER_S = 100;

export function threadCpuS(): number {
  const stat = readFileSync("/proc/thread-self/stat", "utf8");
  // Fields after "pid (comm) ": state is field 3, utime 14 and stime 15 (proc(5)).
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_S;
}

export default function run(input: SweepRunInput): ReturnType<typeof sweepRun> & { cpuS: number } {
  const start = threadCpuS();
  const r = sweepRun(input);
  return { ...r, cpuS: threadCpuS() - start };
}
