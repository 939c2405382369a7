/**
 * Where a sweep's runs execute: on the main thread (`--workers 1`) or on a piscina pool of
 * worker threads, one task per run. Results come back by task, never by completion order, so
 * the files a sweep writes are the same for any number of workers.
 *
 *   const pool = await startRunPool(2);
 *   try { const r = await pool.run({ file, set: ["spec.cluster.nodePools[0].count=4"], seed: 1 }); }
 *   finally { await pool.close(); }
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { sweepRun, type SweepRunInput } from "./sweep-run.js";

export interface RunPool {
  readonly threads: number;
  run(input: SweepRunInput): Promise<ReturnType<typeof sweepRun>>;
  close(): Promise<void>;
}

/**
 * The compiled worker module. Running from `dist/` it sits beside this file; running from the
 * TypeScript sources (vitest) it is the built copy under `dist/`, since a worker thread loads
 * JavaScript only.
 */
export function sweepWorkerUrl(): URL {
  const beside = new URL("./sweep-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL("../../dist/src/sweep/sweep-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`the sweep worker is not built (${fileURLToPath(built)}): run \`npx tsc -p tsconfig.json\``);
}

export async function startRunPool(threads: number): Promise<RunPool> {
  if (threads <= 1) {
    return {
      threads: 1,
      // Yield to the event loop between runs so that the progress bar and Ctrl-C get a turn.
      run: (input) => new Promise((resolve, reject) => setImmediate(() => {
        try {
          resolve(sweepRun(input));
        } catch (e) {
          reject(e);
        }
      })),
      close: async () => {},
    };
  }
  const pool = new Piscina({ filename: sweepWorkerUrl().href, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  return {
    threads,
    run: (input) => pool.run(input) as Promise<ReturnType<typeof sweepRun>>,
    close: () => pool.destroy(),
  };
}
