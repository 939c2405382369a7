/**
 * What `kubectl get pods` and `kubectl get nodes` would have printed, kept as transitions:
 * every time a pod's STATUS, READY count, RESTARTS or nominated node changes (as seen through
 * the store's watch), one row of `pod-status.csv`; every time a node's STATUS changes, one
 * row of `node-status.csv`. `kubesim get ... --at <t>` replays them.
 *
 * The STATUS text is kubectl's own (pkg/printers/internalversion/printers.go `printPod`,
 * `printNode`), computed from the Kubernetes-shaped status the actors write: `status.reason`
 * (Evicted), container waiting/terminated reasons (CrashLoopBackOff, ImagePullBackOff,
 * ErrImagePull, OOMKilled, Error, Completed), init containers (`Init:0/1`, `Init:Error`),
 * `deletionTimestamp` (Terminating). Where the model posts no container statuses, the pod's
 * phase stands in: a bound pod not yet Running shows `ContainerCreating` (the kubelet's
 * waiting reason while it creates the sandbox and pulls), READY comes from the ledger's
 * readiness, RESTARTS from `ledger.restarts`.
 *
 * Statuses are interned: a row is five numbers; texts are turned back into strings only when
 * the CSV is written.
 */
import type { Node, Pod } from "../cluster/k8s-types.js";
import { isTerminalPhase } from "../cluster/pod-phase.js";

export const POD_STATUS_COLUMNS = ["time_s", "namespace", "pod", "status", "ready_containers", "total_containers", "restarts", "last_restart_s", "nominated_node"] as const;
export const NODE_STATUS_COLUMNS = ["time_s", "node", "status"] as const;

interface ContainerState {
  waiting?: { reason?: string };
  running?: object;
  terminated?: { reason?: string; exitCode?: number; signal?: number };
}
interface ContainerStatusLike {
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  /** `lastState.terminated`; the model writes `finishedAtUs` (simulated µs) for `finishedAt`. */
  lastState?: { terminated?: { finishedAtUs?: number } };
}
interface PodStatusLike {
  phase?: string;
  reason?: string;
  nominatedNodeName?: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: ContainerStatusLike[];
  initContainerStatuses?: ContainerStatusLike[];
}

export interface PodDisplay {
  status: string;
  ready: number;
  total: number;
  restarts: number;
  /** Latest `lastState.terminated.finishedAt` of the containers (kubectl's "(2m ago)"), µs; NaN = unknown. */
  lastRestartUs: number;
}

/** kubectl's STATUS/READY/RESTARTS of a pod (`printPod`), with the model's stand-ins (module comment). */
export function podDisplay(pod: Pod, ledgerReady: boolean, ledgerRestarts: number): PodDisplay {
  const st = (pod.status ?? {}) as PodStatusLike;
  const total = pod.spec?.containers?.length ?? 0;
  const phase = st.phase ?? "Pending";
  let reason = st.reason || phase;
  let ready = 0;
  let restarts = 0;
  let lastRestartUs = NaN;
  const cs = st.containerStatuses;
  let initializing = false;
  const inits = st.initContainerStatuses ?? [];
  const nInit = pod.spec?.initContainers?.length ?? 0;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += c.restartCount ?? 0;
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode ?? 0}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== "PodInitializing") reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${nInit}`;
    initializing = true;
    break;
  }
  if (!initializing && cs && cs.length > 0) {
    let hasRunning = false;
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount ?? 0;
      const finished = c.lastState?.terminated?.finishedAtUs;
      if (finished !== undefined && !(finished <= lastRestartUs)) lastRestartUs = finished;
      const s = c.state ?? {};
      if (s.waiting?.reason) reason = s.waiting.reason;
      else if (s.terminated?.reason) reason = s.terminated.reason;
      else if (s.terminated) reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode ?? 0}`;
      else if (c.ready && s.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      reason = st.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
    }
  } else if (!initializing) {
    // No container statuses posted by the model: phase and ledger stand in.
    restarts = ledgerRestarts;
    if (phase === "Running" && ledgerReady) ready = total;
    if (phase === "Pending" && !st.reason && pod.spec?.nodeName) reason = "ContainerCreating";
  }
  const terminal = isTerminalPhase(phase);
  if (pod.metadata?.deletionTimestamp && st.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = "Terminating";
  return { status: reason, ready, total, restarts, lastRestartUs };
}

/** kubectl's node STATUS (`printNode`): Ready / NotReady / Unknown, `,SchedulingDisabled` when cordoned. */
export function nodeDisplayStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  let s = ready === undefined ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady";
  if (node.spec?.unschedulable) s += ",SchedulingDisabled";
  return s;
}

