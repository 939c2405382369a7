/**
 * scenario/: what users write, read with positions. Kubernetes manifests and cluster dumps
 * (`manifests.ts`, over `yaml-source.ts`), and scenario files (`kind: Scenario`) checked against
 * their JSON Schema (`schema.ts`), then resolved into the `ResolvedScenario` the runtime
 * simulates (`load-scenario.ts`, contract in `scenario-types.ts`). Every mistake is an
 * `InputError` with file, line, column and kubectl key path.
 *
 * May import: `../cluster/` (quantities, durations, core/v1 types), `../scheduler/config/`
 * (KubeSchedulerConfiguration checks), `../errors.ts`; nothing above it (runtime, report, cli).
 *
 *   const s = loadScenario("scenarios/shop.yaml", { set: ["spec.cluster.nodePools[0].count=10"] });
 *   s.nodePools[0].cpuMillicores;                  // 3920 for an m6i.xlarge
 *   const nodes = buildPoolNodes(s.nodePools[0]);  // Node objects general-0 .. general-9
 *   s.slos[0];                                     // { metric: "podStartupLatency", stat: "p99", max: 5000, unit: "ms", ... }
 */
export { loadScenario, MAX_REPORTED_ERRORS, type LoadScenarioOptions } from "./load-scenario.js";
export type * from "./scenario-types.js";
export { buildPoolNodes, poolNodeName, regionOfZone } from "./node-pools.js";
export { INSTANCE_TYPES, allocatableOf, capacityOf, instanceType, type InstanceType } from "./instance-types.js";
export { SLO_METRICS, SLO_PRESETS, isSloMetric, type MetricKind, type SloMetric, type SloMetricName } from "./slo-catalog.js";
export { SCENARIO_API_VERSION, SCENARIO_KIND, SCENARIO_SCHEMA } from "./schema.js";
export { parseWorkloadRef } from "./timeline.js";
export { formatNotSimulated, isSimulatedKind, loadManifests, notSimulatedKinds, type LoadedManifests, type LoadedObject } from "./manifests.js";
export { parseYamlText, pathToString, readYamlFile, type KeyPath, type YamlDocument } from "./yaml-source.js";
