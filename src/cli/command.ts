/**
 * Helpers every `kubesim` command is built with, so that all of them behave alike:
 * `--help` and `--version` on each, usage errors with exit 2, and actions that return an exit
 * code instead of calling `process.exit` (which can cut off output still going to a pipe).
 */
import { Command, Option } from "commander";
import { KUBESIM_VERSION } from "../version.js";
import { inputError } from "../errors.js";
import { resolveContext, type CliContext } from "./context.js";

/** The exit code the last action asked for; main() reads it after parsing. */
let pendingExitCode = 0;

export function takeExitCode(): number {
  const code = pendingExitCode;
  pendingExitCode = 0;
  return code;
}

/** A subcommand with kubesim's common behaviour. `examples` go at the top of `--help`. */
export function newCommand(name: string, description: string, examples: string[] = []): Command {
  const cmd = new Command(name).description(description).version(KUBESIM_VERSION, "-V, --version", "print the kubesim version");
  if (examples.length > 0) {
    cmd.addHelpText("after", "\nExamples:\n" + examples.map((e) => `  $ ${e}`).join("\n"));
  }
  return cmd;
}

/**
 * Wraps a command action: resolves the context from the global flags, runs the action and
 * records its exit code. Errors propagate to main(), which maps them to exit codes.
 */
export function action<A extends unknown[]>(
  run: (ctx: CliContext, ...args: A) => Promise<number> | number,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const ctx = resolveContext(cmd);
    pendingExitCode = await run(ctx, ...(args.slice(0, -1) as A));
  };
}

/** Parses a positive integer flag value, or throws a usage error naming the flag. */
export function positiveInt(flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw inputError("USAGE", flag, `expected an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** The `--color` option, shared by the root and by commands that want it listed. */
export function colorOption(): Option {
  return new Option("--color <when>", "colour output").choices(["auto", "always", "never"]).default("auto");
}