/** `k=v,k2=v2` sorted by key: the labels column kubesim get's `-l` reads. */
export function labelsText(labels: Record<string, string> | undefined): string {
  if (!labels) return "";
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

export class StatusHistory {
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  // pod-status rows
  private readonly rowTimeUs: number[] = [];
  private readonly rowPod: number[] = [];
  private readonly rowStatus: number[] = [];
  private readonly rowReady: number[] = [];
  private readonly rowTotal: number[] = [];
  private readonly rowRestarts: number[] = [];
  private readonly rowLastRestartUs: number[] = [];
  private readonly rowNominated: number[] = [];
  // Per pod id: index of its last row (-1 = none yet).
  private lastRow = new Int32Array(1024).fill(-1);
  // node-status rows
  private readonly nodeRows: [number, string, number][] = [];
  private readonly nodeLast = new Map<string, number>();
  private readonly labelsCache = new WeakMap<object, string>();
  /** Pod labels by store id (pods.csv `labels`). */
  readonly podLabels: string[] = [];
  /** Last phase and kubectl STATUS by pod store id (pods.csv `phase`, `status`). */
  readonly podPhase: string[] = [];
  readonly podStatus: string[] = [];
  /** Node labels and kubelet version by node name (nodes.csv). */
  readonly nodeLabels = new Map<string, string>();
  readonly nodeVersion = new Map<string, string>();

  private intern(t: string): number {
    let id = this.textIds.get(t);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(t);
      this.textIds.set(t, id);
    }
    return id;
  }

  /** A pod was added or changed: appends a row when what kubectl shows changed. */
  pod(id: number, pod: Pod, nowUs: number, ledgerReady: boolean, ledgerRestarts: number): void {
    if (this.podLabels[id] === undefined) {
      // Pods of one template share their labels object: render it once.
      const labels = pod.metadata?.labels;
      let text = labels ? this.labelsCache.get(labels) : "";
      if (text === undefined) this.labelsCache.set(labels!, (text = labelsText(labels)));
      this.podLabels[id] = text;
    }
    const d = podDisplay(pod, ledgerReady, ledgerRestarts);
    this.podPhase[id] = pod.status?.phase ?? "Pending";
    this.podStatus[id] = d.status;
    const status = this.intern(d.status);
    const nominated = this.intern(((pod.status ?? {}) as PodStatusLike).nominatedNodeName ?? "");
    if (id >= this.lastRow.length) {
      const grown = new Int32Array(Math.max(id + 1, this.lastRow.length * 2)).fill(-1);
      grown.set(this.lastRow);
      this.lastRow = grown;
    }
    const l = this.lastRow[id]!;
    if (l >= 0 && this.rowStatus[l] === status && this.rowReady[l] === d.ready && this.rowRestarts[l] === d.restarts && this.rowNominated[l] === nominated && Object.is(this.rowLastRestartUs[l], d.lastRestartUs)) return;
    if (l >= 0 && this.rowTimeUs[l] === nowUs) {
      // A second change at the same instant (created and bound at once): only the last state
      // is visible at that time, so the row is updated in place.
      this.rowStatus[l] = status;
      this.rowReady[l] = d.ready;
      this.rowTotal[l] = d.total;
      this.rowRestarts[l] = d.restarts;
      this.rowLastRestartUs[l] = d.lastRestartUs;
      this.rowNominated[l] = nominated;
      return;
    }
    this.lastRow[id] = this.rowTimeUs.length;
    this.rowTimeUs.push(nowUs);
    this.rowPod.push(id);
    this.rowStatus.push(status);
    this.rowReady.push(d.ready);
    this.rowTotal.push(d.total);
    this.rowRestarts.push(d.restarts);
    this.rowLastRestartUs.push(d.lastRestartUs);
    this.rowNominated.push(nominated);
  }

  /** A node was added or changed. */
  node(node: Node, nowUs: number, defaultVersion: string): void {
    const name = node.metadata?.name ?? "";
    if (!this.nodeLabels.has(name)) {
      this.nodeLabels.set(name, labelsText(node.metadata?.labels));
      const info = (node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo;
      this.nodeVersion.set(name, info?.kubeletVersion ?? defaultVersion);
    }
    const s = this.intern(nodeDisplayStatus(node));
    if (this.nodeLast.get(name) === s) return;
    this.nodeLast.set(name, s);
    this.nodeRows.push([nowUs, name, s]);
  }

  /** pod-status.csv rows, in time order; `who(id)` gives [namespace, name]. */
  /** pod-status.csv rows, made one at a time as the file is written. */
  *podRows(who: (id: number) => [string, string]): Generator<(string | number)[]> {
    for (let i = 0; i < this.rowTimeUs.length; i++) {
      const [ns, name] = who(this.rowPod[i]!);
      yield [this.rowTimeUs[i]! / 1e6, ns, name, this.texts[this.rowStatus[i]!]!, this.rowReady[i]!, this.rowTotal[i]!, this.rowRestarts[i]!, this.rowLastRestartUs[i]! / 1e6, this.texts[this.rowNominated[i]!]!];
    }
  }

  *nodeRowsCsv(): Generator<(string | number)[]> {
    for (const [t, name, s] of this.nodeRows) yield [t / 1e6, name, this.texts[s]!];
  }
}
