/**
 * Pod traces and node lists as CSV (`spec.workloads[].trace`, docs/trace-replay.md), read into
 * columns: one row per pod (creation and deletion time, requests, GPUs, priority, QoS) or per
 * node. Two formats:
 *
 * - `alibaba-gpu-v2023`: Alibaba's cluster-trace-gpu-v2023 (Weng et al., "Beware of
 *   Fragmentation", USENIX ATC '23), exactly the header of `openb_pod_list_*.csv`
 *   (`name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,
 *   deletion_time,scheduled_time`) and of `openb_node_list_*.csv` (`sn,cpu_milli,memory_mib,gpu,model`);
 * - `csv`: kubesim's own header (`POD_COLUMNS`, `NODE_COLUMNS`), any column order, with
 *   Kubernetes quantities for cpu and memory; `columns` renames them to a file's own header.
 *
 * Mistakes are `TraceCsvError`s carrying the 1-based line and column of the cell; the caller
 * positions them in the file (`file:line:column`). A line is split on commas (no quoted commas:
 * neither format needs them).
 */
import { QuantityError, resourceValue } from "../cluster/quantity.js";

export type TraceFormat = "alibaba-gpu-v2023" | "csv";
export const TRACE_FORMATS: readonly TraceFormat[] = ["alibaba-gpu-v2023", "csv"];

/** kubesim's pod trace header: times in seconds, cpu/memory as quantities, gpu a whole count. */
export const POD_COLUMNS = ["name", "creation_time", "deletion_time", "duration", "cpu", "memory", "gpu", "priority", "qos"] as const;
/** kubesim's node list header: `pods` defaults to 110 (the kubelet's `maxPods`). */
export const NODE_COLUMNS = ["name", "cpu", "memory", "gpu", "pods"] as const;
export type PodColumn = (typeof POD_COLUMNS)[number];
export type NodeColumn = (typeof NODE_COLUMNS)[number];

/** Rows beyond this are refused (the scale target is hundreds of thousands of pods). */
export const MAX_TRACE_PODS = 1_000_000;
export const MAX_TRACE_NODES = 100_000;
/** One GPU in milli-GPU (the trace's `gpu_milli` unit: 1000 = a whole GPU). */
export const MILLI_PER_GPU = 1000;
/** Kubelet `maxPods` default (KubeletConfiguration), for node lists without a `pods` column. */
export const DEFAULT_MAX_PODS = 110;
/**
 * Pods per node in the trace's own Node objects (`openb_node_list_gpu_node.yaml`:
 * `pods: '1001'`): the paper's simulator does not limit pods per node.
 */
export const ALIBABA_MAX_PODS = 1001;

export const QOS_BURSTABLE = 0;
export const QOS_GUARANTEED = 1;
export const QOS_BEST_EFFORT = 2;

/** A pod trace in columns; times in seconds of trace time. */
export interface PodTraceRows {
  count: number;
  names: string[];
  /** Line of the row in its file. */
  lines: Int32Array;
  creationS: Float64Array;
  /** NaN: never deleted. */
  deletionS: Float64Array;
  cpuMillicores: Float64Array;
  memoryBytes: Float64Array;
  /** GPUs the pod needs (`num_gpu`). */
  gpuCount: Int32Array;
  /** Share of each of those GPUs, milli-GPU (1000 = whole; < 1000 only with gpuCount 1). */
  gpuMilli: Int32Array;
  priority: Int32Array;
  /** QOS_* : Guaranteed sets limits = requests; BestEffort requests nothing. */
  qos: Uint8Array;
  /** Alibaba's own class (LS, BE, Burstable, Guaranteed), kept as a label; "" for `csv`. */
  traceQos: string[];
  /** GPU models the pod accepts (`gpu_spec`); null = any. */
  gpuModels: (string[] | null)[];
}

export interface NodeListRows {
  count: number;
  names: string[];
  cpuMillicores: Float64Array;
  memoryBytes: Float64Array;
  gpus: Int32Array;
  /** GPU model label value; "" when none. */
  gpuModel: string[];
  pods: Int32Array;
}

export class TraceCsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const MIB = 1024 * 1024;
const ALIBABA_POD_HEADER = ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time"];
const ALIBABA_NODE_HEADER = ["sn", "cpu_milli", "memory_mib", "gpu", "model"];
/** Alibaba's `qos` values; only Guaranteed maps to a Kubernetes QoS class of its own. */
const ALIBABA_QOS = new Set(["LS", "BE", "Burstable", "Guaranteed"]);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** One data line: its cells and where each starts (1-based column). */
interface Row {
  line: number;
  cells: string[];
  starts: number[];
}

