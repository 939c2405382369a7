/**
 * String ↔ small integer interning.
 *
 * Label keys and values, taint keys and values, image names, namespaces, node names and
 * resource names become dense integers once, at load time, so the scheduler's hot loops
 * compare integers and index typed arrays, never strings. Id 0 is reserved for "absent"
 * (an unset label reads as 0 in the node label matrix), so real ids start at 1.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [""];

  /** The id of `s`, assigning the next free one on first sight. Never 0. */
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(s, id);
      this.names.push(s);
    }
    return id;
  }

  /** The id of `s` if it was ever interned, else 0. Never assigns. */
  lookup(s: string): number {
    return this.ids.get(s) ?? 0;
  }

  /** The string behind an id ("" for 0). */
  name(id: number): string {
    const s = this.names[id];
    if (s === undefined) throw new RangeError(`unknown interned id ${id}`);
    return s;
  }

  /** One more than the largest id handed out: the length a by-id typed array needs. */
  get size(): number {
    return this.names.length;
  }
}

/** The interners one cluster shares between its tables, the scheduler and reports. */
export interface ClusterInterners {
  readonly labelKeys: Interner;
  readonly labelValues: Interner;
  readonly taintKeys: Interner;
  readonly taintValues: Interner;
  readonly images: Interner;
  readonly namespaces: Interner;
  readonly nodeNames: Interner;
  /** Resource names other than cpu / memory / ephemeral-storage / pods (extended, hugepages). */
  readonly scalarResources: Interner;
  /** Host IPs of host ports (`0.0.0.0` is always id 1). */
  readonly hostIPs: Interner;
}

export function createInterners(): ClusterInterners {
  const hostIPs = new Interner();
  hostIPs.id("0.0.0.0");
  return {
    labelKeys: new Interner(),
    labelValues: new Interner(),
    taintKeys: new Interner(),
    taintValues: new Interner(),
    images: new Interner(),
    namespaces: new Interner(),
    nodeNames: new Interner(),
    scalarResources: new Interner(),
    hostIPs,
  };
}
