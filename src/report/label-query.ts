/**
 * `kubectl get -l` label selectors in their string form (k8s.io/apimachinery/pkg/labels
 * selector.go `Parse`): comma-separated requirements, each one of
 *   `key`, `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`.
 * All requirements must hold. As upstream, `!=` and `notin` also match objects without the key.
 * (`gt`/`lt` are left out: upstream allows them for field-less integer labels only.)
 *
 *     const sel = parseLabelQuery("app=web,tier notin (db)");
 *     matchesLabels(sel, { app: "web" });   // true
 */

export interface LabelRequirement {
  key: string;
  op: "exists" | "!exists" | "=" | "!=" | "in" | "notin";
  values: string[];
}

/** Splits on commas outside parentheses. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of text) {
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Parses a selector; throws an Error whose message says what is wrong. "" selects everything. */
export function parseLabelQuery(text: string): LabelRequirement[] {
  if (text.trim() === "") return [];
  return splitTop(text).map((raw) => {
    const part = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
    let r: LabelRequirement;
    if (set) {
      const values = set[3]!.split(",").map((v) => v.trim());
      r = { key: set[1]!, op: set[2] as "in" | "notin", values };
    } else if (part.startsWith("!")) r = { key: part.slice(1).trim(), op: "!exists", values: [] };
    else {
      const m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
      if (m) r = { key: m[1]!, op: m[2] === "!=" ? "!=" : "=", values: [m[3]!] };
      else r = { key: part, op: "exists", values: [] };
    }
    if (!KEY.test(r.key)) throw new Error(`invalid label key ${JSON.stringify(r.key)} in ${JSON.stringify(part)}`);
    for (const v of r.values) if (!VALUE.test(v)) throw new Error(`invalid label value ${JSON.stringify(v)} in ${JSON.stringify(part)}`);
    return r;
  });
}

export function matchesLabels(reqs: readonly LabelRequirement[], labels: Readonly<Record<string, string>>): boolean {
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case "exists":
        if (!has) return false;
        break;
      case "!exists":
        if (has) return false;
        break;
      case "=":
      case "in":
        if (!has || !r.values.includes(v!)) return false;
        break;
      case "!=":
      case "notin":
        if (has && r.values.includes(v!)) return false;
        break;
    }
  }
  return true;
}

/** The `labels` column of pods.csv / nodes.csv (`k=v,k2=v2`) back into a map. */
export function parseLabelsColumn(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === "") return out;
  for (const kv of text.split(",")) {
    const i = kv.indexOf("=");
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}
