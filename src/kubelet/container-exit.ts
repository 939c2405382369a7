/**
 * Containers that run to completion: when an app container of a pod with the
 * `kubesim.io/run-time` annotation starts (restarts included), the kubelet asks `RunTimes.plan`
 * how long this run lasts (drawn from the annotation's distribution, stream `"run-time"`) and
 * with which code it ends (1 with the `kubesim.io/failure-probability`, else 0), and hands that
 * to `ContainerLifecycle.containerExited`. The restart policy then does the rest, as upstream:
 * `Never` ends the pod Succeeded or Failed, `OnFailure` restarts a failed container after the
 * CrashLoopBackOff delay, `Always` restarts it whatever its code.
 *
 * Each app container draws its own run time; a pod without the annotation runs until it is
 * stopped (liveness, eviction, deletion), as a server does.
 */
import type { ActorContext } from "../apiserver/actor.js";
import type { Pod } from "../cluster/k8s-types.js";
import type { Rng } from "../engine/index.js";
import { drawRunTimeUs, FAILURE_PROBABILITY_ANNOTATION, parseFailureProbability, parseRunTime, RUN_TIME_ANNOTATION, type RunTimeDistribution } from "./run-time.js";

interface RunSpec {
  runTime: RunTimeDistribution;
  failureProbability: number;
}

export class RunTimes {
  /** The last plan's exit code (read right after `plan` returns a run time). */
  exitCode = 0;
  private readonly rng: Rng;
  /** Parsed annotations, by the annotations object (shared by the pods of a template). */
  private readonly specs = new WeakMap<object, RunSpec | null>();

  constructor(private readonly ctx: ActorContext) {
    this.rng = ctx.rng.stream("run-time");
  }

  /** How long a container of `pod` starting now runs (µs, exit code in `exitCode`), or −1: until stopped. */
  plan(pod: Pod): number {
    const ann = pod.metadata?.annotations;
    if (!ann?.[RUN_TIME_ANNOTATION]) return -1;
    let spec = this.specs.get(ann);
    if (spec === undefined) {
      spec = this.parse(pod, ann);
      this.specs.set(ann, spec);
    }
    if (!spec) return -1;
    const runUs = drawRunTimeUs(spec.runTime, this.rng);
    this.exitCode = spec.failureProbability > 0 && this.rng.next() < spec.failureProbability ? 1 : 0;
    return runUs;
  }

  private parse(pod: Pod, ann: Record<string, string>): RunSpec | null {
    try {
      const p = ann[FAILURE_PROBABILITY_ANNOTATION];
      return { runTime: parseRunTime(ann[RUN_TIME_ANNOTATION]!), failureProbability: p === undefined ? 0 : parseFailureProbability(p) };
    } catch (e) {
      // The scenario loader rejects bad annotations with their position; this is for objects built in code.
      this.ctx.warn(`pod ${pod.metadata?.namespace}/${pod.metadata?.name}: ${(e as Error).message}; it runs until stopped`);
      return null;
    }
  }
}
