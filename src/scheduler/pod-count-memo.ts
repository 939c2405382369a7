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
import { TOUCH_LOG_SIZE, type ClusterState } from "../cluster/cluster-state.js";
import { selectorMatches, type CompiledSelector } from "./label-selector.js";

const MAX_MEMOS = 256;

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

  /**
   * Matching pods summed per value of node label `keyId` over every live node (nodes without
   * the label under value 0), and how many live nodes carry each value. Kept up to date by
   * replaying `ClusterState.touchLog`, so a cycle costs the nodes changed since the last one.
   */
  domainTotals(c: ClusterState, keyId: number): DomainTotals {
    let d = this.totals.get(keyId);
    if (d === undefined) this.totals.set(keyId, (d = new DomainTotals(keyId)));
    d.sync(c, this);
    return d;
  }

  private readonly totals = new Map<number, DomainTotals>();

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

/** One label key's per-domain totals for a `PodCountMemo`'s selector. */
export class DomainTotals {
  /** By label value id: matching pods on live nodes with that value. */
  pods = new Float64Array(16);
  /** By label value id: live nodes with that value. */
  nodes = new Int32Array(16);
  /** Value ids that have had a node, in first-seen order (some may be back to 0 nodes). */
  values: number[] = [];
  private listed = new Uint8Array(16);
  /** By node slot: what the node last contributed (value id, or -1 for none; pod count). */
  private nodeValue = new Int32Array(0);
  private nodePods = new Int32Array(0);
  /** `touchSeq` up to which the totals are exact; -1 = never built. */
  private seq = -1;

  constructor(readonly keyId: number) {}

  sync(c: ClusterState, memo: PodCountMemo): void {
    if (this.seq === c.touchSeq) return;
    const behind = c.touchSeq - this.seq;
    // Replaying costs a refresh per touch, rebuilding one per node: more touches than nodes
    // behind (a burst of binds between two cycles of this selector), rebuilding gets to the
    // same totals sooner. Past TOUCH_LOG_SIZE the ring has been overwritten anyway.
    if (this.seq < 0 || behind > TOUCH_LOG_SIZE || behind > c.nodes.end || this.nodeValue.length < c.nodes.end) {
      this.rebuild(c, memo);
      return;
    }
    for (let q = this.seq; q < c.touchSeq; q++) this.refresh(c, memo, c.touchLog[q & (TOUCH_LOG_SIZE - 1)]!);
    this.seq = c.touchSeq;
  }

  private rebuild(c: ClusterState, memo: PodCountMemo): void {
    const end = c.nodes.end;
    if (this.nodeValue.length < end) {
      const size = Math.max(end, 16) * 2;
      this.nodeValue = new Int32Array(size);
      this.nodePods = new Int32Array(size);
    }
    this.nodeValue.fill(-1);
    this.nodePods.fill(0);
    this.pods.fill(0);
    this.nodes.fill(0);
    for (let n = 0; n < end; n++) this.refresh(c, memo, n);
    this.seq = c.touchSeq;
  }

  private refresh(c: ClusterState, memo: PodCountMemo, n: number): void {
    if (n >= this.nodeValue.length) return; // a node added after the last rebuild: sync rebuilds
    const old = this.nodeValue[n]!;
    if (old >= 0) {
      this.pods[old]! -= this.nodePods[n]!;
      this.nodes[old]!--;
    }
    if (c.nodes.live[n] !== 1) {
      this.nodeValue[n] = -1;
      this.nodePods[n] = 0;
      return;
    }
    const v = c.nodes.label(n, this.keyId);
    const count = memo.countOn(c, n);
    if (v >= this.pods.length) this.growValues(v + 1);
    if (this.listed[v] === 0) {
      this.listed[v] = 1;
      this.values.push(v);
    }
    this.pods[v]! += count;
    this.nodes[v]!++;
    this.nodeValue[n] = v;
    this.nodePods[n] = count;
  }

  private growValues(n: number): void {
    const size = Math.max(n, this.pods.length * 2);
    const pods = new Float64Array(size);
    const nodes = new Int32Array(size);
    const listed = new Uint8Array(size);
    pods.set(this.pods);
    nodes.set(this.nodes);
    listed.set(this.listed);
    this.pods = pods;
    this.nodes = nodes;
    this.listed = listed;
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