function* rowsOf(text: string): Generator<Row> {
  let line = 0;
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf("\n", from);
    if (to < 0) to = text.length;
    line++;
    const raw = text.slice(from, to).replace(/\r$/, "");
    from = to + 1;
    if (raw.trim() === "") continue;
    const cells = raw.split(",");
    const starts: number[] = [];
    let col = 1;
    for (const c of cells) {
      starts.push(col);
      col += c.length + 1;
    }
    yield { line, cells: cells.map((c) => c.trim()), starts };
  }
}

/** Reads the header and maps each wanted column to its index (-1 when absent and optional). */
function headerIndex(header: Row, wanted: Record<string, string>, required: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, name] of Object.entries(wanted)) {
    out[key] = header.cells.indexOf(name);
    if (out[key] < 0 && required.includes(key)) {
      throw new TraceCsvError(`no column ${JSON.stringify(name)}; the header has ${header.cells.map((h) => JSON.stringify(h)).join(", ")}`, header.line, 1);
    }
  }
  return out;
}

class Cells {
  constructor(private readonly row: Row) {}
  text(i: number): string {
    return i < 0 ? "" : (this.row.cells[i] ?? "");
  }
  fail(i: number, message: string): never {
    throw new TraceCsvError(message, this.row.line, this.row.starts[Math.max(0, i)] ?? 1);
  }
  /** A non-negative number (seconds, millicores, MiB, counts); NaN when the cell is empty and allowed to be. */
  number(i: number, what: string, opts: { optional?: boolean; integer?: boolean } = {}): number {
    const t = this.text(i);
    if (t === "") {
      if (opts.optional) return NaN;
      this.fail(i, `${what} is empty`);
    }
    const v = Number(t);
    if (!Number.isFinite(v) || v < 0 || (opts.integer && !Number.isInteger(v))) this.fail(i, `${what} ${JSON.stringify(t)} is not a non-negative ${opts.integer ? "integer" : "number"}`);
    return v;
  }
  /** A Kubernetes quantity as kubesim's number (millicores for cpu, bytes for memory). */
  quantity(i: number, resource: string): number {
    const t = this.text(i);
    if (t === "") return 0;
    try {
      const v = resourceValue(resource, t);
      if (v < 0) this.fail(i, `${resource} ${JSON.stringify(t)} is negative`);
      return v;
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      return this.fail(i, `${resource} ${JSON.stringify(t)}: ${e.message}`);
    }
  }
  name(i: number, fallback: string): string {
    const t = this.text(i);
    if (t === "") return fallback;
    if (t.length > 253 || !DNS_SUBDOMAIN.test(t)) this.fail(i, `name ${JSON.stringify(t)} is not a valid Kubernetes object name (lower-case letters, digits, '-' and '.')`);
    return t;
  }
}

function emptyPods(n: number): PodTraceRows {
  return {
    count: 0,
    names: [],
    lines: new Int32Array(n),
    creationS: new Float64Array(n),
    deletionS: new Float64Array(n),
    cpuMillicores: new Float64Array(n),
    memoryBytes: new Float64Array(n),
    gpuCount: new Int32Array(n),
    gpuMilli: new Int32Array(n),
    priority: new Int32Array(n),
    qos: new Uint8Array(n),
    traceQos: [],
    gpuModels: [],
  };
}

function dataLineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n + 1;
}

/**
 * Reads a pod trace. `columns` (format `csv` only) maps kubesim's column names to the file's.
 * Names must be unique within the trace.
 */
