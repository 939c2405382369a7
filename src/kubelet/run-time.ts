/**
 * How long a run-to-completion container runs, and whether it fails: kubesim's pod annotations
 * (Kubernetes has no such field: a real container simply exits when its work is done).
 *
 *   metadata:
 *     annotations:
 *       kubesim.io/run-time: "exponential(30s)"    # or "10s", "uniform(5s, 15s)", "normal(30s, 5s)"
 *       kubesim.io/failure-probability: "0.1"      # each run exits 1 with this probability
 *
 * Durations use Go's format (`duration.ts`). `exponential` takes the mean; `normal` takes mean
 * and standard deviation and is cut at 0. The kubelet reads them for pods whose
 * `restartPolicy` is `Never` or `OnFailure` (Jobs, bare batch pods); a pod without
 * `kubesim.io/run-time` runs until it is deleted, as a real container that never exits.
 *
 *   const rt = parseRunTime("uniform(5s, 15s)");   // { kind: "uniform", aUs: 5e6, bUs: 15e6 }
 *   drawRunTimeUs(rt, rng);                        // an integer in [5e6, 15e6)
 */
import { DurationError, parseDuration } from "../cluster/duration.js";
import type { Rng } from "../engine/index.js";

export const RUN_TIME_ANNOTATION = "kubesim.io/run-time";
export const FAILURE_PROBABILITY_ANNOTATION = "kubesim.io/failure-probability";

export interface RunTimeDistribution {
  kind: "fixed" | "uniform" | "exponential" | "normal";
  /** fixed: the value; uniform: low; exponential: mean; normal: mean (µs). */
  aUs: number;
  /** uniform: high; normal: standard deviation (µs); else 0. */
  bUs: number;
}

/** A malformed annotation; the scenario loader positions it, the runtime never sees one. */
export class RunTimeError extends Error {}

const CALL_RE = /^\s*(uniform|exponential|normal)\s*\(([^)]*)\)\s*$/;

export function parseRunTime(text: string): RunTimeDistribution {
  const m = CALL_RE.exec(text);
  try {
    if (!m) return { kind: "fixed", aUs: nonNegative(parseDuration(text.trim()), text), bUs: 0 };
    const kind = m[1] as "uniform" | "exponential" | "normal";
    const args = m[2]!.split(",").map((s) => nonNegative(parseDuration(s.trim()), text));
    const want = kind === "exponential" ? 1 : 2;
    if (args.length !== want) throw new RunTimeError(`${kind}(...) takes ${want} duration${want > 1 ? "s" : ""}, got ${args.length}: ${JSON.stringify(text)}`);
    if (kind === "uniform" && args[1]! < args[0]!) throw new RunTimeError(`uniform(low, high) needs low ≤ high: ${JSON.stringify(text)}`);
    return { kind, aUs: args[0]!, bUs: args[1] ?? 0 };
  } catch (e) {
    if (e instanceof DurationError) throw new RunTimeError(`${e.message}; or uniform(5s, 15s), exponential(30s), normal(30s, 5s)`);
    throw e;
  }
}

function nonNegative(us: number, text: string): number {
  if (us < 0) throw new RunTimeError(`a run time cannot be negative: ${JSON.stringify(text)}`);
  return us;
}

/** A probability in [0, 1], written as a decimal string (annotations are strings). */
export function parseFailureProbability(text: string): number {
  const p = /^\s*[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!(p >= 0 && p <= 1)) throw new RunTimeError(`expected a probability between 0 and 1, got ${JSON.stringify(text)}`);
  return p;
}

/** One run time in integer µs. */
export function drawRunTimeUs(d: RunTimeDistribution, rng: Rng): number {
  switch (d.kind) {
    case "fixed":
      return d.aUs;
    case "uniform":
      return Math.floor(rng.uniform(d.aUs, d.bUs));
    case "exponential":
      return d.aUs === 0 ? 0 : Math.round(rng.exponential(1 / d.aUs));
    case "normal":
      return Math.max(0, Math.round(rng.normal(d.aUs, d.bUs)));
  }
}
