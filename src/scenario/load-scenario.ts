/**
 * Loads a scenario file into the `ResolvedScenario` the runtime simulates (scenario-types.ts).
 * The steps follow shared/reference/ux.md A2, and every mistake they find is an `InputError`
 * positioned in the file (`file:line:column: path: message`), up to 20 at once, sorted:
 *
 *  1. read and parse with positions (`readYamlFile`: size cap, alias cap, syntax errors);
 *  2. pick the `kind: Scenario` document (other documents of the file are manifests);
 *  3. apply `--set` overrides (`set-overrides.ts`);
 *  4. check against the JSON Schema (`schema-validation.ts`); stop there if it fails, since the
 *     next step relies on the shapes it guarantees;
 *  5. semantic checks while resolving: durations, quantities, files, references, SLOs;
 *  6. defaults (`scenario-defaults.ts`).
 *
 *     const scenario = loadScenario("scenarios/shop.yaml", { set: ["spec.seed=7"] });
 *     scenario.nodePools[0].cpuMillicores;   // 3920 for an m6i.xlarge
 */
import { statSync } from "node:fs";
import { InputError, inputError } from "../errors.js";
import { loadSchedulerConfiguration } from "../scheduler/config/index.js";
import { resolveApiServer } from "./api-server-fields.js";
import { documentObject } from "./document-object.js";
import { loadManifests, type LoadedObject } from "./manifests.js";
import { resolveAutoscaling } from "./autoscaling-settings.js";
import { objectFieldErrors } from "./object-fields.js";
import { resolveNodePools } from "./node-pools.js";
import type { RawScalar, RawScenario, RawSpec, RawStartupTime } from "./raw-scenario.js";
import { ScenarioChecker, sortDetails } from "./scenario-checker.js";
import * as D from "./scenario-defaults.js";
import type { ControlPlaneSettings, KubeletSettings, ResolvedScenario } from "./scenario-types.js";
import { MAX_POOL_NODES, SCENARIO_KIND } from "./schema.js";
import { schemaErrors } from "./schema-validation.js";
import { applySetOverrides, parseSetOverride } from "./set-overrides.js";
import { resolveSlos } from "./slo-specs.js";
import { resolveTimeline } from "./timeline.js";
import { resolveTraffic } from "./traffic-specs.js";
import { requireClusterDns, resolveDns } from "./dns-fields.js";
import { resolveTrace, type PodTrace } from "./trace-specs.js";
import { pathToString, readYamlFile, type KeyPath, type YamlDocument } from "./yaml-source.js";

/** Errors shown at once (ux.md A2): enough to fix a file in one pass. */
export const MAX_REPORTED_ERRORS = 20;

export interface LoadScenarioOptions {
  /** `--set path=value` overrides, applied before validation. */
  set?: readonly string[];
  /** `--seed`: replaces `spec.seed`. */
  seed?: number;
  /** Non-fatal findings (parser warnings, duplicate objects), each starting with `file:line:column`. */
  onWarning?: (warning: string) => void;
}

export function loadScenario(file: string, opts: LoadScenarioOptions = {}): ResolvedScenario {
  if (opts.seed !== undefined && (!Number.isSafeInteger(opts.seed) || opts.seed < 0)) {
    throw inputError("USAGE", "--seed", `expected a non-negative integer, got ${opts.seed}`);
  }
  const overrides = (opts.set ?? []).map(parseSetOverride);
  const set = readYamlFile(file);
  const warn = opts.onWarning ?? (() => {});
  set.warnings.forEach((w) => warn(w));
  const doc = scenarioDocument(set.file, set.documents);
  applySetOverrides(doc.value, overrides);

  const ck = new ScenarioChecker(doc, file, overrides.map((o) => o.path));
  const shapeErrors = schemaErrors(doc.value, ck);
  if (shapeErrors.length > 0) throw new InputError(sortDetails(shapeErrors, MAX_REPORTED_ERRORS));

  const raw = doc.value as RawScenario;
  const resolved = resolve(raw, ck, opts, warn, set.documents.length > 1);
  if (ck.errors.length > 0) throw new InputError(sortDetails(ck.errors, MAX_REPORTED_ERRORS));
  return resolved;
}

/** The `kind: Scenario` document; a file with one document is taken as the scenario whatever it says (the schema will tell). */
function scenarioDocument(file: string, documents: readonly YamlDocument[]): YamlDocument {
  const present = documents.filter((d) => d.value !== null && d.value !== undefined);
  const scenarios = present.filter((d) => (d.value as { kind?: unknown }).kind === SCENARIO_KIND);
  if (scenarios.length > 1) {
    throw new InputError({ ...scenarios[1]!.positionOf([]), path: "", code: "INVALID_VALUE", message: "a file holds one Scenario; this is the second" });
  }
  if (scenarios.length === 1) return scenarios[0]!;
  if (present.length === 1) return present[0]!;
  throw inputError("MISSING_FIELD", "kind", `no document has kind: ${SCENARIO_KIND}`, { file });
}

