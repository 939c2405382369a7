/**
 * GPUs one by one, and how fragmented they are, as the paper behind Alibaba's GPU trace defines
 * it (Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation
 * Gradient Descent", USENIX ATC '23, §3; the reference implementation is
 * hkust-adsl/kubernetes-scheduler-simulator `pkg/utils/frag.go`).
 *
 * kube-scheduler sees a node's GPUs only as one extended-resource total. This ledger plays the
 * device plugin: when a pod is bound, its share goes to particular GPUs (a shared pod to the
 * fullest GPU that still has room, whole GPUs to untouched ones). When no single GPU has room
 * although the node total does, the pod is a *GPU conflict*: it is split over the GPUs with
 * most room so that totals stay right, and counted (a GPU-sharing scheduler would have refused
 * that node).
 *
 * Fragmentation of node n measured by a typical pod m, F_n(m), in milli-GPUs:
 *   - m requests no GPU, or n lacks m's GPU model, or n cannot host m (too few GPUs with
 *     room for m's per-GPU share, or too little CPU left): every free GPU share of n;
 *   - n can host m: the free shares of the GPUs whose room is below m's per-GPU share.
 * F_n(M) = Σ_m p_m F_n(m) over the target workload M (the pod specs of the trace, most
 * frequent first until 95% of pods are covered, frequencies renormalised: the paper's
 * `typicalPodsConfig` with `isInvolvedCpuPods: true, podPopularityThreshold: 95`).
 * The cluster's GPU fragmentation rate is Σ_n F_n(M) ÷ the unallocated GPU milli.
 *
 * CPU fragmentation is kubesim's analogue (the paper defines none): the free CPU of a node
 * counts for typical pod m when m cannot be hosted there for any reason (CPU, memory, GPUs,
 * GPU model), weighted by p_m; its rate is over the unallocated CPU.
 *
 * Node values are cached and recomputed only when the node changes, so a sample costs
 * O(nodes) and a bind O(|M| × GPUs per node).
 */
import { MILLI_PER_GPU, type PodTraceRows } from "../scenario/trace-csv.js";

/** One pod spec of the target workload and its share of the pods. */
export interface TypicalPod {
  cpuMillicores: number;
  memoryBytes: number;
  gpuCount: number;
  /** Per-GPU share, milli (1000 = whole GPU); 0 for CPU-only pods. */
  gpuMilli: number;
  models: string[] | null;
  weight: number;
}

/** The paper's popularity threshold: pod specs covering this share of pods form M. */
export const TYPICAL_POD_POPULARITY = 0.95;

/**
 * The target workload M from trace rows (each `rows[k]` up to its `count`): specs by
 * (cpu, GPUs, per-GPU share, models) — the paper's PodResource, which leaves memory out; the
 * memory kept is the spec's most common value, for the CPU analogue only.
 */
