/**
 * `spec.traffic[]` resolved into `WorkloadTraffic`s (scenario-types.ts): the rate profile
 * (a CSV series read here, so that a bad file is a positioned error before anything runs),
 * per-request CPU cost, threads, burst and the memory profile, in kubesim units. The target
 * must be a workload of `spec.workloads`; the container must be one of its template's.
 */
import { readFileSync } from "node:fs";
import type { KubeObject } from "../cluster/k8s-types.js";
import type { MemoryProfile } from "../models/memory.js";
import { parseRateSeries, TrafficSeriesError, type TrafficProfile } from "../models/traffic.js";
import type { LoadedObject } from "./manifests.js";
import type { RawTraffic } from "./raw-scenario.js";
import type { ScenarioChecker } from "./scenario-checker.js";
import type { WorkloadTraffic } from "./scenario-types.js";
import { parseWorkloadRef } from "./timeline.js";
import { resolveWorkloadDns } from "./dns-fields.js";

const S = 1_000_000;
/** A diurnal profile's default period: one day. */
const DEFAULT_DIURNAL_PERIOD_US = 86_400 * S;
/** A CSV series' default step. */
const DEFAULT_CSV_STEP_US = 60 * S;

type KeyPath = (string | number)[];

export function resolveTraffic(raw: readonly RawTraffic[], ck: ScenarioChecker, objects: readonly LoadedObject[], inputFiles: string[], objectsComplete: boolean): WorkloadTraffic[] {
  const out: WorkloadTraffic[] = [];
  const seen = new Set<string>();
  raw.forEach((t, i) => {
    const at: KeyPath = ["spec", "traffic", i];
    const ref = parseWorkloadRef(t.target);
    if (typeof ref === "string") return ck.fail([...at, "target"], "INVALID_VALUE", ref);
    const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
    if (seen.has(key)) ck.fail([...at, "target"], "INVALID_VALUE", `${t.target} already has a traffic entry`);
    seen.add(key);
    const obj = objects.find((o) => o.kind === ref.kind && (o.namespace || "default") === ref.namespace && o.name === ref.name);
    if (obj === undefined) {
      if (objectsComplete) ck.fail([...at, "target"], "UNKNOWN_REFERENCE", `no ${ref.kind} ${ref.namespace}/${ref.name} in spec.workloads`);
    } else if (t.container !== undefined) {
      const names = containerNames(obj.object);
      if (!names.includes(t.container)) ck.fail([...at, "container"], "UNKNOWN_REFERENCE", `${ref.kind} ${ref.name} has no container ${JSON.stringify(t.container)} (it has ${names.join(", ")})`);
    }
    const rate = resolveRate(t.rate, [...at, "rate"], ck, inputFiles);
    const meanUs = ck.duration([...at, "cpuPerRequest", "mean"], t.cpuPerRequest.mean, 0, 1);
    const m = t.memory ?? {};
    const mem: MemoryProfile = {
      baseBytes: ck.quantity([...at, "memory", "base"], m.base, "memory", 0),
      perInFlightBytes: ck.quantity([...at, "memory", "perInFlight"], m.perInFlight, "memory", 0),
      leakBytesPerSec: ck.quantity([...at, "memory", "leakPerMinute"], m.leakPerMinute, "memory", 0) / 60,
      spikeEveryUs: m.spikes ? ck.duration([...at, "memory", "spikes", "every"], m.spikes.every, 0, 1) : 0,
      spikeBytes: m.spikes ? ck.quantity([...at, "memory", "spikes", "size"], m.spikes.size, "memory", 0) : 0,
      spikeDurationUs: m.spikes ? ck.duration([...at, "memory", "spikes", "duration"], m.spikes.duration, 0) : 0,
    };
    if (m.spikes && mem.spikeDurationUs >= mem.spikeEveryUs && mem.spikeEveryUs > 0) ck.fail([...at, "memory", "spikes", "duration"], "INVALID_VALUE", "a spike must be shorter than the time between spikes");
    out.push({
      target: ref,
      container: t.container ?? null,
      rate,
      cpuPerRequest: { kind: t.cpuPerRequest.distribution ?? "exponential", meanUs, cv: t.cpuPerRequest.cv ?? 1 },
      threads: t.threads ?? 1,
      cfsBurstUs: ck.duration([...at, "cfsBurst"], t.cfsBurst, 0),
      memory: mem,
      ...(t.dns ? { dns: resolveWorkloadDns(t.dns, [...at, "dns"], ck) } : {}),
      source: ck.positionOf(at),
    });
  });
  return out;
}

