/**
 * What `kubectl get pods|nodes|events` would have printed at a moment of simulated time,
 * rebuilt from a results folder (`results-reader.ts`). Column sets, the AGE format and the
 * table layout are kubectl's:
 * - pods (printers.go `printPod`): NAME READY STATUS RESTARTS AGE; `-o wide` adds NODE and
 *   NOMINATED NODE (the model has no pod IPs); RESTARTS reads `3 (2m ago)` after a restart;
 * - nodes (`printNode`): NAME STATUS ROLES AGE VERSION; ROLES from `node-role.kubernetes.io/*`
 *   and `kubernetes.io/role` labels, `<none>` without;
 * - events (`printEvent`): LAST SEEN TYPE REASON OBJECT MESSAGE; identical events are one row
 *   with `(xN over AGE)`, as client-go's EventCorrelator counts them; events older than the
 *   API server's `--event-ttl` (1 h) are gone.
 * Lists are sorted by namespace then name, as the API server returns them; events by last seen.
 */
import type { EventRecord, NodeRecord, PodRecord, ResultsData } from "./results-reader.js";
import { matchesLabels, type LabelRequirement } from "./label-query.js";

/** kube-apiserver `--event-ttl` default (cmd/kube-apiserver/app/options/options.go: 1 h). */
export const EVENT_TTL_S = 3600;

export interface GetOptions {
  atS: number;
  /** null = every namespace (`-A`). */
  namespace: string | null;
  selector: LabelRequirement[];
  wide: boolean;
}

export interface View {
  header: string[];
  rows: string[][];
  /** Machine form of the rows (`--json`). */
  items: Record<string, string | number | null>[];
}

/**
 * k8s.io/apimachinery/pkg/util/duration `HumanDuration`: `45s` under 2 minutes, `3m12s`
 * under 10 minutes, `42m` under 3 hours, `5h20m` under 8 hours, `20h` under 2 days, `2d3h`
 * under 8 days, then days, then years.
 */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/**
 * kubectl's table layout (printers `GetNewTabWriter`: tabwriter minwidth 6, padding 3,
 * padded with spaces): every column but the last is as wide as its widest cell plus 3.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(6, ...all.map((r) => r[c]!.length + 3)));
  return all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join("")).join("\n") + "\n";
}

const alive = (createdS: number, deletedS: number, t: number): boolean => createdS <= t && (Number.isNaN(deletedS) || deletedS > t);

/** The last entry with time <= t (histories are in time order). */
function lastAt<T extends { timeS: number }>(history: readonly T[], t: number): T | undefined {
  let found: T | undefined;
  for (const h of history) {
    if (h.timeS > t) break;
    found = h;
  }
  return found;
}

const byNamespaceName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }): number =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

export function podsView(data: ResultsData, o: GetOptions): View {
  const t = o.atS;
  const pods = data.pods
    .filter((p) => alive(p.createdS, p.deletedS, t) && (o.namespace === null || p.namespace === o.namespace) && matchesLabels(o.selector, p.labels))
    .sort(byNamespaceName);
  const header = [...(o.namespace === null ? ["NAMESPACE"] : []), "NAME", "READY", "STATUS", "RESTARTS", "AGE", ...(o.wide ? ["NODE", "NOMINATED NODE"] : [])];
  const items = pods.map((p) => podItem(p, t));
  const rows = items.map((i) => [
    ...(o.namespace === null ? [String(i.namespace)] : []),
    String(i.name), `${i.ready}/${i.total}`, String(i.status), restartsText(i.restarts as number, i.lastRestartS as number | null, t), humanDuration(t - (i.createdS as number)),
    ...(o.wide ? [String(i.node ?? "<none>"), String(i.nominatedNode ?? "<none>")] : []),
  ]);
  return { header, rows, items };
}

