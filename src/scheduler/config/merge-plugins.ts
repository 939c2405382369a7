/**
 * From a profile's `plugins` section to the plugin list of every extension point, exactly as
 * upstream builds it:
 *
 * 1. `mergePluginSet` (`pkg/scheduler/apis/config/v1/default_plugins.go`), per key including
 *    `multiPoint`: default plugins minus the disabled ones (all of them with `"*"`); a default
 *    plugin also listed as enabled is replaced in place (keeps its position, takes the custom
 *    weight); the other enabled plugins are appended in their order.
 * 2. `expandMultiPointPlugins` (`pkg/scheduler/framework/runtime/framework.go`), per extension
 *    point: multiPoint plugins that implement the point and are not disabled there (no expansion
 *    at all if the point disables `"*"`). Order: plugins that the point lists explicitly and
 *    multiPoint also names (in the point's order), then the other multiPoint plugins, then the
 *    rest of the point's own list.
 * 3. `getScoreWeights` (same file): the weight of a score plugin comes from its first entry in
 *    `score.enabled` followed by `multiPoint.enabled`; 0 or unset means 1.
 */
import type { ConfigReader, KeyPath } from "./config-reader.js";
import {
  EXTENSION_POINTS,
  type ExtensionPoint,
  implementsPoint,
  isInTreePlugin,
  type PluginRef,
  type PluginsKey,
} from "./plugin-registry.js";

/** A plugin entry with where it was written (undefined for built-in defaults). */
export interface PluginEntry extends PluginRef {
  path?: KeyPath;
}

export interface PluginSetInput {
  enabled: PluginEntry[];
  disabled: PluginEntry[];
}

export type PluginsInput = Partial<Record<PluginsKey, PluginSetInput>>;

export interface ResolvedPlugins {
  /** Plugin names per extension point, in run order. */
  points: Record<ExtensionPoint, string[]>;
  /** Weight of every plugin in `points.score`. */
  scoreWeights: Map<string, number>;
}

interface MergedSet {
  enabled: PluginEntry[];
  disabled: Set<string>;
}

/** `mergePluginSet`. */
export function mergePluginSet(defaults: readonly PluginEntry[], custom: PluginSetInput | undefined): MergedSet {
  const disabled = new Set((custom?.disabled ?? []).map((p) => p.name));
  const customEnabled = custom?.enabled ?? [];
  // Last custom entry of a name wins the replacement, as with upstream's map by name.
  const customByName = new Map<string, number>();
  customEnabled.forEach((p, i) => customByName.set(p.name, i));
  const replaced = new Set<number>();
  const enabled: PluginEntry[] = [];
  if (!disabled.has("*")) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = customByName.get(d.name);
      if (i !== undefined) {
        enabled.push(customEnabled[i]!);
        replaced.add(i);
      } else {
        enabled.push(d);
      }
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled };
}

/**
 * Merges `input` over the default multiPoint set and expands it. Problems (a plugin at a point
 * it does not implement, double registration) are reported on `reader` under `pluginsPath`.
 */
export function resolvePlugins(
  reader: ConfigReader,
  pluginsPath: KeyPath,
  defaultMultiPoint: readonly PluginRef[],
  input: PluginsInput,
): ResolvedPlugins {
  const multiPoint = mergePluginSet(defaultMultiPoint, input.multiPoint);
  const points = {} as Record<ExtensionPoint, string[]>;
  const merged = {} as Record<ExtensionPoint, MergedSet>;
  for (const point of EXTENSION_POINTS) {
    const set = mergePluginSet([], input[point]);
    merged[point] = set;
    points[point] = expandPoint(reader, pluginsPath, point, set, multiPoint.enabled);
  }

  const scoreWeights = new Map<string, number>();
  for (const p of [...merged.score.enabled, ...multiPoint.enabled]) {
    if (!implementsPoint(p.name, "score") || scoreWeights.has(p.name)) continue;
    scoreWeights.set(p.name, p.weight === undefined || p.weight === 0 ? 1 : p.weight);
  }
  for (const name of [...scoreWeights.keys()]) if (!points.score.includes(name)) scoreWeights.delete(name);
  return { points, scoreWeights };
}

function expandPoint(
  reader: ConfigReader,
  pluginsPath: KeyPath,
  point: ExtensionPoint,
  set: MergedSet,
  multiPoint: readonly PluginEntry[],
): string[] {
  // updatePluginList: the point's own list must name plugins implementing it, once each.
  const own: string[] = [];
  for (const p of set.enabled) {
    const at = p.path ?? [...pluginsPath, point];
    if (!isInTreePlugin(p.name)) continue; // already reported as UNKNOWN_REFERENCE
    if (!implementsPoint(p.name, point)) {
      reader.report("INVALID_VALUE", at, `plugin "${p.name}" does not extend the ${point} extension point`);
      continue;
    }
    if (own.includes(p.name)) {
      reader.report("INVALID_VALUE", at, `plugin "${p.name}" is already registered at ${point}`);
      continue;
    }
    own.push(p.name);
  }
  if (set.disabled.has("*")) return own;

  const overrides = new Set<string>();
  const fromMultiPoint: string[] = [];
  for (const p of multiPoint) {
    if (!isInTreePlugin(p.name) || !implementsPoint(p.name, point) || set.disabled.has(p.name)) continue;
    if (own.includes(p.name)) {
      overrides.add(p.name);
      continue;
    }
    if (fromMultiPoint.includes(p.name)) {
      reader.report("INVALID_VALUE", p.path ?? [...pluginsPath, "multiPoint"], `plugin "${p.name}" is already registered at ${point}`);
      continue;
    }
    fromMultiPoint.push(p.name);
  }
  return [...own.filter((n) => overrides.has(n)), ...fromMultiPoint, ...own.filter((n) => !overrides.has(n))];
}
