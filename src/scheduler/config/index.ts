/**
 * KubeSchedulerConfiguration loading: a real `kubescheduler.config.k8s.io/v1` document → the
 * scheduler profiles the framework runs (`SchedulerProfile`, see `../profile.ts`) and the queue
 * settings, with kube-scheduler's defaulting, plugin-set merging, multiPoint expansion and
 * validation. Every mistake is an `InputError` with file, line, column and kubectl key path.
 *
 * May import: `../../errors.ts`, `../profile.ts`, `../queue/` (constants), `../../cluster/`
 * (core/v1 types), and `yaml`.
 *
 * Usage:
 *   const cfg = loadSchedulerConfigurationFile("scheduler-config.yaml");
 *   cfg.profiles[0].score;            // [{ name: "TaintToleration", weight: 3 }, ...]
 *   cfg.queue.podMaxBackoffUs;        // 10_000_000
 *   // from the scenario layer, with a document it already parsed:
 *   loadSchedulerConfiguration(readYamlFile(file).documents[0]);
 */
export { ConfigReader, type KeyPath, pathToString, type PositionedDocument, unpositioned } from "./config-reader.js";
export { MAX_CONFIG_FILE_BYTES, parseConfigText, readConfigFile } from "./config-yaml.js";
export { mergePluginSet, type PluginsInput, type ResolvedPlugins, resolvePlugins } from "./merge-plugins.js";
export { defaultPluginArgs } from "./plugin-args.js";
export {
  DEFAULT_MULTI_POINT,
  EXTENSION_POINTS,
  type ExtensionPoint,
  IN_TREE_PLUGINS,
  implementsPoint,
  type PluginRef,
} from "./plugin-registry.js";
export { type ResolvedProfile } from "./read-profile.js";
export {
  DEFAULT_SCHEDULER_NAME,
  loadSchedulerConfiguration,
  loadSchedulerConfigurationFile,
  type QueueSettings,
  SCHEDULER_CONFIG_API_VERSION,
  type SchedulerConfiguration,
} from "./scheduler-config.js";
export { toSchedulerProfile } from "./to-profile.js";