function podItem(p: PodRecord, t: number): Record<string, string | number | null> {
  const h = lastAt(p.history, t);
  // kubectl: the containers' last termination (lastState.terminated.finishedAt) when the kubelet
  // model posted it; otherwise when the restart count reached its current value.
  let lastRestartS: number | null = h && h.restarts > 0 && !Number.isNaN(h.lastRestartS) ? h.lastRestartS : null;
  if (h && h.restarts > 0 && lastRestartS === null) {
    for (const x of p.history) {
      if (x.timeS > t) break;
      if (x.restarts === h.restarts) {
        lastRestartS = x.timeS;
        break;
      }
    }
  }
  return {
    namespace: p.namespace,
    name: p.name,
    ready: h?.ready ?? 0,
    total: h?.total ?? 0,
    status: h?.status ?? "Pending",
    restarts: h?.restarts ?? 0,
    lastRestartS,
    createdS: p.createdS,
    node: !Number.isNaN(p.scheduledS) && p.scheduledS <= t && p.node !== "" ? p.node : null,
    nominatedNode: h?.nominated ? h.nominated : null,
  };
}

function restartsText(restarts: number, lastRestartS: number | null, t: number): string {
  return restarts > 0 && lastRestartS !== null ? `${restarts} (${humanDuration(t - lastRestartS)} ago)` : String(restarts);
}

/** printers.go `findNodeRoles`. */
export function nodeRoles(labels: Readonly<Record<string, string>>): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith("node-role.kubernetes.io/")) roles.add(k.slice("node-role.kubernetes.io/".length));
    else if (k === "kubernetes.io/role") roles.add(v);
  }
  return roles.size === 0 ? "<none>" : [...roles].sort().join(",");
}

export function nodesView(data: ResultsData, o: GetOptions): View {
  const t = o.atS;
  const nodes = data.nodes.filter((n) => alive(n.createdS, n.deletedS, t) && matchesLabels(o.selector, n.labels)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const items = nodes.map((n: NodeRecord) => ({
    name: n.name, status: lastAt(n.history, t)?.status ?? "Unknown", roles: nodeRoles(n.labels), createdS: n.createdS, version: n.version,
    zone: n.labels["topology.kubernetes.io/zone"] ?? null,
  }));
  const header = ["NAME", "STATUS", "ROLES", "AGE", "VERSION", ...(o.wide ? ["ZONE"] : [])];
  const rows = items.map((i) => [i.name, i.status, i.roles, humanDuration(t - i.createdS), i.version, ...(o.wide ? [i.zone ?? "<none>"] : [])]);
  return { header, rows, items };
}

/** `Pod/shop/web-1` → namespace `shop`, `pod/web-1`; `Node/n1` → `default`, `node/n1` (node events live in default). */
function eventObject(object: string): { namespace: string; ref: string } {
  const parts = object.split("/");
  const kind = parts[0]!.toLowerCase();
  if (parts.length >= 3) return { namespace: parts[1]!, ref: `${kind}/${parts.slice(2).join("/")}` };
  return { namespace: "default", ref: `${kind}/${parts.slice(1).join("/")}` };
}

export function eventsView(data: ResultsData, o: GetOptions): View {
  const t = o.atS;
  interface Agg { namespace: string; type: string; reason: string; object: string; message: string; count: number; firstS: number; lastS: number; order: number }
  const groups = new Map<string, Agg>();
  let order = 0;
  for (const e of data.events as EventRecord[]) {
    if (e.timeS > t) break;
    const { namespace, ref } = eventObject(e.object);
    if (o.namespace !== null && namespace !== o.namespace) continue;
    const key = `${namespace}\u0000${e.type}\u0000${e.reason}\u0000${ref}\u0000${e.message}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.lastS = e.timeS;
    } else groups.set(key, { namespace, type: e.type, reason: e.reason, object: ref, message: e.message, count: 1, firstS: e.timeS, lastS: e.timeS, order: order++ });
  }
  // Events have no labels: any selector with a requirement matches none.
  const list = [...groups.values()].filter((g) => t - g.lastS < EVENT_TTL_S && matchesLabels(o.selector, {})).sort((a, b) => a.lastS - b.lastS || a.order - b.order);
  const header = [...(o.namespace === null ? ["NAMESPACE"] : []), "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
  const rows = list.map((g) => {
    const last = humanDuration(t - g.lastS);
    const seen = g.count > 1 ? `${last} (x${g.count} over ${humanDuration(t - g.firstS)})` : last;
    return [...(o.namespace === null ? [g.namespace] : []), seen, g.type, g.reason, g.object, g.message];
  });
  const items = list.map((g) => ({ namespace: g.namespace, type: g.type, reason: g.reason, object: g.object, message: g.message, count: g.count, firstSeenS: g.firstS, lastSeenS: g.lastS }));
  return { header, rows, items };
}
