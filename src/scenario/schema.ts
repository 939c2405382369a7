/**
 * The JSON Schema of a scenario file (`apiVersion: kubesim.io/v1alpha1`, `kind: Scenario`):
 * the first check `loadScenario` runs (with ajv), what `kubesim schema` prints, and what
 * editors read through the modeline `# yaml-language-server: $schema=../schema/scenario.schema.json`
 * to autocomplete keys and show each `description` on hover.
 *
 * Rules kept throughout: `additionalProperties: false` on every kubesim object (a typo is an
 * error, never ignored), a `description` on every property, a `maximum` on every count.
 * Embedded Kubernetes objects (`workloads[].object`, an inline `scheduler.config`) are the one
 * exception: their fields are checked by the code that reads that kind.
 *
 * The schema checks shapes; meanings (does this quantity parse, does this target exist, does
 * this stat make sense for this metric) are checked afterwards in `load-scenario.ts`.
 * `schema/scenario.schema.json` is this object printed by `kubesim schema`; a test keeps them equal.
 */
import { apiServerSchema } from "./api-server-fields.js";
import { dnsSchema, workloadDnsSchema } from "./dns-fields.js";
import { INSTANCE_TYPE_NAMES } from "./instance-types.js";
import { count, duration, EXTENDED_RESOURCE_PATTERN, kubernetesObject, nonNegative, object, paths, POOL_NAME_PATTERN, quantity, SCENARIO_NAME_PATTERN, startupTime, str, stringMap, type Schema } from "./schema-helpers.js";
import { SLO_METRICS, SLO_METRIC_NAMES, SLO_PRESET_NAMES, SLO_STATS } from "./slo-catalog.js";

export const SCENARIO_API_VERSION = "kubesim.io/v1alpha1";
export const SCENARIO_KIND = "Scenario";

/** Largest node pool, and largest `addNodes` step (the scale target is thousands of nodes). */
export const MAX_POOL_NODES = 100_000;
/** Largest timeline. */
export const MAX_TIMELINE_ACTIONS = 100_000;
/** Largest `replicas` of a `scale` action (the same cap as manifests.ts MAX_OBJECT_COUNT). */
export const MAX_REPLICAS = 1_000_000;

const TAINT = object(
  "A taint every node of the pool carries (core/v1 Taint).",
  {
    key: str("Taint key, e.g. dedicated.", { minLength: 1 }),
    value: str("Taint value (may be empty)."),
    effect: { type: "string", enum: ["NoSchedule", "PreferNoSchedule", "NoExecute"], description: "What happens to pods that do not tolerate it." },
  },
  ["key", "effect"],
);

const ALLOCATABLE: Schema = {
  ...object("Allocatable resources of each node (as status.allocatable); overrides the instance type's values field by field.", {
    cpu: quantity("CPU, e.g. \"3920m\" or 4."),
    memory: quantity("Memory, e.g. 15Gi."),
    pods: quantity("Maximum pods per node (kubelet maxPods), e.g. 110."),
    "ephemeral-storage": quantity("Local ephemeral storage, e.g. 100Gi."),
  }),
  patternProperties: { [EXTENDED_RESOURCE_PATTERN]: quantity("An extended resource (nvidia.com/gpu: 1) or hugepages-<size>.") },
};

