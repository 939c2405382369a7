/**
 * The order in which the scheduler visits nodes (`pkg/scheduler/backend/cache/node_tree.go`,
 * formerly `internal/cache/node_tree.go`; the snapshot's `nodeInfoList` is built from it).
 *
 * Nodes are grouped by zone (`region + ":\x00:" + zone`, from the `topology.kubernetes.io/region`
 * and `/zone` labels; no labels is the empty zone). Zones keep their order of first appearance,
 * nodes their insertion order within a zone, and the list interleaves zones round-robin: node 0
 * of every zone, then node 1 of every zone, ... skipping exhausted zones. Removing a node keeps
 * the others' order; an emptied zone disappears (and goes to the back if it comes back).
 * This order matters whenever fewer than all nodes are examined (`percentageOfNodesToScore`).
 */
export class NodeTree {
  private readonly zones: number[] = [];
  private readonly byZone = new Map<number, number[]>();
  private cached: Int32Array | null = null;

  /** Number of nodes in the tree. */
  size = 0;

  add(nodeSlot: number, zoneId: number): void {
    let list = this.byZone.get(zoneId);
    if (!list) {
      list = [];
      this.byZone.set(zoneId, list);
      this.zones.push(zoneId);
    }
    list.push(nodeSlot);
    this.size++;
    this.cached = null;
  }

  remove(nodeSlot: number, zoneId: number): void {
    const list = this.byZone.get(zoneId);
    const at = list ? list.indexOf(nodeSlot) : -1;
    if (!list || at < 0) throw new Error(`node slot ${nodeSlot} is not in zone ${zoneId}`);
    list.splice(at, 1);
    if (list.length === 0) {
      this.byZone.delete(zoneId);
      this.zones.splice(this.zones.indexOf(zoneId), 1);
    }
    this.size--;
    this.cached = null;
  }

  /** Node slots in visiting order. Rebuilt only after an add or remove; do not mutate. */
  list(): Int32Array {
    if (this.cached) return this.cached;
    const out = new Int32Array(this.size);
    let n = 0;
    for (let i = 0; n < this.size; i++) {
      for (const z of this.zones) {
        const nodes = this.byZone.get(z)!;
        if (i < nodes.length) out[n++] = nodes[i]!;
      }
    }
    this.cached = out;
    return out;
  }
}

/** node_tree.go / `utilnode.GetZoneKey`: the zone key of a node's labels, "" without them. */
export function zoneKey(labels: Record<string, string> | undefined): string {
  const region = labels?.["topology.kubernetes.io/region"] ?? labels?.["failure-domain.beta.kubernetes.io/region"] ?? "";
  const zone = labels?.["topology.kubernetes.io/zone"] ?? labels?.["failure-domain.beta.kubernetes.io/zone"] ?? "";
  if (region === "" && zone === "") return "";
  // pkg/util/node/node.go GetZoneKey: the NUL byte keeps "a:b" region/zone pairs unambiguous.
  return region + ":\x00:" + zone;
}