export function typicalPods(traces: readonly PodTraceRows[]): TypicalPod[] {
  const specs = new Map<string, { pod: TypicalPod; n: number; mem: Map<number, number> }>();
  let total = 0;
  for (const r of traces) {
    for (let i = 0; i < r.count; i++) {
      const models = r.gpuModels[i] ?? null;
      const key = `${r.cpuMillicores[i]}/${r.gpuCount[i]}/${r.gpuMilli[i]}/${models?.join("|") ?? ""}`;
      let s = specs.get(key);
      if (!s) specs.set(key, (s = { pod: { cpuMillicores: r.cpuMillicores[i]!, memoryBytes: 0, gpuCount: r.gpuCount[i]!, gpuMilli: r.gpuMilli[i]!, models, weight: 0 }, n: 0, mem: new Map() }));
      s.n++;
      s.mem.set(r.memoryBytes[i]!, (s.mem.get(r.memoryBytes[i]!) ?? 0) + 1);
      total++;
    }
  }
  // Most frequent first; ties in spec order, so that M is the same on every machine.
  const sorted = [...specs.values()].sort((a, b) => b.n - a.n || a.pod.cpuMillicores - b.pod.cpuMillicores || a.pod.gpuCount - b.pod.gpuCount || a.pod.gpuMilli - b.pod.gpuMilli || cmp(a.pod.models?.join("|") ?? "", b.pod.models?.join("|") ?? ""));
  const out: TypicalPod[] = [];
  let covered = 0;
  for (const s of sorted) {
    if (covered >= TYPICAL_POD_POPULARITY * total) break;
    covered += s.n;
    let mem = 0;
    let best = -1;
    for (const [m, n] of s.mem) if (n > best || (n === best && m < mem)) [mem, best] = [m, n];
    out.push({ ...s.pod, memoryBytes: mem, weight: s.n });
  }
  for (const p of out) p.weight /= covered;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a bound pod's GPU share went: [gpu index, milli] pairs. */
export type GpuAssignment = number[];

export class GpuLedger {
  private readonly slotOf = new Map<string, number>();
  private gpuFree: number[][] = [];
  private cpuAlloc: number[] = [];
  private cpuReq: number[] = [];
  private memAlloc: number[] = [];
  private memReq: number[] = [];
  private model: string[] = [];
  private gone: boolean[] = [];
  private gpuFrag: number[] = [];
  private cpuFrag: number[] = [];
  private dirty: boolean[] = [];
  private anyDirty = false;
  private sums = { gpuFrag: 0, cpuFrag: 0 };
  /** Pods placed where no single GPU had room for their share (see the header). */
  conflicts = 0;

  constructor(readonly typical: readonly TypicalPod[]) {}

  addNode(name: string, cpuMillicores: number, memoryBytes: number, gpus: number, model: string): void {
    if (this.slotOf.has(name)) return;
    const s = this.gpuFree.length;
    this.slotOf.set(name, s);
    this.gpuFree.push(new Array<number>(gpus).fill(MILLI_PER_GPU));
    this.cpuAlloc.push(cpuMillicores);
    this.cpuReq.push(0);
    this.memAlloc.push(memoryBytes);
    this.memReq.push(0);
    this.model.push(model);
    this.gone.push(false);
    this.gpuFrag.push(0);
    this.cpuFrag.push(0);
    this.dirty.push(true);
    this.anyDirty = true;
  }

  removeNode(name: string): void {
    const s = this.slotOf.get(name);
    if (s === undefined) return;
    this.slotOf.delete(name);
    this.gone[s] = true;
    this.dirty[s] = true;
    this.anyDirty = true;
  }

  has(name: string): boolean {
    return this.slotOf.has(name);
  }

  /** Binds a pod's requests to `node`; returns where its GPU share went. */
  bind(node: string, cpuMillicores: number, memoryBytes: number, gpuCount: number, gpuMilli: number): GpuAssignment {
    const s = this.slotOf.get(node);
    if (s === undefined) return [];
    this.cpuReq[s]! += cpuMillicores;
    this.memReq[s]! += memoryBytes;
    this.touch(s);
    return gpuCount > 0 ? this.assignGpus(s, gpuCount, gpuMilli) : [];
  }

  unbind(node: string, cpuMillicores: number, memoryBytes: number, gpus: GpuAssignment): void {
    const s = this.slotOf.get(node);
    if (s === undefined) return;
    this.cpuReq[s]! -= cpuMillicores;
    this.memReq[s]! -= memoryBytes;
    const free = this.gpuFree[s]!;
    for (let k = 0; k < gpus.length; k += 2) free[gpus[k]!]! += gpus[k + 1]!;
    this.touch(s);
  }

  private touch(s: number): void {
    this.dirty[s] = true;
    this.anyDirty = true;
  }

  /** The device plugin's choice: best fit for a share, untouched GPUs for whole ones. */
  private assignGpus(s: number, count: number, milli: number): GpuAssignment {
    const free = this.gpuFree[s]!;
    const out: GpuAssignment = [];
    if (milli < MILLI_PER_GPU) {
      let best = -1;
      for (let g = 0; g < free.length; g++) if (free[g]! >= milli && (best < 0 || free[g]! < free[best]!)) best = g;
      if (best >= 0) {
        free[best]! -= milli;
        return [best, milli];
      }
    } else {
      for (let g = 0; g < free.length && out.length < 2 * count; g++) if (free[g] === MILLI_PER_GPU) out.push(g, MILLI_PER_GPU);
      if (out.length === 2 * count) {
        for (let k = 0; k < out.length; k += 2) free[out[k]!] = 0;
        return out;
      }
      out.length = 0;
    }
    // No GPU (set) fits although the node total did: split over the roomiest GPUs.
    this.conflicts++;
    let need = count * milli;
    const order = free.map((_, g) => g).sort((a, b) => free[b]! - free[a]! || a - b);
    for (const g of order) {
      if (need <= 0) break;
      const take = Math.min(need, free[g]!);
      if (take <= 0) continue;
      free[g]! -= take;
      need -= take;
      out.push(g, take);
    }
    return out;
  }

  /** Recomputes changed nodes; returns cluster sums. */
  totals(): { gpus: number; gpuFreeMilli: number; gpuFragMilli: number; cpuFree: number; cpuFragMillicores: number } {
    if (this.anyDirty) {
      for (let s = 0; s < this.dirty.length; s++) {
        if (!this.dirty[s]) continue;
        this.dirty[s] = false;
        this.sums.gpuFrag -= this.gpuFrag[s]!;
        this.sums.cpuFrag -= this.cpuFrag[s]!;
        const [g, c] = this.gone[s] ? [0, 0] : this.nodeFragmentation(s);
        this.gpuFrag[s] = g;
        this.cpuFrag[s] = c;
        this.sums.gpuFrag += g;
        this.sums.cpuFrag += c;
      }
      this.anyDirty = false;
    }
    let gpus = 0;
    let gpuFree = 0;
    let cpuFree = 0;
    for (let s = 0; s < this.gpuFree.length; s++) {
      if (this.gone[s]) continue;
      const free = this.gpuFree[s]!;
      gpus += free.length;
      for (const f of free) gpuFree += f;
      cpuFree += Math.max(0, this.cpuAlloc[s]! - this.cpuReq[s]!);
    }
    return { gpus, gpuFreeMilli: gpuFree, gpuFragMilli: this.sums.gpuFrag, cpuFree, cpuFragMillicores: this.sums.cpuFrag };
  }

  /** [F_n(M) in milli-GPU, stranded CPU in millicores] of node slot `s`. */
  nodeFragmentation(s: number): [number, number] {
    const free = this.gpuFree[s]!;
    let gpuLeft = 0;
    for (const f of free) gpuLeft += f;
    const cpuLeft = this.cpuAlloc[s]! - this.cpuReq[s]!;
    const memLeft = this.memAlloc[s]! - this.memReq[s]!;
    let gpuFrag = 0;
    let cpuFrag = 0;
    for (const m of this.typical) {
      const accessible = m.models === null || m.models.includes(this.model[s]!);
      let gpusWithRoom = 0;
      let smallRoom = 0;
      if (m.gpuCount > 0) for (const f of free) if (f >= m.gpuMilli) gpusWithRoom++; else smallRoom += f;
      const gpuFits = m.gpuCount === 0 || (accessible && gpusWithRoom >= m.gpuCount);
      const cpuFits = cpuLeft >= m.cpuMillicores;
      // frag.go GetNodePodFrag: only Q3 (GPUs and CPU suffice) keeps the roomy GPUs out of F_n(m).
      gpuFrag += m.weight * (m.gpuCount > 0 && gpuFits && cpuFits ? smallRoom : gpuLeft);
      if (!(gpuFits && cpuFits && memLeft >= m.memoryBytes)) cpuFrag += m.weight * Math.max(0, cpuLeft);
    }
    return [gpuFrag, cpuFrag];
  }

  /** Test view: the free milli of each GPU of a node. */
  freeGpus(node: string): number[] {
    const s = this.slotOf.get(node);
    return s === undefined ? [] : [...this.gpuFree[s]!];
  }
}
