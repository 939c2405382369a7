/**
 * Errors a user can act on. Every layer that reads user input (quantities, manifests,
 * scheduler configuration, scenarios, command-line flags) reports mistakes as an
 * `InputError`; the CLI prints them as `file:line:column: path: message` and exits 2.
 * Anything else that escapes is a kubesim bug: exit 3.
 *
 * Tests assert on `code` and `path`, never on the wording.
 */

/** What kind of mistake it is. Stable: tests and `--json` consumers read it. */
export type ErrorCode =
  | "USAGE" // bad command-line usage
  | "FILE_UNREADABLE" // missing, unreadable or too large a file
  | "YAML_SYNTAX" // the YAML/JSON parser rejected the text
  | "RESOURCE_EXHAUSTION" // alias bombs, absurd sizes or counts
  | "UNKNOWN_FIELD" // a key kubesim does not know (typos must not pass silently)
  | "MISSING_FIELD" // a required key is absent
  | "INVALID_TYPE" // wrong JSON type (string where a number was expected, ...)
  | "INVALID_VALUE" // right type, wrong value (negative count, bad enum, bad quantity)
  | "UNKNOWN_REFERENCE" // names something that does not exist (pod, plugin, metric)
  | "UNSUPPORTED"; // valid Kubernetes, but outside what kubesim models

/** Where in which file a mistake sits. Line and column are 1-based; 0 when unknown. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface InputErrorDetail extends SourcePosition {
  /** Key path in kubectl syntax: `spec.template.spec.containers[0].resources`. Empty for the whole file. */
  path: string;
  code: ErrorCode;
  message: string;
}

/** One or more user mistakes. Thrown; the CLI turns it into exit 2. */
export class InputError extends Error {
  readonly details: InputErrorDetail[];

  constructor(details: InputErrorDetail | InputErrorDetail[]) {
    const list = Array.isArray(details) ? details : [details];
    super(list.map(formatInputErrorDetail).join("\n"));
    this.name = "InputError";
    this.details = list;
  }

  /** The first detail's code: most errors carry exactly one. */
  get code(): ErrorCode {
    return this.details[0]?.code ?? "INVALID_VALUE";
  }

  /** The first detail's key path. */
  get path(): string {
    return this.details[0]?.path ?? "";
  }
}

/** `file:line:column: path: message`, omitting the parts that are unknown. */
export function formatInputErrorDetail(d: InputErrorDetail): string {
  let where = d.file;
  if (where && d.line > 0) where += `:${d.line}:${d.column > 0 ? d.column : 1}`;
  const parts = [where, d.path, d.message].filter((p) => p.length > 0);
  return parts.join(": ");
}

/** Shorthand for an error with no file position (command-line flags, built-in defaults). */
export function inputError(code: ErrorCode, path: string, message: string, at?: Partial<SourcePosition>): InputError {
  return new InputError({ file: at?.file ?? "", line: at?.line ?? 0, column: at?.column ?? 0, path, code, message });
}
