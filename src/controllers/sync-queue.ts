/**
 * The work queue every controller has upstream (client-go `workqueue`), reduced to what a
 * discrete-event run needs: keys marked dirty are synced once, in the order they were first
 * marked, by one engine event at the current instant on `Band.CONTROLLER`; `after` re-queues a
 * key later (upstream `AddAfter`, e.g. for `minReadySeconds`). A key marked again while dirty
 * is synced once (upstream de-duplication).
 */
import { Band, type Simulation } from "../engine/index.js";

export class SyncQueue {
  private dirty = new Set<string>();
  private scheduled = false;
  private readonly kind: number;
  private readonly laterKind: number;
  private readonly later: string[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly sync: (key: string) => void,
  ) {
    this.kind = sim.handler(() => this.drain());
    this.laterKind = sim.handler((i) => this.add(this.later[i]!));
  }

  add(key: string): void {
    this.dirty.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      this.sim.at(this.sim.nowUs, Band.CONTROLLER, this.kind, 0);
    }
  }

  /** Marks `key` dirty at `atUs` (≥ now). */
  addAt(key: string, atUs: number): void {
    this.later.push(key);
    this.sim.at(Math.max(atUs, this.sim.nowUs), Band.CONTROLLER, this.laterKind, this.later.length - 1);
  }

  private drain(): void {
    this.scheduled = false;
    const keys = this.dirty;
    this.dirty = new Set();
    for (const k of keys) this.sync(k);
  }
}
