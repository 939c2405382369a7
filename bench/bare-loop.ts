/**
 * The machine's reference speed for `kubesim bench scheduler`: the bare filter + score loop over
 * typed-array node columns (the synthetic kernel of performance.md §2c,
 * src/scheduler/parallel/fixtures/filter-score-kernel.ts, two divisions per node) timed over the
 * same node count, in ns per node. performance.md measured this kernel at 3.0–3.6 ns per node;
 * the project VM runs it at 8–14 ns, and its speed moves by ~1.5× over minutes (the scheduler's
 * pods/s move in step), so each scheduler row reports the reference measured between its runs:
 * pods/s read against it say whether the machine or the code changed.
 */
import { NODE_COLUMNS, type NodeColumns, P_CPU, P_MEMORY, P_TOLERATIONS, filterScore, setup } from "../src/scheduler/parallel/fixtures/filter-score-kernel.js";

const GI = 1024 ** 3;

/** Columns for `nodes` SchedulingBasic nodes (4 CPU, 32Gi, 110 pods), partly filled. */
function columns(nodes: number): NodeColumns {
  const shared: Record<string, SharedArrayBuffer> = {};
  for (const [name, ctor] of Object.entries(NODE_COLUMNS)) shared[name] = new SharedArrayBuffer(Math.max(2, nodes) * ctor.BYTES_PER_ELEMENT);
  const v = setup(shared);
  for (let i = 0; i < nodes; i++) {
    v.allocatableCpu[i] = 4000;
    v.allocatableMemory[i] = 32 * GI;
    v.maxPods[i] = 110;
    v.podCount[i] = i % 7;
    v.requestedCpu[i] = 100 * (i % 7);
    v.requestedMemory[i] = 500 * 1024 * 1024 * (i % 7);
  }
  return v;
}

/** Median ns per node of `rounds` timed batches of full passes over `nodes` nodes, after a warm-up. */
export function bareLoopNsPerNode(nodes: number, rounds = 5): number {
  const v = columns(nodes);
  const params = new Float64Array(3);
  params[P_CPU] = 100;
  params[P_MEMORY] = 500 * 1024 * 1024;
  params[P_TOLERATIONS] = 0;
  // ~2.5 M node visits per batch: long enough to time, short enough not to slow the bench.
  const passes = Math.max(1, Math.round(2_500_000 / nodes));
  const pass = (): void => {
    for (let k = 0; k < passes; k++) filterScore(v, params, 0, nodes, 0);
  };
  // Warm-up: V8 optimizes the kernel concurrently, a few batches in.
  for (let w = 0; w < 4; w++) pass();
  const ns: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    pass();
    ns.push(Number(process.hrtime.bigint() - t0) / (passes * nodes));
  }
  ns.sort((a, b) => a - b);
  return ns[ns.length >> 1]!;
}
