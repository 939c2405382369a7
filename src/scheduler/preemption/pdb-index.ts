/**
 * PodDisruptionBudget objects (policy/v1) → the `PdbSpec`s and allowances preemption reads
 * (`getPodDisruptionBudgets` + `filterPodsWithPDBViolation` in
 * pkg/scheduler/framework/preemption/preemption.go).
 *
 * Upstream reads `status.disruptionsAllowed`, which the disruption controller keeps current.
 * kubesim has no disruption controller, so the allowance is computed from the tables at each
 * PostFilter as that controller would (pdb.ts `disruptionsAllowed`): healthy = matching pods
 * bound to a node and not terminating (readiness is not modelled), expected = matching pods not
 * terminating (upstream asks the owning controllers' scale, which these equal once the
 * controllers have caught up). A `status.disruptionsAllowed` in a loaded object is ignored.
 *
 * A PDB with a missing or empty selector protects nothing here, as upstream.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import type { PodDisruptionBudget } from "../../cluster/k8s-types.js";
import { inputError } from "../../errors.js";
import { compileLabelSelector, selectorMatches, type CompiledSelector } from "../label-selector.js";
import { disruptionsAllowed, type IntOrPercent, type PdbSpec } from "./pdb.js";

interface CompiledPdb {
  spec: PdbSpec;
  selector: CompiledSelector;
}

/** Per cluster (selectors hold its interned ids, `matches` reads its pods), then per object. */
const compiled = new WeakMap<ClusterState, WeakMap<PodDisruptionBudget, CompiledPdb>>();

/** `intstr` validation of ValidatePodDisruptionBudgetSpec: a non-negative int or "0%"–"100%". */
function intOrPercent(v: unknown, pdb: PodDisruptionBudget, field: string): IntOrPercent | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === "string") {
    const m = /^([0-9]+)%$/.exec(v);
    if (m && Number(m[1]) <= 100) return v;
  }
  const m = pdb.metadata ?? {};
  throw inputError(
    "INVALID_VALUE",
    `spec.${field}`,
    `PodDisruptionBudget ${m.namespace || "default"}/${m.name ?? ""}: ${JSON.stringify(v)} is neither a non-negative integer nor a percentage 0%–100%`,
  );
}

/** Compiles one PDB (cached per object); throws InputError for a bad minAvailable / maxUnavailable. */
export function compilePdb(c: ClusterState, pdb: PodDisruptionBudget): CompiledPdb {
  let ofCluster = compiled.get(c);
  if (ofCluster === undefined) compiled.set(c, (ofCluster = new WeakMap()));
  let out = ofCluster.get(pdb);
  if (out) return out;
  const sel = compileLabelSelector(c, pdb.spec?.selector);
  // An empty selector (everything) matches nothing for preemption: `selector.Empty()`.
  const selector = sel.valid && sel.keys.length > 0 ? sel : null;
  const spec: PdbSpec = {
    namespaceId: c.interners.namespaces.id(pdb.metadata?.namespace || "default"),
    matches: (slot) => selector !== null && selectorMatches(selector, c.pods.labels[slot]!),
    minAvailable: intOrPercent(pdb.spec?.minAvailable, pdb, "minAvailable"),
    maxUnavailable: intOrPercent(pdb.spec?.maxUnavailable, pdb, "maxUnavailable"),
  };
  out = { spec, selector: selector ?? sel };
  ofCluster.set(pdb, out);
  return out;
}

/** The cluster's PDBs as preemption specs, with their current `disruptionsAllowed`. */
export function pdbSpecsOf(c: ClusterState): { specs: PdbSpec[]; allowed: number[] } {
  const list = c.podDisruptionBudgets;
  if (list.length === 0) return { specs: [], allowed: [] };
  const specs = list.map((p) => compilePdb(c, p).spec);
  const healthy = new Array<number>(specs.length).fill(0);
  const expected = new Array<number>(specs.length).fill(0);
  const pods = c.pods;
  for (let s = 0; s < pods.end; s++) {
    if (pods.live[s] !== 1 || pods.terminating[s] === 1) continue;
    for (let i = 0; i < specs.length; i++) {
      const sp = specs[i]!;
      if (sp.namespaceId !== pods.namespaceId[s] || !sp.matches(s)) continue;
      expected[i]!++;
      if (pods.nodeSlot[s] !== -1) healthy[i]!++;
    }
  }
  return { specs, allowed: specs.map((sp, i) => disruptionsAllowed(sp, healthy[i]!, expected[i]!)) };
}
