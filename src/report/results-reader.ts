/**
 * Reads a results folder back (the report side of `kubesim get`): pods.csv, pod-status.csv,
 * nodes.csv, node-status.csv, events.csv and summary.json, into plain records in simulated
 * seconds. A folder that is missing, or lacks one of these files, or holds a file kubesim did
 * not write, is an InputError (exit 2), never a stack trace.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../errors.js";
import { parseCsv } from "./csv.js";
import { parseLabelsColumn } from "./label-query.js";

export interface PodRecord {
  namespace: string;
  name: string;
  node: string;
  createdS: number;
  scheduledS: number;
  deletedS: number;
  labels: Record<string, string>;
  /** pod-status.csv rows of this pod, in time order. */
  history: { timeS: number; status: string; ready: number; total: number; restarts: number; lastRestartS: number; nominated: string }[];
}

export interface NodeRecord {
  name: string;
  createdS: number;
  deletedS: number;
  version: string;
  labels: Record<string, string>;
  history: { timeS: number; status: string }[];
}

export interface EventRecord {
  timeS: number;
  type: string;
  reason: string;
  /** `Pod/shop/web-1` or `Node/general-1`, as events.csv writes it. */
  object: string;
  message: string;
}

export interface ResultsData {
  dir: string;
  scenario: string;
  durationS: number;
  pods: PodRecord[];
  nodes: NodeRecord[];
  events: EventRecord[];
}

/** Empty cell = never happened. */
function num(v: string): number {
  return v === "" ? NaN : Number(v);
}

function table(dir: string, file: string, need: readonly string[]): Record<string, string>[] {
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw inputError("FILE_UNREADABLE", "", `${path}: not found; is ${dir} a kubesim results folder written by this version (kubesim run)?`, { file: path });
  }
  let parsed: { header: string[]; rows: string[][] };
  try {
    parsed = parseCsv(readFileSync(path, "utf8"));
  } catch (e) {
    throw inputError("FILE_UNREADABLE", "", `not a kubesim CSV: ${(e as Error).message}`, { file: path });
  }
  const missing = need.filter((c) => !parsed.header.includes(c));
  if (missing.length > 0) throw inputError("FILE_UNREADABLE", "", `missing column(s) ${missing.join(", ")}`, { file: path });
  return parsed.rows.map((r) => Object.fromEntries(parsed.header.map((h, i) => [h, r[i]!])));
}

export function readResults(dir: string): ResultsData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError("FILE_UNREADABLE", "<results-dir>", `${dir}: no such results folder`);
  const summaryPath = join(dir, "summary.json");
  let summary: { scenario?: string; durationSimulatedS?: number };
  try {
    summary = JSON.parse(readFileSync(summaryPath, "utf8"));
  } catch {
    throw inputError("FILE_UNREADABLE", "", `${summaryPath}: missing or not JSON; is ${dir} a kubesim results folder?`, { file: summaryPath });
  }
  const pods: PodRecord[] = [];
  for (const r of table(dir, "pods.csv", ["namespace", "pod", "node", "created_s", "scheduled_s", "deleted_s", "labels"])) {
    const p: PodRecord = {
      namespace: r.namespace!, name: r.pod!, node: r.node!, createdS: num(r.created_s!), scheduledS: num(r.scheduled_s!), deletedS: num(r.deleted_s!),
      labels: parseLabelsColumn(r.labels!), history: [],
    };
    pods.push(p);
  }
  // A name reused after deletion (StatefulSet pods): status rows go to the incarnation alive then.
  const incarnations = new Map<string, PodRecord[]>();
  for (const p of pods) {
    const k = `${p.namespace}/${p.name}`;
    const list = incarnations.get(k) ?? [];
    list.push(p);
    incarnations.set(k, list);
  }
  for (const r of table(dir, "pod-status.csv", ["time_s", "namespace", "pod", "status", "ready_containers", "total_containers", "restarts", "last_restart_s", "nominated_node"])) {
    const t = num(r.time_s!);
    const list = incarnations.get(`${r.namespace}/${r.pod}`);
    // The incarnation alive at t: the last one created at or before t.
    const p = list?.filter((x) => x.createdS <= t).pop();
    if (!p) continue;
    p.history.push({ timeS: t, status: r.status!, ready: num(r.ready_containers!), total: num(r.total_containers!), restarts: num(r.restarts!), lastRestartS: num(r.last_restart_s!), nominated: r.nominated_node! });
  }
  const nodes: NodeRecord[] = table(dir, "nodes.csv", ["node", "created_s", "deleted_s", "version", "labels"]).map((r) => ({
    name: r.node!, createdS: num(r.created_s!), deletedS: num(r.deleted_s!), version: r.version!, labels: parseLabelsColumn(r.labels!), history: [],
  }));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  for (const r of table(dir, "node-status.csv", ["time_s", "node", "status"])) {
    nodeByName.get(r.node!)?.history.push({ timeS: num(r.time_s!), status: r.status! });
  }
  const events: EventRecord[] = table(dir, "events.csv", ["time_s", "type", "reason", "object", "message"]).map((r) => ({
    timeS: num(r.time_s!), type: r.type!, reason: r.reason!, object: r.object!, message: r.message!,
  }));
  return { dir, scenario: summary.scenario ?? "", durationS: summary.durationSimulatedS ?? 0, pods, nodes, events };
}
