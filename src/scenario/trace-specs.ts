/**
 * `spec.workloads[].trace` resolved into a `PodTrace` (docs/trace-replay.md): the pod trace and
 * optional node list read here (so a bad row is a positioned error before anything runs), the
 * arrival mode, and the extended resource GPUs are requested as.
 *
 * Paths are relative to the scenario file, after `${VAR}` / `${VAR:-default}` expansion from the
 * environment, so a scenario can point at data kept outside the repository:
 * `${KUBESIM_REAL_DATA:-../../shared/real}/alibaba-gpu-v2023/openb_pod_list_default.csv`.
 */
import { readFileSync, statSync } from "node:fs";
import type { SourcePosition } from "../errors.js";
import type { RawScalar } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import { MILLI_PER_GPU, parseNodeList, parsePodTrace, TraceCsvError, type NodeListRows, type PodColumn, type PodTraceRows, type TraceFormat } from "./trace-csv.js";
import { pathToString, type KeyPath } from "./yaml-source.js";

/** `spec.workloads[].trace` as written. */
export interface RawTrace {
  format: TraceFormat;
  pods: string;
  nodes?: string;
  columns?: Partial<Record<PodColumn, string>>;
  arrival?: TraceArrival;
  startAt?: RawScalar;
  interval?: RawScalar;
  limit?: number;
  namespace?: string;
  gpuResource?: string;
}

/**
 * `Recorded`: each pod is created at its creation time and deleted at its deletion time (trace
 * time `startAt` is the run's t = 0). `Sequential`: the FGD paper's method, pods are submitted
 * one every `interval` in file order and never deleted ("fill the cluster").
 */
export type TraceArrival = "Recorded" | "Sequential";

export interface PodTrace {
  /** Position in spec.workloads (labels `kubesim.io/trace: "<index>"` on its pods). */
  index: number;
  format: TraceFormat;
  podsFile: string;
  nodesFile: string | null;
  arrival: TraceArrival;
  startAtUs: number;
  intervalUs: number;
  namespace: string;
  /** The extended resource a pod's GPUs are requested as, and milli-GPU per unit of it. */
  gpuResource: string;
  milliPerUnit: number;
  /** Node label naming the GPU model (node lists with a model column; pods with gpu_spec). */
  gpuModelLabel: string;
  pods: PodTraceRows;
  nodes: NodeListRows | null;
  source: SourcePosition;
  /** run.json `inputs` carries what the trace is, not its rows (the files are hashed as inputs). */
  toJSON(): Record<string, unknown>;
}

/** Trace files larger than this are refused (the Alibaba trace is 0.6 MB). */
export const MAX_TRACE_FILE_BYTES = 512 * 1024 * 1024;
/** The GPU resource of `alibaba-gpu-v2023`, as the trace's own Node objects declare it (milli-GPUs). */
export const ALIBABA_GPU_MILLI = "alibabacloud.com/gpu-milli";
/** The trace's GPU count resource (`openb_node_list_gpu_node.yaml`). */
export const ALIBABA_GPU_COUNT = "alibabacloud.com/gpu-count";
/** Node label carrying the GPU model in the trace's Node objects. */
export const ALIBABA_GPU_MODEL_LABEL = "alibabacloud.com/gpu-card-model";
/** The NVIDIA device plugin's resource: whole GPUs. */
export const NVIDIA_GPU = "nvidia.com/gpu";
const DEFAULT_INTERVAL_US = 1_000_000;