function resolve(raw: RawScenario, ck: ScenarioChecker, opts: LoadScenarioOptions, warn: (w: string) => void, multiDocument: boolean): ResolvedScenario {
  const spec = raw.spec;
  const inputFiles: string[] = [ck.file];
  const durationUs = ck.duration(["spec", "duration"], spec.duration, 0, 1);
  if (durationUs > D.MAX_DURATION_US) ck.fail(["spec", "duration"], "RESOURCE_EXHAUSTION", "longer than kubesim simulates (at most 30 days, 720h)");
  const sampleIntervalUs = ck.duration(["spec", "sampleInterval"], spec.sampleInterval, D.DEFAULT_SAMPLE_INTERVAL_US, 1);
  if (spec.sampleInterval !== undefined && sampleIntervalUs > durationUs) ck.fail(["spec", "sampleInterval"], "INVALID_VALUE", "longer than the run (spec.duration)");

  const kubelet = kubeletSettings(spec, ck);
  const nodePools = resolveNodePools(spec.cluster?.nodePools ?? [], ck, kubelet.defaultImageSizeBytes);
  let total = 0;
  nodePools.forEach((p, i) => {
    total += p.count;
    if (total > MAX_POOL_NODES) ck.fail(["spec", "cluster", "nodePools", i, "count"], "RESOURCE_EXHAUSTION", `the pools add up to more than ${MAX_POOL_NODES} nodes`);
  });

  /** Loads manifest files named at `prefix` (paths relative to the scenario unless `asGiven`). */
  /** Objects whose fields failed the checks: the resolvers below must not read them. */
  let malformed = 0;
  const loadFiles = (prefix: KeyPath, paths: readonly string[], asGiven = false): LoadedObject[] => {
    const readable: string[] = [];
    paths.forEach((p, j) => {
      const resolved = asGiven ? p : ck.resolveFile(p);
      if (isFile(resolved)) readable.push(resolved);
      else ck.fail([...prefix, j], "FILE_UNREADABLE", `cannot open ${resolved}: no such file`);
    });
    inputFiles.push(...readable);
    try {
      const loaded = loadManifests(readable);
      loaded.warnings.forEach((w) => warn(w));
      malformed += checkObjectFields(loaded.objects, ck);
      return loaded.objects;
    } catch (e) {
      ck.absorb(e);
      return [];
    }
  };

  const errorsBeforeObjects = ck.errors.length;
  const objects = realNodes(loadFiles(["spec", "cluster", "nodes"], spec.cluster?.nodes ?? []), nodePools, ck);
  const traces: PodTrace[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    const at = ["spec", "workloads", i];
    const given = [w.manifests, w.object, w.trace].filter((x) => x !== undefined).length;
    if (given !== 1) {
      ck.fail(at, given === 0 ? "MISSING_FIELD" : "INVALID_VALUE", "a workload entry has one of manifests, object or trace");
      return;
    }
    if (w.trace !== undefined) {
      const t = resolveTrace(w.trace, [...at, "trace"], i, ck, inputFiles);
      if (t) traces.push(t);
    } else if (w.manifests !== undefined) objects.push(...loadFiles([...at, "manifests"], w.manifests));
    else {
      const o = documentObject(ck.doc, [...at, "object"]);
      if (o.name === "") ck.fail([...at, "object", "metadata", "name"], "MISSING_FIELD", `a ${o.kind} needs metadata.name`, "key");
      else {
        malformed += checkObjectFields([o], ck);
        objects.push(o);
      }
    }
  });
  // Other documents of the scenario file itself are manifests too ("mix it with manifests").
  if (multiDocument) objects.push(...loadFiles([], [ck.file], true).filter((o) => o.kind !== SCENARIO_KIND));

  // Traffic, the timeline and the rest read the objects' fields: report malformed ones first.
  if (malformed > 0) throw new InputError(sortDetails(ck.errors, MAX_REPORTED_ERRORS));
  const objectsComplete = ck.errors.length === errorsBeforeObjects;
  const traffic = resolveTraffic(spec.traffic ?? [], ck, objects, inputFiles, objectsComplete);
  requireClusterDns(spec.traffic ?? [], spec.dns !== undefined, ck);
  const timeline = resolveTimeline(spec.timeline ?? [], ck, {
    durationUs,
    pools: nodePools,
    objects,
    objectsComplete: ck.errors.length === errorsBeforeObjects,
    warn,
    loadApply: (paths, index) => loadFiles(["spec", "timeline", index, "manifests"], paths),
  });

  return {
    name: raw.metadata.name,
    file: ck.file,
    seed: opts.seed ?? spec.seed ?? D.DEFAULT_SEED,
    durationUs,
    sampleIntervalUs,
    nodePools,
    objects,
    schedulerConfig: schedulerConfig(spec, ck, inputFiles),
    kubelet,
    controlPlane: controlPlaneSettings(spec, ck),
    timeline,
    slos: resolveSlos(spec.slos ?? [], ck, durationUs),
    traffic,
    ...(spec.autoscaling ? { autoscaling: resolveAutoscaling(spec.autoscaling, ck, objects, objectsComplete) } : {}),
    ...(spec.apiServer ? { apiServer: resolveApiServer(spec.apiServer, ck, durationUs) } : {}),
    ...(spec.dns ? { dns: resolveDns(spec.dns, ck) } : {}),
    ...(traces.length > 0 ? { traces } : {}),
    inputFiles: [...new Set(inputFiles)],
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Field checks of every loaded object (object-fields.ts), collected into the checker; how many objects failed them. */
function checkObjectFields(objects: readonly LoadedObject[], ck: ScenarioChecker): number {
  let failed = 0;
  for (const o of objects) {
    const errors = objectFieldErrors(o);
    for (const e of errors) ck.absorb(e);
    if (errors.length > 0) failed++;
  }
  return failed;
}

/** `spec.cluster.nodes` holds Node objects, whose names must not collide with pool nodes. */
function realNodes(objects: LoadedObject[], pools: readonly { name: string; count: number }[], ck: ScenarioChecker): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const o of objects) {
    if (o.kind !== "Node") {
      ck.errors.push({ ...o.source, code: "INVALID_VALUE", message: `spec.cluster.nodes takes Node objects; put a ${o.kind} under spec.workloads` });
      continue;
    }
    const clash = pools.find((p) => {
      const m = /^(.+)-(0|[1-9][0-9]*)$/.exec(o.name);
      return m !== null && m[1] === p.name && Number(m[2]) < p.count;
    });
    if (clash !== undefined) {
      const at = o.positionOf(["metadata", "name"]);
      ck.errors.push({ ...at, path: pathToString([...o.basePath, "metadata", "name"]), code: "INVALID_VALUE", message: `node ${o.name} is also a node of pool ${clash.name} (named <pool>-<index>)` });
    }
    out.push(o);
  }
  return out;
}

