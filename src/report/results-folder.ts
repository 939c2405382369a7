/**
 * A results folder that appears complete or not at all (`ux.md` A5 "Results folder").
 *
 * Files are written into a hidden sibling, `results/<scenario>/.<run-id>.tmp/`, and the
 * whole folder is renamed to `results/<scenario>/<run-id>/` only by `commit()`. An
 * interrupted or failed run therefore never leaves a half-written results folder: `abort()`
 * deletes the temporary one, and so does `abortAllOpenResultsFolders()`, which the CLI calls
 * from its SIGINT/SIGTERM and uncaught-error handlers (the CLI owns those handlers and the
 * exit codes; this module installs none).
 *
 * Rerunning with the same run id replaces the old folder: commit moves the old one aside to
 * `.<run-id>.old`, renames the new one into place, then deletes the old one. The only window
 * in which `<run-id>/` is missing is between those two renames. A process killed outright
 * (SIGKILL, power loss) can leave a `.tmp` or `.old` sibling behind; the next `begin` or
 * `commit` for that run id removes it. Two processes writing the same run id at once are not
 * supported (a deterministic run id means they would write the same bytes anyway).
 *
 * Everything is synchronous so that it can run inside a signal handler.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, sep } from "node:path";

export type ResultsFolderState = "open" | "committed" | "aborted";

/** Every folder begun and neither committed nor aborted, in begin order. */
const open = new Set<ResultsFolder>();
/** Told the number of open folders whenever it changes (the CLI arms its signal handlers). */
const openCountListeners = new Set<(count: number) => void>();

function openChanged(): void {
  for (const l of openCountListeners) l(open.size);
}

/** Calls `listener` with the number of open folders whenever it changes; returns an unsubscribe. */
export function onOpenResultsFoldersChange(listener: (count: number) => void): () => void {
  openCountListeners.add(listener);
  return () => openCountListeners.delete(listener);
}

export class ResultsFolder {
  /** Where the folder ends up after `commit()`. */
  readonly finalDir: string;
  /** Where files are written until then: `.<name>.tmp` beside `finalDir`. */
  readonly tempDir: string;
  private readonly oldDir: string;
  private current: ResultsFolderState = "open";

  private constructor(finalDir: string) {
    const name = basename(finalDir);
    if (name === "" || name === "." || name === "..") throw new Error(`results folder needs a name, got ${JSON.stringify(finalDir)}`);
    this.finalDir = finalDir;
    this.tempDir = join(dirname(finalDir), `.${name}.tmp`);
    this.oldDir = join(dirname(finalDir), `.${name}.old`);
  }

  /**
   * Starts a results folder that will become `finalDir`. Creates the parent folders and a
   * fresh, empty temporary folder (removing one left by a killed run).
   */
  static begin(finalDir: string): ResultsFolder {
    const folder = new ResultsFolder(finalDir);
    rmSync(folder.tempDir, { recursive: true, force: true });
    mkdirSync(folder.tempDir, { recursive: true });
    open.add(folder);
    openChanged();
    return folder;
  }

  get state(): ResultsFolderState {
    return this.current;
  }

  /**
   * Writes one file, `relativeName` being a path inside the folder (`charts/nodes.svg`);
   * subfolders are created. Names that are absolute or climb out with `..` are bugs and throw.
   * Content given as pieces (e.g. `csvChunks`) is written piece by piece, never joined.
   */
  write(relativeName: string, content: string | Uint8Array | Iterable<string>): void {
    this.assertOpen("write");
    const rel = normalize(relativeName);
    if (relativeName === "" || isAbsolute(rel) || rel === "." || rel === ".." || rel.startsWith(`..${sep}`)) {
      throw new Error(`results file name must stay inside the folder, got ${JSON.stringify(relativeName)}`);
    }
    const file = join(this.tempDir, rel);
    mkdirSync(dirname(file), { recursive: true });
    if (typeof content === "string" || content instanceof Uint8Array) {
      writeFileSync(file, content);
      return;
    }
    const fd = openSync(file, "w");
    try {
      for (const piece of content) writeSync(fd, piece);
    } finally {
      closeSync(fd);
    }
  }

  /** Moves the finished folder into place, replacing a previous run's folder of the same name. */
  commit(): void {
    this.assertOpen("commit");
    rmSync(this.oldDir, { recursive: true, force: true });
    const replacing = existsSync(this.finalDir);
    if (replacing) renameSync(this.finalDir, this.oldDir);
    try {
      renameSync(this.tempDir, this.finalDir);
    } catch (err) {
      // Put the previous results back; the temporary folder stays open for abort().
      if (replacing) renameSync(this.oldDir, this.finalDir);
      throw err;
    }
    this.current = "committed";
    open.delete(this);
    openChanged();
    if (replacing) rmSync(this.oldDir, { recursive: true, force: true });
  }

  /** Deletes the temporary folder. Safe to call more than once, and after a failed commit. */
  abort(): void {
    if (this.current !== "open") return;
    this.current = "aborted";
    open.delete(this);
    openChanged();
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private assertOpen(what: string): void {
    if (this.current !== "open") throw new Error(`cannot ${what}: results folder ${this.finalDir} is already ${this.current}`);
  }
}

/**
 * Runs `fill` on a new results folder and commits it; if `fill` throws, the folder is
 * aborted and the error rethrown.
 */
export function withResultsFolder(finalDir: string, fill: (folder: ResultsFolder) => void): void {
  const folder = ResultsFolder.begin(finalDir);
  try {
    fill(folder);
    folder.commit();
  } catch (err) {
    folder.abort();
    throw err;
  }
}

/**
 * Aborts every results folder still open in this process, for the CLI's signal and
 * uncaught-error handlers. Best effort: a folder that cannot be removed does not stop the
 * others. Returns the temporary folders it removed.
 */
export function abortAllOpenResultsFolders(): string[] {
  const removed: string[] = [];
  for (const folder of [...open]) {
    try {
      folder.abort();
      removed.push(folder.tempDir);
    } catch {
      // Exiting anyway; the next begin() for this run id removes what is left.
    }
  }
  return removed;
}

/** Number of results folders begun and not yet committed or aborted. */
export function openResultsFolderCount(): number {
  return open.size;
}
