/**
 * One `profiles[i]` entry of a KubeSchedulerConfiguration: its plugin sets merged over the
 * defaults and expanded per extension point, and its plugin args decoded and defaulted.
 */
import type { PluginArgs } from "../profile.js";
import type { ConfigReader, KeyPath } from "./config-reader.js";
import { type PluginEntry, type PluginSetInput, type PluginsInput, type ResolvedPlugins, resolvePlugins } from "./merge-plugins.js";
import { defaultPluginArgs, readPluginArgs } from "./plugin-args.js";
import { DEFAULT_MULTI_POINT, isInTreePlugin, PLUGINS_KEYS, REMOVED_PLUGINS } from "./plugin-registry.js";

/** A profile after defaulting, before mapping to the framework's `SchedulerProfile`. */
export interface ResolvedProfile {
  /** Where the profile sits in the document (`["profiles", i]`), for later errors. */
  path: KeyPath;
  schedulerName: string;
  /** The profile's own value, or undefined to use the global one. */
  percentageOfNodesToScore?: number;
  plugins: ResolvedPlugins;
  pluginArgs: PluginArgs;
}

export const PROFILE_KEYS = ["schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig"];

/** `profiles[i]` → ResolvedProfile; `defaultName` applies when the profile names none. */
export function readProfile(r: ConfigReader, value: unknown, path: KeyPath, defaultName: string | undefined): ResolvedProfile {
  const raw = r.object(value, path, PROFILE_KEYS) ?? {};
  const schedulerName = r.string(raw["schedulerName"], [...path, "schedulerName"]) ?? defaultName ?? "";
  if (schedulerName === "") {
    // validateKubeSchedulerProfile: every profile needs a name (only a lone profile gets one).
    r.report("MISSING_FIELD", [...path, "schedulerName"], "required when there is more than one profile");
  }

  const pctPath = [...path, "percentageOfNodesToScore"];
  const pct = r.int(raw["percentageOfNodesToScore"], pctPath);
  if (pct !== undefined && (pct < 0 || pct > 100)) r.report("INVALID_VALUE", pctPath, "not in valid range [0-100]");

  const pluginsPath = [...path, "plugins"];
  const plugins = resolvePlugins(r, pluginsPath, DEFAULT_MULTI_POINT, readPluginsInput(r, raw["plugins"], pluginsPath));

  const pluginArgs = defaultPluginArgs();
  const cfgPath = [...path, "pluginConfig"];
  const seen = new Map<string, number>();
  (r.array(raw["pluginConfig"], cfgPath) ?? []).forEach((item, i) => {
    const at = [...cfgPath, i];
    const entry = r.element(item, at, ["name", "args"]);
    if (entry === undefined) return;
    const name = r.string(entry["name"], [...at, "name"]);
    if (name === undefined) {
      r.report("MISSING_FIELD", [...at, "name"], "a pluginConfig entry needs the plugin name");
      return;
    }
    if (!checkPluginName(r, name, [...at, "name"], false)) return;
    const first = seen.get(name);
    if (first !== undefined) {
      r.report("INVALID_VALUE", at, `duplicate config for plugin ${name} (first at pluginConfig[${first}])`);
      return;
    }
    seen.set(name, i);
    readPluginArgs(r, name, entry["args"], [...at, "args"], pluginArgs);
  });

  return { path, schedulerName, ...(pct !== undefined ? { percentageOfNodesToScore: pct } : {}), plugins, pluginArgs };
}

function readPluginsInput(r: ConfigReader, value: unknown, path: KeyPath): PluginsInput {
  const raw = r.object(value, path, PLUGINS_KEYS);
  const input: PluginsInput = {};
  if (raw === undefined) return input;
  for (const key of PLUGINS_KEYS) {
    const setPath = [...path, key];
    const set = r.object(raw[key], setPath, ["enabled", "disabled"]);
    if (set === undefined) continue;
    const parsed: PluginSetInput = {
      enabled: readPluginList(r, set["enabled"], [...setPath, "enabled"], false),
      disabled: readPluginList(r, set["disabled"], [...setPath, "disabled"], true),
    };
    input[key] = parsed;
  }
  return input;
}

function readPluginList(r: ConfigReader, value: unknown, path: KeyPath, disabled: boolean): PluginEntry[] {
  const out: PluginEntry[] = [];
  (r.array(value, path) ?? []).forEach((item, i) => {
    const at = [...path, i];
    const o = r.element(item, at, ["name", "weight"]);
    if (o === undefined) return;
    const name = r.string(o["name"], [...at, "name"]);
    if (name === undefined) {
      r.report("MISSING_FIELD", [...at, "name"], "a plugin entry needs a name");
      return;
    }
    const weight = r.int(o["weight"], [...at, "weight"]);
    if (!checkPluginName(r, name, [...at, "name"], disabled)) return;
    out.push({ name, path: at, ...(weight !== undefined ? { weight } : {}) });
  });
  return out;
}

/**
 * Unknown names are errors in enabled lists and pluginConfig (upstream: "does not exist"), and
 * kubesim also rejects them in disabled lists, where upstream would ignore a typo silently.
 */
function checkPluginName(r: ConfigReader, name: string, path: KeyPath, allowStar: boolean): boolean {
  if (isInTreePlugin(name) || (allowStar && name === "*")) return true;
  const removed = REMOVED_PLUGINS[name];
  r.report(
    "UNKNOWN_REFERENCE",
    path,
    removed !== undefined ? `plugin "${name}" was removed from kube-scheduler (${removed})` : `unknown plugin "${name}"`,
  );
  return false;
}