function kubeletSettings(spec: RawSpec, ck: ScenarioChecker): KubeletSettings {
  const k = spec.kubelet ?? {};
  const at = (key: string) => ["spec", "kubelet", key];
  const imageSizes: Record<string, number> = {};
  const defaultImageSizeBytes = ck.quantity(at("defaultImageSize"), k.defaultImageSize, "memory", D.DEFAULT_IMAGE_SIZE_BYTES);
  for (const [image, size] of Object.entries(k.imageSizes ?? {})) {
    imageSizes[image] = ck.quantity(["spec", "kubelet", "imageSizes", image], size, "memory", defaultImageSizeBytes);
  }
  const imagePullBytesPerSec = ck.quantity(at("imagePullBandwidth"), k.imagePullBandwidth, "memory", D.DEFAULT_IMAGE_PULL_BYTES_PER_SEC);
  if (imagePullBytesPerSec === 0) ck.fail(at("imagePullBandwidth"), "INVALID_VALUE", "must be more than 0: no image could ever be pulled");
  const sandbox = startupTime(ck, at("sandboxCreation"), k.sandboxCreation, D.DEFAULT_SANDBOX_CREATION_US, D.DEFAULT_SANDBOX_CREATION_P99_US);
  const container = startupTime(ck, at("containerStart"), k.containerStart, D.DEFAULT_CONTAINER_START_US, D.DEFAULT_CONTAINER_START_P99_US);
  return {
    sandboxCreationUs: sandbox.medianUs,
    sandboxCreationP99Us: sandbox.p99Us,
    containerStartUs: container.medianUs,
    containerStartP99Us: container.p99Us,
    runtimeSlowdownPerPod: k.runtimeSlowdownPerPod ?? D.DEFAULT_RUNTIME_SLOWDOWN_PER_POD,
    ...(k.parallelSandboxCreations !== undefined ? { parallelSandboxCreations: k.parallelSandboxCreations } : {}),
    imagePullBytesPerSec,
    imagePullLatencyUs: ck.duration(at("imagePullLatency"), k.imagePullLatency, D.DEFAULT_IMAGE_PULL_LATENCY_US),
    defaultImageSizeBytes,
    imageSizes,
    nodeLeaseRenewIntervalUs: ck.duration(at("nodeLeaseRenewInterval"), k.nodeLeaseRenewInterval, D.DEFAULT_NODE_LEASE_RENEW_INTERVAL_US, 1),
    cpuCFSQuota: k.cpuCFSQuota ?? true,
    cpuCFSQuotaPeriodUs: cfsQuotaPeriod(k.cpuCFSQuotaPeriod, ck),
  };
}