export function resolveTrace(raw: RawTrace, at: KeyPath, index: number, ck: ScenarioChecker, inputFiles: string[]): PodTrace | null {
  const alibaba = raw.format === "alibaba-gpu-v2023";
  const arrival = raw.arrival ?? "Recorded";
  if (alibaba && raw.columns !== undefined) ck.fail([...at, "columns"], "INVALID_VALUE", "columns renames the csv format's columns; alibaba-gpu-v2023 has a fixed header", "key");
  if (alibaba && raw.gpuResource !== undefined) ck.fail([...at, "gpuResource"], "INVALID_VALUE", `alibaba-gpu-v2023 pods request ${ALIBABA_GPU_MILLI} (GPU shares); gpuResource is for the csv format`, "key");
  if (arrival === "Recorded" && raw.interval !== undefined) ck.fail([...at, "interval"], "INVALID_VALUE", "interval spaces Sequential arrivals; Recorded uses the trace's times", "key");
  if (arrival === "Sequential" && raw.startAt !== undefined) ck.fail([...at, "startAt"], "INVALID_VALUE", "startAt shifts Recorded times; Sequential arrivals start at 0", "key");
  const startAtUs = ck.duration([...at, "startAt"], raw.startAt, 0);
  const intervalUs = ck.duration([...at, "interval"], raw.interval, DEFAULT_INTERVAL_US, 1);
  const podsFile = traceFile(raw.pods, [...at, "pods"], ck);
  const nodesFile = raw.nodes === undefined ? null : traceFile(raw.nodes, [...at, "nodes"], ck);
  const pods = podsFile === null ? null : readCsv(podsFile, [...at, "pods"], ck, (text) => parsePodTrace(text, raw.format, raw.columns ?? {}));
  const nodes = nodesFile === null ? null : readCsv(nodesFile, [...at, "nodes"], ck, (text) => parseNodeList(text, raw.format));
  if (podsFile) inputFiles.push(podsFile);
  if (nodesFile) inputFiles.push(nodesFile);
  if (pods === null || (raw.nodes !== undefined && nodes === null)) return null;
  if (raw.limit !== undefined) pods.count = Math.min(pods.count, raw.limit);
  const trace: Omit<PodTrace, "toJSON"> = {
    index,
    format: raw.format,
    podsFile: podsFile!,
    nodesFile,
    arrival,
    startAtUs,
    intervalUs,
    namespace: raw.namespace ?? "default",
    gpuResource: alibaba ? ALIBABA_GPU_MILLI : (raw.gpuResource ?? NVIDIA_GPU),
    milliPerUnit: alibaba ? 1 : MILLI_PER_GPU,
    gpuModelLabel: ALIBABA_GPU_MODEL_LABEL,
    pods,
    nodes,
    source: ck.positionOf(at),
  };
  return { ...trace, toJSON: () => traceInputs(trace) };
}

function traceInputs(t: Omit<PodTrace, "toJSON">): Record<string, unknown> {
  return { format: t.format, pods: t.podsFile, nodes: t.nodesFile, arrival: t.arrival, startAtUs: t.startAtUs, intervalUs: t.intervalUs, namespace: t.namespace, podCount: t.pods.count, nodeCount: t.nodes?.count ?? 0 };
}

/** `${VAR}` and `${VAR:-default}` from the environment; an unset variable without default is an error. */
export function expandEnv(path: string, env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  let missing: string | null = null;
  const out = path.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, def: string | undefined) => {
    const v = env[name];
    if (v !== undefined && v !== "") return v;
    if (def !== undefined) return def;
    missing ??= name;
    return "";
  });
  return missing === null ? { path: out } : { missing };
}

function traceFile(written: string, at: KeyPath, ck: ScenarioChecker): string | null {
  const e = expandEnv(written);
  if ("missing" in e) {
    ck.fail(at, "FILE_UNREADABLE", `environment variable ${e.missing} is not set (write \${${e.missing}:-<default>} to give a fallback)`);
    return null;
  }
  const path = ck.resolveFile(e.path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    ck.fail(at, "FILE_UNREADABLE", `cannot open ${path}: no such file`);
    return null;
  }
  if (size > MAX_TRACE_FILE_BYTES) {
    ck.fail(at, "RESOURCE_EXHAUSTION", `${path} is ${size} bytes; traces up to ${MAX_TRACE_FILE_BYTES} bytes are read`);
    return null;
  }
  return path;
}

function readCsv<T>(path: string, at: KeyPath, ck: ScenarioChecker, parse: (text: string) => T): T | null {
  try {
    return parse(readFileSync(path, "utf8"));
  } catch (e) {
    if (!(e instanceof TraceCsvError)) throw e;
    // The mistake is in the CSV: position it there, under the key that named the file.
    ck.errors.push({ file: path, line: e.line, column: e.column, path: pathToString(at), code: "INVALID_VALUE", message: e.message });
    return null;
  }
}
