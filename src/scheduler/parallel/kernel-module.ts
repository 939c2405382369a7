/**
 * The contract of a kernel module: the plain ES module (loaded from `dist/` as JavaScript)
 * that every thread of a `RangeExecutor` imports, the main thread included.
 *
 * - Each kernel is a named export `(views, params, from, to, chunk) => void` that processes the
 *   indices [from, to) and writes its results into shared output arrays: at index i for
 *   per-node results, at slot `chunk` for per-chunk partial reductions. Kernels must not keep
 *   state between calls outside the shared buffers, and must give each index a result that
 *   does not depend on the chunk bounds, so results are identical for any thread count.
 * - An optional `setup(shared)` export builds the thread's typed views over the shared buffers
 *   once (and again after `reshare`); without it, kernels receive the buffer record itself.
 *
 *   // kernels.ts
 *   export function setup(s: Record<string, SharedArrayBuffer>) { return { x: new Float64Array(s.x), y: new Float64Array(s.y) }; }
 *   export function double(v: { x: Float64Array; y: Float64Array }, p: Float64Array, from: number, to: number): void {
 *     for (let i = from; i < to; i++) v.y[i] = v.x[i] * p[0];
 *   }
 */

export type SharedBuffers = Record<string, SharedArrayBuffer>;

/** One kernel: process [from, to), the `chunk`-th of the round's contiguous chunks. */
export type RangeKernel<V = unknown> = (views: V, params: Float64Array, from: number, to: number, chunk: number) => void;

export type ViewSetup<V = unknown> = (shared: SharedBuffers) => V;

/** A loaded kernel module: its views builder and the kernels in the executor's id order. */
export interface LoadedKernels {
  setup: ViewSetup;
  kernels: RangeKernel[];
}

/**
 * Imports `moduleHref` and resolves `names` to its exported functions, in that order, so a
 * kernel's id is its index in `names` on every thread. Throws on a missing or non-function
 * export: a typo must not surface as a hang or a wrong result.
 */
export async function loadKernels(moduleHref: string, names: readonly string[]): Promise<LoadedKernels> {
  const mod = (await import(moduleHref)) as Record<string, unknown>;
  const kernels = names.map((name) => {
    const fn = mod[name];
    if (typeof fn !== "function") throw new Error(`kernel module ${moduleHref} has no exported function "${name}"`);
    return fn as RangeKernel;
  });
  const setup = typeof mod.setup === "function" ? (mod.setup as ViewSetup) : (shared: SharedBuffers) => shared;
  return { setup, kernels };
}

/** The exported kernel functions of a module, sorted: the default kernel list. */
export async function kernelNamesOf(moduleHref: string): Promise<string[]> {
  const mod = (await import(moduleHref)) as Record<string, unknown>;
  return Object.keys(mod)
    .filter((k) => k !== "setup" && typeof mod[k] === "function")
    .sort();
}
