/**
 * `kubesim validate <files...>`: parses and checks scenario files (`kind: Scenario`) and plain
 * Kubernetes manifests without simulating anything, like `kubectl apply --dry-run` with strict
 * field validation. Exit 0 with one ✓ line per file, or exit 2 with every mistake as
 * `error: file:line:col: path: message` (main's `reportError` prints them; `--json` too).
 */
import type { Command } from "commander";
import { InputError, type InputErrorDetail } from "../../errors.js";
import { formatNotSimulated, loadManifests, notSimulatedKinds, type LoadedObject } from "../../scenario/manifests.js";
import { loadScenario, MAX_REPORTED_ERRORS } from "../../scenario/load-scenario.js";
import { objectFieldErrors } from "../../scenario/object-fields.js";
import { sortDetails } from "../../scenario/scenario-checker.js";
import { SCENARIO_KIND } from "../../scenario/schema.js";
import { readYamlFile } from "../../scenario/yaml-source.js";
import { loadSchedulerConfigurationFile } from "../../scheduler/config/index.js";
import { action, newCommand } from "../command.js";
import { EXIT_OK } from "../exit-codes.js";
import { plural } from "../../report/plural.js";

/** What `validate` found in one file; the `--json` shape (`{"files": [...]}`). */
export interface ValidatedFile {
  file: string;
  kind: "Scenario" | "KubeSchedulerConfiguration" | "Manifests";
  /** The scenario's `metadata.name`; null for manifests. */
  name: string | null;
  nodePools: number;
  /** Pool nodes at the start plus Node objects. */
  nodes: number;
  /** Objects other than Nodes. */
  objects: number;
  notSimulated: { kind: string; count: number }[];
  /** Scheduler profiles, for a KubeSchedulerConfiguration file. */
  profiles?: number;
  /** Pods of the scenario's traces (`spec.workloads[].trace`), when it has any. */
  tracePods?: number;
}

interface ValidateFlags {
  set?: string[];
}

/**
 * What the file holds: a scenario if any document has `kind: Scenario`; a scheduler
 * configuration (which has no metadata, unlike Kubernetes objects); otherwise manifests.
 */
function fileKind(file: string): ValidatedFile["kind"] {
  const kinds = readYamlFile(file).documents.map((d) => (d.value as { kind?: unknown } | null)?.kind);
  if (kinds.includes(SCENARIO_KIND)) return "Scenario";
  if (kinds.length === 1 && kinds[0] === "KubeSchedulerConfiguration") return "KubeSchedulerConfiguration";
  return "Manifests";
}

function summarise(objects: readonly LoadedObject[]): Pick<ValidatedFile, "nodes" | "objects" | "notSimulated"> {
  const others = objects.filter((o) => o.kind !== "Node");
  return { nodes: objects.length - others.length, objects: others.length, notSimulated: notSimulatedKinds(others) };
}

export function validateFile(file: string, set: readonly string[], warn: (w: string) => void): ValidatedFile {
  const kind = fileKind(file);
  if (kind === "KubeSchedulerConfiguration") {
    const config = loadSchedulerConfigurationFile(file);
    return { file, kind, name: null, nodePools: 0, nodes: 0, objects: 0, notSimulated: [], profiles: config.profiles.length };
  }
  if (kind === "Manifests") {
    const loaded = loadManifests([file]);
    // The field checks a scenario's objects get, so a manifest that validates also loads.
    const errors = loaded.objects.flatMap((o) => objectFieldErrors(o).flatMap((e) => e.details));
    if (errors.length > 0) throw new InputError(sortDetails(errors, MAX_REPORTED_ERRORS));
    loaded.warnings.forEach((w) => warn(w));
    return { file, kind: "Manifests", name: null, nodePools: 0, ...summarise(loaded.objects) };
  }
  const s = loadScenario(file, { set, onWarning: warn });
  const counts = summarise(s.objects);
  const poolNodes = s.nodePools.reduce((n, p) => n + p.count, 0);
  const traces = s.traces ?? [];
  const traceNodes = traces.reduce((n, t) => n + (t.nodes?.count ?? 0), 0);
  const tracePods = traces.reduce((n, t) => n + t.pods.count, 0);
  return { file, kind: "Scenario", name: s.name, nodePools: s.nodePools.length, ...counts, nodes: counts.nodes + poolNodes + traceNodes, ...(traces.length > 0 ? { tracePods } : {}) };
}

/** `✓ scenarios/shop.yaml: Scenario shop, 6 nodes in 1 pool, 14 objects (3 not simulated: 2 ConfigMap, 1 Secret)` */
export function formatValidated(v: ValidatedFile): string {
  if (v.kind === "KubeSchedulerConfiguration") return `✓ ${v.file}: KubeSchedulerConfiguration, ${plural(v.profiles ?? 0, "profile")}`;
  const parts: string[] = [];
  if (v.kind === "Scenario") {
    parts.push(`Scenario ${v.name}`);
    parts.push(v.nodePools > 0 ? `${plural(v.nodes, "node")} in ${plural(v.nodePools, "pool")}` : plural(v.nodes, "node"));
  } else if (v.nodes > 0) {
    parts.push(plural(v.nodes, "node"));
  }
  const skipped = v.notSimulated.reduce((n, k) => n + k.count, 0);
  if (v.objects > 0 || parts.length === 0 || v.kind === "Scenario") parts.push(plural(v.objects, "object") + (skipped > 0 ? ` (${skipped} not simulated: ${formatNotSimulated(v.notSimulated)})` : ""));
  if (v.tracePods !== undefined) parts.push(plural(v.tracePods, "trace pod"));
  return `✓ ${v.file}: ${parts.join(", ")}`;
}

export function validateCommand(): Command {
  return newCommand("validate", "check scenario files and Kubernetes manifests without running anything (exit 0 valid, 2 not)", [
    "kubesim validate scenarios/shop.yaml",
    "kubesim validate scenarios/*.yaml manifests/*.yaml --json",
  ])
    .argument("<files...>", "scenario files (kind: Scenario) and Kubernetes manifests")
    .option("--set <path=value>", "override a scenario value, as `kubesim run` does (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .action(
      action((ctx, files: string[], flags: ValidateFlags) => {
        const ok: ValidatedFile[] = [];
        const errors: InputErrorDetail[] = [];
        for (const file of files) {
          try {
            const v = validateFile(file, flags.set ?? [], (w) => ctx.note(`warning: ${w}`));
            ok.push(v);
            if (!ctx.json) ctx.print(ctx.out.green(formatValidated(v)));
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            errors.push(...e.details);
          }
        }
        // Every file's mistakes at once; main's reportError prints them and exits 2.
        if (errors.length > 0) throw new InputError(sortDetails(errors, MAX_REPORTED_ERRORS));
        if (ctx.json) ctx.print(JSON.stringify({ files: ok }, null, 2));
        return EXIT_OK;
      }),
    );
}
