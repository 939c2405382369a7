/**
 * `kubesim init [--from-manifests <files or folders...>] [-o scenario.yaml]`: writes a starter
 * scenario (scenario/starter-scenario.ts): the user's manifests as its workloads, a node pool
 * sized for their requests, the SIG-scalability SLOs, and the editor modeline. The file is
 * loaded as `kubesim run` would load it before it is written, so a mistake in a manifest is
 * reported as usual (`file:line:column`, exit 2) and nothing is written; an existing file is
 * only replaced with `--force`.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { InputError, inputError } from "../../errors.js";
import { writeFileAtomic } from "../../report/atomic-file.js";
import { INSTANCE_TYPE_NAMES, instanceType } from "../../scenario/instance-types.js";
import { loadScenario } from "../../scenario/load-scenario.js";
import { loadManifests } from "../../scenario/manifests.js";
import { SCENARIO_NAME_PATTERN } from "../../scenario/schema-helpers.js";
import { clusterSize, formatRequests, starterScenarioText, workloadDemand, type ClusterSize } from "../../scenario/starter-scenario.js";
import { action, newCommand } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";
import { plural } from "../../report/plural.js";

interface InitFlags {
  fromManifests?: string[];
  output: string;
  instanceType: string;
  name?: string;
  force?: boolean;
}

/** Manifest files a folder may hold. */
const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
/** Files taken from folders at most: a mistyped `/` must not read a whole disk. */
const MAX_MANIFEST_FILES = 1000;
/** The repository's schema file (dist/src/cli/commands/ → the package root). */
const SCHEMA_FILE = fileURLToPath(new URL("../../../../schema/scenario.schema.json", import.meta.url));

export function initCommand(): Command {
  return newCommand("init", "write a starter scenario: your manifests, a cluster sized for their requests, SLOs", [
    "kubesim init --from-manifests k8s/ -o shop.yaml",
    "kubesim init --from-manifests app.yaml db.yaml --instance-type e2-standard-8",
  ])
    .option("--from-manifests <paths...>", "manifest files or folders (their .yaml, .yml and .json files, recursively) to take as the workloads")
    .option("-o, --output <file>", "the scenario file to write", "scenario.yaml")
    .addOption(new Option("--instance-type <name>", "node type of the sized pool").choices(INSTANCE_TYPE_NAMES).default("m6i.xlarge"))
    .option("--name <name>", "metadata.name (default: from the file name)")
    .option("--force", "replace the file if it exists")
    .addHelpText(
      "after",
      "\nThe pool gets enough nodes that the pods' requests (Deployments, ReplicaSets and\n" +
        "StatefulSets at spec.replicas, Jobs at min(parallelism, completions), bare Pods)\n" +
        "fill at most 70 % of its CPU, memory and pod slots after every node's DaemonSet\n" +
        "pods, and at least 3 nodes (one per zone): a first guess for `kubesim sweep\n" +
        "--find-min` to refine (docs/scenarios.md).\n" +
        "Exit codes: 0 written, 2 bad input or usage (nothing written).",
    )
    .action(action((ctx, flags: InitFlags) => initAction(ctx, flags)));
}

/** The files named on the command line, folders expanded (sorted, hidden entries skipped). */
export function manifestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
      if (out.length > MAX_MANIFEST_FILES) throw inputError("RESOURCE_EXHAUSTION", "--from-manifests", `more than ${MAX_MANIFEST_FILES} manifest files under ${dir}`);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) throw inputError("FILE_UNREADABLE", "--from-manifests", `no such file or folder: ${p}`);
    if (statSync(p).isDirectory()) {
      const before = out.length;
      walk(p);
      if (out.length === before) throw inputError("FILE_UNREADABLE", "--from-manifests", `no .yaml, .yml or .json file under ${p}`);
    } else out.push(p);
  }
  return [...new Set(out.map((f) => resolve(f)))];
}

/** metadata.name from the file name: `shop.yaml` → `shop`; characters a name cannot hold become `-`. */
export function scenarioNameOf(file: string): string {
  const stem = basename(file, extname(file))
    .replace(/[^-A-Za-z0-9_.]/g, "-")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  return stem === "" ? "scenario" : stem.slice(0, 253);
}