/**
 * `sandboxCreation` / `containerStart`: a duration is fixed (median = p99); `{median, p99}` is a
 * lognormal, which needs 0 < median ≤ p99. Absent: the calibrated default.
 */
function startupTime(ck: ScenarioChecker, path: KeyPath, v: RawScalar | RawStartupTime | undefined, medianUs: number, p99Us: number): { medianUs: number; p99Us: number } {
  if (v === undefined) return { medianUs, p99Us };
  if (typeof v !== "object") {
    const us = ck.duration(path, v, medianUs);
    return { medianUs: us, p99Us: us };
  }
  const median = ck.duration([...path, "median"], v.median, medianUs);
  const p99 = ck.duration([...path, "p99"], v.p99, p99Us);
  if (median === 0 && p99 > 0) ck.fail([...path, "median"], "INVALID_VALUE", "a lognormal needs a median above 0 (write a duration for a fixed time)");
  else if (p99 < median) ck.fail([...path, "p99"], "INVALID_VALUE", `the 99th percentile cannot be below the median (${JSON.stringify(v.median)})`);
  return { medianUs: median, p99Us: Math.max(p99, median) };
}

/** Kubelet `cpuCFSQuotaPeriod`: 100 ms by default; the kernel takes 1 ms to 1 s (sched-bwc.rst). */
function cfsQuotaPeriod(v: string | number | undefined, ck: ScenarioChecker): number {
  const path = ["spec", "kubelet", "cpuCFSQuotaPeriod"];
  const us = ck.duration(path, v, D.DEFAULT_CFS_QUOTA_PERIOD_US, 1);
  if (us < 1000 || us > 1_000_000) {
    ck.fail(path, "INVALID_VALUE", "the CFS period must be between 1ms and 1s");
    return D.DEFAULT_CFS_QUOTA_PERIOD_US;
  }
  return us;
}

function controlPlaneSettings(spec: RawSpec, ck: ScenarioChecker): ControlPlaneSettings {
  const c = spec.controlPlane ?? {};
  const at = (key: string) => ["spec", "controlPlane", key];
  return {
    nodeMonitorGracePeriodUs: ck.duration(at("nodeMonitorGracePeriod"), c.nodeMonitorGracePeriod, D.DEFAULT_NODE_MONITOR_GRACE_PERIOD_US, 1),
    nodeMonitorPeriodUs: ck.duration(at("nodeMonitorPeriod"), c.nodeMonitorPeriod, D.DEFAULT_NODE_MONITOR_PERIOD_US, 1),
    defaultTolerationSeconds: c.defaultTolerationSeconds ?? D.DEFAULT_TOLERATION_SECONDS,
    terminatedPodGcThreshold: c.terminatedPodGcThreshold ?? D.DEFAULT_TERMINATED_POD_GC_THRESHOLD,
  };
}

/** `spec.scheduler.config`: a file or an inline object, checked by the KubeSchedulerConfiguration loader. */
function schedulerConfig(spec: RawSpec, ck: ScenarioChecker, inputFiles: string[]): LoadedObject | null {
  const config = spec.scheduler?.config;
  if (config === undefined) return null;
  const at = ["spec", "scheduler", "config"];
  let loaded: LoadedObject;
  if (typeof config === "string") {
    const path = ck.resolveFile(config);
    if (!isFile(path)) {
      ck.fail(at, "FILE_UNREADABLE", `cannot open ${path}: no such file`);
      return null;
    }
    inputFiles.push(path);
    try {
      const doc = readYamlFile(path).documents.find((d) => d.value !== null && d.value !== undefined);
      if (doc === undefined) {
        ck.errors.push({ file: path, line: 0, column: 0, path: "", code: "MISSING_FIELD", message: "the file has no KubeSchedulerConfiguration document" });
        return null;
      }
      loaded = documentObject(doc, []);
      loadSchedulerConfiguration(doc);
    } catch (e) {
      ck.absorb(e);
      return null;
    }
  } else {
    loaded = documentObject(ck.doc, at);
    try {
      loadSchedulerConfiguration({ value: config, positionOf: loaded.positionOf });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // The loader's paths are relative to the configuration; report them from the scenario's root.
      const prefix = pathToString(at);
      ck.errors.push(...e.details.map((d) => ({ ...d, path: d.path === "" ? prefix : d.path.startsWith("[") ? prefix + d.path : `${prefix}.${d.path}` })));
      return null;
    }
  }
  return loaded;
}
