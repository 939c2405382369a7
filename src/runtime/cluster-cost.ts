/**
 * What the cluster costs over time: every node is billed its pool's `pricePerHour` from the
 * moment its Node object exists until it is deleted (node-hours × price). Registered as gauges
 * of the run recorder, so they land in timeseries.csv and summary.csv:
 *
 * - `cost_per_hour`: Σ pricePerHour over the nodes that exist now;
 * - `total_cost`: Σ price × hours each node has existed so far (the final sample is the run's cost);
 * - `nodes_added` / `nodes_removed`: nodes created after t = 0 / deleted so far (timeline,
 *   cluster autoscaler).
 *
 * Simplified: a VM is billed from registration, not from the cloud request (the provisioning
 * delay is free); per-second billing, no minimum charge.
 */
import type { ResolvedScenario } from "../scenario/scenario-types.js";
import type { RunRecorder } from "./run-recorder.js";

const US_PER_HOUR = 3.6e9;

export function registerCostGauges(recorder: RunRecorder, scenario: ResolvedScenario, nowUs: () => number): void {
  const price = new Map(scenario.nodePools.map((p) => [p.name, p.pricePerHour]));
  recorder.gauge("cost_per_hour", () => {
    let sum = 0;
    for (const n of recorder.nodes.values()) if (Number.isNaN(n.deletedUs)) sum += price.get(n.pool) ?? 0;
    return sum;
  });
  recorder.gauge("total_cost", () => {
    const now = nowUs();
    let sum = 0;
    for (const n of recorder.nodes.values()) {
      const until = Number.isNaN(n.deletedUs) ? now : n.deletedUs;
      sum += ((until - n.createdUs) / US_PER_HOUR) * (price.get(n.pool) ?? 0);
    }
    return sum;
  });
  recorder.gauge("nodes_added", () => {
    let k = 0;
    for (const n of recorder.nodes.values()) if (n.createdUs > 0) k++;
    return k;
  });
  recorder.gauge("nodes_removed", () => {
    let k = 0;
    for (const n of recorder.nodes.values()) if (!Number.isNaN(n.deletedUs)) k++;
    return k;
  });
}
