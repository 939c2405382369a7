/**
 * The physical state of nodes, which the control plane cannot read directly: whether a
 * machine (or its network) is down. Timeline actions (`failNode`, `failZone`, ...) change it;
 * the kubelet stops acting on a down node, and the node lifecycle controller notices only
 * through the missing lease renewals. Not an API object: nothing is written to the store here.
 */
import { ExternalFaults } from "./external-faults.js";

export type NodeWorldListener = (node: string, down: boolean, nowUs: number) => void;

export class NodeWorld {
  /** Registries and workload dependencies that are down (registryOutage, probeFailure). */
  readonly faults = new ExternalFaults();
  private readonly downSince = new Map<string, number>();
  private readonly listeners: NodeWorldListener[] = [];

  onChange(fn: NodeWorldListener): void {
    this.listeners.push(fn);
  }

  isDown(node: string): boolean {
    return this.downSince.has(node);
  }

  /** When the node went down, or NaN. */
  downSinceUs(node: string): number {
    return this.downSince.get(node) ?? NaN;
  }

  fail(node: string, nowUs: number): void {
    if (this.downSince.has(node)) return;
    this.downSince.set(node, nowUs);
    for (const fn of this.listeners) fn(node, true, nowUs);
  }

  recover(node: string, nowUs: number): void {
    if (!this.downSince.delete(node)) return;
    for (const fn of this.listeners) fn(node, false, nowUs);
  }
}
