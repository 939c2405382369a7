/**
 * FitError: why a pod fits no node, and the FailedScheduling event message built from it
 * (`pkg/scheduler/framework/types.go` `FitError.Error`).
 *
 *     "0/<N> nodes are available:" + (" <PreFilterMsg>." | " " + sorted histogram + ".")
 *                                  + (" <PostFilterMsg>" when a PostFilter said something)
 *
 * The histogram has one "<count> <reason>" entry per distinct reason over the nodes' statuses
 * (each failing node contributes every reason of its single failing plugin), sorted as whole
 * strings, so "10 …" sorts before "2 …". Nodes never examined because a PreFilterResult
 * excluded them count under the absent-nodes reason.
 */
import type { StatusCodeName } from "./status.js";

/** Upstream: `NoNodeAvailableMsg = "0/%v nodes are available"`. */
export const NO_NODE_AVAILABLE_MSG = "0/%v nodes are available";

/** One node's filter verdict. */
export interface NodeFilterStatus {
  node: string;
  plugin: string;
  code: StatusCodeName;
  reasons: string[];
}

export class FitError {
  /** Text a PostFilter plugin (preemption) adds; "" when none. */
  postFilterMsg = "";
  private statuses: NodeFilterStatus[] | null = null;

  constructor(
    /** Nodes in the snapshot. */
    readonly numAllNodes: number,
    /** The rejecting PreFilter's message, "" when the pod passed PreFilter. */
    readonly preFilterMsg: string,
    /** Reason → number of nodes, over examined failing nodes and absent (never examined) nodes. */
    readonly reasonCounts: ReadonlyMap<string, number>,
    /** Every examined node that failed, with its failing plugin; built on first use. */
    private readonly listStatuses: () => NodeFilterStatus[] = () => [],
    /**
     * The same failures as node slots and status ints (`count` of them), for PostFilter code
     * that must not build strings per node (DefaultPreemption's candidate list); null when the
     * FitError was built from strings only.
     */
    readonly failed: { nodes: Int32Array; statuses: Int32Array; count: number } | null = null,
  ) {}

  /** Builds a FitError from explicit node statuses (tests, preemption dry runs). */
  static fromStatuses(
    numAllNodes: number,
    statuses: NodeFilterStatus[],
    absent: { reasons: string[]; count: number } | null = null,
  ): FitError {
    const h = new Map<string, number>();
    for (const s of statuses) for (const r of s.reasons) h.set(r, (h.get(r) ?? 0) + 1);
    if (absent) for (const r of absent.reasons) h.set(r, (h.get(r) ?? 0) + absent.count);
    return new FitError(numAllNodes, "", h, () => statuses);
  }

  get nodeStatuses(): NodeFilterStatus[] {
    this.statuses ??= this.listStatuses();
    return this.statuses;
  }

  /** The FailedScheduling message. */
  message(): string {
    return failedSchedulingMessage(this.numAllNodes, this.preFilterMsg, this.reasonCounts, this.postFilterMsg);
  }
}

export function failedSchedulingMessage(
  numAllNodes: number,
  preFilterMsg: string,
  reasons: ReadonlyMap<string, number>,
  postFilterMsg = "",
): string {
  let msg = NO_NODE_AVAILABLE_MSG.replace("%v", String(numAllNodes)) + ":";
  if (preFilterMsg !== "") {
    msg += ` ${preFilterMsg}.`;
  } else {
    const entries = [...reasons].map(([reason, n]) => `${n} ${reason}`);
    // sort.Strings: byte order, which equals UTF-16 order for the ASCII reason texts.
    entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length > 0) msg += ` ${entries.join(", ")}.`;
  }
  if (postFilterMsg !== "") msg += ` ${postFilterMsg}`;
  return msg;
}

/** The success event (`Scheduled`): "Successfully assigned <ns>/<pod> to <node>". */
export function scheduledMessage(podRef: string, node: string): string {
  return `Successfully assigned ${podRef} to ${node}`;
}
