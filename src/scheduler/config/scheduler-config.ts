/**
 * A `KubeSchedulerConfiguration` (`apiVersion: kubescheduler.config.k8s.io/v1`) → the resolved
 * scheduler profiles and queue settings, with upstream defaulting
 * (`pkg/scheduler/apis/config/v1/defaults.go SetDefaults_KubeSchedulerConfiguration`) and
 * validation (`pkg/scheduler/apis/config/validation/validation.go`). All mistakes of a document
 * are collected and thrown as one `InputError`.
 *
 * Fields kube-scheduler accepts but kubesim has no use for (leader election, profiling, bind
 * addresses) are type-checked and ignored; `extenders` are UNSUPPORTED.
 */
import { US_PER_SECOND } from "../queue/backoff.js";
import type { SchedulerProfile } from "../profile.js";
import { ConfigReader, type KeyPath, type PositionedDocument } from "./config-reader.js";
import { readConfigFile } from "./config-yaml.js";
import { readProfile, type ResolvedProfile } from "./read-profile.js";
import { toSchedulerProfile } from "./to-profile.js";

export const SCHEDULER_CONFIG_API_VERSION = "kubescheduler.config.k8s.io/v1";

/** `v1.DefaultSchedulerName`. */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** Settings of the scheduling queue (`scheduler/queue/`). */
export interface QueueSettings {
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  podInitialBackoffUs: number;
  podMaxBackoffUs: number;
}

export interface SchedulerConfiguration {
  /** `parallelism`: filter/score worker count (default 16). */
  parallelism: number;
  /** Global `percentageOfNodesToScore` (default 0 = adaptive); profiles already resolved it. */
  percentageOfNodesToScore: number;
  queue: QueueSettings;
  /** The scheduler's API client limits (`clientConnection`; defaults 50 QPS, burst 100). */
  clientConnection: { qps: number; burst: number };
  /** One per profile, in document order; the first is the default-scheduler unless renamed. */
  profiles: SchedulerProfile[];
}

const TOP_LEVEL_KEYS = [
  "apiVersion",
  "kind",
  "parallelism",
  "leaderElection",
  "clientConnection",
  "healthzBindAddress",
  "metricsBindAddress",
  "enableProfiling",
  "enableContentionProfiling",
  "percentageOfNodesToScore",
  "podInitialBackoffSeconds",
  "podMaxBackoffSeconds",
  "profiles",
  "extenders",
  "delayCacheUntilActive",
];

const LEADER_ELECTION_KEYS = ["leaderElect", "leaseDuration", "renewDeadline", "retryPeriod", "resourceLock", "resourceName", "resourceNamespace"];

/** Go int64 fields, limited to what a double holds exactly. */
const INT64 = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** Reads and resolves a configuration file. */
export function loadSchedulerConfigurationFile(file: string): SchedulerConfiguration {
  return loadSchedulerConfiguration(readConfigFile(file));
}

/** Resolves an already-parsed document (e.g. one of `readYamlFile(...).documents`). */
export function loadSchedulerConfiguration(doc: PositionedDocument): SchedulerConfiguration {
  const r = new ConfigReader(doc);
  const raw = r.object(doc.value, [], TOP_LEVEL_KEYS);
  if (raw === undefined) {
    if (doc.value === undefined || doc.value === null) r.report("MISSING_FIELD", [], "the document is empty");
    r.throwIfErrors();
    throw new Error("unreachable: a non-mapping document was not reported");
  }
  checkTypeMeta(r, raw);

  const parallelism = r.int(raw["parallelism"], ["parallelism"]) ?? 16;
  if (parallelism <= 0) r.report("INVALID_VALUE", ["parallelism"], "should be an integer value greater than zero");

  const percentage = r.int(raw["percentageOfNodesToScore"], ["percentageOfNodesToScore"]) ?? 0;
  if (percentage < 0 || percentage > 100) r.report("INVALID_VALUE", ["percentageOfNodesToScore"], "not in valid range [0-100]");

  const initial = r.int(raw["podInitialBackoffSeconds"], ["podInitialBackoffSeconds"], INT64) ?? 1;
  const max = r.int(raw["podMaxBackoffSeconds"], ["podMaxBackoffSeconds"], INT64) ?? 10;
  if (initial <= 0) r.report("INVALID_VALUE", ["podInitialBackoffSeconds"], "must be greater than 0");
  if (max < initial) r.report("INVALID_VALUE", ["podMaxBackoffSeconds"], "must be greater than or equal to podInitialBackoffSeconds");

  const clientConnection = readClientConnection(r, raw["clientConnection"]);
  readIgnoredFields(r, raw);

  const extenders = r.array(raw["extenders"], ["extenders"]);
  if (extenders !== undefined && extenders.length > 0) {
    r.report("UNSUPPORTED", ["extenders"], "scheduler extenders (HTTP webhooks) are not modelled");
  }

  const profiles = readProfiles(r, raw["profiles"]);
  const result: SchedulerConfiguration = {
    parallelism,
    percentageOfNodesToScore: percentage,
    queue: {
      podInitialBackoffSeconds: initial,
      podMaxBackoffSeconds: max,
      podInitialBackoffUs: initial * US_PER_SECOND,
      podMaxBackoffUs: max * US_PER_SECOND,
    },
    clientConnection,
    profiles: profiles.map((p) => toSchedulerProfile(r, p, percentage)),
  };
  r.throwIfErrors();
  return result;
}

