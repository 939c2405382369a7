/**
 * `run.json`: everything needed to reproduce a run and to check that it is the run you
 * think it is (`ux.md` A5): kubesim's version and the Kubernetes version it models, the
 * seed, the resolved inputs, a sha256 of every input file, and the command-line arguments.
 *
 * No wall-clock time, host name or absolute path of the machine goes in (wall-clock time
 * is for stderr only), so the same inputs and seed give byte-identical `run.json` files on
 * any machine, and `kubesim` can compare a rerun with the original by bytes.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import { inputError } from "../errors.js";
import { KUBERNETES_VERSION_MODELLED, KUBESIM_VERSION } from "../version.js";
import { stableStringify } from "./stable-json.js";

/** File name inside the results folder. */
export const RUN_MANIFEST_FILE = "run.json";

export interface InputFileHash {
  sha256: string;
  bytes: number;
}

export interface RunManifest {
  apiVersion: "kubesim.io/v1alpha1";
  kind: "RunManifest";
  kubesimVersion: string;
  /** The Kubernetes release whose behaviour is modelled (`src/version.ts`). */
  kubernetesVersionModelled: string;
  seed: number;
  runId?: string;
  /** Arguments after `kubesim` that reproduce the run (`["run", "scenarios/x.yaml", "--seed", "42"]`). */
  args: string[];
  /** sha256 of each input file's bytes, keyed by its path relative to the working directory. */
  inputFiles: Record<string, InputFileHash>;
  /** The resolved inputs (scenario after defaults and imports), as a JSON value. */
  inputs: unknown;
}

export interface RunManifestOptions {
  seed: number;
  runId?: string;
  args: readonly string[];
  /** Paths as the user gave them; read relative to `cwd`. */
  inputFiles: readonly string[];
  inputs: unknown;
  /** Directory relative paths are read from and absolute ones made relative to; default `process.cwd()`. */
  cwd?: string;
}

/** Reads and hashes the input files and assembles the manifest. Unreadable files are `FILE_UNREADABLE`. */
export function buildRunManifest(options: RunManifestOptions): RunManifest {
  const cwd = options.cwd ?? process.cwd();
  const inputFiles: Record<string, InputFileHash> = {};
  for (const given of options.inputFiles) {
    inputFiles[manifestPath(given, cwd)] = hashInputFile(resolve(cwd, given), given);
  }
  const manifest: RunManifest = {
    apiVersion: "kubesim.io/v1alpha1",
    kind: "RunManifest",
    kubesimVersion: KUBESIM_VERSION,
    kubernetesVersionModelled: KUBERNETES_VERSION_MODELLED,
    seed: options.seed,
    args: [...options.args],
    inputFiles,
    inputs: options.inputs,
  };
  if (options.runId !== undefined) manifest.runId = options.runId;
  return manifest;
}

/** The manifest as `run.json` bytes (sorted keys, trailing newline). */
export function renderRunManifest(manifest: RunManifest): string {
  return stableStringify(manifest);
}

/**
 * The default run id, `s<seed>-<hash8>` (`ux.md` A5), where hash8 is the first 8 hex digits
 * of the sha256 of the resolved inputs in stable JSON: the same scenario and seed always land
 * in the same results folder.
 */
export function defaultRunId(seed: number, inputs: unknown): string {
  return `s${seed}-${sha256Hex(stableStringify(inputs, 0)).slice(0, 8)}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The key an input file is listed under: the user's relative path with `./` and `a/../`
 * folded and `/` separators; an absolute path is made relative to `cwd`, so that no
 * machine-specific prefix reaches the file.
 */
export function manifestPath(given: string, cwd: string): string {
  const rel = isAbsolute(given) ? relative(cwd, given) : given;
  return posix.normalize(rel.split(sep).join("/"));
}

function hashInputFile(absolute: string, given: string): InputFileHash {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw inputError("FILE_UNREADABLE", "", `cannot read input file (${code})`, { file: given });
  }
  return { sha256: sha256Hex(bytes), bytes: bytes.length };
}
