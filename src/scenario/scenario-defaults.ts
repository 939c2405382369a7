/**
 * Defaults of the scenario file, each with where it comes from. Kubernetes defaults are those
 * of the release kubesim models (src/version.ts); kubelet and runtime timings are kubesim
 * parameters (a real node's depend on its runtime, CNI and disks) set to typical values.
 * The same table, for users, is in docs/scenarios.md.
 */
const S = 1_000_000;
const MS = 1_000;
const MIB = 1024 * 1024;

export const DEFAULT_SEED = 1;
/** Locust's stats-history window is 10 s; SIG-scalability dashboards also sample every 10 s. */
export const DEFAULT_SAMPLE_INTERVAL_US = 10 * S;
/** Longest run: simulated time past a month is a typo (or would take days of wall time). */
export const MAX_DURATION_US = 30 * 24 * 3600 * S;

/*
 * Pod startup on the node, calibrated (docs/api-server.md, "Calibration against Kubernetes' scale
 * tests"). RunPodSandbox (pause container + CNI ADD) is 0.3–2 s and one container start
 * 0.1–0.5 s (models.md §5.5); each is lognormal, and every other pod on the node lengthens it by
 * `DEFAULT_RUNTIME_SLOWDOWN_PER_POD` (kubernetes#3954: the kubelet's and runtime's per-pod work —
 * relisting, status, housekeeping — slows the operations of a pod that is starting). The sandbox
 * median, p99 and the slowdown are the least-squares fit (in log space) of p50, p90 and p99 to
 * kubernetes#3954's node-side row, "from-schedule" (scheduled → running; whole seconds, taken at
 * the middle of each second: p50 1.5/1.5/2.5/2.5 s, p90 1.5/2.5/3.5/3.5 s, p99 1.5/3.5/5.5/5.5 s
 * at 3/10/20/30 pods per node), with the container start held at the middle and top of its
 * published range. The node-side row, not the totals: the totals add that test's 2015 watch
 * delay (p50 ≈ 0.7 s), which kubesim's API server model supplies itself (milliseconds today).
 * models.md V42's fixed 700 ms / 300 ms stay available as scalars.
 */
/** Median RunPodSandbox on an idle node (fit; within the published 0.3–2 s). */
export const DEFAULT_SANDBOX_CREATION_US = 850 * MS;
/** p99 RunPodSandbox on an idle node (fit): lognormal σ = ln(1.3 / 0.85) / 2.326 = 0.183. */
export const DEFAULT_SANDBOX_CREATION_P99_US = 1300 * MS;
/** Median container create + start (models.md §5.5: 0.1–0.5 s each). */
export const DEFAULT_CONTAINER_START_US = 250 * MS;
/** p99 container create + start: the top of the published 0.1–0.5 s. */
export const DEFAULT_CONTAINER_START_P99_US = 500 * MS;
/** Each other pod on the node adds 11.5 % to a runtime operation (fit to kubernetes#3954). */
export const DEFAULT_RUNTIME_SLOWDOWN_PER_POD = 0.115;

/** Per-node pull bandwidth: models.md V42 uses 50 MB/s. */
export const DEFAULT_IMAGE_PULL_BYTES_PER_SEC = 50 * MIB;
/** Registry round trips (token, manifest, config) before layers stream. */
export const DEFAULT_IMAGE_PULL_LATENCY_US = 200 * MS;
/** A typical application image, compressed. */
export const DEFAULT_IMAGE_SIZE_BYTES = 100 * MIB;
/**
 * pkg/kubelet/apis/config/v1beta1/defaults.go: nodeLeaseDurationSeconds 40; the lease is renewed
 * every 0.25 × 40 s (pkg/kubelet/nodelease: renewIntervalFraction 0.25).
 */
export const DEFAULT_NODE_LEASE_RENEW_INTERVAL_US = 10 * S;
/** Kubelet `cpuCFSQuotaPeriod` (pkg/kubelet/apis/config/v1beta1/defaults.go) = the kernel's default cfs_period_us: 100 ms. */
export const DEFAULT_CFS_QUOTA_PERIOD_US = 100 * MS;

/** cmd/kube-controller-manager --node-monitor-grace-period: 50 s since v1.32 (PR #126287; 40 s before). */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_US = 50 * S;
/** --node-monitor-period: 5 s (pkg/controller/nodelifecycle/config/v1alpha1/defaults.go). */
export const DEFAULT_NODE_MONITOR_PERIOD_US = 5 * S;
/** plugin/pkg/admission/defaulttolerationseconds: --default-not-ready-toleration-seconds and -unreachable- 300. */
export const DEFAULT_TOLERATION_SECONDS = 300;
/** --terminated-pod-gc-threshold: 12500 (pkg/controller/podgc/config/v1alpha1/defaults.go). */
export const DEFAULT_TERMINATED_POD_GC_THRESHOLD = 12_500;

/** pkg/kubelet/apis/config/v1beta1/defaults.go: MaxPods 110, for pools given by `allocatable` alone. */
export const DEFAULT_MAX_PODS = 110;