/** A path relative to `from`, with `/` separators as YAML files carry them everywhere. */
function portable(from: string, to: string): string {
  return relative(from, to).split(sep).join("/");
}

function initAction(ctx: CliContext, flags: InitFlags): number {
  const out = resolve(flags.output);
  if (existsSync(out) && !flags.force) throw inputError("USAGE", "--output", `${flags.output} exists; --force replaces it`);
  if (!existsSync(dirname(out))) throw inputError("USAGE", "--output", `no folder ${dirname(flags.output)} to write ${basename(flags.output)} in`);
  const name = flags.name ?? scenarioNameOf(out);
  if (!new RegExp(SCENARIO_NAME_PATTERN).test(name) || name.length > 253) {
    throw inputError("USAGE", "--name", `"${name}" is not a scenario name (letters, digits, -, _ and ., starting and ending with a letter or digit)`);
  }
  const files = manifestFiles(flags.fromManifests ?? []);
  const objects = loadManifests(files, { displayRoot: process.cwd() }).objects;
  const demand = workloadDemand(objects);
  const t = instanceType(flags.instanceType)!;
  let size: ClusterSize | null = null;
  if (demand.nodes === 0) {
    size = clusterSize(demand, t);
    if (size === null) {
      throw inputError("USAGE", "--instance-type", `the DaemonSets request ${formatRequests(demand.perNode)} on every node, more than 70 % of a ${flags.instanceType}: choose a larger --instance-type`);
    }
  }
  const dir = dirname(out);
  const text = starterScenarioText({
    name,
    file: flags.output,
    schemaPath: portable(dir, SCHEMA_FILE),
    command: ["kubesim init", ...(files.length > 0 ? ["--from-manifests", ...(flags.fromManifests ?? [])] : []), ...(flags.output === "scenario.yaml" ? [] : ["-o", flags.output])].join(" "),
    manifests: files.map((f) => portable(dir, f)),
    instanceTypeName: flags.instanceType,
    instanceType: t,
    demand,
    size,
  });
  checkLoads(out, text);
  writeFileAtomic(out, text);
  const summary = {
    file: flags.output,
    name,
    manifestFiles: files.length,
    workloads: demand.workloads,
    nodes: size?.count ?? demand.nodes,
    instanceType: size === null ? null : flags.instanceType,
    sizedBy: size?.bound ?? null,
  };
  if (size !== null && !size.largestFits && demand.largest !== null) {
    ctx.note(`warning: ${demand.largest.workload} requests ${formatRequests(demand.largest)} per pod, more than one ${flags.instanceType} has beside the DaemonSets: it will stay Pending (try a larger --instance-type)`);
  }
  if (ctx.json) ctx.print(JSON.stringify(summary, null, 2));
  else {
    const cluster = size === null ? `the manifests' ${plural(demand.nodes, "node")}` : `${size.count} × ${flags.instanceType}`;
    const from = files.length === 0 ? "an example Deployment" : `${plural(demand.workloads, "workload")} from ${plural(files.length, "file")}`;
    ctx.print(`✓ wrote ${flags.output}: ${cluster} for ${from}\nnext: kubesim run ${flags.output}`);
  }
  return EXIT_OK;
}

/**
 * Loads the scenario as `kubesim run` would, from a temporary sibling: a manifest mistake is the
 * user's (exit 2, nothing written); one in the generated text itself would be kubesim's.
 */
function checkLoads(out: string, text: string): void {
  const tmp = join(dirname(out), `.${basename(out)}.init-${process.pid}.yaml`);
  writeFileAtomic(tmp, text);
  try {
    // Relative to the working folder, so messages name the manifests as the user does.
    loadScenario(relative(process.cwd(), tmp) || tmp);
  } catch (err) {
    if (err instanceof InputError && err.details.some((d) => resolve(d.file) === tmp)) {
      throw new Error(`kubesim init wrote a scenario it cannot load:\n${err.message}`);
    }
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}
