/**
 * Matching-pod counts per node for one (label selector, namespace), kept between scheduling
 * cycles and revalidated per node against `ClusterState.nodePodsVersion`.
 *
 * PodTopologySpread counts, every cycle, the pods matching a constraint's selector on every
 * node (common.go countPodsMatchSelector; upstream spreads that walk over 16 goroutines). Pods
 * of one workload share the selector, and between two of their cycles only the nodes that
 * gained or lost a pod change, so the walk over a node's pods is redone only for those nodes;
 * an unchanged node costs two typed-array reads. Results are identical to a fresh count.
 * At most `MAX_MEMOS` selectors per cluster are kept (least recently used evicted).
 */
import type { ClusterState } from "../cluster/cluster-state.js";
import { selectorMatches, type CompiledSelector } from "./label-selector.js";

const MAX_MEMOS = 64;

export class PodCountMemo {
  count = new Int32Array(0);
  /** `nodePodsVersion + 1` when `count` was taken; 0 = never. */
  seen = new Uint32Array(0);

  constructor(
    readonly selector: CompiledSelector,
    readonly namespaceId: number,
  ) {}

  /** Matching, non-terminating pods in the namespace on `node`. */
  countOn(c: ClusterState, node: number): number {
    if (node >= this.count.length) this.grow(c.nodes.end);
    const v = c.nodePodsVersion[node]! + 1;
    if (this.seen[node] === v) return this.count[node]!;
    const n = countMatchingPods(c, this.selector, this.namespaceId, node);
    this.count[node] = n;
    this.seen[node] = v;
    return n;
  }

  private grow(nodes: number): void {
    const n = Math.max(nodes, this.count.length * 2, 16);
    const count = new Int32Array(n);
    const seen = new Uint32Array(n);
    count.set(this.count);
    seen.set(this.seen);
    this.count = count;
    this.seen = seen;
  }
}

const memos = new WeakMap<ClusterState, Map<string, PodCountMemo>>();

/** The memo for (selector, namespace) in cluster `c`. Cold: once per constraint per cycle. */
export function podCountMemo(c: ClusterState, selector: CompiledSelector, namespaceId: number): PodCountMemo {
  let m = memos.get(c);
  if (m === undefined) memos.set(c, (m = new Map()));
  const key = `${namespaceId}|${selector.key}`;
  let memo = m.get(key);
  if (memo !== undefined) {
    m.delete(key); // re-insert: Map order is the recency order
  } else {
    memo = new PodCountMemo(selector, namespaceId);
    if (m.size >= MAX_MEMOS) m.delete(m.keys().next().value!);
  }
  m.set(key, memo);
  return memo;
}

/** common.go countPodsMatchSelector: pods on `node` in namespace `nsId`, not terminating, matching. */
export function countMatchingPods(c: ClusterState, sel: CompiledSelector, nsId: number, node: number): number {
  const p = c.pods;
  let n = 0;
  for (let s = c.nodes.firstPod[node]!; s !== -1; s = p.nextOnNode[s]!) {
    if (p.terminating[s] === 1 || p.namespaceId[s] !== nsId) continue;
    if (selectorMatches(sel, p.labels[s]!)) n++;
  }
  return n;
}
