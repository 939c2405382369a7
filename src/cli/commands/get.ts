/**
 * `kubesim get pods|nodes|events <results-dir> --at <time>`: what `kubectl get` would have
 * printed at that moment of the simulated run, rebuilt from the results folder
 * (src/report/kubectl-views.ts). A bad time, folder, selector or resource is exit 2.
 */
import { Command } from "commander";
import { DurationError, parseDuration } from "../../cluster/duration.js";
import { inputError } from "../../errors.js";
import { eventsView, formatTable, nodesView, podsView, type GetOptions, type View } from "../../report/kubectl-views.js";
import { parseLabelQuery } from "../../report/label-query.js";
import { readResults, type ResultsData } from "../../report/results-reader.js";
import { stableStringify } from "../../report/stable-json.js";
import { action, newCommand } from "../command.js";
import type { CliContext } from "../context.js";
import { EXIT_OK } from "../exit-codes.js";

interface GetFlags {
  at?: string;
  selector?: string;
  output?: string;
  namespace?: string;
  allNamespaces?: boolean;
}

/** kubectl's names and short names for the three resources. */
const RESOURCES: Record<string, "pods" | "nodes" | "events"> = {
  pods: "pods", pod: "pods", po: "pods",
  nodes: "nodes", node: "nodes", no: "nodes",
  events: "events", event: "events", ev: "events",
};

/** `--at`: a duration since the start (`5m`, `90s`, `1h30m`, `300` = seconds), `hh:mm:ss`, or `end`. */
export function parseAt(text: string | undefined, durationS: number): number {
  if (text === undefined || text === "end") return durationS;
  let s: number;
  const clock = /^(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$/.exec(text.trim());
  if (clock) s = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  else {
    try {
      s = parseDuration(text) / 1e6;
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      throw inputError("USAGE", "--at", `expected a time into the run like 5m, 1h30m, 01:12:00 or end, got "${text}"`);
    }
  }
  if (s < 0 || s > durationS) throw inputError("USAGE", "--at", `${text} is outside the run, which simulated 0 to ${durationS}s`);
  return s;
}

export function getCommand(): Command {
  return newCommand("get", "show what `kubectl get` would have printed at a moment of a finished run", [
    "kubesim get pods results/quickstart/s42-9ece916f --at 5m -n shop -o wide",
    "kubesim get events results/quickstart/s42-9ece916f --at 04:55:00 -A",
  ])
    .argument("<resource>", "pods (po), nodes (no) or events (ev)")
    .argument("<results-dir>", "a results folder written by kubesim run")
    .option("--at <time>", "simulated time: 5m, 1h30m, 01:12:00, or end (default: end of the run)")
    .option("-l, --selector <selector>", "label selector, e.g. app=web,tier!=db or 'env in (a,b)'")
    .option("-o, --output <format>", "wide: more columns (pods: NODE, NOMINATED NODE; nodes: ZONE)")
    .option("-n, --namespace <ns>", "namespace of pods and events", "default")
    .option("-A, --all-namespaces", "every namespace (adds a NAMESPACE column)")
    .action(action((ctx, resource: string, dir: string, flags: GetFlags) => getAction(ctx, resource, dir, flags)));
}

function getAction(ctx: CliContext, resource: string, dir: string, flags: GetFlags): number {
  const kind = RESOURCES[resource.toLowerCase()];
  if (!kind) throw inputError("USAGE", "<resource>", `the server doesn't have a resource type "${resource}" (kubesim get knows pods, nodes and events)`);
  if (flags.output !== undefined && flags.output !== "wide") throw inputError("USAGE", "-o", `unknown output format "${flags.output}"; only wide (and --json) are supported`);
  let selector;
  try {
    selector = parseLabelQuery(flags.selector ?? "");
  } catch (e) {
    throw inputError("USAGE", "-l", (e as Error).message);
  }
  const data: ResultsData = readResults(dir);
  const opts: GetOptions = {
    atS: parseAt(flags.at, data.durationS),
    namespace: kind === "nodes" || flags.allNamespaces ? null : (flags.namespace ?? "default"),
    selector,
    wide: flags.output === "wide",
  };
  const view: View = kind === "pods" ? podsView(data, opts) : kind === "nodes" ? nodesView(data, opts) : eventsView(data, opts);
  if (ctx.json) {
    const listKind = kind === "pods" ? "PodList" : kind === "nodes" ? "NodeList" : "EventList";
    ctx.print(stableStringify({ apiVersion: "kubesim.io/v1alpha1", kind: listKind, atS: opts.atS, items: view.items }));
    return EXIT_OK;
  }
  if (view.rows.length === 0) {
    // kubectl writes this to stderr and exits 0.
    ctx.note(kind === "nodes" || opts.namespace === null ? "No resources found" : `No resources found in ${opts.namespace} namespace.`);
    return EXIT_OK;
  }
  ctx.print(formatTable(view.header, view.rows).trimEnd());
  return EXIT_OK;
}