const NODE_POOL = object(
  "A group of identical nodes named <name>-0, <name>-1, ... spread round-robin over the zones.",
  {
    name: str("Pool name; node names are <name>-<index> (0-based).", { pattern: POOL_NAME_PATTERN, maxLength: 50 }),
    count: count("Number of nodes at the start of the run.", MAX_POOL_NODES),
    instanceType: {
      type: "string",
      enum: INSTANCE_TYPE_NAMES,
      description: "A built-in instance type: sets allocatable (after kube-reserved and eviction reservations), price and the node.kubernetes.io/instance-type label.",
    },
    allocatable: ALLOCATABLE,
    zones: {
      type: "array",
      description: "Zones (topology.kubernetes.io/zone) the nodes are spread over, round-robin: node i is in zones[i mod len].",
      maxItems: 100,
      uniqueItems: true,
      items: str("A zone name, e.g. eu-west-1a.", { minLength: 1 }),
    },
    region: str("Region (topology.kubernetes.io/region); derived from the first zone when omitted (eu-west-1a → eu-west-1)."),
    labels: stringMap("Labels every node of the pool carries, added to the ones the kubelet sets.", 1000),
    taints: { type: "array", description: "Taints every node of the pool carries.", maxItems: 100, items: TAINT },
    pricePerHour: { type: "number", minimum: 0, maximum: 10_000, description: "Price of one node per hour; defaults to the instance type's on-demand price, else 0." },
    images: {
      type: "array",
      description: "Images already present on every node (pre-pulled), as node status.images.",
      maxItems: 1000,
      items: object("A pre-pulled image.", { name: str("Image reference, e.g. nginx:1.27.", { minLength: 1 }), size: quantity("Image size, e.g. 70Mi; defaults to spec.kubelet.defaultImageSize.") }, ["name"]),
    },
    autoscaling: object(
      "The cluster autoscaler manages this pool between minCount and maxCount nodes (count must lie in between). See docs/autoscaling.md.",
      { minCount: count("Fewest nodes scale-down leaves.", MAX_POOL_NODES), maxCount: count("Most nodes scale-up adds up to.", MAX_POOL_NODES) },
      ["minCount", "maxCount"],
    ),
  },
  ["name", "count"],
);

const USAGE_VALUE: Schema = {
  type: ["string", "number"],
  description: "A quantity (cpu: 2 or 1500m; memory: 1Gi), or a percentage of the pod's request (90%, per: pod only).",
};

const AUTOSCALING = object("Autoscaling loops and the pod usage they react to. See docs/autoscaling.md.", {
  horizontalPodAutoscaler: object("kube-controller-manager HPA flags.", {
    syncPeriod: duration("--horizontal-pod-autoscaler-sync-period (default 15s)."),
    tolerance: { type: "number", minimum: 0, maximum: 10, description: "--horizontal-pod-autoscaler-tolerance (default 0.1)." },
    downscaleStabilization: duration("--horizontal-pod-autoscaler-downscale-stabilization (default 5m)."),
    cpuInitializationPeriod: duration("--horizontal-pod-autoscaler-cpu-initialization-period (default 5m)."),
    initialReadinessDelay: duration("--horizontal-pod-autoscaler-initial-readiness-delay (default 30s)."),
  }),
  clusterAutoscaler: object("cluster-autoscaler flags, for node pools with autoscaling.", {
    scanInterval: duration("--scan-interval (default 10s)."),
    expander: { type: "string", enum: ["random", "least-waste"], description: "--expander: which pool grows when several could (default random)." },
    provisioningDelay: duration("From the scale-up request to the new Node registering: VM creation and boot (default 60s)."),
    nodeReadyDelay: duration("From registration (NotReady, not-ready taint) to Ready (default 10s)."),
    scaleDownEnabled: { type: "boolean", description: "--scale-down-enabled (default true)." },
    scaleDownUtilizationThreshold: { type: "number", minimum: 0, maximum: 1, description: "--scale-down-utilization-threshold (default 0.5)." },
    scaleDownUnneededTime: duration("--scale-down-unneeded-time (default 10m)."),
    scaleDownDelayAfterAdd: duration("--scale-down-delay-after-add (default 10m)."),
    scaleDownDelayAfterDelete: duration("--scale-down-delay-after-delete (default: the scan interval)."),
    maxGracefulTermination: duration("--max-graceful-termination-sec: longest wait for a drained node's pods (default 10m)."),
    maxEmptyBulkDelete: count("--max-empty-bulk-delete (default 10).", 1000, 1),
  }),
  metricResolution: duration("metrics-server --metric-resolution: scrape period and CPU rate window (default 15s)."),
  podUsage: {
    type: "array",
    description: "Resource usage of workloads' pods over time, as metrics-server would report it to the HPA.",
    maxItems: 10_000,
    items: object(
      "Usage of one resource by one workload's pods.",
      {
        target: str("The workload: <kind>/<namespace>/<name> (e.g. deployment/shop/web).", { minLength: 1 }),
        resource: { type: "string", enum: ["cpu", "memory"], description: "Which resource." },
        per: { type: "string", enum: ["workload", "pod"], description: "workload (default): the value is the workload's total, split evenly over its Ready pods; pod: every running pod uses the value." },
        shape: { type: "string", enum: ["constant", "step", "spike"], description: "constant: base; step: base, then peak from at; spike: peak from at for the given time, then base." },
        base: USAGE_VALUE,
        peak: USAGE_VALUE,
        at: duration("When a step or spike starts."),
        for: duration("How long a spike lasts."),
        ramp: duration("Each change is linear over this long (default 0: instant)."),
      },
      ["target", "resource", "base"],
    ),
  },
});

