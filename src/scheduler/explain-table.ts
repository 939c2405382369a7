/**
 * Terminal rendering of an explain result: one row per node with its filter verdict, the
 * weighted score of each plugin and the total, then the chosen node and the event message.
 * Plain text within 100 columns; the CLI adds colour.
 */
import type { ExplainResult } from "./explain.js";

/** Column headers for the upstream score plugins; others use their first 8 characters. */
const SHORT: Record<string, string> = {
  TaintToleration: "Taint",
  NodeAffinity: "NodeAff",
  NodeResourcesFit: "Fit",
  PodTopologySpread: "Spread",
  InterPodAffinity: "PodAff",
  NodeResourcesBalancedAllocation: "Balanced",
  ImageLocality: "Image",
};

const WIDTH = 100;

function cut(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 1)) + "…";
}

/** Greedy word wrap to the table width. */
function wrap(text: string): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = "  " + word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) out.push(line);
  return out;
}

export function renderExplainTable(r: ExplainResult): string {
  const plugins: string[] = [];
  for (const n of r.nodes) for (const p of Object.keys(n.scores ?? {})) if (!plugins.includes(p)) plugins.push(p);
  const heads = plugins.map((p) => SHORT[p] ?? p.slice(0, 8));
  const colW = heads.map((h) => Math.max(h.length, 5));
  const scoreW = colW.reduce((a, w) => a + w + 1, 0) + 6;
  // One extra column for the "*" selection mark.
  const nameW = Math.min(28, Math.max(4, ...r.nodes.map((n) => n.name.length))) + 1;
  const verdictW = Math.max(12, WIDTH - nameW - scoreW - 2);

  const lines: string[] = [];
  lines.push(`Pod ${r.pod}: ${r.numNodes} node(s), numFeasibleNodesToFind ${r.numFeasibleNodesToFind}`);
  lines.push("");
  const header = "NODE".padEnd(nameW) + " " + "FILTER".padEnd(verdictW) + " " + heads.map((h, i) => h.padStart(colW[i]!)).join(" ") + " " + "TOTAL".padStart(5);
  lines.push(header.trimEnd());
  for (const n of r.nodes) {
    const verdict = n.filter ? `✗ ${n.filter.plugin}: ${n.filter.reasons.join(", ")}` : "✓ feasible";
    const cells = plugins.map((p, i) => {
      const s = n.scores?.[p];
      return (s ? String(s.weighted) : "").padStart(colW[i]!);
    });
    const total = n.total === null ? "" : String(n.total);
    const mark = r.selectedNode === n.name ? "*" : " ";
    lines.push((cut(n.name, nameW - 1) + mark).padEnd(nameW) + " " + cut(verdict, verdictW).padEnd(verdictW) + " " + cells.join(" ") + " " + total.padStart(5));
  }
  lines.push("");
  if (plugins.length > 0) lines.push("Scores are weighted (normalized × weight); * marks the selected node.");
  if (r.unimplementedPlugins.length > 0) lines.push(...wrap(`Not modelled (did not run): ${r.unimplementedPlugins.join(", ")}`));
  lines.push(r.selectedNode ? `Selected node: ${r.selectedNode}` : "No node selected.");
  const pre = r.preemption;
  if (pre && pre.nominatedNode !== null) {
    const victims = pre.victims.map((v) => `${v.pod} (priority ${v.priority})`).join(", ");
    lines.push(...wrap(`Preemption: would nominate ${pre.nominatedNode} and evict ${victims}.`));
  } else if (pre) lines.push("Preemption: cannot help (see the preemption part of the message).");
  lines.push(r.message);
  return lines.map((l) => l.trimEnd()).join("\n") + "\n";
}
