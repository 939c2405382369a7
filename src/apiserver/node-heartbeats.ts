/**
 * The background load of node heartbeats on the API server, in closed form. Every live node
 * renews its Lease every `nodeLeaseRenewInterval` and reports its status every
 * `nodeStatusReportUs` when nothing changed (KEP-589 node heartbeats; kubelet
 * nodeStatusReportFrequency 5m), and every Kubernetes Event is one etcd write. Thousands of
 * nodes would cost an engine event per renewal; their rate is steady, so they are accounted
 * once per second instead: `ceil(rate × service time)` seats of node-high on every replica,
 * their exact share of the replicas' CPUs, their share of etcd, and whole calls (carried) in
 * the latency histograms at their service time.
 */
import type { ActorContext } from "./actor.js";
import type { ApiMetrics } from "./api-metrics.js";
import type { ApiServerSettings } from "./api-server-settings.js";
import type { ApfDispatcher } from "./apf/apf-dispatcher.js";
import { LEVEL_NODE_HIGH } from "./apf/priority-levels.js";
import type { CpuShare } from "./cpu-share.js";
import type { Etcd } from "./etcd.js";
import { VERB_PATCH, VERB_UPDATE } from "./request-cost.js";

/** The API server model's tick: the background load is accounted once per simulated second. */
export const TICK_US = 1_000_000;

/** The parts of the API server model heartbeats load, and where they are counted. */
export interface HeartbeatTargets {
  readonly apf: readonly ApfDispatcher[];
  readonly cpu: CpuShare;
  readonly etcd: Etcd;
  readonly metrics: ApiMetrics;
  /** The index of an API resource (`leases`, `nodes/status`), interned on first use. */
  resource(name: string): number;
}

export class NodeHeartbeats {
  private nodes = 0;
  private nodesDown = 0;
  private eventsThisTick = 0;
  private leaseCarry = 0;
  private statusCarry = 0;

  constructor(
    private readonly ctx: ActorContext,
    private readonly settings: ApiServerSettings,
    private readonly api: HeartbeatTargets,
  ) {
    const s = settings;
    // Events before startAt are the free history, like every other write then.
    ctx.store.onEvent(() => {
      if (ctx.sim.nowUs >= s.startAtUs) this.eventsThisTick++;
    });
    ctx.store.watch("Node", (t) => {
      if (t === "ADDED") this.nodes++;
      else if (t === "DELETED") this.nodes--;
    });
    ctx.world.onChange((_n, down) => (this.nodesDown += down ? 1 : -1));
  }

  /** Accounts the heartbeats and Events of the second before `now`. */
  tick(now: number): void {
    const s = this.settings;
    const { apf, cpu, etcd } = this.api;
    const live = Math.max(0, this.nodes - this.nodesDown);
    const leasePerS = (live * 1e6) / this.ctx.scenario.kubelet.nodeLeaseRenewIntervalUs;
    const statusPerS = (live * 1e6) / s.nodeStatusReportUs;
    const serviceUs = Math.round(s.costs.writeUs + etcd.currentWriteLatencyUs(now));
    const perReplica = ((leasePerS + statusPerS) * serviceUs) / 1e6 / s.replicas;
    for (const d of apf) d.reservedSeats[LEVEL_NODE_HIGH] = Math.ceil(perReplica);
    // Leases count on the CPUs with their exact share (not rounded up as seats are).
    cpu.endPeriod(now, TICK_US, perReplica);
    etcd.setBackground(leasePerS + statusPerS + (this.eventsThisTick * 1e6) / TICK_US);
    this.eventsThisTick = 0;
    this.leaseCarry += leasePerS;
    this.statusCarry += statusPerS;
    const leases = Math.floor(this.leaseCarry);
    const statuses = Math.floor(this.statusCarry);
    this.leaseCarry -= leases;
    this.statusCarry -= statuses;
    const m = this.api.metrics;
    // The tick at t accounts for the second before it: nothing is due at startAt itself. Those
    // calls arrived during that second; an SLO's `from` counts them by its start.
    const arrived = now - TICK_US;
    if (now === s.startAtUs) this.leaseCarry = this.statusCarry = 0;
    else if (leases > 0) {
      m.histogram(VERB_UPDATE * 4096 + this.api.resource("leases"), "PUT", "leases", true).recordCount(serviceUs, leases, arrived);
      m.byLevel[LEVEL_NODE_HIGH]!.recordCount(serviceUs, leases, arrived);
    }
    if (statuses > 0 && now !== s.startAtUs) {
      m.histogram(VERB_PATCH * 4096 + this.api.resource("nodes/status"), "PATCH", "nodes/status", true).recordCount(serviceUs, statuses, arrived);
      m.byLevel[LEVEL_NODE_HIGH]!.recordCount(serviceUs, statuses, arrived);
    }
    if (now !== s.startAtUs) m.requests += leases + statuses;
  }
}