const at = duration("When the action happens, from the start of the run (e.g. 5m); must be before spec.duration.");
const target = str("The workload: <kind>/<namespace>/<name>, or <kind>/<name> in namespace default. Kinds: deployment, statefulset, daemonset, replicaset, job.", { minLength: 1 });
const node = str("A node: a pool node (<pool>-<index>) or a Node from spec.cluster.nodes.", { minLength: 1 });

function action(name: string | string[], description: string, properties: Record<string, Schema>, required: string[]): Schema {
  const names = Array.isArray(name) ? name : [name];
  return object(
    description,
    { at, action: names.length === 1 ? { const: names[0], description } : { enum: names, description }, ...properties },
    ["at", "action", ...required],
  );
}

export const NODE_ACTIONS = ["cordon", "uncordon", "drain", "deleteNode", "failNode", "recoverNode"] as const;
const TIMELINE_ACTIONS: Schema[] = [
  action("scale", "Set a workload's replicas (as kubectl scale).", { target, replicas: count("New replica count.", MAX_REPLICAS) }, ["target", "replicas"]),
  action(
    "rollout",
    "Roll out a new pod template (as kubectl set image / set env); with neither image nor env, a restart (kubectl rollout restart).",
    { target, image: str("New image of the first container.", { minLength: 1 }), env: stringMap("Environment variables to set on every container.", 1000) },
    ["target"],
  ),
  action(
    [...NODE_ACTIONS],
    "A node operation: cordon/uncordon (spec.unschedulable), drain (cordon + evict), deleteNode, failNode (kubelet stops; NotReady after the grace period), recoverNode.",
    { node },
    ["node"],
  ),
  action(["failZone", "recoverZone"], "Fail (or recover) every node of a zone at once.", { zone: str("A zone of a node pool or of a real node.", { minLength: 1 }) }, ["zone"]),
  action(
    "registryOutage",
    "Image pulls fail (and back off) for a while.",
    { duration: duration("How long the outage lasts."), registry: str("Only this registry host (e.g. docker.io); all registries when omitted.", { minLength: 1 }) },
    ["duration"],
  ),
  action(
    "probeFailure",
    "A workload's probe fails for a while.",
    {
      target,
      probe: { type: "string", enum: ["liveness", "readiness", "startup"], description: "Which probe fails." },
      duration: duration("How long the probe keeps failing."),
    },
    ["target", "probe", "duration"],
  ),
  action("apply", "Create or update Kubernetes objects (as kubectl apply -f).", { manifests: paths("Manifest files to apply.") }, ["manifests"]),
  action(
    "addNodes",
    "Add nodes to a pool (named after the pool's last node).",
    { pool: str("Name of a node pool in spec.cluster.nodePools.", { minLength: 1 }), count: count("Nodes to add.", MAX_POOL_NODES, 1) },
    ["pool", "count"],
  ),
];

const ACTION_NAMES = TIMELINE_ACTIONS.flatMap((a) => {
  const p = (a["properties"] as Record<string, Schema>)["action"]!;
  return (p["enum"] as string[] | undefined) ?? [p["const"] as string];
});

const threshold = (bound: string): Schema => ({
  type: ["string", "number"],
  description: `The objective holds while the statistic is ${bound} this. A duration (5s, 300ms) for latency metrics, a number or a percentage (80%) otherwise.`,
});