export function parsePodTrace(text: string, format: TraceFormat, columns: Partial<Record<PodColumn, string>> = {}): PodTraceRows {
  const rows = rowsOf(text);
  const first = rows.next();
  if (first.done) throw new TraceCsvError("the file is empty (a header line is needed)", 1, 1);
  const header = first.value;
  const cap = Math.min(dataLineCount(text), MAX_TRACE_PODS + 1);
  const out = emptyPods(cap);
  const seen = new Set<string>();
  const alibaba = format === "alibaba-gpu-v2023";
  const col = alibaba
    ? headerIndex(header, Object.fromEntries(ALIBABA_POD_HEADER.map((h) => [h, h])), ALIBABA_POD_HEADER.filter((h) => h !== "scheduled_time" && h !== "pod_phase"))
    : headerIndex(header, Object.fromEntries(POD_COLUMNS.map((c) => [c, columns[c] ?? c])), ["creation_time", "cpu", "memory"]);
  if (!alibaba && col["deletion_time"]! >= 0 && col["duration"]! >= 0) {
    throw new TraceCsvError("give deletion_time or duration, not both", header.line, header.starts[col["duration"]!] ?? 1);
  }
  for (const row of rows) {
    const i = out.count;
    if (i >= MAX_TRACE_PODS) throw new TraceCsvError(`more than ${MAX_TRACE_PODS} pods: split the trace`, row.line, 1);
    const c = new Cells(row);
    out.lines[i] = row.line;
    const ci = (k: string): number => col[k]!;
    const name = c.name(ci("name"), `trace-pod-${i}`);
    if (seen.has(name)) c.fail(ci("name"), `pod ${name} appears twice in the trace`);
    seen.add(name);
    out.names.push(name);
    const created = c.number(ci("creation_time"), "creation_time");
    out.creationS[i] = created;
    let deleted: number;
    if (alibaba || ci("deletion_time") >= 0) deleted = c.number(ci("deletion_time"), "deletion_time", { optional: true });
    else deleted = created + c.number(ci("duration"), "duration", { optional: true });
    if (deleted < created) c.fail(ci(alibaba || ci("deletion_time") >= 0 ? "deletion_time" : "duration"), `deleted at ${deleted}s, before its creation at ${created}s`);
    out.deletionS[i] = deleted;
    if (alibaba) readAlibabaPod(c, ci, out, i);
    else readCsvPod(c, ci, out, i);
    out.count++;
  }
  if (out.count === 0) throw new TraceCsvError("the trace has no pods (only a header)", header.line, 1);
  return trimmed(out);
}

function readAlibabaPod(c: Cells, ci: (k: string) => number, out: PodTraceRows, i: number): void {
  out.cpuMillicores[i] = c.number(ci("cpu_milli"), "cpu_milli", { integer: true });
  out.memoryBytes[i] = c.number(ci("memory_mib"), "memory_mib") * MIB;
  const gpus = c.number(ci("num_gpu"), "num_gpu", { integer: true });
  const milli = c.number(ci("gpu_milli"), "gpu_milli", { integer: true });
  if (gpus > 64) c.fail(ci("num_gpu"), `num_gpu ${gpus}: more GPUs than any node has`);
  if (milli > MILLI_PER_GPU) c.fail(ci("gpu_milli"), `gpu_milli ${milli} is more than one GPU (1000)`);
  if (gpus > 1 && milli !== MILLI_PER_GPU) c.fail(ci("gpu_milli"), `a pod with num_gpu ${gpus} takes whole GPUs (gpu_milli 1000), got ${milli}`);
  if ((gpus === 0) !== (milli === 0)) c.fail(ci("gpu_milli"), `num_gpu ${gpus} with gpu_milli ${milli}: both are 0 or neither`);
  out.gpuCount[i] = gpus;
  out.gpuMilli[i] = milli;
  const qos = c.text(ci("qos"));
  if (!ALIBABA_QOS.has(qos)) c.fail(ci("qos"), `qos ${JSON.stringify(qos)} is not one of LS, BE, Burstable, Guaranteed`);
  out.traceQos.push(qos);
  out.qos[i] = qos === "Guaranteed" ? QOS_GUARANTEED : QOS_BURSTABLE;
  const spec = c.text(ci("gpu_spec"));
  out.gpuModels.push(spec === "" ? null : spec.split("|").filter((s) => s !== ""));
}

