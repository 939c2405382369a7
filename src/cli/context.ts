/**
 * What every command needs to know about how to talk to the user: machine or human output,
 * colour, progress, verbosity. Resolved once from the global flags and the environment.
 *
 * Streams follow clig.dev: stdout carries the result only (a table, or one JSON document with
 * `--json`); progress, warnings and errors go to stderr.
 */
import type { Command } from "commander";
import { createColors } from "picocolors";

export type ColorMode = "auto" | "always" | "never";

export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
  progress?: boolean; // commander's `--no-progress` sets this to false
  color?: ColorMode;
  debug?: boolean;
}

export type Colors = ReturnType<typeof createColors>;

export interface CliContext {
  json: boolean;
  quiet: boolean;
  debug: boolean;
  /** Show a progress bar: stderr is a TTY, not `--json`/`--quiet`/`--no-progress`, not in CI. */
  showProgress: boolean;
  /** Colour functions for stdout and stderr; identity functions where colour is off. */
  out: Colors;
  err: Colors;
  /** Writes the result (stdout). */
  print(text: string): void;
  /** Writes a warning or note (stderr), unless `--quiet`. */
  note(text: string): void;
}

/**
 * no-color.org: NO_COLOR present and non-empty disables colour whatever else is said, except an
 * explicit `--color always`. Node's `hasColors()` already honours NO_COLOR and FORCE_COLOR.
 */
export function colorEnabled(mode: ColorMode, stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && typeof stream.hasColors === "function" && stream.hasColors();
}

export function resolveContext(cmd: Command, env: NodeJS.ProcessEnv = process.env): CliContext {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const mode: ColorMode = g.color ?? "auto";
  const json = g.json === true;
  const quiet = g.quiet === true;
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false";
  return {
    json,
    quiet,
    debug: g.debug === true,
    showProgress: process.stderr.isTTY === true && !json && !quiet && g.progress !== false && !ci,
    out: createColors(!json && colorEnabled(mode, process.stdout, env)),
    err: createColors(colorEnabled(mode, process.stderr, env)),
    print: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
    note: (text) => {
      if (!quiet) process.stderr.write(text.endsWith("\n") ? text : text + "\n");
    },
  };
}