function checkTypeMeta(r: ConfigReader, raw: Record<string, unknown>): void {
  const apiVersion = r.string(raw["apiVersion"], ["apiVersion"]);
  if (apiVersion === undefined) r.report("MISSING_FIELD", ["apiVersion"], `required: ${SCHEDULER_CONFIG_API_VERSION}`);
  else if (apiVersion !== SCHEDULER_CONFIG_API_VERSION) {
    r.report("INVALID_VALUE", ["apiVersion"], `kubesim reads ${SCHEDULER_CONFIG_API_VERSION}, the only version current kube-scheduler serves`);
  }
  const kind = r.string(raw["kind"], ["kind"]);
  if (kind === undefined) r.report("MISSING_FIELD", ["kind"], "required: KubeSchedulerConfiguration");
  else if (kind !== "KubeSchedulerConfiguration") r.report("INVALID_VALUE", ["kind"], "must be KubeSchedulerConfiguration");
}

/** defaults.go: QPS 50 and burst 100 when unset or 0. */
function readClientConnection(r: ConfigReader, value: unknown): { qps: number; burst: number } {
  const path: KeyPath = ["clientConnection"];
  const raw = r.object(value, path, ["kubeconfig", "acceptContentTypes", "contentType", "qps", "burst"]) ?? {};
  for (const key of ["kubeconfig", "acceptContentTypes", "contentType"]) r.string(raw[key], [...path, key]);
  const qps = r.number(raw["qps"], [...path, "qps"]) || 50;
  const burst = r.int(raw["burst"], [...path, "burst"]) || 100;
  if (burst < 0) r.report("INVALID_VALUE", [...path, "burst"], "must be non-negative");
  return { qps, burst };
}

function readIgnoredFields(r: ConfigReader, raw: Record<string, unknown>): void {
  const le = r.object(raw["leaderElection"], ["leaderElection"], LEADER_ELECTION_KEYS) ?? {};
  r.bool(le["leaderElect"], ["leaderElection", "leaderElect"]);
  for (const key of LEADER_ELECTION_KEYS.slice(1)) r.string(le[key], ["leaderElection", key]);
  for (const key of ["enableProfiling", "enableContentionProfiling", "delayCacheUntilActive"]) r.bool(raw[key], [key]);
  for (const key of ["healthzBindAddress", "metricsBindAddress"]) r.string(raw[key], [key]);
}

function readProfiles(r: ConfigReader, value: unknown): ResolvedProfile[] {
  const list = r.array(value, ["profiles"]) ?? [];
  // SetDefaults_KubeSchedulerConfiguration: no profiles → one; a single profile gets the
  // default name when it has none.
  const items = list.length === 0 ? [{}] : list;
  const profiles = items.map((item, i) => readProfile(r, item, ["profiles", i], items.length === 1 ? DEFAULT_SCHEDULER_NAME : undefined));

  const byName = new Map<string, number>();
  profiles.forEach((p, i) => {
    const first = byName.get(p.schedulerName);
    if (first !== undefined && p.schedulerName !== "") {
      r.report("INVALID_VALUE", ["profiles", i, "schedulerName"], `duplicate of profiles[${first}].schedulerName`);
    }
    if (first === undefined) byName.set(p.schedulerName, i);
    // framework.go NewFramework: exactly one QueueSort plugin and at least one Bind plugin.
    if (p.plugins.points.queueSort.length !== 1) {
      r.report("INVALID_VALUE", ["profiles", i, "plugins", "queueSort"], `exactly one queue sort plugin is required, got ${p.plugins.points.queueSort.length}`);
    }
    if (p.plugins.points.bind.length === 0) {
      r.report("INVALID_VALUE", ["profiles", i, "plugins", "bind"], "at least one bind plugin is needed");
    }
  });
  // validateCommonQueueSort: one queue serves every profile.
  const canon = profiles[0]!.plugins.points.queueSort.join(",");
  profiles.forEach((p, i) => {
    if (i > 0 && p.plugins.points.queueSort.join(",") !== canon) {
      r.report("INVALID_VALUE", ["profiles", i, "plugins", "queueSort"], "queueSort must be the same for all profiles");
    }
  });
  return profiles;
}