function readCsvPod(c: Cells, ci: (k: string) => number, out: PodTraceRows, i: number): void {
  out.cpuMillicores[i] = c.quantity(ci("cpu"), "cpu");
  out.memoryBytes[i] = c.quantity(ci("memory"), "memory");
  const gpus = c.number(ci("gpu"), "gpu", { optional: true, integer: true });
  out.gpuCount[i] = Number.isNaN(gpus) ? 0 : gpus;
  out.gpuMilli[i] = out.gpuCount[i]! > 0 ? MILLI_PER_GPU : 0;
  const p = c.text(ci("priority"));
  if (p !== "") {
    const v = Number(p);
    // Pod priority is an int32 (PriorityClass.value); above 1e9 is reserved for system classes.
    if (!Number.isInteger(v) || v < -2_147_483_648 || v > 1_000_000_000) c.fail(ci("priority"), `priority ${JSON.stringify(p)} is not an integer up to 1000000000`);
    out.priority[i] = v;
  }
  const q = c.text(ci("qos"));
  if (q !== "" && q !== "Guaranteed" && q !== "Burstable" && q !== "BestEffort") c.fail(ci("qos"), `qos ${JSON.stringify(q)} is not one of Guaranteed, Burstable, BestEffort`);
  if (q === "BestEffort" && (out.cpuMillicores[i]! > 0 || out.memoryBytes[i]! > 0 || out.gpuCount[i]! > 0)) c.fail(ci("qos"), "a BestEffort pod requests nothing: leave cpu, memory and gpu empty or 0");
  out.qos[i] = q === "Guaranteed" ? QOS_GUARANTEED : q === "BestEffort" ? QOS_BEST_EFFORT : QOS_BURSTABLE;
  out.traceQos.push("");
  out.gpuModels.push(null);
}

/** The columns cut to `count` rows (they were sized by the file's line count). */
function trimmed<T extends { count: number }>(rows: T): T {
  const out = { ...rows } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (ArrayBuffer.isView(v)) out[k] = (v as Int32Array).slice(0, rows.count);
  return out as T;
}

/** Reads a node list in the trace's format. */
export function parseNodeList(text: string, format: TraceFormat): NodeListRows {
  const rows = rowsOf(text);
  const first = rows.next();
  if (first.done) throw new TraceCsvError("the file is empty (a header line is needed)", 1, 1);
  const header = first.value;
  const alibaba = format === "alibaba-gpu-v2023";
  const col = alibaba
    ? headerIndex(header, Object.fromEntries(ALIBABA_NODE_HEADER.map((h) => [h, h])), ALIBABA_NODE_HEADER)
    : headerIndex(header, Object.fromEntries(NODE_COLUMNS.map((c) => [c, c])), ["name", "cpu", "memory"]);
  const cap = Math.min(dataLineCount(text), MAX_TRACE_NODES + 1);
  const out: NodeListRows = { count: 0, names: [], cpuMillicores: new Float64Array(cap), memoryBytes: new Float64Array(cap), gpus: new Int32Array(cap), gpuModel: [], pods: new Int32Array(cap) };
  const seen = new Set<string>();
  for (const row of rows) {
    const i = out.count;
    if (i >= MAX_TRACE_NODES) throw new TraceCsvError(`more than ${MAX_TRACE_NODES} nodes`, row.line, 1);
    const c = new Cells(row);
    const ci = (k: string): number => col[k]!;
    const nameCol = alibaba ? ci("sn") : ci("name");
    const name = c.name(nameCol, "");
    if (name === "") c.fail(nameCol, "a node needs a name");
    if (seen.has(name)) c.fail(nameCol, `node ${name} appears twice`);
    seen.add(name);
    out.names.push(name);
    if (alibaba) {
      out.cpuMillicores[i] = c.number(ci("cpu_milli"), "cpu_milli", { integer: true });
      out.memoryBytes[i] = c.number(ci("memory_mib"), "memory_mib") * MIB;
      out.gpus[i] = c.number(ci("gpu"), "gpu", { integer: true });
      out.gpuModel.push(c.text(ci("model")));
      out.pods[i] = ALIBABA_MAX_PODS;
    } else {
      out.cpuMillicores[i] = c.quantity(ci("cpu"), "cpu");
      out.memoryBytes[i] = c.quantity(ci("memory"), "memory");
      const g = c.number(ci("gpu"), "gpu", { optional: true, integer: true });
      out.gpus[i] = Number.isNaN(g) ? 0 : g;
      out.gpuModel.push("");
      const p = c.number(ci("pods"), "pods", { optional: true, integer: true });
      out.pods[i] = Number.isNaN(p) ? DEFAULT_MAX_PODS : p;
    }
    if (out.gpus[i]! > 64) c.fail(ci("gpu"), `${out.gpus[i]} GPUs on one node is more than kubesim models (64)`);
    out.count++;
  }
  if (out.count === 0) throw new TraceCsvError("the node list has no nodes (only a header)", header.line, 1);
  return trimmed(out);
}
