/**
 * Runs one kubesim command line and maps its outcome to an exit code. Nothing below this
 * module calls process.exit; errors travel up to here. (`main.ts` is the process wrapper.)
 */
import { Command, CommanderError } from "commander";
import { InputError, formatInputErrorDetail } from "../errors.js";
import { buildProgram } from "./program.js";
import { takeExitCode } from "./command.js";
import { EXIT_BAD_INPUT, EXIT_INTERNAL_ERROR, EXIT_OK } from "./exit-codes.js";
import { plural } from "../report/plural.js";

function wantsJson(argv: string[]): boolean {
  return argv.includes("--json");
}

function wantsDebug(argv: string[]): boolean {
  return argv.includes("--debug");
}

/** Prints an error the way its kind deserves and returns the exit code. */
export function reportError(err: unknown, argv: string[]): number {
  if (err instanceof CommanderError) {
    // Help and version are "errors" only to commander's control flow.
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
      return EXIT_OK;
    }
    return EXIT_BAD_INPUT; // commander already printed the message to stderr
  }
  if (err instanceof InputError) {
    if (wantsJson(argv)) {
      process.stdout.write(JSON.stringify({ errors: err.details }, null, 2) + "\n");
    }
    for (const d of err.details) process.stderr.write(`error: ${formatInputErrorDetail(d)}\n`);
    const n = err.details.length;
    process.stderr.write(`${plural(n, "error")}; nothing was run.\n`);
    return EXIT_BAD_INPUT;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`kubesim: internal error: ${e.message}\n`);
  if (wantsDebug(argv)) process.stderr.write(`${e.stack ?? ""}\n`);
  else process.stderr.write("This is a kubesim bug; run again with --debug for the stack trace.\n");
  return EXIT_INTERNAL_ERROR;
}

/** commander must throw instead of exiting, on every level of the command tree. */
function overrideExits(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) overrideExits(sub);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  overrideExits(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return takeExitCode();
  } catch (err) {
    return reportError(err, argv);
  }
}

