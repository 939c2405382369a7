/**
 * meta/v1 LabelSelector matching on plain label maps, for controllers that select pods by a
 * workload's selector (the HPA's scale subresource `status.selector`). Same semantics as
 * apimachinery `LabelSelectorAsSelector` + `Matches`: a missing selector matches nothing, an
 * empty one everything; `NotIn` and `DoesNotExist` hold when the key is absent; an unknown
 * operator matches nothing. (The scheduler's interned version lives in scheduler/label-selector.ts.)
 */
import type { LabelSelector } from "./k8s-types.js";

export function matchesSelector(sel: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !vals.includes(l[e.key]!)) return false;
        break;
      case "NotIn":
        if (has && vals.includes(l[e.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