const SLO = object("A service-level objective, checked at the end of the run: either a preset or one metric/stat/threshold.", {
  name: str("Name shown in reports (default <metric>-<stat>).", { minLength: 1, maxLength: 100 }),
  preset: { type: "string", enum: SLO_PRESET_NAMES, description: "A named set of objectives. kubernetes-scalability: the SIG-scalability SLOs, pod startup latency p99 <= 5s and API call latency p99 <= 1s/1s/5s/30s (mutating/resource/namespace/cluster; reported as not measured until kubesim models the API server)." },
  metric: {
    type: "string",
    enum: SLO_METRIC_NAMES,
    description: "The metric: " + SLO_METRIC_NAMES.map((m) => `${m} (${SLO_METRICS[m].description})`).join("; "),
  },
  stat: { type: "string", enum: [...SLO_STATS], description: "The statistic of the metric: percentiles, max, min, mean and count for latencies; max, min, mean, final for gauges; final for counters." },
  max: threshold("at most"),
  min: threshold("at least"),
  for: duration("Gauges only: the objective fails only when violated continuously for this long (e.g. 2m)."),
  from: duration("Judge only what happens from this simulated instant on (e.g. 10m, after a bootstrap; also on a preset entry): latencies count observations that started at or after it (pod created, request issued), gauges the samples at or after it, counters their increase after it. Must be before the end of the run."),
});

/** `spec.traffic[]`: which keys a `rate` needs depends on its profile (checked in traffic-specs.ts). */
const TRAFFIC = object(
  "The requests a workload serves, spread evenly over its Ready pods, and how its containers use CPU and memory per request.",
  {
    target: str("The workload: <kind>/<namespace>/<name>, or <kind>/<name> in namespace default (deployment, statefulset, daemonset, replicaset).", { minLength: 1 }),
    container: str("The container serving the requests (default: the first container).", { minLength: 1 }),
    rate: object(
      "Requests per second over time, for the whole workload.",
      {
        profile: { type: "string", enum: ["constant", "diurnal", "step", "spike", "csv"], description: "constant: rps. diurnal: rps (mean), amplitude, period, peakAt. step: rps, then steps. spike: rps, at, duration, peakRps, ramp. csv: file, column or timeColumn, step, scale or peakRps, loop." },
        rps: nonNegative("Requests per second (the mean of a diurnal profile, the base of step and spike).", 1e9),
        amplitude: nonNegative("diurnal: swing around the mean as a fraction (0.5 → 50 % to 150 % of rps).", 1),
        period: duration("diurnal: length of one cycle (default 24h)."),
        peakAt: duration("diurnal: time of the first peak from the start (default 0)."),
        steps: {
          type: "array",
          description: "step: the rate from each time on.",
          maxItems: 100_000,
          items: object("A step.", { at: duration("From when."), rps: nonNegative("Requests per second from then.", 1e9) }, ["at", "rps"]),
        },
        at: duration("spike: when the peak starts."),
        duration: duration("spike: how long the peak lasts."),
        peakRps: nonNegative("spike: the peak rate; csv: scale the series so that its largest step is this rate.", 1e9),
        ramp: duration("spike: linear ramp before and after the peak (default 0)."),
        file: str("csv: the CSV file (header line first), relative to the scenario file.", { minLength: 1 }),
        column: str("csv: the column holding the rate (or a load to scale); absent = each row is one request arrival.", { minLength: 1 }),
        timeColumn: str("csv: the column holding each row's time (seconds or a timestamp like 2023-11-16 18:15:46.68); absent = one row per step.", { minLength: 1 }),
        step: duration("csv: the width of one step of the series (default 60s)."),
        scale: nonNegative("csv: multiply every value by this.", 1e9),
        loop: { type: "boolean", description: "csv: repeat the series past its end (default false: hold the last value)." },
      },
      ["profile"],
    ),
    cpuPerRequest: object(
      "CPU time one request needs, on one thread.",
      {
        distribution: { type: "string", enum: ["constant", "exponential", "lognormal"], description: "Distribution of the per-request CPU time (default exponential)." },
        mean: duration("Mean CPU time per request, e.g. 20ms."),
        cv: nonNegative("lognormal: coefficient of variation (sd / mean), default 1.", 100),
      },
      ["mean"],
    ),
    threads: count("Worker threads per container: requests beyond this many queue (default 1).", 100_000, 1),
    cfsBurst: duration("cpu.cfs_burst_us: unused quota saved up to this much (default 0; the kubelet does not set it: a what-if knob)."),
    dns: workloadDnsSchema({ object, duration, count, str }),
    memory: object("The container's working set.", {
      base: quantity("Working set with no request in flight (default 0)."),
      perInFlight: quantity("Memory per request in flight (Little's law: rate × latency), e.g. 2Mi."),
      leakPerMinute: quantity("Growth per minute since the container started, e.g. 5Mi (a leak)."),
      spikes: object(
        "A periodic spike on top: every `every` from the container's start, `size` more for `duration`.",
        { every: duration("Time between spikes."), size: quantity("Extra working set during a spike."), duration: duration("How long a spike lasts.") },
        ["every", "size", "duration"],
      ),
    }),
  },
  ["target", "rate", "cpuPerRequest"],
);

