/**
 * V8 heap settings for the commands that simulate. A large run allocates many short-lived
 * objects per event (watch events, status objects, records); with Node's default 16 MB
 * semi-spaces they are scavenged too often and survivors are promoted to the old generation,
 * where they cost mark-compact time. 64 MB semi-spaces took scenarios/scale-5000.yaml from
 * 65.4 s to 56.3 s wall and its peak memory from 1.29 GB to 1.02 GB on the project VM
 * (bench/README.md, "Scenario scale"). V8 reads the size when the heap is set up, so
 * `setFlagsFromString` at run time has no effect: the process is started again with the flag.
 * Node flags given to the first process (`--cpu-prof`, ...) are passed on; to attach a debugger
 * to the simulator, give `--max-semi-space-size` yourself so that it runs in the first process.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Young-generation semi-space size in MB (V8 `--max-semi-space-size`). */
export const SEMI_SPACE_MB = 64;

/** Commands whose runs are large enough for the setting to matter. */
const SIMULATING = new Set(["run", "sweep", "bench"]);
/** Global options that take a value (the value is not the command). */
const VALUED_GLOBALS = new Set(["--color"]);
/** Set in the relaunched process, so it never relaunches again. */
const RELAUNCHED = "KUBESIM_RELAUNCHED";

/** The flags to start `kubesim <args>` with that this process lacks; empty: run here. */
export function heapFlagsToAdd(args: readonly string[], execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  if (env[RELAUNCHED] === "1") return [];
  const given = [...execArgv, ...(env["NODE_OPTIONS"] ?? "").split(/\s+/)].some((a) => a.startsWith("--max-semi-space-size"));
  if (given || !SIMULATING.has(commandOf(args) ?? "")) return [];
  return [`--max-semi-space-size=${SEMI_SPACE_MB}`];
}

/** The first argument that is neither an option nor a global option's value. */
function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return args[i + 1];
    if (VALUED_GLOBALS.has(a)) i++;
    else if (!a.startsWith("-")) return a;
  }
  return undefined;
}

/**
 * Starts `entry` with `flags` and this process's arguments, stdio shared, and ends this process
 * the way the child ended (its exit code, or the signal that killed it). Ctrl-C reaches both
 * processes (one process group) and the child cleans up; a signal sent to this process alone
 * is passed on.
 */
export function relaunchWith(flags: readonly string[], entry: URL): void {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, fileURLToPath(entry), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, [RELAUNCHED]: "1" },
  });
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const forward = (s: NodeJS.Signals) => child.kill(s);
  for (const s of signals) process.on(s, forward);
  child.on("error", (err) => {
    process.stderr.write(`kubesim: cannot start the simulator process: ${err.message}\n`);
    process.exit(3);
  });
  child.on("exit", (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exitCode = code ?? 3;
  });
}