function containerNames(o: KubeObject): string[] {
  const spec = (o as { spec?: { template?: { spec?: { containers?: { name?: string }[] } } } }).spec;
  return (spec?.template?.spec?.containers ?? []).map((c) => c.name ?? "");
}

/** The keys each profile needs, and the ones it may take. */
const PROFILE_KEYS: Record<RawTraffic["rate"]["profile"], { need: string[]; may: string[] }> = {
  constant: { need: ["rps"], may: [] },
  diurnal: { need: ["rps", "amplitude"], may: ["period", "peakAt"] },
  step: { need: ["rps", "steps"], may: [] },
  spike: { need: ["rps", "at", "duration", "peakRps"], may: ["ramp"] },
  csv: { need: ["file"], may: ["column", "timeColumn", "step", "scale", "peakRps", "loop"] },
};

function resolveRate(r: RawTraffic["rate"], at: KeyPath, ck: ScenarioChecker, inputFiles: string[]): TrafficProfile {
  const keys = PROFILE_KEYS[r.profile];
  const given = Object.keys(r).filter((k) => k !== "profile");
  let ok = true;
  for (const k of keys.need) {
    if ((r as Record<string, unknown>)[k] === undefined) {
      ck.fail([...at, "profile"], "MISSING_FIELD", `a ${r.profile} profile needs ${k}`);
      ok = false;
    }
  }
  for (const k of given) {
    if (!keys.need.includes(k) && !keys.may.includes(k)) {
      ck.fail([...at, k], "INVALID_VALUE", `a ${r.profile} profile takes ${[...keys.need, ...keys.may].join(", ")}; not ${k}`, "key");
      ok = false;
    }
  }
  const none: TrafficProfile = { kind: "constant", rps: 0 };
  if (!ok) return none;
  const d = (k: string, v: string | number | undefined, def: number): number => ck.duration([...at, k], v, def);
  switch (r.profile) {
    case "constant":
      return { kind: "constant", rps: r.rps! };
    case "diurnal":
      return { kind: "diurnal", meanRps: r.rps!, amplitude: r.amplitude!, periodUs: ck.duration([...at, "period"], r.period, DEFAULT_DIURNAL_PERIOD_US, 1), peakAtUs: d("peakAt", r.peakAt, 0) };
    case "step": {
      const steps = r.steps!.map((s, j) => ({ atUs: ck.duration([...at, "steps", j, "at"], s.at, 0), rps: s.rps }));
      steps.forEach((s, j) => {
        if (j > 0 && s.atUs <= steps[j - 1]!.atUs) ck.fail([...at, "steps", j, "at"], "INVALID_VALUE", "steps must be in increasing time order");
      });
      return { kind: "step", rps: r.rps!, steps };
    }
    case "spike":
      return { kind: "spike", rps: r.rps!, atUs: d("at", r.at, 0), durationUs: d("duration", r.duration, 0), peakRps: r.peakRps!, rampUs: d("ramp", r.ramp, 0) };
    case "csv":
      return csvProfile(r, at, ck, inputFiles) ?? none;
  }
}

function csvProfile(r: RawTraffic["rate"], at: KeyPath, ck: ScenarioChecker, inputFiles: string[]): TrafficProfile | null {
  if (r.column === undefined && r.timeColumn === undefined) {
    ck.fail([...at, "column"], "MISSING_FIELD", "a csv profile needs column (a rate per row) or timeColumn (one request per row)", "key");
    return null;
  }
  if (r.scale !== undefined && r.peakRps !== undefined) ck.fail([...at, "peakRps"], "INVALID_VALUE", "give scale or peakRps, not both", "key");
  const stepUs = ck.duration([...at, "step"], r.step, DEFAULT_CSV_STEP_US, 1);
  const path = ck.resolveFile(r.file!);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    ck.fail([...at, "file"], "FILE_UNREADABLE", `cannot open ${path}: no such file`);
    return null;
  }
  inputFiles.push(path);
  try {
    const rps = parseRateSeries(text, {
      ...(r.column !== undefined ? { column: r.column } : {}),
      ...(r.timeColumn !== undefined ? { timeColumn: r.timeColumn } : {}),
      stepUs,
      ...(r.scale !== undefined ? { scale: r.scale } : {}),
      ...(r.peakRps !== undefined ? { peakRps: r.peakRps } : {}),
    });
    return { kind: "series", stepUs, rps, loop: r.loop ?? false };
  } catch (e) {
    if (!(e instanceof TrafficSeriesError)) throw e;
    if (e.line > 0) ck.errors.push({ file: path, line: e.line, column: 1, path: "", code: "INVALID_VALUE", message: e.message });
    else ck.fail([...at, "file"], "INVALID_VALUE", `${path}: ${e.message}`);
    return null;
  }
}
