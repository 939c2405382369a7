/**
 * State of one scheduling cycle (`CycleState` upstream), reused from cycle to cycle so the hot
 * path allocates nothing. Plugins keep their precomputed data in `slots[mySlot]`.
 */
import type { PluginArgs } from "../profile.js";

let nextSlot = 0;

/** Reserves a state slot for a plugin; call once at module load. */
export function allocateStateSlot(): number {
  return nextSlot++;
}

export class CycleState {
  /** Per-plugin data, indexed by the slot each plugin reserved. */
  readonly slots: unknown[] = [];
  /** The profile's plugin arguments. */
  readonly config: PluginArgs;
  /** Nodes in the snapshot (all of them, not just the candidates). */
  numAllNodes = 0;
  /**
   * PreFilterResult: when set, only these node slots are candidates
   * (`restrictNodes` intersects successive results); null = all nodes.
   */
  nodeSubset: Set<number> | null = null;
  /** Plugins that narrowed `nodeSubset`, for the "didn't satisfy plugin(s)" status. */
  readonly subsetPlugins: string[] = [];

  constructor(config: PluginArgs) {
    this.config = config;
  }

  /** Resets the per-cycle fields. */
  begin(numAllNodes: number): void {
    this.numAllNodes = numAllNodes;
    this.nodeSubset = null;
    this.subsetPlugins.length = 0;
  }

  /** A PreFilterResult: restrict the candidate nodes to `slots` (intersected with earlier ones). */
  restrictNodes(plugin: string, slots: Iterable<number>): void {
    const next = new Set<number>();
    for (const s of slots) if (this.nodeSubset === null || this.nodeSubset.has(s)) next.add(s);
    this.nodeSubset = next;
    this.subsetPlugins.push(plugin);
  }
}
