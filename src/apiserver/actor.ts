/**
 * Actors: the scheduler, the controllers, the kubelet. Each is one object (not one per
 * Kubernetes object) that, in `start`, registers engine handlers and store watches; after that
 * it only reacts. Actors never call each other: they read and write the store.
 */
import type { RngStreams, Simulation } from "../engine/index.js";
import type { ResolvedScenario } from "../scenario/scenario-types.js";
import type { NodeWorld } from "./node-world.js";
import type { ObjectStore } from "./object-store.js";
import type { PodLedger } from "./pod-ledger.js";

export interface ActorContext {
  sim: Simulation;
  store: ObjectStore;
  rng: RngStreams;
  ledger: PodLedger;
  /** Which machines are down (timeline failures); not visible through the store. */
  world: NodeWorld;
  scenario: ResolvedScenario;
  /** Simulation-level knobs that are not (yet) scenario fields; see `RuntimeTunables`. */
  tunables: RuntimeTunables;
  /** Something kubesim read but does not model (reported on stderr and in summary.json). */
  warn(message: string): void;
}

export interface Actor {
  readonly name: string;
  start(ctx: ActorContext): void;
}

/** Knobs with documented defaults, overridable by `runScenario` options (tests, `--set` later). */
export interface RuntimeTunables {
  /**
   * Simulated time one scheduling cycle takes. Default 0: kube-scheduler cycles take well under
   * a millisecond at these sizes, and the throughput limit that matters in practice is the
   * client's 50 QPS binding rate, which the API server model (a later issue) will impose.
   */
  schedulingCycleUs: number;
  /**
   * How long a container takes to exit after SIGTERM. Default 1 s: most processes exit at
   * once; the pod is removed after min(terminationGracePeriodSeconds, this).
   */
  containerExitAfterSigtermUs: number;
}

export const DEFAULT_TUNABLES: RuntimeTunables = {
  schedulingCycleUs: 0,
  containerExitAfterSigtermUs: 1_000_000,
};