/** `workloads[].trace`: a pod trace replayed onto the cluster (docs/trace-replay.md, src/scenario/trace-specs.ts). */
const TRACE_FILE = "relative to the scenario file; ${VAR} and ${VAR:-default} are read from the environment";
const TRACE = object(
  "A pod trace (CSV) replayed onto the cluster: each row becomes a bare Pod created and deleted at the trace's times. See docs/trace-replay.md.",
  {
    format: { type: "string", enum: ["alibaba-gpu-v2023", "csv"], description: "alibaba-gpu-v2023: Alibaba's cluster-trace-gpu-v2023 files as published; csv: kubesim's header (name, creation_time, deletion_time or duration, cpu, memory, gpu, priority, qos)." },
    pods: str(`The pod trace, ${TRACE_FILE}.`, { minLength: 1 }),
    nodes: str(`A node list in the same format (alibaba: sn,cpu_milli,memory_mib,gpu,model; csv: name,cpu,memory,gpu,pods), ${TRACE_FILE}. Its nodes join the cluster at the start.`, { minLength: 1 }),
    columns: object(
      "csv format only: the file's header name for each of kubesim's columns, when they differ.",
      Object.fromEntries(["name", "creation_time", "deletion_time", "duration", "cpu", "memory", "gpu", "priority", "qos"].map((c) => [c, str(`Header of the ${c} column.`, { minLength: 1 })])),
    ),
    arrival: { type: "string", enum: ["Recorded", "Sequential"], description: "Recorded (default): create and delete pods at the trace's times. Sequential: one pod every interval in file order, never deleted (fill the cluster, as the FGD paper does)." },
    startAt: duration("Recorded only: the trace time that is the run's start (default 0); pods still alive then are created at once, pods gone by then are skipped."),
    interval: duration("Sequential only: time between two arrivals (default 1s)."),
    limit: count("Replay only the first this many pods of the file.", 1_000_000, 1),
    namespace: str("Namespace of the trace's pods (default: default).", { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 }),
    gpuResource: str("csv format only: the extended resource a pod's gpu column requests, in whole GPUs (default nvidia.com/gpu).", { pattern: EXTENDED_RESOURCE_PATTERN }),
  },
  ["format", "pods"],
);

const WORKLOAD = object("Kubernetes objects to create at the start: manifest files, one object written inline, or a pod trace to replay.", {
  manifests: paths("Manifest files (multi-document YAML, JSON, List and kubectl dumps), relative to the scenario file."),
  object: kubernetesObject("One Kubernetes object written inline (Deployment, StatefulSet, Pod, ...)."),
  trace: TRACE,
});

