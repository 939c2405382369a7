/**
 * ResolvedProfile (every extension point, as upstream builds it) → `SchedulerProfile` (what the
 * kubesim framework runs: filter, score, postFilter). The one place that knows both shapes.
 *
 * What the framework's shape cannot say is checked here and reported as UNSUPPORTED:
 * - it runs PreFilter for exactly its Filter plugins: a Filter without its PreFilter (upstream
 *   fails every attempt reading the missing cycle state) cannot be represented, nor can a
 *   PreFilter that acts on its own (NodeAffinity's PreFilterResult) without its Filter; other
 *   PreFilters only precompute state and are dropped with their Filter;
 * - it runs PreScore for exactly its Score plugins, so a score plugin whose PreScore is
 *   disabled cannot be represented (a PreScore without Score is harmless and dropped).
 * VolumeBinding is dropped from the score list: without the StorageCapacityScoring gate its
 * PreScore returns Skip, so it adds 0 to every node.
 */
import type { SchedulerProfile } from "../profile.js";
import type { ConfigReader } from "./config-reader.js";
import { implementsPoint } from "./plugin-registry.js";
import type { ResolvedProfile } from "./read-profile.js";

/** PreFilters that can narrow or reject on their own (kubesim models no volumes). */
const PREFILTER_WITH_EFFECT = new Set(["NodeAffinity"]);

/** In-tree plugins whose subject kubesim does not model at all. */
const UNMODELLED: Readonly<Record<string, string>> = {
  DynamicResources: "kubesim models no ResourceClaims (dynamic resource allocation)",
};

/** Score plugins that never contribute with the feature gates kubesim models. */
const ALWAYS_SKIPPED_SCORE = new Set(["VolumeBinding"]);

export function toSchedulerProfile(r: ConfigReader, p: ResolvedProfile, globalPercentage: number): SchedulerProfile {
  const { points, scoreWeights } = p.plugins;
  const pluginsPath = [...p.path, "plugins"];

  for (const [name, why] of Object.entries(UNMODELLED)) {
    if (Object.values(points).some((list) => list.includes(name))) r.report("UNSUPPORTED", pluginsPath, `${name}: ${why}`);
  }
  for (const name of points.filter) {
    if (implementsPoint(name, "preFilter") && !points.preFilter.includes(name)) {
      r.report("UNSUPPORTED", [...pluginsPath, "preFilter"], `${name} runs Filter without its PreFilter; kubesim runs both or neither`);
    }
  }
  for (const name of points.preFilter) {
    if (PREFILTER_WITH_EFFECT.has(name) && !points.filter.includes(name)) {
      r.report("UNSUPPORTED", [...pluginsPath, "filter"], `${name} runs PreFilter without its Filter; kubesim runs both or neither`);
    }
  }
  const score = points.score.filter((name) => !ALWAYS_SKIPPED_SCORE.has(name));
  for (const name of score) {
    if (implementsPoint(name, "preScore") && !points.preScore.includes(name)) {
      r.report("UNSUPPORTED", [...pluginsPath, "preScore"], `${name} runs Score without its PreScore; kubesim runs both`);
    }
  }

  return {
    schedulerName: p.schedulerName,
    percentageOfNodesToScore: p.percentageOfNodesToScore ?? globalPercentage,
    filter: [...points.filter],
    score: score.map((name) => ({ name, weight: scoreWeights.get(name) ?? 1 })),
    postFilter: [...points.postFilter],
    pluginConfig: p.pluginArgs,
  };
}
