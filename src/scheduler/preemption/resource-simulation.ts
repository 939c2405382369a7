/**
 * The preemption dry run of one node on its resources alone: a NodeSimulation for
 * `selectVictimsOnNode` that takes victims off and puts them back in running sums (the node's
 * requested cpu, memory and ephemeral storage, its pod count, and its use of each scalar
 * resource the preemptor asks for) and answers `preemptorFits` with NodeResourcesFit's own
 * comparisons (`fitsFree`, `scalarsFit`) against what is left. No table, pod list or version
 * is touched.
 *
 * It gives the live simulation's answers when Fit is the only filter whose verdict the pods on
 * the node can change, and every other filter passes the node; `DefaultPreemption` uses it only
 * then (`resourceOnly`). Quantities are integers (millicores, bytes, counts), so the sums do not
 * depend on the order pods are taken off and put back.
 */
import type { ClusterState } from "../../cluster/cluster-state.js";
import { FIT_FREE_STRIDE } from "../../cluster/node-table.js";
import type { CompiledPod } from "../compiled-pod.js";
import { fitsFree } from "../fast-path/fused-filter.js";
import type { CycleState } from "../framework/cycle-state.js";
import { scalarsFit } from "../plugins/node-resources-fit.js";
import type { NodeSimulation } from "./select-victims.js";

export class ResourceSimulation implements NodeSimulation {
  private c: ClusterState | null = null;
  private pod: CompiledPod | null = null;
  private state: CycleState | null = null;
  private node = -1;
  private podCount = 0;
  private cpu = 0;
  private memory = 0;
  private ephemeral = 0;
  /** NodeTable.fitFree's row for the simulated node. */
  private readonly free = new Float64Array(FIT_FREE_STRIDE);
  /** The node's use of the preemptor's k-th scalar resource (NodeTable.reqScalar). */
  private scalarUsed = new Float64Array(4);

  /** Starts simulating `node` as it is now, for `pod` in this cycle's `state`. */
  start(c: ClusterState, pod: CompiledPod, state: CycleState, node: number): void {
    const t = c.nodes;
    this.c = c;
    this.pod = pod;
    this.state = state;
    this.node = node;
    this.podCount = t.podCount[node]!;
    this.cpu = t.reqCpu[node]!;
    this.memory = t.reqMemory[node]!;
    this.ephemeral = t.reqEphemeral[node]!;
    const ids = pod.scalarIds;
    if (this.scalarUsed.length < ids.length) this.scalarUsed = new Float64Array(ids.length);
    const stride = t.scalarStride;
    for (let k = 0; k < ids.length; k++) this.scalarUsed[k] = ids[k]! < stride ? t.reqScalar[node * stride + ids[k]!]! : 0;
  }

  removePod(slot: number): void {
    this.move(slot, -1);
  }

  addPod(slot: number): void {
    this.move(slot, 1);
  }

  preemptorFits(): boolean {
    const t = this.c!.nodes;
    const n = this.node;
    const f = this.free;
    // The subtractions of NodeTable.refreshFitFree, on the simulated sums.
    f[0] = t.allocPods[n]! - this.podCount;
    f[1] = t.allocCpu[n]! - this.cpu;
    f[2] = t.allocMemory[n]! - this.memory;
    f[3] = t.allocEphemeral[n]! - this.ephemeral;
    const pod = this.pod!;
    if (!fitsFree(f, 0, pod.cpu, pod.memory, pod.ephemeralStorage)) return false;
    return pod.scalarIds.length === 0 || scalarsFit(this.c!, pod, this.state!, n, this.scalarUsed);
  }

  /** As NodeTable.account does for a bind (+1) or an unbind (−1), on the sums only. */
  private move(slot: number, sign: 1 | -1): void {
    const p = this.c!.pods;
    this.podCount += sign;
    this.cpu += sign * p.reqCpu[slot]!;
    this.memory += sign * p.reqMemory[slot]!;
    this.ephemeral += sign * p.reqEphemeral[slot]!;
    const wanted = this.pod!.scalarIds;
    if (wanted.length === 0) return;
    // Scalar requests are cold (the pod's requests object): only the preemptor's resources count.
    const r = p.requests[slot]!;
    for (let j = 0; j < r.scalarIds.length; j++) {
      for (let k = 0; k < wanted.length; k++) if (wanted[k] === r.scalarIds[j]) this.scalarUsed[k]! += sign * r.scalarAmounts[j]!;
    }
  }
}