export const SCENARIO_SCHEMA: Schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "kubesim Scenario",
  ...object(
    "A kubesim scenario: a cluster, its workloads and a timeline of events, simulated for spec.duration. See docs/scenarios.md.",
    {
      apiVersion: { const: SCENARIO_API_VERSION, description: `Always ${SCENARIO_API_VERSION}.` },
      kind: { const: SCENARIO_KIND, description: `Always ${SCENARIO_KIND}.` },
      metadata: object("Scenario metadata.", { name: str("Scenario name (results go to results/<name>/).", { pattern: SCENARIO_NAME_PATTERN, maxLength: 253 }), description: str("Free text.") }, ["name"]),
      spec: object(
        "What to simulate.",
        {
          seed: count("Seed of every random stream (default 1); --seed overrides it.", 4_294_967_295),
          duration: duration("Simulated time the run covers (at most 30 days), e.g. 30m or 6h."),
          sampleInterval: duration("How often gauges are sampled for timeseries.csv (default 10s)."),
          cluster: object("The nodes.", {
            nodePools: { type: "array", description: "Node pools: groups of identical nodes.", maxItems: 1000, items: NODE_POOL },
            nodes: paths("Files with real Node objects (kubectl get nodes -o yaml), relative to the scenario file."),
          }),
          scheduler: object("The kube-scheduler configuration.", {
            config: {
              type: ["string", "object"],
              description: "A KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): a file path relative to the scenario file, or the object inline. Default: kube-scheduler's default profile.",
            },
          }),
          kubelet: object("Kubelet and container-runtime timings.", {
            sandboxCreation: startupTime("RunPodSandbox on an idle node: pause container and CNI setup. A duration (every sandbox takes exactly that) or {median, p99} (lognormal). Default {median: 850ms, p99: 1300ms}."),
            containerStart: startupTime("Create and start one container on an idle node: a duration (fixed) or {median, p99} (lognormal). Default {median: 250ms, p99: 500ms}."),
            runtimeSlowdownPerPod: nonNegative("Each other pod on the node lengthens sandbox creation and container starts by this fraction (default 0.115: +11.5 % per pod; 0: no slowdown).", 10),
            parallelSandboxCreations: count("RunPodSandbox calls one node runs at once; the rest wait in order (default: no limit).", 1000, 1),
            imagePullBandwidth: quantity("Image pull bandwidth per node, bytes per second (default 50Mi)."),
            imagePullLatency: duration("Fixed registry round-trip per pull (default 200ms)."),
            defaultImageSize: quantity("Size assumed for images of unknown size (default 100Mi)."),
            imageSizes: { type: "object", description: "Image sizes by image reference, e.g. \"shop/web:1.2\": 300Mi.", maxProperties: 100_000, additionalProperties: quantity("Image size.") },
            nodeLeaseRenewInterval: duration("How often the kubelet renews its node Lease (default 10s: 0.25 × nodeLeaseDurationSeconds 40)."),
            cpuCFSQuota: { type: "boolean", description: "Kubelet cpuCFSQuota: enforce container CPU limits as CFS quotas (default true). false runs the same workloads without CPU limits, to compare." },
            cpuCFSQuotaPeriod: duration("Kubelet cpuCFSQuotaPeriod: the CFS period (default 100ms; 1ms to 1s)."),
          }),
          controlPlane: object("kube-controller-manager and admission settings.", {
            nodeMonitorGracePeriod: duration("--node-monitor-grace-period: a node with no heartbeat for this long is NotReady (default 50s)."),
            nodeMonitorPeriod: duration("--node-monitor-period: how often node health is checked (default 5s)."),
            defaultTolerationSeconds: count("DefaultTolerationSeconds admission: tolerationSeconds added for not-ready/unreachable taints (default 300).", 31_536_000),
            terminatedPodGcThreshold: count("--terminated-pod-gc-threshold: terminated pods kept before garbage collection (default 12500).", 1_000_000),
          }),
          workloads: { type: "array", description: "Kubernetes objects created at the start, and pod traces replayed over the run.", maxItems: 10_000, items: WORKLOAD },
          timeline: {
            type: "array",
            description: "Events during the run, each at a time from the start.",
            maxItems: MAX_TIMELINE_ACTIONS,
            items: {
              type: "object",
              description: "One event; the keys allowed depend on action.",
              required: ["action"],
              properties: { action: { type: "string", enum: ACTION_NAMES, description: "What happens." } },
              discriminator: { propertyName: "action" },
              oneOf: TIMELINE_ACTIONS,
            },
          },
          slos: { type: "array", description: "Objectives: exit 1 when one fails.", maxItems: 1000, items: SLO },
          autoscaling: AUTOSCALING,
          traffic: { type: "array", description: "Request load per workload, driving CPU throttling, latency, memory and OOM kills (docs/resource-dynamics.md).", maxItems: 10_000, items: TRAFFIC },
          apiServer: apiServerSchema({ object, duration, count, str }),
          dns: dnsSchema({ object, duration, count, str }),
        },
        ["duration"],
      ),
    },
    ["apiVersion", "kind", "metadata", "spec"],
  ),
};
